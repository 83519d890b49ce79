"""What changes self-assessments and the report on involvement; each action one transaction,
and each change a facilitator makes a line on the timeline."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.tasks import enqueue_on_commit
from projects.actions import do_add_goal, quote
from projects.models import Goal, Membership, Project
from projects.timeline import do_record_event
from reminders.outbox import do_cancel_reminders

from .content import content_hash, current_versions, get_report
from .drafting import Draft, draft_report
from .evidence import get_evidence
from .models import (
    Assessment,
    AssessmentView,
    Report,
    ReportFile,
    ReportVersion,
    StandardEntry,
    ViewRating,
)
from .reminders import assessment_key, sync_assessment_reminders
from .standards import ITEM_BY_KEY, STANDARD_BY_KEY, STANDARD_LIST, report_items
from .tasks import render_report


@transaction.atomic
def do_create_assessment(
    *, project: Project, title: str, stage: str, due_on=None, by=None
) -> Assessment:
    """A new self-assessment, with an empty answer for each standard."""
    assessment = Assessment.objects.create(
        project=project, title=title, stage=stage, due_on=due_on, created_by=by
    )
    StandardEntry.objects.bulk_create(
        StandardEntry(assessment=assessment, standard=standard.key) for standard in STANDARD_LIST
    )
    sync_assessment_reminders(assessment)
    do_record_event(
        project=project,
        actor=by,
        verb="assessment created",
        summary=_("Started the self-assessment “%(title)s”.") % {"title": quote(title)},
    )
    return assessment


@transaction.atomic
def do_save_entry(
    *,
    entry: StandardEntry,
    rating: int | None,
    going_well: str,
    to_improve: str,
    evidence: list[str],
    by=None,
) -> StandardEntry:
    """Save the project's answer for one standard."""
    entry.rating, entry.going_well, entry.to_improve = rating, going_well, to_improve
    entry.evidence, entry.updated_by = list(evidence), by
    entry.save()
    assessment = entry.assessment
    do_record_event(
        project=assessment.project,
        actor=by,
        verb="assessment answered",
        summary=_("Saved “%(standard)s” in the self-assessment “%(title)s”.")
        % {"standard": STANDARD_BY_KEY[entry.standard].title, "title": quote(assessment.title)},
    )
    return entry


@transaction.atomic
def do_close_assessment(*, assessment: Assessment, by=None) -> Assessment:
    """Stop taking members' views, so that their comparison can be shown."""
    assessment = (
        Assessment.objects.select_for_update().select_related("project").get(pk=assessment.pk)
    )
    if assessment.closed_at is not None:
        return assessment
    assessment.closed_at = timezone.now()
    assessment.save(update_fields=["closed_at"])
    sync_assessment_reminders(assessment)
    do_record_event(
        project=assessment.project,
        actor=by,
        verb="assessment closed",
        summary=_("Closed the self-assessment “%(title)s” to members’ views.")
        % {"title": quote(assessment.title)},
    )
    return assessment


@transaction.atomic
def do_delete_assessment(*, assessment: Assessment, by=None) -> None:
    """Delete a self-assessment, its answers and members' views of it."""
    project, title = assessment.project, assessment.title
    do_cancel_reminders(key=assessment_key(assessment))
    assessment.delete()
    do_record_event(
        project=project,
        actor=by,
        verb="assessment deleted",
        summary=_("Deleted the self-assessment “%(title)s”.") % {"title": quote(title)},
    )


@transaction.atomic
def do_save_view(
    *, assessment: Assessment, member: Membership, ratings: dict[str, tuple[int | None, str]]
) -> AssessmentView:
    """Save a member's own view (a rating and a comment per standard) while the assessment is
    open. Not on the timeline: who gave a view when would tell who rated what."""
    if not assessment.is_open():
        raise ValidationError(_("This self-assessment has closed, so views can no longer change."))
    view, _created = AssessmentView.objects.update_or_create(
        assessment=assessment,
        member=member,
        defaults={"role": member.role, "perspective": member.perspective},
    )
    view.ratings.all().delete()
    ViewRating.objects.bulk_create(
        ViewRating(view=view, standard=key, rating=rating, comment=comment)
        for key, (rating, comment) in ratings.items()
        # A standard left unrated without a word is not part of the view.
        if rating is not None or comment
    )
    return view


@transaction.atomic
def do_make_goal(*, entry: StandardEntry, by=None) -> Goal:
    """Turn what a standard's answer says to improve into one of the project's goals."""
    entry = (
        StandardEntry.objects.select_for_update()
        .select_related("assessment__project")
        .get(pk=entry.pk)
    )
    if entry.goal_id is not None:
        return entry.goal
    text = " ".join(entry.to_improve.split())
    if not text:
        raise ValidationError(_("Say what to improve first: that becomes the goal."))
    goal = do_add_goal(project=entry.assessment.project, text=text[:300], by=by)
    entry.goal = goal
    entry.save(update_fields=["goal", "updated_at"])
    return goal


def draft_differs(version: ReportVersion | None, draft: Draft) -> bool:
    if version is None or not version.drafted:
        return True
    sentences = [sentence.as_data() for sentence in draft.sentences]
    return version.sentences != sentences or version.gaps != list(draft.gaps)


@transaction.atomic
def do_draft_report(*, project: Project, by=None) -> Report:
    """Draft every item of the report from the record again; an item whose draft is what it
    already holds is left as it is. Edited versions stay in each item's history."""
    report = Report.objects.select_for_update().get(pk=get_report(project).pk)
    report.project = project
    drafts = draft_report(report_items(report.long_form), get_evidence(project))
    current = current_versions(report)
    new = [
        ReportVersion(
            report=report,
            item=draft.item.key,
            number=(current[draft.item.key].number + 1) if draft.item.key in current else 1,
            drafted=True,
            sentences=[sentence.as_data() for sentence in draft.sentences],
            gaps=list(draft.gaps),
            text=" ".join(sentence.text for sentence in draft.sentences),
            by=by,
        )
        for draft in drafts
        if draft_differs(current.get(draft.item.key), draft)
    ]
    ReportVersion.objects.bulk_create(new)
    do_record_event(
        project=project,
        actor=by,
        verb="report drafted",
        summary=_("Drafted the report on involvement from the record."),
    )
    return report


@transaction.atomic
def do_edit_report_item(
    *, report: Report, item: str, text: str, based_on: int, by=None
) -> ReportVersion:
    """Keep a facilitator's edit of one item as its new version. ``based_on`` is the version
    they edited: if someone saved another since, the edit is refused and nothing is lost."""
    Report.objects.select_for_update().filter(pk=report.pk).first()
    latest = report.versions.filter(item=item).aggregate(n=Max("number"))["n"] or 0
    if latest != based_on:
        raise ValidationError(
            _(
                "Someone else saved this item while you were editing it. Your text is below: "
                "compare it with theirs, then save again."
            )
        )
    version = ReportVersion.objects.create(
        report=report, item=item, number=latest + 1, drafted=False, text=text, by=by
    )
    do_record_event(
        project=report.project,
        actor=by,
        verb="report edited",
        summary=_("Edited “%(item)s” in the report on involvement.")
        % {"item": ITEM_BY_KEY[item].title},
    )
    return version


@transaction.atomic
def do_set_report_form(*, report: Report, long_form: bool, by=None) -> Report:
    """Use the short form's five items, or the long form's."""
    report.long_form = long_form
    report.save(update_fields=["long_form"])
    summary = (
        _("Chose the long form for the report on involvement.")
        if long_form
        else _("Chose the short form for the report on involvement.")
    )
    do_record_event(project=report.project, actor=by, verb="report form", summary=summary)
    return report


@transaction.atomic
def do_request_report_pdf(*, report: Report, content: dict, by=None) -> ReportFile:
    """A PDF of the report as it stands: the latest one if nothing changed since, otherwise a
    new one made in the background."""
    digest = content_hash(content)
    ready = report.files.filter(status=ReportFile.Status.READY, content_hash=digest).first()
    if ready is not None:
        return ready
    pending = report.files.filter(
        status__in=[ReportFile.Status.QUEUED, ReportFile.Status.RENDERING], content_hash=digest
    ).first()
    if pending is not None:
        return pending
    file = ReportFile.objects.create(report=report, content_hash=digest, requested_by=by)
    do_record_event(
        project=report.project,
        actor=by,
        verb="report pdf",
        summary=_("Asked for a PDF of the report on involvement."),
    )
    enqueue_on_commit(render_report, file.pk)
    return file
