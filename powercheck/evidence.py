"""What the power dynamics check offers a report on involvement: each round that has ended,
its overall score and the trend across rounds, and where community members and professionals
see power differently. Everything comes from ``scoring.get_results_of``, so it holds only what
``scoring.disclose`` allows: nothing of an anonymous round before it closed, nothing of fewer
than three answers, no group whose complement is too small, no answers or comments."""

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from projects.models import Project
from projects.parts import Evidence

from .models import Round
from .scoring import get_results_of

REFLECTIONS = ("reflections",)
STANDARDS = ("working_together", "governance")


def power_evidence(project: Project) -> list[Evidence]:
    """Rounds that have ended, oldest first, in the few queries of ``get_results_of``."""
    ended = Q(status=Round.Status.CLOSED) | Q(closes_at__lte=timezone.now())
    rounds = list(project.power_rounds.filter(ended).order_by("opens_at", "id"))
    for round in rounds:
        round.project = project
    results = get_results_of(rounds)
    evidence, shown = [], []
    for round in rounds:
        result = results[round.pk]
        url = round.get_absolute_url()
        day = timezone.localdate(round.ended_at(), project.zone)
        values = {"title": round.title, "date": date_format(day, "j F Y")}
        if result.overall is None:
            summary = _(
                "The power dynamics check “%(title)s”, which ended on %(date)s, had too few "
                "answers for its scores to be shown (%(count)s)."
            ) % {**values, "count": result.submitted}
        else:
            shown.append(result)
            summary = _(
                "The power dynamics check “%(title)s”, which ended on %(date)s, scored "
                "%(score)s out of 100 overall (%(band)s), from %(count)s answers."
            ) % {**values, "score": result.overall, "band": result.band, "count": result.submitted}
        evidence.append(
            Evidence("round", str(round.pk), round.title, summary, url, day, STANDARDS, REFLECTIONS)
        )
    if len(shown) >= 2:
        first, last = shown[0], shown[-1]
        values = {
            "first": first.round.title,
            "last": last.round.title,
            "before": first.overall,
            "after": last.overall,
        }
        if last.overall > first.overall:
            summary = _(
                "From “%(first)s” to “%(last)s”, the overall score rose from %(before)s to %(after)s."
            )
        elif last.overall < first.overall:
            summary = _(
                "From “%(first)s” to “%(last)s”, the overall score fell from %(before)s to %(after)s."
            )
        else:
            summary = _("From “%(first)s” to “%(last)s”, the overall score stayed at %(after)s.")
        evidence.append(
            Evidence(
                "round_trend",
                f"{first.round.pk}-{last.round.pk}",
                _("Power dynamics over time"),
                summary % values,
                last.round.get_absolute_url(),
                standards=STANDARDS,
                gripp2=("reflections", "discussion"),
            )
        )
    if shown:
        latest = shown[-1]
        for section in latest.gaps:
            values = {
                "title": latest.round.title,
                "section": section.section.title,
                "n": abs(section.gap),
                "community": section.community,
                "professional": section.professional,
            }
            if section.gap < 0:
                summary = _(
                    "In “%(title)s”, community members scored “%(section)s” %(n)s points lower "
                    "than professionals (%(community)s against %(professional)s)."
                )
            else:
                summary = _(
                    "In “%(title)s”, community members scored “%(section)s” %(n)s points higher "
                    "than professionals (%(community)s against %(professional)s)."
                )
            evidence.append(
                Evidence(
                    "perception_gap",
                    f"{latest.round.pk}-{section.section.pk}",
                    section.section.title,
                    summary % values,
                    latest.round.get_absolute_url(),
                    standards=STANDARDS,
                    gripp2=REFLECTIONS,
                )
            )
    return evidence
