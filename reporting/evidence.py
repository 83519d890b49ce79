"""The evidence a report can cite: every part's ``report_evidence``, this app's own
(the self-assessments, and where facilitators and community members rate differently as
``comparison`` allows), found by "kind:key"."""

from django.urls import reverse
from django.utils.translation import gettext as _

from projects.models import Project
from projects.parts import Evidence, get_parts

from .comparison import get_comparisons
from .models import Assessment, StandardEntry
from .standards import STANDARD_BY_KEY, TOP_RATING, rating_label


def evidence_key(evidence: Evidence) -> str:
    return f"{evidence.kind}:{evidence.key}"


def get_evidence(project: Project) -> list[Evidence]:
    """Everything every part holds that a report can cite, part by part."""
    return [evidence for part in get_parts() for evidence in part.report_evidence(project)]


def by_key(evidence: list[Evidence]) -> dict[str, Evidence]:
    return {evidence_key(item): item for item in evidence}


def entry_sentence(assessment: Assessment, entry: StandardEntry) -> str:
    values = {
        "assessment": assessment.title,
        "standard": STANDARD_BY_KEY[entry.standard].title,
        "rating": rating_label(entry.rating),
        "n": entry.rating,
        "top": TOP_RATING,
        "well": entry.going_well.strip().rstrip("."),
        "improve": entry.to_improve.strip().rstrip("."),
    }
    if values["well"] and values["improve"]:
        sentence = _(
            "In the self-assessment “%(assessment)s”, %(standard)s was rated “%(rating)s” "
            "(%(n)s of %(top)s): going well, %(well)s; to improve, %(improve)s."
        )
    elif values["well"]:
        sentence = _(
            "In the self-assessment “%(assessment)s”, %(standard)s was rated “%(rating)s” "
            "(%(n)s of %(top)s): going well, %(well)s."
        )
    elif values["improve"]:
        sentence = _(
            "In the self-assessment “%(assessment)s”, %(standard)s was rated “%(rating)s” "
            "(%(n)s of %(top)s): to improve, %(improve)s."
        )
    else:
        sentence = _(
            "In the self-assessment “%(assessment)s”, %(standard)s was rated “%(rating)s” "
            "(%(n)s of %(top)s)."
        )
    return sentence % values


def trend_evidence(rated: list[Assessment], entries: list[StandardEntry]) -> list[Evidence]:
    """For each standard rated in the first and the latest rated assessment, how it moved."""
    if len(rated) < 2:
        return []
    first, last = rated[0], rated[-1]
    ratings = {(e.assessment_id, e.standard): e.rating for e in entries}
    evidence = []
    for key, standard in STANDARD_BY_KEY.items():
        before, after = ratings.get((first.pk, key)), ratings.get((last.pk, key))
        if before is None or after is None:
            continue
        values = {
            "standard": standard.title,
            "first": first.title,
            "last": last.title,
            "before": before,
            "after": after,
        }
        if after > before:
            summary = _(
                "%(standard)s rose from %(before)s in “%(first)s” to %(after)s in “%(last)s”."
            )
        elif after < before:
            summary = _(
                "%(standard)s fell from %(before)s in “%(first)s” to %(after)s in “%(last)s”."
            )
        else:
            summary = _("%(standard)s stayed at %(after)s from “%(first)s” to “%(last)s”.")
        evidence.append(
            Evidence(
                "assessment_trend",
                f"{first.pk}-{last.pk}-{key}",
                _("%(standard)s over time") % {"standard": standard.title},
                summary % values,
                reverse("reporting-index", args=[last.project.slug]),
                last.day,
                (key,),
                ("reflections",),
            )
        )
    return evidence


def assessment_evidence(project: Project) -> list[Evidence]:
    """Each rated standard of each self-assessment, and the differences between facilitators'
    and community members' views that may be shown, in four queries."""
    assessments = list(project.assessments.all())
    for assessment in assessments:
        assessment.project = project
    entries = StandardEntry.objects.filter(
        assessment__in=assessments, rating__isnull=False
    ).order_by("assessment__created_at", "assessment_id", "id")
    by_assessment = {a.pk: a for a in assessments}
    entries = list(entries)
    # The report reflects on the latest assessment, and on the change since the first.
    rated = list(dict.fromkeys(entry.assessment_id for entry in entries))
    evidence = []
    for entry in entries:
        assessment = by_assessment[entry.assessment_id]
        latest = entry.assessment_id == rated[-1]
        gripp2 = ("reflections",) if latest else ()
        if latest and entry.standard == "impact":
            gripp2 = ("reflections", "discussion")
        evidence.append(
            Evidence(
                "assessment",
                f"{assessment.pk}-{entry.standard}",
                f"{assessment.title}: {STANDARD_BY_KEY[entry.standard].title}",
                entry_sentence(assessment, entry),
                assessment.get_absolute_url(),
                assessment.day,
                (entry.standard,),
                gripp2,
            )
        )
    evidence += trend_evidence([by_assessment[pk] for pk in rated], entries)
    for assessment_id, comparison in get_comparisons(assessments).items():
        assessment = by_assessment[assessment_id]
        for result in comparison.gaps:
            values = {
                "assessment": assessment.title,
                "standard": result.standard.title,
                "community": result.community,
                "facilitators": result.facilitators,
            }
            if result.gap < 0:
                summary = _(
                    "In “%(assessment)s”, community members rated %(standard)s lower than "
                    "facilitators did (%(community)s against %(facilitators)s, out of 4)."
                )
            else:
                summary = _(
                    "In “%(assessment)s”, community members rated %(standard)s higher than "
                    "facilitators did (%(community)s against %(facilitators)s, out of 4)."
                )
            evidence.append(
                Evidence(
                    "assessment_gap",
                    f"{assessment.pk}-{result.standard.key}",
                    f"{assessment.title}: {result.standard.title}",
                    summary % values,
                    assessment.get_absolute_url(),
                    assessment.day,
                    (result.standard.key,),
                    ("reflections",),
                )
            )
    return evidence
