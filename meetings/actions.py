"""Meetings: scheduling, the agenda, replies, attendance, minutes and actions."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coproduce.editing import next_order, update_unless_changed
from coproduce.tasks import enqueue_on_commit
from decisions.actions import do_record_decision
from decisions.models import Decision, Proposal
from projects.actions import quote
from projects.models import Membership, Project
from reminders.models import Reminder
from reminders.outbox import ReminderKey, do_cancel_reminders

from .models import (
    Action,
    AgendaItem,
    Attendance,
    Correction,
    Meeting,
    MeetingPaper,
    Minutes,
    MinutesEdit,
    Reply,
)
from .reminders import schedule_action_reminder, schedule_meeting_reminders
from .wording import EDIT_CONFLICT, REPLY_LINES, record, when


def send_invitations(meeting: Meeting, *, changed: bool) -> None:
    from .tasks import send_meeting_invitations

    enqueue_on_commit(send_meeting_invitations, meeting.pk, changed)


@transaction.atomic
def do_schedule_meeting(*, project: Project, by=None, **fields) -> Meeting:
    """Schedule a meeting; every member is sent an invitation with a calendar file, and
    reminded the day before."""
    meeting = Meeting.objects.create(project=project, created_by=by, **fields)
    schedule_meeting_reminders(meeting)
    send_invitations(meeting, changed=False)
    record(
        meeting,
        by,
        "meeting scheduled",
        _("Scheduled the meeting “%(meeting)s” on %(when)s."),
        when=when(meeting),
    )
    return meeting


@transaction.atomic
def do_update_meeting(*, meeting: Meeting, version: int, by=None, **fields) -> Meeting:
    """Save the meeting unless someone else did since ``version``; a change of time or place
    sends members the invitation again, and the reminders follow."""
    before = (meeting.starts_at, meeting.ends_at, meeting.place, meeting.link)
    update_unless_changed(meeting, version=version, conflict=EDIT_CONFLICT, **fields)
    schedule_meeting_reminders(meeting)
    if before != (meeting.starts_at, meeting.ends_at, meeting.place, meeting.link):
        send_invitations(meeting, changed=True)
        record(
            meeting,
            by,
            "meeting changed",
            _("Moved the meeting “%(meeting)s” to %(when)s."),
            when=when(meeting),
        )
    else:
        record(meeting, by, "meeting changed", _("Changed the meeting “%(meeting)s”."))
    return meeting


@transaction.atomic
def do_cancel_meeting(*, meeting: Meeting, by=None) -> None:
    """Delete a meeting with its agenda, replies, minutes and actions, and call off its
    reminders; its stored papers are deleted with it."""
    do_cancel_reminders(key=ReminderKey(Reminder.Kind.MEETING, meeting.pk))
    for action in meeting.actions.all():
        do_cancel_reminders(key=ReminderKey(Reminder.Kind.ACTION_DUE, action.pk))
    delete_papers(MeetingPaper.objects.filter(meeting=meeting))
    record(meeting, by, "meeting cancelled", _("Cancelled the meeting “%(meeting)s”."))
    meeting.delete()


def delete_papers(papers) -> None:
    for paper in papers:
        if paper.pdf:
            paper.pdf.delete(save=False)
    papers.delete()


@transaction.atomic
def do_add_agenda_item(*, meeting: Meeting, by=None, **fields) -> AgendaItem:
    """Put an item on the agenda, at the end."""
    item = AgendaItem.objects.create(
        meeting=meeting, order=next_order(meeting.agenda), suggested_by=by, **fields
    )
    record(
        meeting,
        by,
        "agenda changed",
        _("Added “%(item)s” to the agenda of “%(meeting)s”."),
        item=quote(item.title),
    )
    return item


@transaction.atomic
def do_suggest_agenda_item(*, meeting: Meeting, by, title: str) -> AgendaItem:
    """A member suggests an item; a facilitator accepts it or says why not."""
    item = AgendaItem.objects.create(
        meeting=meeting,
        title=title,
        order=next_order(meeting.agenda),
        status=AgendaItem.Status.SUGGESTED,
        suggested_by=by,
    )
    record(
        meeting,
        by,
        "agenda suggested",
        _("Suggested “%(item)s” for the agenda of “%(meeting)s”."),
        item=quote(title),
    )
    return item


@transaction.atomic
def do_answer_suggestion(*, item: AgendaItem, by, accept: bool, reason: str = "") -> AgendaItem:
    """Accept a suggested item onto the agenda, or decline it saying why."""
    item.status = AgendaItem.Status.ACCEPTED if accept else AgendaItem.Status.DECLINED
    item.reason = "" if accept else reason
    item.save(update_fields=["status", "reason"])
    summary = (
        _("Put the suggestion “%(item)s” on the agenda of “%(meeting)s”.")
        if accept
        else _("Did not put the suggestion “%(item)s” on the agenda of “%(meeting)s”.")
    )
    record(item.meeting, by, "agenda changed", summary, item=quote(item.title))
    return item


@transaction.atomic
def do_remove_agenda_item(*, item: AgendaItem, by=None) -> None:
    """Take an item off the agenda."""
    record(
        item.meeting,
        by,
        "agenda changed",
        _("Took “%(item)s” off the agenda of “%(meeting)s”."),
        item=quote(item.title),
    )
    item.delete()


@transaction.atomic
def do_reply_to_meeting(*, meeting: Meeting, membership: Membership, answer: str, needs: str):
    """Say whether one will come and what one needs; someone not coming is not reminded."""
    reply, _created = Reply.objects.update_or_create(
        meeting=meeting,
        membership=membership,
        defaults={"answer": answer, "needs": needs.strip(), "replied_at": timezone.now()},
    )
    schedule_meeting_reminders(meeting)
    # What they need is an access need: never on the timeline.
    record(meeting, membership.user, "meeting replied", REPLY_LINES[answer])
    return reply


@transaction.atomic
def do_record_attendance(*, meeting: Meeting, statuses: dict[int, str], by=None) -> None:
    """Record who came and who sent apologies (a row for each; nobody else came)."""
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, membership_id=pk, status=status)
        for pk, status in statuses.items()
        if status != Attendance.Status.ABSENT
    )
    came = sum(1 for status in statuses.values() if status == Attendance.Status.CAME)
    record(
        meeting,
        by,
        "attendance recorded",
        _("Recorded who came to “%(meeting)s”: %(count)s came."),
        count=came,
    )


def check_not_approved(meeting: Meeting) -> None:
    if meeting.minutes_locked:
        raise ValidationError(_("These minutes are approved and can no longer be changed."))


@transaction.atomic
def do_save_minutes(*, meeting: Meeting, text: str, version: int, by=None) -> Meeting:
    """Save the draft minutes (a correction while they are out for corrections); every
    version is kept."""
    check_not_approved(meeting)
    circulating = meeting.minutes_status == Minutes.CORRECTIONS
    status = Minutes.CORRECTIONS if circulating else Minutes.DRAFT
    update_unless_changed(
        meeting, version=version, conflict=EDIT_CONFLICT, minutes=text, minutes_status=status
    )
    kind = MinutesEdit.Kind.CORRECTED if circulating else MinutesEdit.Kind.DRAFTED
    MinutesEdit.objects.create(meeting=meeting, kind=kind, text=text, by=by)
    if circulating:
        meeting.corrections.filter(resolved=False).update(resolved=True)
    summary = (
        _("Corrected the minutes of “%(meeting)s”.")
        if circulating
        else _("Drafted the minutes of “%(meeting)s”.")
    )
    record(meeting, by, "minutes changed", summary)
    return meeting


@transaction.atomic
def do_circulate_minutes(*, meeting: Meeting, days: int, version: int, by=None) -> Meeting:
    """Send the draft round: those who came can ask for corrections for ``days`` days."""
    check_not_approved(meeting)
    if not meeting.minutes:
        raise ValidationError(_("Write the minutes before sending them round."))
    until = timezone.now() + datetime.timedelta(days=days)
    update_unless_changed(
        meeting,
        version=version,
        conflict=EDIT_CONFLICT,
        minutes_status=Minutes.CORRECTIONS,
        corrections_until=until,
    )
    MinutesEdit.objects.create(
        meeting=meeting, kind=MinutesEdit.Kind.CIRCULATED, text=meeting.minutes, by=by
    )
    record(
        meeting,
        by,
        "minutes changed",
        _("Sent the minutes of “%(meeting)s” round for corrections until %(until)s."),
        until=date_format(timezone.localtime(until, meeting.project.zone), "j F Y"),
    )
    return meeting


@transaction.atomic
def do_ask_correction(*, meeting: Meeting, by, text: str) -> Correction:
    """Ask the note-taker to correct the minutes."""
    if meeting.minutes_status != Minutes.CORRECTIONS:
        raise ValidationError(_("These minutes are not open for corrections."))
    correction = Correction.objects.create(meeting=meeting, by=by, text=text)
    record(
        meeting,
        by,
        "minutes correction",
        _("Asked for a correction to the minutes of “%(meeting)s”."),
    )
    return correction


@transaction.atomic
def do_approve_minutes(*, meeting: Meeting, version: int, by, under: str = "") -> Meeting:
    """Approve the minutes: from now on they are read-only (``under``: the project's rule for
    minutes in words, if it has one)."""
    check_not_approved(meeting)
    if meeting.minutes_status != Minutes.CORRECTIONS:
        raise ValidationError(_("Send the minutes round for corrections before approving them."))
    if meeting.corrections.filter(resolved=False).exists():
        raise ValidationError(
            _("Someone asked for a correction. Correct the minutes before approving them.")
        )
    now = timezone.now()
    update_unless_changed(
        meeting,
        version=version,
        conflict=EDIT_CONFLICT,
        minutes_status=Minutes.APPROVED,
        approved_at=now,
        approved_by=by,
        approved_under=under[:500],
    )
    MinutesEdit.objects.create(
        meeting=meeting, kind=MinutesEdit.Kind.APPROVED, text=meeting.minutes, by=by, made_at=now
    )
    record(meeting, by, "minutes approved", _("Approved the minutes of “%(meeting)s”."))
    return meeting


@transaction.atomic
def do_add_action(*, meeting: Meeting, by=None, **fields) -> Action:
    """Add an action from a meeting; its owner is reminded the day before it is due."""
    action = Action.objects.create(project=meeting.project, meeting=meeting, **fields)
    schedule_action_reminder(action)
    record(
        meeting,
        by,
        "action added",
        _("Added the action “%(action)s” from “%(meeting)s”, due %(due)s."),
        action=quote(action.text),
        due=date_format(action.due, "j F Y"),
    )
    return action


@transaction.atomic
def do_update_action(*, action: Action, version: int, by=None, **fields) -> Action:
    """Save the action unless someone else did since ``version``; its reminder follows."""
    update_unless_changed(action, version=version, conflict=EDIT_CONFLICT, **fields)
    schedule_action_reminder(action)
    record(
        action.meeting,
        by,
        "action changed",
        _("Changed the action “%(action)s”."),
        action=quote(action.text),
    )
    return action


@transaction.atomic
def do_mark_action_done(
    *, action: Action, version: int, by=None, hours: Decimal | None = None
) -> Action:
    """Mark the action done (with the time it took, if given); its reminder is called off."""
    if action.is_done:
        raise ValidationError(_("This action is already done."))
    update_unless_changed(
        action, version=version, conflict=EDIT_CONFLICT, done_at=timezone.now(), hours=hours
    )
    schedule_action_reminder(action)
    record(
        action.meeting,
        by,
        "action done",
        _("Marked the action “%(action)s” done."),
        action=quote(action.text),
    )
    return action


@transaction.atomic
def do_request_paper(*, meeting: Meeting, kind: str, by=None) -> MeetingPaper:
    """Ask the worker to make the printable agenda or minutes as PDF."""
    from .tasks import render_meeting_paper

    if kind == MeetingPaper.Kind.MINUTES and not meeting.minutes:
        raise ValidationError(_("There are no minutes to print yet."))
    paper = MeetingPaper.objects.create(meeting=meeting, kind=kind)
    enqueue_on_commit(render_meeting_paper, paper.pk)
    record(
        meeting,
        by,
        "paper requested",
        _("Asked for the %(paper)s of “%(meeting)s” as PDF."),
        paper=paper.get_kind_display().lower(),
    )
    return paper


@transaction.atomic
def do_put_proposal_on_agenda(*, meeting: Meeting, proposal: Proposal, by=None) -> AgendaItem:
    """Put an open proposal on the agenda, to be talked about (and decided) at the meeting."""
    if proposal.project_id != meeting.project_id or proposal.status != Proposal.Status.OPEN:
        raise ValidationError(_("Only an open proposal of this project can go on the agenda."))
    return do_add_agenda_item(meeting=meeting, by=by, title=proposal.title, proposal=proposal)


@transaction.atomic
def do_record_meeting_decision(*, meeting: Meeting, by=None, **fields) -> Decision:
    """Add a decision taken at the meeting to the decision log, with how it was made, how many
    were present (who came, as recorded) and the result."""
    present = meeting.attendance.filter(status=Attendance.Status.CAME).count()
    if not present:
        raise ValidationError(
            _("Record who came first, so that the decision log says who was present.")
        )
    return do_record_decision(
        project=meeting.project,
        present=present,
        decided_at=meeting.starts_at,
        source_label=_("The meeting “%(title)s” on %(date)s")
        % {"title": meeting.title, "date": date_format(meeting.local_start, "j F Y")},
        source_url=meeting.get_absolute_url(),
        by=by,
        **fields,
    )
