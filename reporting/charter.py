"""The charter's "Reviewing involvement" section (declared in reporting/part.py), after its
review dates: each standard's rating across the self-assessments, as plain values. The
project's own answers only; members' views are not in it."""

from django.utils.translation import gettext_lazy

from projects.models import Project
from projects.parts import CharterSection

from .chart import get_history


def involvement_section(project: Project) -> dict:
    return {"history": get_history(project)}


SECTIONS = [
    CharterSection(
        101,
        "involvement",
        gettext_lazy("Reviewing involvement"),
        "reporting/charter_involvement.html",
        involvement_section,
    )
]
