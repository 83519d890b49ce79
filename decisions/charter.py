"""The charter's "Decisions we have made" section (declared in decisions/part.py)."""

from django.utils.translation import gettext_lazy

from projects.models import Project
from projects.parts import CharterSection

from .log import dissent_lines, plain

# The charter prints the latest decisions; the log page and the CSV hold every one.
CHARTER_DECISIONS = 100


def decisions_made_section(project: Project) -> dict:
    """The group's latest decisions, newest first: what, how, when, turnout and result."""
    decisions = list(project.decisions.select_related("proposal")[:CHARTER_DECISIONS])
    dissent = dissent_lines(decisions)
    return {
        "decisions": [plain(d, dissent[d.pk]) for d in decisions],
        "total": len(decisions)
        if len(decisions) < CHARTER_DECISIONS
        else project.decisions.count(),
        "shown": CHARTER_DECISIONS,
    }


SECTIONS = [
    CharterSection(
        65,
        "decisions-made",
        gettext_lazy("Decisions we have made"),
        "decisions/charter_decisions.html",
        decisions_made_section,
    )
]
