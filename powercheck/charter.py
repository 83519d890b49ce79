"""The charter's "Power dynamics" section (declared in powercheck/part.py): the latest round's
scores, bands, participation and perception gaps, as plain values. Aggregates only, and only
what ``scoring.disclose`` allows (at least MIN_GROUP answers, groups and their complements
too, an anonymous round once it has closed): no answers, comments or names."""

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from projects.models import Project
from projects.parts import CharterSection

from .models import Round
from .scoring import MIN_GROUP, RoundResults, get_results


def results_data(results: RoundResults) -> dict:
    """A round's scores as plain values with the attributes ``powercheck/_chart.svg.html`` and
    ``powercheck/_gaps.html`` read. Aggregates only: no answers, comments or names."""
    sections = [
        {
            "number": s.number,
            "section": {"title": s.section.shown_title, "shown_title": s.section.shown_title},
            "score": s.score,
            "band": s.band,
            "change": s.change,
            "community": s.community,
            "professional": s.professional,
            "gap": s.gap,
            "gap_flagged": s.gap_flagged,
        }
        for s in results.sections
    ]
    chart = results.chart
    for row, section in zip(chart["rows"], sections, strict=True):
        row["section"] = section
        for bar in row["bars"]:
            bar["label"] = str(bar["label"])
    return {
        "round": {"pk": results.round.pk, "title": results.round.title},
        "enough": results.enough,
        "until_closed": results.until_closed,
        "min_group": MIN_GROUP,
        "submitted": results.submitted,
        "eligible": results.eligible,
        "participation": results.participation,
        "overall": results.overall,
        "band": results.band,
        "overall_change": results.overall_change,
        "previous_round": results.previous_round.title if results.previous_round else "",
        "sections": sections,
        "chart": chart,
        "show_groups": results.show_groups,
        "gaps": [section for section in sections if section["gap_flagged"]],
        "lowest": [
            {"title": s.section.shown_title, "score": s.score, "suggestions": s.suggestions}
            for s in results.lowest
        ],
    }


def power_section(project: Project) -> dict:
    """The latest power dynamics check that has closed (or, before any has, the one under way):
    its scores, bands, participation, perception gaps and the actions suggested for the
    lowest-scoring section. Nothing that could show who answered what."""
    ended = Q(status=Round.Status.CLOSED) | Q(closes_at__lte=timezone.now())
    round = (
        project.power_rounds.annotate(ended=ExpressionWrapper(ended, output_field=BooleanField()))
        .order_by("-ended", "-opens_at", "-id")
        .first()
    )
    if round is None:
        return {"round": None}
    round.project = project
    return {
        "round": {
            "title": round.title,
            "is_open": round.is_open(),
            "ended_at": round.ended_at(),
            "closes_at": round.closes_at,
            "anonymous": round.anonymous,
            "time_zone": project.time_zone,
        },
        "results": results_data(get_results(round)),
    }


SECTIONS = [
    CharterSection(90, "power", gettext_lazy("Power dynamics"), "charter/power.html", power_section)
]
