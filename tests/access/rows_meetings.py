import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from decisions.actions import do_propose
from decisions.models import Proposal
from meetings.models import AgendaItem, Attendance, MeetingPaper, Minutes
from projects.models import Membership
from tests.factories import ActionFactory, MeetingFactory

from .matrix import FACILITATORS_DO, FACILITATORS_SEE, LOGIN, MEMBERS_SEE, Row, World, expect

RESPONDERS_DO = expect(LOGIN, 404, 403, 302, 302)


def participant_of(w: World) -> Membership:
    return Membership.objects.get(project=w.project, user=w.users["participant"])


def meeting(w: World, **fields) -> dict:
    return {"slug": w.project.slug, "meeting_id": MeetingFactory(project=w.project, **fields).pk}


def past(w: World, **fields) -> dict:
    start = timezone.now() - datetime.timedelta(days=3)
    return meeting(w, starts_at=start, ends_at=start + datetime.timedelta(hours=2), **fields)


def drafted(w: World) -> dict:
    return past(w, minutes="1. We met.", minutes_status=Minutes.DRAFT)


def circulating(w: World) -> dict:
    kwargs = past(w, minutes="1. We met.", minutes_status=Minutes.CORRECTIONS)
    Attendance.objects.create(
        meeting_id=kwargs["meeting_id"], membership=participant_of(w), status="came"
    )
    return kwargs


def suggested(w: World) -> dict:
    kwargs = meeting(w)
    item = AgendaItem.objects.create(
        meeting_id=kwargs["meeting_id"], title="Benches", status=AgendaItem.Status.SUGGESTED
    )
    return {**kwargs, "item_id": item.pk}


def action(w: World) -> dict:
    owned = ActionFactory(meeting=MeetingFactory(project=w.project), owner=participant_of(w))
    return {"slug": w.project.slug, "action_id": owned.pk}


def paper(w: World) -> dict:
    made = MeetingPaper(
        meeting=MeetingFactory(project=w.project), kind="agenda", status=MeetingPaper.Status.READY
    )
    made.pdf.save("agenda.pdf", ContentFile(b"%PDF-1.7 test"))
    return {"slug": w.project.slug, "paper_id": made.pk}


def meeting_data(w: World) -> dict:
    day = (timezone.now() + datetime.timedelta(days=20)).date().isoformat()
    data = {"title": "Steering group", "day": day, "start_time": "18:00", "end_time": "19:30"}
    return {**data, "place": "Library", "version": 1}


def attendance_data(w: World) -> dict:
    return {f"member-{m.pk}": "came" for m in Membership.objects.filter(project=w.project)}


def action_data(w: World) -> dict:
    due = (timezone.now() + datetime.timedelta(days=20)).date().isoformat()
    return {"text": "Cost the kerb", "owner": participant_of(w).pk, "due": due, "version": 1}


def open_proposal(w: World):
    return do_propose(
        project=w.project,
        by=w.users["participant"],
        kind="free",
        title="Meet on Saturdays",
        closes_on=timezone.localdate() + datetime.timedelta(days=7),
    )


def decision_data(w: World) -> dict:
    return {"text": "Meet on Saturdays", "method": "consent", "result": "adopted"}


ROWS = [
    Row("meetings-list", MEMBERS_SEE),
    Row("meetings-create", FACILITATORS_SEE),
    Row("meetings-create", FACILITATORS_DO, method="post", data=meeting_data),
    Row("meetings-detail", MEMBERS_SEE, kwargs=meeting),
    Row("meetings-update", FACILITATORS_SEE, kwargs=meeting),
    Row("meetings-update", FACILITATORS_DO, method="post", kwargs=meeting, data=meeting_data),
    Row("meetings-cancel", FACILITATORS_SEE, kwargs=meeting),
    Row("meetings-cancel", FACILITATORS_DO, method="post", kwargs=meeting),
    Row(
        "meetings-reply",
        RESPONDERS_DO,
        method="post",
        kwargs=meeting,
        data=lambda w: {"answer": "yes", "needs": "A lift"},
    ),
    Row(
        "meetings-agenda-add",
        FACILITATORS_DO,
        method="post",
        kwargs=meeting,
        data=lambda w: {"title": "Welcome"},
    ),
    Row(
        "meetings-agenda-suggest",
        RESPONDERS_DO,
        method="post",
        kwargs=meeting,
        data=lambda w: {"title": "Benches"},
    ),
    Row("meetings-agenda-answer", FACILITATORS_SEE, kwargs=suggested),
    Row(
        "meetings-agenda-answer",
        FACILITATORS_DO,
        method="post",
        kwargs=suggested,
        data=lambda w: {"accept": "yes"},
    ),
    Row("meetings-agenda-remove", FACILITATORS_DO, method="post", kwargs=suggested),
    Row(
        "meetings-agenda-proposal",
        FACILITATORS_DO,
        method="post",
        kwargs=lambda w: open_proposal(w) and meeting(w),
        data=lambda w: {"proposal": Proposal.objects.get(project=w.project).pk},
    ),
    Row("meetings-decision", FACILITATORS_SEE, kwargs=circulating),
    Row(
        "meetings-decision",
        FACILITATORS_DO,
        method="post",
        kwargs=circulating,
        data=decision_data,
        note="the participant came, so the log can say who was present",
    ),
    Row("meetings-attendance", FACILITATORS_SEE, kwargs=past),
    Row("meetings-attendance", FACILITATORS_DO, method="post", kwargs=past, data=attendance_data),
    Row("meetings-minutes", FACILITATORS_SEE, kwargs=past, note="nobody is the note-taker"),
    Row(
        "meetings-minutes",
        FACILITATORS_DO,
        method="post",
        kwargs=past,
        data=lambda w: {"minutes": "1. We met.", "version": 1},
    ),
    Row(
        "meetings-minutes-circulate",
        FACILITATORS_DO,
        method="post",
        kwargs=drafted,
        data=lambda w: {"days": 7, "version": 1},
    ),
    Row(
        "meetings-minutes-correct",
        RESPONDERS_DO,
        method="post",
        kwargs=circulating,
        data=lambda w: {"text": "I said two benches."},
        note="the participant came to the meeting; the observer did not",
    ),
    Row(
        "meetings-minutes-approve",
        FACILITATORS_DO,
        method="post",
        kwargs=circulating,
        data=lambda w: {"version": 1},
        note="no chair and no rule for minutes: a facilitator approves",
    ),
    Row("meetings-minutes-history", MEMBERS_SEE, kwargs=circulating),
    Row("meetings-action-create", FACILITATORS_SEE, kwargs=meeting),
    Row("meetings-action-create", FACILITATORS_DO, method="post", kwargs=meeting, data=action_data),
    Row("meetings-actions", MEMBERS_SEE),
    Row("meetings-action-update", FACILITATORS_SEE, kwargs=action),
    Row("meetings-action-update", FACILITATORS_DO, method="post", kwargs=action, data=action_data),
    Row(
        "meetings-action-done",
        RESPONDERS_DO,
        method="post",
        kwargs=action,
        data=lambda w: {"version": 1},
        note="the participant owns the action",
    ),
    Row(
        "meetings-paper-request",
        FACILITATORS_DO,
        method="post",
        kwargs=lambda w: {**meeting(w), "kind": "agenda"},
    ),
    Row("meetings-paper", MEMBERS_SEE, kwargs=paper),
]
