"""Meetings: scheduling with clear refusals, replies and what people need, the invitation and
its calendar file, reminders, attendance and the time it counts for."""

import datetime
from decimal import Decimal
from html import escape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings.actions import do_record_attendance, do_reply_to_meeting, do_schedule_meeting
from meetings.mail import send_invitations
from meetings.models import Meeting, Reply
from meetings.part import MeetingsPart
from projects.models import Membership
from reminders.calendar import render_feed
from reminders.models import Reminder
from reminders.sweep import build_email
from tests.factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def m(user) -> Membership:
    return Membership.objects.get(user=user)


def url(name: str, project, *args) -> str:
    return reverse(name, args=[project.slug, *args])


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def meeting_form(**changes) -> dict:
    data = {
        "title": "Steering group",
        "day": in_days(10),
        "start_time": "18:00",
        "end_time": "19:30",
        "place": "Northbridge Library\n12 Market Street",
        "link": "https://meet.example.org/streets",
        "arrangements": ["step-free", "bsl"],
        "version": 1,
    }
    return {**data, **changes}


def schedule(project, by, days: int = 10, **fields) -> Meeting:
    start = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0)
    start = start + datetime.timedelta(days=days)
    fields = {"title": "Steering group", "place": "Northbridge Library", **fields}
    with_times = {"starts_at": start, "ends_at": start + datetime.timedelta(hours=2), **fields}
    return do_schedule_meeting(project=project, by=by, **with_times)


def test_a_facilitator_schedules_a_meeting_and_every_member_is_invited(
    as_user, project, facilitator, participant, observer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(facilitator).post(url("meetings-create", project), meeting_form())
    meeting = Meeting.objects.get(project=project)
    assert response.status_code == 302
    assert meeting.local_start.time() == datetime.time(18, 0)
    assert meeting.arrangement_labels() == ["Step-free access", "BSL interpreter"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [facilitator.email, participant.email, observer.email]
    )
    assert "Invitation: Steering group" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start_time": "19:00", "end_time": "18:00"}, "The meeting must end after it starts."),
        ({"day": in_days(-2)}, "This is in the past."),
        ({"place": "", "link": ""}, "Give an address, an online link, or both."),
        ({"end_time": ""}, "This field is required."),
    ],
)
def test_bad_meeting_times_get_a_clear_message_and_keep_what_was_typed(
    as_user, project, facilitator, changes, message
):
    response = as_user(facilitator).post(url("meetings-create", project), meeting_form(**changes))
    page = response.content.decode()
    assert response.status_code == 422
    assert "There is a problem" in page
    assert escape(message) in page
    assert 'value="Steering group"' in page
    assert not Meeting.objects.exists()


def test_the_invitation_carries_the_meeting_as_an_icalendar_event(project, facilitator):
    meeting = schedule(project, facilitator, link="https://meet.example.org/x")
    mail.outbox.clear()
    send_invitations(meeting, changed=False)
    (name, content, mimetype) = mail.outbox[0].attachments[0]
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    assert name == "meeting.ics" and mimetype.startswith("text/calendar")
    assert str(event["summary"]) == "Steering group"
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.decoded("dtend") == meeting.ends_at
    assert str(event["location"]) == "Northbridge Library · https://meet.example.org/x"
    assert str(event["uid"]) == f"meeting-{meeting.pk}@coproduce"
    assert "Northbridge Library" in mail.outbox[0].body


def test_moving_a_meeting_sends_the_invitation_again_saying_it_changed(
    as_user, project, facilitator, django_capture_on_commit_callbacks
):
    meeting = schedule(project, facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(facilitator).post(
            url("meetings-update", project, meeting.pk), meeting_form(day=in_days(12))
        )
    assert response.status_code == 302
    assert mail.outbox and mail.outbox[0].subject.startswith("Changed: Steering group")


def test_the_meeting_is_in_each_members_calendar_feed_with_its_end_and_place(
    project, facilitator, participant
):
    meeting = schedule(project, facilitator)
    membership = Membership.objects.select_related("project", "user").get(user=participant)
    events = Calendar.from_ical(render_feed(membership)).walk("VEVENT")
    (event,) = [e for e in events if str(e["uid"]) == f"meeting-{meeting.pk}@coproduce"]
    assert event.decoded("dtend") == meeting.ends_at
    assert str(event["location"]) == "Northbridge Library"


def test_a_member_is_reminded_the_day_before_with_date_time_place_and_link(
    project, facilitator, participant
):
    meeting = schedule(project, facilitator, link="https://meet.example.org/x")
    reminder = Reminder.objects.get(kind=Reminder.Kind.MEETING, recipient=participant)
    local_due = timezone.localtime(reminder.due_at, project.zone)
    assert local_due.date() == meeting.local_start.date() - datetime.timedelta(days=1)
    assert local_due.time() == datetime.time(9, 0)
    email = build_email(reminder, m(participant).pk)
    assert "A meeting you are invited to is coming up" in email.body
    assert (
        "Steering group at Northbridge Library, or online at https://meet.example.org/x"
        in email.body
    )
    assert meeting.local_start.strftime("%-d %B %Y at 18:00") in email.body
    assert reverse("meetings-detail", args=[project.slug, meeting.pk]) in email.body


def test_someone_who_cannot_come_is_not_reminded(project, facilitator, participant):
    meeting = schedule(project, facilitator)
    do_reply_to_meeting(meeting=meeting, membership=m(participant), answer="no", needs="")
    pending = Reminder.objects.pending().filter(kind=Reminder.Kind.MEETING)
    assert not pending.filter(recipient=participant).exists()
    assert pending.filter(recipient=facilitator).exists()


def test_what_members_need_is_seen_by_facilitators_only(
    as_user, project, facilitator, participant, observer
):
    meeting = schedule(project, facilitator)
    response = as_user(participant).post(
        url("meetings-reply", project, meeting.pk),
        {"answer": "yes", "needs": "A hearing loop <please>"},
    )
    assert response.status_code == 302
    assert Reply.objects.get().needs == "A hearing loop <please>"
    detail = url("meetings-detail", project, meeting.pk)
    assert escape("A hearing loop <please>") in as_user(facilitator).get(detail).content.decode()
    other = MembershipFactory(project=project, role="participant").user
    for member in (other, observer):
        page = as_user(member).get(detail).content.decode()
        assert "A hearing loop" not in page
        assert "1 will come" in page


def test_an_observer_cannot_reply(as_user, project, facilitator, observer):
    meeting = schedule(project, facilitator)
    response = as_user(observer).post(url("meetings-reply", project, meeting.pk), {"answer": "yes"})
    assert response.status_code == 403
    assert not Reply.objects.exists()


def test_a_reply_without_an_answer_is_refused_and_keeps_what_was_typed(
    as_user, project, facilitator, participant
):
    meeting = schedule(project, facilitator)
    response = as_user(participant).post(
        url("meetings-reply", project, meeting.pk), {"needs": "Large print"}
    )
    assert response.status_code == 422
    assert "Large print" in response.content.decode()


def test_a_suggested_item_is_declined_with_a_reason_the_member_sees(
    as_user, project, facilitator, participant
):
    meeting = schedule(project, facilitator)
    as_user(participant).post(
        url("meetings-agenda-suggest", project, meeting.pk), {"title": "Benches"}
    )
    item = meeting.agenda.get()
    refused = as_user(facilitator).post(
        url("meetings-agenda-answer", project, meeting.pk, item.pk), {"reason": ""}
    )
    assert refused.status_code == 422
    as_user(facilitator).post(
        url("meetings-agenda-answer", project, meeting.pk, item.pk), {"reason": "Next month"}
    )
    page = as_user(participant).get(url("impact-mine", project)).content.decode()
    assert "Benches" in page and "Next month" in page


def test_attendance_counts_as_time_given_for_the_meetings_length(project, facilitator, participant):
    start = timezone.now() - datetime.timedelta(days=2)
    meeting = MeetingFactory(
        project=project, starts_at=start, ends_at=start + datetime.timedelta(minutes=90)
    )
    do_record_attendance(
        meeting=meeting, statuses={m(participant).pk: "came", m(facilitator).pk: "apologies"}
    )
    (given,) = MeetingsPart().involvement(project)
    assert given.user_id == participant.pk
    came = meeting.attendance.get(status="came")
    assert given.key == f"meetings.attendance:{came.pk}"
    assert (given.activity, given.hours) == ("meeting", Decimal("1.50"))


def test_reports_can_cite_each_meeting_held(project, facilitator, participant):
    start = timezone.now() - datetime.timedelta(days=2)
    meeting = MeetingFactory(
        project=project,
        title="Walkabout",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    do_record_attendance(meeting=meeting, statuses={m(participant).pk: "came"})
    (evidence,) = MeetingsPart().report_evidence(project)
    assert "“Walkabout”" in evidence.summary and "1 came" in evidence.summary
    assert evidence.standards == ("working_together", "communications")
    assert evidence.gripp2 == ("methods",)


def test_replying_is_on_the_members_to_do_until_they_reply(project, facilitator, participant):
    meeting = schedule(project, facilitator)
    membership = Membership.objects.select_related("project").get(user=participant)
    (todo,) = MeetingsPart().todo(membership)
    assert (todo.title, todo.done) == ("Reply to the meeting “Steering group”", False)
    do_reply_to_meeting(meeting=meeting, membership=m(participant), answer="maybe", needs="")
    assert MeetingsPart().todo(membership)[0].done


def test_cancelling_a_meeting_calls_off_its_reminders(as_user, project, facilitator):
    meeting = schedule(project, facilitator)
    response = as_user(facilitator).post(url("meetings-cancel", project, meeting.pk))
    assert response.status_code == 302
    assert not Meeting.objects.exists()
    assert not Reminder.objects.pending().filter(kind=Reminder.Kind.MEETING).exists()


def test_the_export_leaves_out_what_people_need_and_their_download_keeps_it(
    project, facilitator, participant
):
    meeting = schedule(project, facilitator)
    do_reply_to_meeting(meeting=meeting, membership=m(participant), answer="yes", needs="A lift")
    exported = MeetingsPart().export_project(project)
    assert exported["meetings"][0]["replies"][0]["answer"] == "yes"
    assert "A lift" not in repr(exported)
    assert MeetingsPart().export_person(participant)["meeting_replies"][0]["needs"] == "A lift"
