"""Minutes drafted, corrected and approved (then read-only, with their history); actions with
an owner, reminders and the overdue list; printable papers; decisions for the log; query
counts at 10 and 500 meetings."""

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from agreements.models import DecisionRule
from decisions.models import Decision
from meetings.actions import do_mark_action_done, do_record_attendance
from meetings.demo import add_many_meetings
from meetings.models import Action, Meeting, MeetingPaper, Minutes, MinutesEdit
from meetings.part import MeetingsPart
from projects.actions import do_delete_project
from projects.models import Membership
from reminders.models import Reminder
from tests.factories import ActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def m(user) -> Membership:
    return Membership.objects.get(user=user)


def url(name: str, project, *args) -> str:
    return reverse(name, args=[project.slug, *args])


def held(project, **fields) -> Meeting:
    start = timezone.now() - datetime.timedelta(days=2)
    fields.setdefault("title", "Walkabout debrief")
    return MeetingFactory(
        project=project, starts_at=start, ends_at=start + datetime.timedelta(hours=2), **fields
    )


def version(meeting: Meeting) -> int:
    return Meeting.objects.get(pk=meeting.pk).version


def test_minutes_are_drafted_corrected_and_approved_then_read_only(
    as_user, project, facilitator, participant, observer
):
    meeting = held(project, chair=None)
    do_record_attendance(meeting=meeting, statuses={m(participant).pk: "came"})
    as_user(facilitator).post(
        url("meetings-minutes", project, meeting.pk),
        {"minutes": "Pat said one bench.", "version": version(meeting)},
    )
    detail = url("meetings-detail", project, meeting.pk)
    assert "Pat said one bench." not in as_user(observer).get(detail).content.decode()
    as_user(facilitator).post(
        url("meetings-minutes-circulate", project, meeting.pk),
        {"days": 5, "version": version(meeting)},
    )
    # One client: as_user logs it in as each person in turn.
    # Someone who was not there cannot ask for corrections; someone who came can.
    assert (
        as_user(observer)
        .post(url("meetings-minutes-correct", project, meeting.pk), {"text": "x"})
        .status_code
        == 403
    )
    as_user(participant).post(
        url("meetings-minutes-correct", project, meeting.pk), {"text": "I said two benches."}
    )
    refused = as_user(facilitator).post(
        url("meetings-minutes-approve", project, meeting.pk),
        {"version": version(meeting)},
        follow=True,
    )
    assert "Someone asked for a correction" in refused.content.decode()
    as_user(facilitator).post(
        url("meetings-minutes", project, meeting.pk),
        {"minutes": "Pat said two benches.", "version": version(meeting)},
    )
    as_user(facilitator).post(
        url("meetings-minutes-approve", project, meeting.pk), {"version": version(meeting)}
    )
    meeting.refresh_from_db()
    assert meeting.minutes_status == Minutes.APPROVED
    assert "Pat said two benches." in as_user(observer).get(detail).content.decode()
    locked = as_user(facilitator).get(url("meetings-minutes", project, meeting.pk), follow=True)
    assert "can no longer be changed" in locked.content.decode()
    kinds = list(MinutesEdit.objects.filter(meeting=meeting).values_list("kind", flat=True))
    assert kinds == ["approved", "corrected", "circulated", "drafted"]
    history = as_user(observer).get(url("meetings-minutes-history", project, meeting.pk))
    assert "Pat said one bench." in history.content.decode()


def test_the_chair_approves_when_the_project_has_no_rule_for_minutes(
    as_user, project, facilitator, participant
):
    meeting = held(project, chair=m(participant), minutes="Notes", minutes_status="corrections")
    response = as_user(facilitator).post(
        url("meetings-minutes-approve", project, meeting.pk), {"version": 1}
    )
    assert response.status_code == 403
    as_user(participant).post(url("meetings-minutes-approve", project, meeting.pk), {"version": 1})
    meeting.refresh_from_db()
    assert (meeting.minutes_status, meeting.approved_by) == (Minutes.APPROVED, participant)
    assert meeting.approved_under == ""


def test_the_projects_rule_for_minutes_decides_and_is_recorded_with_the_approval(
    as_user, project, facilitator, participant
):
    rule = DecisionRule.objects.create(
        project=project, area="approving minutes", who="whole-group", method="consent"
    )
    meeting = held(project, chair=m(participant), minutes="Notes", minutes_status="corrections")
    page = as_user(facilitator).get(url("meetings-detail", project, meeting.pk)).content.decode()
    assert "Record that the minutes were approved" in page
    as_user(facilitator).post(url("meetings-minutes-approve", project, meeting.pk), {"version": 1})
    meeting.refresh_from_db()
    assert meeting.minutes_status == Minutes.APPROVED
    assert meeting.approved_under == rule.as_sentence()


def test_an_action_without_an_owner_is_refused_and_keeps_what_was_typed(
    as_user, project, facilitator
):
    meeting = held(project)
    response = as_user(facilitator).post(
        url("meetings-action-create", project, meeting.pk),
        {"text": "Cost the kerb", "owner": "", "due": "2030-01-01"},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Choose who will do it." in page and 'value="Cost the kerb"' in page
    assert not Action.objects.exists()


def test_an_action_is_on_its_owners_to_do_reminded_and_done(
    as_user, project, facilitator, participant
):
    meeting = held(project)
    due = timezone.localdate() + datetime.timedelta(days=4)
    as_user(facilitator).post(
        url("meetings-action-create", project, meeting.pk),
        {"text": "Cost the kerb", "owner": m(participant).pk, "due": due.isoformat()},
    )
    action = Action.objects.get()
    todo = MeetingsPart().todo(Membership.objects.select_related("project").get(user=participant))
    assert [(t.title, t.due, t.done) for t in todo] == [("Action: Cost the kerb", due, False)]
    reminder = Reminder.objects.pending().get(kind=Reminder.Kind.ACTION_DUE)
    assert reminder.recipient == participant
    as_user(participant).post(
        url("meetings-action-done", project, action.pk), {"version": 1, "hours": "1.5"}
    )
    action.refresh_from_db()
    assert action.is_done and action.hours == Decimal("1.50")
    assert not Reminder.objects.pending().filter(kind=Reminder.Kind.ACTION_DUE).exists()
    (given,) = [
        i for i in MeetingsPart().involvement(project) if i.key.startswith("meetings.action")
    ]
    assert (given.activity, given.hours, given.user_id) == (
        "other",
        Decimal("1.50"),
        participant.pk,
    )


def test_another_member_cannot_mark_someone_elses_action_done(
    as_user, project, facilitator, participant
):
    action = ActionFactory(meeting=held(project), owner=m(facilitator))
    response = as_user(participant).post(
        url("meetings-action-done", project, action.pk), {"version": 1}
    )
    assert response.status_code == 403
    with pytest.raises(Exception, match="already done"):
        do_mark_action_done(action=action, version=1)
        action.refresh_from_db()
        do_mark_action_done(action=action, version=2)


def test_overdue_actions_are_shown_to_facilitators(as_user, project, facilitator, participant):
    ActionFactory(
        meeting=held(project),
        owner=m(participant),
        text="Late thing",
        due=timezone.localdate() - datetime.timedelta(days=3),
    )
    page = as_user(facilitator).get(url("meetings-actions", project)).content.decode()
    assert "1 action is past its due date." in page and "Overdue" in page
    assert (
        "1 action is overdue."
        in as_user(facilitator).get(url("meetings-list", project)).content.decode()
    )
    mine = as_user(participant).get(url("meetings-actions", project)).content.decode()
    assert "past its due date" not in mine and "Late thing" in mine


def test_the_printable_minutes_are_made_by_the_worker_with_text_escaped(
    as_user, project, facilitator, observer, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    meeting = held(
        project,
        title="Walkabout <b>debrief</b>",
        minutes="We agreed <script>x</script>.",
        minutes_status=Minutes.APPROVED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        as_user(facilitator).post(url("meetings-paper-request", project, meeting.pk, "minutes"))
    paper = MeetingPaper.objects.get()
    assert paper.status == MeetingPaper.Status.READY
    response = as_user(observer).get(url("meetings-paper", project, paper.pk))
    assert (
        response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    )
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(b"".join(response.streaming_content))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Minutes of Walkabout <b>debrief</b>" in text
    assert "We agreed <script>x</script>." in text
    name = paper.pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        do_delete_project(project=project, by=facilitator)
    assert not default_storage.exists(name)


def test_a_decision_taken_at_a_meeting_goes_into_the_decision_log(
    as_user, project, facilitator, participant
):
    meeting = held(project)
    data = {"text": "Meet on Saturdays", "method": "consent", "result": "adopted"}
    first = as_user(facilitator).post(url("meetings-decision", project, meeting.pk), data)
    assert first.status_code == 422
    assert "Record who came first" in first.content.decode()
    do_record_attendance(
        meeting=meeting, statuses={m(participant).pk: "came", m(facilitator).pk: "came"}
    )
    as_user(facilitator).post(url("meetings-decision", project, meeting.pk), data)
    decision = Decision.objects.get()
    assert (decision.method, decision.turnout, decision.result) == ("consent", 2, "adopted")
    assert decision.source_url == meeting.get_absolute_url()
    page = as_user(participant).get(url("meetings-detail", project, meeting.pk)).content.decode()
    assert "Meet on Saturdays" in page and "2 present" in page


def fill(project, count: int) -> None:
    add_many_meetings(project, count=count)
    upcoming = MeetingFactory(project=project)
    ActionFactory(meeting=upcoming, owner=project.memberships.first())


@pytest.mark.parametrize(
    ("name", "queries"),
    [("meetings-list", 7), ("meetings-actions", 7)],
)
@pytest.mark.parametrize("count", [10, 500])
def test_pages_query_count_is_flat(
    as_user, project, facilitator, participant, count, name, queries, django_assert_num_queries
):
    fill(project, count)
    client = as_user(facilitator)
    with django_assert_num_queries(queries):
        response = client.get(url(name, project))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 500])
def test_a_meetings_page_query_count_is_flat(
    as_user, project, facilitator, participant, count, django_assert_num_queries
):
    fill(project, count)
    meeting = Meeting.objects.filter(project=project).order_by("starts_at").first()
    client = as_user(facilitator)
    with django_assert_num_queries(12):
        response = client.get(url("meetings-detail", project, meeting.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 500])
def test_the_parts_hooks_query_count_is_flat(
    project, facilitator, participant, count, django_assert_num_queries
):
    fill(project, count)
    membership = Membership.objects.select_related("project", "user").get(user=participant)
    part = MeetingsPart()
    with django_assert_num_queries(4):
        part.todo(membership)
        part.calendar_dates(membership)
    with django_assert_num_queries(3):
        part.report_evidence(project)
        part.involvement(project)
