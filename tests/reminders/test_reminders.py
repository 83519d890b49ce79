"""The reminder outbox: scheduling, the sweep, retries, opt-out, time zones, races."""

import datetime
import threading
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from agreements.actions import (
    do_add_communication_item,
    do_delete_communication_item,
    do_mark_communication_done,
    do_update_communication_item,
)
from agreements.models import Channel, Frequency
from powercheck.actions import AnswerInput, do_open_round, do_save_answers, do_submit_response
from projects.actions import do_change_role, do_remove_member, do_update_project
from projects.models import Membership, Role
from reminders.models import Reminder
from reminders.outbox import (
    ReminderKey,
    do_cancel_reminders,
    do_schedule_reminder,
    do_sync_reminders,
)
from reminders.sweep import MAX_ATTEMPTS, send_due_reminders
from stakeholders.actions import schedule_chaser
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    ProjectFactory,
    ReminderFactory,
    UserFactory,
)

from .mail_backends import CountingBackend, FlakyBackend

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def set_review_date(project, day):
    return do_update_project(project=project, version=project.version, review_date=day)


def test_review_date_reminds_each_facilitator_a_week_before_at_nine(project, facilitator):
    other = MembershipFactory(project=project, role=Role.FACILITATOR).user
    set_review_date(project, timezone.localdate() + datetime.timedelta(days=30))
    reminders = Reminder.objects.pending().order_by("recipient__email")
    assert {r.recipient for r in reminders} == {facilitator, other}
    due = timezone.localtime(reminders[0].due_at, LONDON)
    assert due.date() == timezone.localdate() + datetime.timedelta(days=23)
    assert due.time() == datetime.time(9, 0)


def test_changing_the_review_date_moves_the_reminder(project, facilitator):
    today = timezone.localdate()
    set_review_date(project, today + datetime.timedelta(days=30))
    set_review_date(project, today + datetime.timedelta(days=40))
    pending = Reminder.objects.pending().get()
    assert timezone.localtime(pending.event_at, LONDON).date() == today + datetime.timedelta(40)
    assert Reminder.objects.filter(status=Reminder.Status.CANCELLED).count() == 1


def test_clearing_the_review_date_cancels_its_reminders(project, facilitator):
    set_review_date(project, timezone.localdate() + datetime.timedelta(days=30))
    set_review_date(project, None)
    assert not Reminder.objects.pending().exists()
    assert send_due_reminders(now=timezone.now() + datetime.timedelta(days=40)).sent == 0
    assert mail.outbox == []


def test_a_review_date_in_the_past_schedules_nothing(project, facilitator):
    set_review_date(project, timezone.localdate() - datetime.timedelta(days=1))
    assert not Reminder.objects.exists()


def test_a_member_no_longer_facilitator_is_not_reminded_of_the_review(project, facilitator):
    other = MembershipFactory(project=project, role=Role.FACILITATOR)
    set_review_date(project, timezone.localdate() + datetime.timedelta(days=30))
    do_change_role(membership=other, role=Role.PARTICIPANT, perspective="community")
    assert [r.recipient for r in Reminder.objects.pending()] == [facilitator]


def test_a_sent_reminder_is_never_sent_again_when_rescheduled(project, participant):
    fields = {
        "key": ReminderKey(Reminder.Kind.OTHER, 1),
        "project": project,
        "recipient": participant,
        "due_at": timezone.now() - datetime.timedelta(minutes=1),
        "event_at": timezone.now() + datetime.timedelta(days=1),
        "title": "Bring the maps",
        "url": "/",
    }
    do_schedule_reminder(**fields)
    assert send_due_reminders().sent == 1
    do_schedule_reminder(**{**fields, "title": "Bring the maps again"})
    assert send_due_reminders().sent == 0
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().status == Reminder.Status.SENT


def test_cancel_by_prefix_leaves_other_events_alone(project, participant):
    for key in ["round:1:5:a", "round:1:6:a", "round:12:5:a"]:
        ReminderFactory(project=project, recipient=participant, dedupe_key=key)
    assert do_cancel_reminders(key=ReminderKey(Reminder.Kind.ROUND_CLOSING, 1)) == 2
    assert list(Reminder.objects.pending().values_list("dedupe_key", flat=True)) == ["round:12:5:a"]


def test_the_email_says_what_when_where_and_how_to_stop(project, participant, settings):
    settings.SITE_URL = "https://coproduce.example.org"
    ReminderFactory(
        project=project,
        recipient=participant,
        title="Answer the spring checklist",
        url="/projects/healthy-streets/",
        event_at=at(2030, 4, 3, 17, 0),
        due_at=timezone.now(),
    )
    assert call_command_output("send_due_reminders") == "Sent 1 reminder(s).\n"
    message = mail.outbox[0]
    assert message.to == ["part@example.org"]
    assert message.subject == "Reminder: Answer the spring checklist"
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Wednesday 3 April 2030 at 17:00 (BST)" in body
        assert "Healthy Streets" in body
        assert "https://coproduce.example.org/projects/healthy-streets/" in body
        assert "https://coproduce.example.org/reminders/stop/" in body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://coproduce.example.org/reminders/stop/"
    )


def call_command_output(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_second_sweep_sends_nothing(project, participant):
    ReminderFactory.create_batch(3, project=project, recipient=participant)
    assert send_due_reminders().sent == 3
    assert send_due_reminders().sent == 0
    assert len(mail.outbox) == 3


def test_reminders_not_yet_due_wait(project, participant):
    ReminderFactory(
        project=project, recipient=participant, due_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert send_due_reminders().sent == 0
    assert Reminder.objects.pending().count() == 1


def test_a_reminder_whose_event_has_passed_is_not_sent(project, participant):
    ReminderFactory(
        project=project, recipient=participant, event_at=timezone.now() - datetime.timedelta(1)
    )
    assert send_due_reminders().skipped == 1
    assert mail.outbox == []
    assert "too late" in Reminder.objects.get().last_error


def test_flaky_mail_server_retry_then_success_nothing_lost(project, participant, settings):
    settings.EMAIL_BACKEND = "tests.reminders.mail_backends.FlakyBackend"
    FlakyBackend.failures = 2
    ReminderFactory.create_batch(2, project=project, recipient=participant)
    now = timezone.now()
    first = send_due_reminders(now=now)
    assert (first.sent, first.failed) == (0, 2)
    assert all(r.attempts == 1 and r.status == "pending" for r in Reminder.objects.all())
    assert "refused the connection" in Reminder.objects.first().last_error
    assert send_due_reminders(now=now + datetime.timedelta(minutes=1)).sent == 0, "backing off"
    later = send_due_reminders(now=now + datetime.timedelta(minutes=6))
    assert later.sent == 2
    assert len(mail.outbox) == 2
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


def test_a_batch_shares_one_mail_connection_and_a_failure_holds_back_only_its_own(
    project, participant, settings
):
    settings.EMAIL_BACKEND = "tests.reminders.mail_backends.CountingBackend"
    CountingBackend.opened, FlakyBackend.failures = 0, 1
    ReminderFactory.create_batch(4, project=project, recipient=participant)
    result = send_due_reminders()
    assert (result.sent, result.failed) == (3, 1)
    assert len(mail.outbox) == 3
    # Opened for the batch, and once more after the failure closed it.
    assert CountingBackend.opened == 2


def test_five_failures_stop_and_facilitators_see_why(as_user, project, facilitator, settings):
    settings.EMAIL_BACKEND = "tests.reminders.mail_backends.FlakyBackend"
    FlakyBackend.failures = 100
    reminder = ReminderFactory(project=project, recipient=facilitator, title="Book the hall")
    now = timezone.now()
    for _ in range(MAX_ATTEMPTS + 2):
        send_due_reminders(now=now)
        now += datetime.timedelta(hours=2)
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == (Reminder.Status.FAILED, MAX_ATTEMPTS)
    FlakyBackend.failures = 0
    assert send_due_reminders(now=now).sent == 0
    client = as_user(facilitator)
    overview = client.get(f"/projects/{project.slug}/reminders/").content.decode()
    assert "1 reminder could not be sent" in overview
    stopped = client.get(f"/projects/{project.slug}/reminders/?show=stopped").content.decode()
    assert "Book the hall" in stopped and "refused the connection" in stopped


def test_nothing_is_sent_after_opting_out(project, participant):
    ReminderFactory(project=project, recipient=participant)
    Membership.objects.filter(user=participant).update(reminders_enabled=False)
    result = send_due_reminders()
    assert (result.sent, result.skipped) == (0, 1)
    assert mail.outbox == []
    assert Reminder.objects.get().status == Reminder.Status.SKIPPED


def test_nothing_is_sent_to_someone_who_left(project, facilitator, participant):
    reminder = ReminderFactory(project=project, recipient=participant)
    Membership.objects.filter(user=participant).delete()
    assert send_due_reminders().sent == 0
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.SKIPPED


def test_removing_a_member_cancels_their_pending_reminders(project, facilitator, participant):
    ReminderFactory(project=project, recipient=participant)
    do_remove_member(membership=Membership.objects.get(user=participant))
    assert Reminder.objects.get().status == Reminder.Status.CANCELLED


def test_review_reminder_is_at_nine_local_time_across_the_clocks_going_forward(
    project, facilitator
):
    # British Summer Time starts on 29 March 2026: the reminder is in GMT, the review in BST.
    project.time_zone = "Europe/London"
    project.save()
    with freeze_now(at(2026, 3, 1, 12, 0)):
        set_review_date(project, datetime.date(2026, 4, 1))
    reminder = Reminder.objects.get()
    assert reminder.due_at == datetime.datetime(2026, 3, 25, 9, 0, tzinfo=datetime.UTC)
    assert reminder.event_at == datetime.datetime(2026, 4, 1, 8, 0, tzinfo=datetime.UTC)
    assert send_due_reminders(now=at(2026, 3, 25, 8, 59)).sent == 0
    assert send_due_reminders(now=at(2026, 3, 25, 9, 0)).sent == 1
    assert "Wednesday 1 April 2026 at 09:00 (BST)" in mail.outbox[0].body


def test_review_reminder_across_the_clocks_going_back(project, facilitator):
    # British Summer Time ends on 25 October 2026.
    with freeze_now(at(2026, 10, 1, 12, 0)):
        set_review_date(project, datetime.date(2026, 10, 28))
    reminder = Reminder.objects.get()
    assert reminder.due_at == datetime.datetime(2026, 10, 21, 8, 0, tzinfo=datetime.UTC)
    assert reminder.event_at == datetime.datetime(2026, 10, 28, 9, 0, tzinfo=datetime.UTC)
    send_due_reminders(now=at(2026, 10, 21, 9, 0))
    assert "Wednesday 28 October 2026 at 09:00 (GMT)" in mail.outbox[0].body


def test_times_are_in_the_projects_own_time_zone(facilitator, project):
    project.time_zone = "America/New_York"
    project.save()
    with freeze_now(at(2026, 3, 1, 12, 0)):
        set_review_date(project, datetime.date(2026, 3, 12))
    reminder = Reminder.objects.get()
    # US daylight saving starts 8 March: a week before is 09:00 EST, the review 09:00 EDT.
    assert reminder.due_at == datetime.datetime(2026, 3, 5, 14, 0, tzinfo=datetime.UTC)
    assert reminder.event_at == datetime.datetime(2026, 3, 12, 13, 0, tzinfo=datetime.UTC)
    send_due_reminders(now=reminder.due_at)
    assert "Thursday 12 March 2026 at 09:00 (EDT)" in mail.outbox[0].body


class freeze_now:
    """Make ``timezone.now()`` return a fixed moment inside the block."""

    def __init__(self, moment: datetime.datetime) -> None:
        self.moment = moment

    def __enter__(self):
        self.patch = pytest.MonkeyPatch()
        self.patch.setattr(timezone, "now", lambda: self.moment)

    def __exit__(self, *exc) -> None:
        self.patch.undo()


def test_round_reminders_go_to_those_who_have_not_answered(project, facilitator, participant):
    closes_at = timezone.now() + datetime.timedelta(days=10)
    round = do_open_round(
        project=project, by=facilitator, title="Spring", closes_at=closes_at, anonymous=False
    )
    send_due_reminders()  # the news that it opened
    assert {r.recipient for r in Reminder.objects.pending()} == {facilitator, participant}
    member = Membership.objects.get(project=project, user=facilitator)
    question = round.questions().first()
    do_save_answers(round=round, member=member, answers=[AnswerInput(question.pk, 3)])
    do_submit_response(round=round, member=member)
    assert [r.recipient for r in Reminder.objects.pending()] == [participant]
    due = timezone.localtime(Reminder.objects.pending().get().due_at, LONDON)
    assert due.date() == timezone.localtime(closes_at, LONDON).date() - datetime.timedelta(2)


def test_communication_reminder_moves_on_when_the_due_date_moves(project, participant):
    today = timezone.localdate()
    item = do_add_communication_item(
        project=project,
        audience="Members",
        purpose="Newsletter",
        channel=Channel.EMAIL,
        frequency=Frequency.MONTHLY,
        owner=Membership.objects.get(project=project, user=participant),
        next_due=today + datetime.timedelta(5),
    )
    do_update_communication_item(
        item=item, version=item.version, next_due=today + datetime.timedelta(35)
    )
    pending = Reminder.objects.pending().get()
    assert timezone.localtime(pending.due_at, LONDON).date() == today + datetime.timedelta(34)


def test_invitation_chaser_once_and_never_after_expiry(project):
    sent_at = timezone.now() - datetime.timedelta(days=8)
    invitation = InvitationFactory(
        stakeholder__project=project,
        stakeholder__email="new@example.org",
        sent_at=sent_at,
        expires_at=sent_at + datetime.timedelta(14),
    )
    chaser = schedule_chaser(invitation)
    assert send_due_reminders().sent == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert "only reminder" in mail.outbox[0].body
    assert send_due_reminders().sent == 0
    chaser.refresh_from_db()
    assert chaser.status == Reminder.Status.SENT
    ReminderFactory(project=project, recipient=None, email="late@example.org")
    Reminder.objects.filter(email="late@example.org").update(
        event_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert send_due_reminders().sent == 0


@pytest.mark.parametrize("count", [5, 50])
def test_sweep_batch_query_count_is_flat(project, count, django_assert_num_queries):
    users = UserFactory.create_batch(count)
    Membership.objects.bulk_create(
        Membership(project=project, user=user, role=Role.PARTICIPANT) for user in users
    )
    for user in users:
        ReminderFactory(project=project, recipient=user)
    # claim (savepoint, select for update with what the emails need, update, release),
    # mark sent, final empty claim (savepoint, select, release)
    with django_assert_num_queries(8):
        result = send_due_reminders(batch_size=100)
    assert result.sent == count


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_racing_send_each_reminder_exactly_once(settings):
    settings.EMAIL_BACKEND = "tests.reminders.mail_backends.SlowBackend"
    project = ProjectFactory()
    users = UserFactory.create_batch(10)
    Membership.objects.bulk_create(
        Membership(project=project, user=user, role=Role.PARTICIPANT) for user in users
    )
    for n in range(60):
        ReminderFactory(project=project, recipient=users[n % 10])
    start = threading.Barrier(2)
    results = []

    def sweep() -> None:
        try:
            start.wait()
            results.append(send_due_reminders(batch_size=5).sent)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(results) == 60
    assert all(results), f"both sweeps should have sent some: {results}"
    assert len(mail.outbox) == 60
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == 60
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.parametrize("count", [2, 40])
def test_syncing_many_recipients_takes_the_same_queries(project, count, django_assert_num_queries):
    users = UserFactory.create_batch(count + 1)
    event_at = timezone.now() + datetime.timedelta(days=10)
    key = ReminderKey(Reminder.Kind.OTHER, 1)
    reminders = [
        {
            "recipient": user,
            "due_at": event_at - datetime.timedelta(days=2),
            "event_at": event_at,
            "title": "Bring the maps",
            "url": "/",
        }
        for user in users
    ]
    do_sync_reminders(key=key, project=project, reminders=reminders[:count])
    Reminder.objects.filter(recipient=users[1]).update(status=Reminder.Status.CANCELLED)
    # One member fewer, one more, one cancelled earlier, and the event an hour later.
    moved = [{**r, "event_at": event_at + datetime.timedelta(hours=1)} for r in reminders[1:]]
    # savepoint, read, update the existing, insert the new, cancel the rest, read back, release
    with django_assert_num_queries(7):
        synced = do_sync_reminders(key=key, project=project, reminders=moved)
    assert len(synced) == count
    pending = Reminder.objects.pending()
    assert {r.recipient for r in pending} == set(users[1:])
    assert {r.event_at for r in pending} == {event_at + datetime.timedelta(hours=1)}


# The communication plan: its owner is reminded the day before an item is due.


def item_data(project, owner, **overrides) -> dict:
    return {
        "audience": "market traders",
        "purpose": "June newsletter",
        "channel": "email",
        "frequency": "monthly",
        "owner": Membership.objects.get(project=project, user=owner).pk,
        "next_due": "2030-01-31",
        **overrides,
    }


def test_adding_an_item_reminds_its_owner_the_day_before_at_nine(
    as_user, project, facilitator, participant
):
    as_user(facilitator).post(
        reverse("agreements-communication-create", args=[project.slug]),
        item_data(project, participant),
    )
    reminder = Reminder.objects.pending().get()
    assert (reminder.kind, reminder.recipient) == (Reminder.Kind.COMMUNICATION_DUE, participant)
    assert reminder.due_at == at(2030, 1, 30, 9, 0)
    assert reminder.event_at == at(2030, 1, 31, 9, 0)
    assert "June newsletter" in reminder.title
    assert reminder.url == reverse("agreements-communication", args=[project.slug])


def test_the_communication_email_says_what_when_where_and_how_to_stop(
    project, facilitator, participant, settings
):
    settings.SITE_URL = "https://coproduce.example.org"
    do_add_communication_item(
        project=project, **item_fields(project, participant, next_due=datetime.date(2030, 1, 31))
    )
    assert send_due_reminders(now=at(2030, 1, 30, 8, 59)).sent == 0
    assert send_due_reminders(now=at(2030, 1, 30, 9, 0)).sent == 1
    [message] = mail.outbox
    assert message.to == ["part@example.org"]
    assert message.subject == "Reminder: Communication due: June newsletter (market traders)"
    for body in (message.body, message.alternatives[0][0]):
        assert "Thursday 31 January 2030 at 09:00 (GMT)" in body
        assert "Healthy Streets" in body
        assert "https://coproduce.example.org/projects/healthy-streets/communication/" in body
        assert "https://coproduce.example.org/reminders/stop/" in body
    assert "Due: Thursday 31 January 2030" in message.body


def test_an_item_whose_purpose_has_two_lines_is_still_reminded(project, participant):
    purpose = "June newsletter\nwith the street survey"
    do_add_communication_item(
        project=project,
        **item_fields(project, participant, purpose=purpose, next_due=datetime.date(2030, 1, 31)),
    )
    result = send_due_reminders(now=at(2030, 1, 30, 9, 0))
    assert (result.sent, result.failed) == (1, 0)
    [message] = mail.outbox
    assert message.subject == (
        "Reminder: Communication due: June newsletter with the street survey (market traders)"
    )
    assert "June newsletter\nwith the street survey" in message.body
    assert Reminder.objects.get().status == Reminder.Status.SENT


def item_fields(project, user, **overrides) -> dict:
    return {
        "audience": "market traders",
        "purpose": "June newsletter",
        "channel": "email",
        "frequency": "monthly",
        "owner": Membership.objects.get(project=project, user=user),
        "next_due": timezone.localdate() + datetime.timedelta(days=10),
        **overrides,
    }


def test_editing_the_date_or_owner_moves_the_reminder(as_user, project, facilitator, participant):
    item = do_add_communication_item(project=project, **item_fields(project, participant))
    as_user(facilitator).post(
        reverse("agreements-communication-update", args=[project.slug, item.pk]),
        item_data(project, facilitator, next_due="2030-03-15", version=item.version),
    )
    pending = Reminder.objects.pending().get()
    assert pending.recipient == facilitator
    assert pending.due_at == at(2030, 3, 14, 9, 0)
    assert Reminder.objects.filter(status=Reminder.Status.CANCELLED).get().recipient == participant


def test_an_item_without_an_owner_reminds_nobody(project, facilitator):
    do_add_communication_item(project=project, **item_fields(project, facilitator, owner=None))
    assert not Reminder.objects.exists()


def test_marking_a_recurring_item_done_moves_its_reminder_to_the_next_date(project, participant):
    item = do_add_communication_item(project=project, **item_fields(project, participant))
    first = Reminder.objects.pending().get()
    do_mark_communication_done(item=item)
    pending = Reminder.objects.pending().get()
    assert timezone.localtime(pending.event_at, LONDON).date() == item.next_due
    assert item.next_due > timezone.localdate() + datetime.timedelta(days=10)
    first.refresh_from_db()
    assert first.status == Reminder.Status.CANCELLED


def test_marking_a_one_off_done_or_deleting_an_item_cancels_its_reminder(project, participant):
    once = do_add_communication_item(
        project=project, **item_fields(project, participant, frequency="once")
    )
    monthly = do_add_communication_item(project=project, **item_fields(project, participant))
    assert Reminder.objects.pending().count() == 2
    do_mark_communication_done(item=once)
    do_delete_communication_item(item=monthly)
    assert not Reminder.objects.pending().exists()
    assert send_due_reminders(now=timezone.now() + datetime.timedelta(days=60)).sent == 0


def test_an_owner_who_turned_reminders_off_gets_nothing(project, facilitator, participant):
    Membership.objects.filter(user=participant).update(reminders_enabled=False)
    do_add_communication_item(project=project, **item_fields(project, participant))
    do_add_communication_item(project=project, **item_fields(project, facilitator))
    # When both are due (whatever the time of day the test runs at), before the items are.
    due = max(Reminder.objects.pending().values_list("due_at", flat=True))
    result = send_due_reminders(now=due)
    assert (result.sent, result.skipped) == (1, 1)
    assert [m.to for m in mail.outbox] == [["fac@example.org"]]


def test_an_owner_leaving_cancels_their_item_reminders(project, facilitator, participant):
    do_add_communication_item(project=project, **item_fields(project, participant))
    do_remove_member(membership=Membership.objects.get(user=participant))
    assert not Reminder.objects.pending().exists()
