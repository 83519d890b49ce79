"""The decision log: every decision the group made, how, when, with which turnout and result,
as the log page, the CSV, the export and the charter show it."""

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from agreements.choices import DecisionMethod
from projects.models import Project

from .engine import DEFAULT_AREA
from .models import Decision

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
            d.dissent,
            d.source_label,
        ]
        rows.append([safe_cell(cell) for cell in row])
    return rows


def safe_cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def plain(decision: Decision) -> dict:
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
        "dissent": decision.dissent,
        "where": decision.source_label,
    }


NO_DECISIONS = _("No decisions yet.")
