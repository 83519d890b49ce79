"""The decision log: every decision the group made, how, when, with which turnout and result,
as the log page, the CSV, the export and the charter show it."""

from django.db.models import F, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from agreements.choices import DecisionMethod, Dissent
from projects.models import Project

from .engine import DEFAULT_AREA
from .models import Answer, Decision, Response

AGAINST = [Answer.DISAGREE, Answer.BLOCK, Answer.OBJECT]

CSV_HEADER = [
    *("decided_on", "area", "decision", "how", "result", "eligible", "took_part"),
    *("agree", "abstain", "disagree", "block", "object", "summary", "reason", "disagreement"),
    "where",
]


def get_log(project: Project) -> tuple[QuerySet[Decision], list[str]]:
    """The project's decisions, newest first, and the areas they were about (for a filter)."""
    decisions = project.decisions.select_related("proposal")
    areas = sorted(set(project.decisions.values_list("area", flat=True)))
    return decisions, areas


def area_label(area: str) -> str:
    return area or str(DEFAULT_AREA)


def method_label(method: str) -> str:
    return str(DecisionMethod(method).label) if method in DecisionMethod.values else ""


def csv_rows(decisions) -> list[list]:
    """One row per decision; a cell that a spreadsheet would run as a formula is quoted."""
    rows = []
    decisions = list(decisions)
    dissent = dissent_lines(decisions)
    for d in decisions:
        counts = d.counts or {}
        row = [
            d.decided_at.date().isoformat(),
            area_label(d.area),
            d.text,
            method_label(d.method),
            d.get_result_display(),
            d.eligible if d.eligible is not None else "",
            d.turnout if d.turnout is not None else "",
            *(counts.get(a, "") for a in ("agree", "abstain", "disagree", "block", "object")),
            d.summary,
            d.reason,
            "\n".join(dissent[d.pk]),
            d.source_label,
        ]
        rows.append([safe_cell(cell) for cell in row])
    return rows


def safe_cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def plain(decision: Decision, dissent: list[str]) -> dict:
    """A decision as plain values, for the export and the charter."""
    return {
        "decided_on": date_format(decision.decided_at, "j F Y"),
        "area": area_label(decision.area),
        "text": decision.text,
        "how": method_label(decision.method),
        "result": str(decision.get_result_display()),
        "eligible": decision.eligible,
        "took_part": decision.turnout,
        "summary": decision.summary,
        "reason": decision.reason,
        "dissent": dissent,
        "where": decision.source_label,
    }


def dissent_lines(decisions: list[Decision]) -> dict[int, list[str]]:
    """Disagreement with each decision as its rule says to record it: with names, without
    (counts only, said elsewhere), or with the reasons. Read from the responses when shown, so
    a person who deletes their account is no longer named: one query for all the decisions."""
    wanted = {
        d.proposal_id: d
        for d in decisions
        if d.proposal_id and d.proposal.terms.get("dissent") in (Dissent.NAMED, Dissent.REPORT)
    }
    lines: dict[int, list[str]] = {d.pk: [d.dissent] if d.dissent else [] for d in decisions}
    if not wanted:
        return lines
    responses = (
        Response.objects.filter(proposal_id__in=wanted, answer__in=AGAINST)
        .filter(revision=F("proposal__revision"))
        .select_related("user")
        .order_by("responded_at", "id")
    )
    for response in responses:
        decision = wanted[response.proposal_id]
        if decision.proposal.terms.get("dissent") == Dissent.NAMED:
            line = _("%(name)s: %(answer)s") % {
                "name": response.user.display_name,
                "answer": response.get_answer_display(),
            }
            if response.reason:
                line = f"{line} — {response.reason}"
        elif response.reason:
            line = _("%(answer)s: %(reason)s") % {
                "answer": response.get_answer_display(),
                "reason": response.reason,
            }
        else:
            continue
        lines[decision.pk].append(str(line))
    return lines
