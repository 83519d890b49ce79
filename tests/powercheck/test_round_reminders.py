"""Checklist rounds and reminders: who is reminded to answer, when, and when they no longer are."""

import datetime
import importlib
import zoneinfo

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from powercheck.actions import (
    AnswerInput,
    do_close_round,
    do_open_round,
    do_save_answers,
    do_submit_response,
    sync_round_reminders,
)
from powercheck.models import Question, Round
from projects.actions import do_change_role, do_remove_member
from projects.models import Membership, Role
from reminders.actions import do_renew_calendar_feed
from reminders.models import Reminder
from reminders.outbox import key_date
from reminders.sweep import claim_due_reminders, send_batch, send_due_reminders
from stakeholders.actions import do_accept_invitation, do_invite_stakeholder
from tests.factories import MembershipFactory, ProjectFactory, StakeholderFactory, UserFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")
CLOSES_AT = datetime.datetime(2030, 4, 11, 0, 0, tzinfo=LONDON)  # the end of 10 April


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def open_round(project, facilitator, closes_at=CLOSES_AT, *, anonymous: bool = True):
    """Open a round and send the news that it opened, so that what remains is the reminders."""
    round = do_open_round(
        project=project,
        by=facilitator,
        title="Spring check",
        closes_at=closes_at,
        anonymous=anonymous,
    )
    send_due_reminders()
    mail.outbox.clear()
    return round


def membership(user, project) -> Membership:
    return Membership.objects.get(user=user, project=project)


def submit(round, user) -> None:
    member = membership(user, round.project)
    question = Question.objects.filter(project=None).first()
    do_save_answers(round=round, member=member, answers=[AnswerInput(question.pk, 3)])
    do_submit_response(round=round, member=member)


def reminded(round) -> set:
    return {r.recipient for r in Reminder.objects.pending().filter(kind="round_closing")}


def test_opening_a_round_reminds_everyone_who_can_answer_two_days_before(
    project, facilitator, participant, observer
):
    round = open_round(project, facilitator)
    assert reminded(round) == {facilitator, participant}
    reminder = Reminder.objects.pending().get(recipient=participant)
    assert reminder.due_at == at(2030, 4, 9, 9, 0)
    assert reminder.event_at == CLOSES_AT
    assert reminder.url == reverse("powercheck-respond", args=[project.slug, round.pk, 1])


def test_the_email_says_when_the_round_closes(project, facilitator, participant, settings):
    settings.SITE_URL = "https://coproduce.example.org"
    round = open_round(project, facilitator, anonymous=False)
    submit(round, facilitator)
    assert send_due_reminders(now=at(2030, 4, 9, 9, 0)).sent == 1
    [message] = mail.outbox
    assert message.to == ["part@example.org"]
    assert message.subject == "Reminder: Answer the checklist “Spring check” before it closes"
    link = (
        f"https://coproduce.example.org/projects/healthy-streets/power/rounds/{round.pk}/answer/1/"
    )
    for body in (message.body, message.alternatives[0][0]):
        assert "until the end of Wednesday 10 April 2030 (BST)" in body
        assert "11 April" not in body and "00:00" not in body
        assert "Healthy Streets" in body and link in body
        assert "https://coproduce.example.org/reminders/stop/" in body
    assert "Open: until the end of Wednesday 10 April 2030 (BST)" in message.body


def test_a_member_who_submits_to_a_named_round_is_not_reminded(project, facilitator, participant):
    round = open_round(project, facilitator, anonymous=False)
    submit(round, participant)
    assert reminded(round) == {facilitator}
    assert send_due_reminders(now=at(2030, 4, 9, 9, 0)).sent == 1
    assert [m.to for m in mail.outbox] == [["fac@example.org"]]


def test_in_an_anonymous_round_everyone_is_reminded_whether_or_not_they_answered(
    project, facilitator, participant
):
    round = open_round(project, facilitator)
    before = list(Reminder.objects.values_list("recipient", "status", "due_at", "updated_at"))
    submit(round, participant)
    assert list(Reminder.objects.values_list("recipient", "status", "due_at", "updated_at")) == (
        before
    ), "submitting changes nobody's reminder"
    assert reminded(round) == {facilitator, participant}
    assert send_due_reminders(now=at(2030, 4, 9, 9, 0)).sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["fac@example.org", "part@example.org"]
    for message in mail.outbox:
        assert message.subject == (
            "Reminder: Answer the checklist “Spring check” before it closes, "
            "if you have not already"
        )


def closing_reminders(round):
    """The reminders that the round is closing (not the notices that it opened)."""
    return Reminder.objects.filter(
        dedupe_key__startswith=f"round:{round.pk}:",
        dedupe_key__endswith=f":{key_date(round.closes_at)}",
    )


def test_reminders_kept_from_before_no_longer_say_who_answered(project, facilitator, participant):
    forget_who_answered = importlib.import_module(
        "powercheck.migrations.0003_anonymous_round_reminders"
    ).forget_who_answered
    ended = open_round(project, facilitator)
    closing_reminders(ended).filter(recipient=participant).update(status=Reminder.Status.SENT)
    do_close_round(round=ended, by=facilitator)
    current = do_open_round(project=project, by=facilitator, title="Now", closes_at=CLOSES_AT)
    # As submitting used to do: the participant's reminder cancelled, the facilitator's not.
    closing_reminders(current).filter(recipient=participant).update(
        status=Reminder.Status.CANCELLED
    )
    opened = Reminder.objects.exclude(pk__in=closing_reminders(ended) | closing_reminders(current))
    notices = sorted(opened.values_list("pk", "title", "status"))
    assert len(notices) == 4, "each member was told each round opened"

    forget_who_answered(django_apps, None)

    assert not closing_reminders(ended).exists()
    kept = closing_reminders(current)
    assert {(r.recipient, r.status) for r in kept} == {
        (facilitator, Reminder.Status.PENDING),
        (participant, Reminder.Status.PENDING),
    }
    assert {r.title for r in kept} == {
        "Answer the checklist “Now” before it closes, if you have not already"
    }
    assert sorted(opened.values_list("pk", "title", "status")) == notices


def test_a_member_who_turned_reminders_off_gets_nothing(project, facilitator, participant):
    Membership.objects.filter(user=participant).update(reminders_enabled=False)
    open_round(project, facilitator)
    result = send_due_reminders(now=at(2030, 4, 9, 9, 0))
    assert (result.sent, result.skipped) == (1, 1)
    assert [m.to for m in mail.outbox] == [["fac@example.org"]]


def test_closing_a_round_early_cancels_its_reminders(project, facilitator, participant):
    round = open_round(project, facilitator)
    do_close_round(round=round, by=facilitator)
    assert not Reminder.objects.pending().exists()
    assert send_due_reminders(now=at(2030, 4, 9, 9, 0)).sent == 0


def test_a_round_closed_while_a_sweep_holds_its_reminders_sends_none(
    project, facilitator, participant
):
    round = open_round(project, facilitator)
    now = at(2030, 4, 9, 9, 0)
    held = claim_due_reminders(now=now, limit=10)
    assert len(held) == 2
    do_close_round(round=round, by=facilitator)
    result = send_batch(held, now=now)
    assert (result.sent, result.skipped) == (0, 2)
    assert not mail.outbox


def test_opening_a_new_round_over_a_lapsed_one_moves_the_reminders(
    project, facilitator, participant
):
    lapsed = open_round(project, facilitator, closes_at=timezone.now() + datetime.timedelta(1))
    Round.objects.filter(pk=lapsed.pk).update(closes_at=timezone.now())  # past, not yet closed
    current = open_round(project, facilitator)
    pending = Reminder.objects.pending()
    assert {r.dedupe_key.split(":")[1] for r in pending} == {str(current.pk)}
    assert pending.count() == 2


def test_a_member_who_joins_an_open_round_is_reminded(project, facilitator):
    round = open_round(project, facilitator)
    newcomer = UserFactory(email="newcomer@example.org")
    watcher = UserFactory(email="watcher@example.org")
    for user, role in [(newcomer, "participant"), (watcher, "observer")]:
        stakeholder = StakeholderFactory(project=project, email=user.email)
        invitation = do_invite_stakeholder(
            stakeholder=stakeholder, role=role, invited_by=facilitator
        )
        do_accept_invitation(invitation=invitation, user=user)
    assert reminded(round) == {facilitator, newcomer}


def test_becoming_an_observer_stops_the_reminder_and_back_again_restores_it(
    project, facilitator, participant
):
    round = open_round(project, facilitator)
    member = membership(participant, project)
    do_change_role(membership=member, role=Role.OBSERVER, perspective="community")
    assert reminded(round) == {facilitator}
    do_change_role(membership=member, role=Role.PARTICIPANT, perspective="community")
    assert reminded(round) == {facilitator, participant}


def test_a_member_who_leaves_is_not_reminded(project, facilitator, participant):
    round = open_round(project, facilitator)
    do_remove_member(membership=membership(participant, project))
    assert reminded(round) == {facilitator}


def test_opening_a_round_takes_the_same_queries_however_many_members(db):
    def queries_to_open(members: int) -> int:
        project = ProjectFactory()
        facilitator = MembershipFactory(project=project, role=Role.FACILITATOR).user
        for _ in range(members):
            MembershipFactory(project=project, role=Role.PARTICIPANT)
        with CaptureQueriesContext(connection) as queries:
            do_open_round(
                project=project, by=facilitator, title="Spring check", closes_at=CLOSES_AT
            )
        # The news that it opened, and the reminder before it closes, for each of them.
        assert Reminder.objects.filter(project=project).count() == 2 * (members + 1)
        return len(queries)

    # 20 members: their reminders fit one insert on SQLite too (it caps an insert's parameters).
    assert queries_to_open(2) == queries_to_open(20)


def calendar_events(client, user, project) -> dict:
    token = do_renew_calendar_feed(membership=membership(user, project))
    feed = client.get(reverse("calendar-feed", args=[token]))
    return {
        str(e["summary"]): e.decoded("dtstart")
        for e in Calendar.from_ical(feed.content).walk("VEVENT")
    }


def test_calendar_feed_shows_the_round_closing_to_those_who_can_answer(
    client, project, facilitator, participant, observer
):
    round = open_round(project, facilitator)
    # An all-day event on the date chosen, 10 April: not a meeting at midnight on the 11th.
    closing = "Last day to answer the power dynamics check “Spring check”"
    assert calendar_events(client, participant, project)[closing] == datetime.date(2030, 4, 10)
    assert closing not in calendar_events(client, observer, project)
    do_close_round(round=round, by=facilitator)
    assert closing not in calendar_events(client, participant, project)


def test_timeline_shows_rounds_opened_and_closed(as_user, project, facilitator):
    round = open_round(project, facilitator)
    do_close_round(round=round, by=facilitator)
    page = as_user(facilitator).get(reverse("projects-events", args=[project.slug]))
    text = page.content.decode()
    assert (
        "Opened the power dynamics check “Spring check”, open until the end of 10 April 2030."
        in text
    )
    assert "Closed the power dynamics check “Spring check”." in text


@pytest.fixture(autouse=True)
def before_the_round(monkeypatch):
    """Every test here happens in March 2030, before CLOSES_AT."""
    moment = at(2030, 3, 1, 12, 0)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_everyone_who_can_answer_is_emailed_when_a_round_opens(
    project, facilitator, participant, observer, settings
):
    settings.SITE_URL = "https://coproduce.example.org"
    round = do_open_round(
        project=project, by=facilitator, title="Spring check", closes_at=CLOSES_AT
    )
    assert send_due_reminders().sent == 2
    [message] = [m for m in mail.outbox if m.to == [participant.email]]
    assert "A new checklist round is open: please answer “Spring check”" in message.subject
    assert "until the end of 10 April 2030" in message.subject
    link = reverse("powercheck-respond", args=[project.slug, round.pk, 1])
    assert f"https://coproduce.example.org{link}" in message.body
    assert not [m for m in mail.outbox if m.to == [observer.email]]
    # The news goes once; the reminder two days before closing is still to come.
    mail.outbox.clear()
    assert send_due_reminders().sent == 0
    assert Reminder.objects.pending().filter(recipient=participant).count() == 1


def test_a_member_who_turned_reminders_off_is_not_told_a_round_opened(
    project, facilitator, participant
):
    Membership.objects.filter(user=participant).update(reminders_enabled=False)
    do_open_round(project=project, by=facilitator, title="Spring check", closes_at=CLOSES_AT)
    send_due_reminders()
    assert [m.to for m in mail.outbox] == [[facilitator.email]]


def test_a_reminder_sent_is_not_sent_again_when_the_round_is_read_back_in_utc(
    project, facilitator, participant
):
    # The round was opened with its closing time in London's time (as the form gives it);
    # a member joining later brings the reminders up to date from the database, in UTC.
    round = open_round(project, facilitator)
    assert send_due_reminders(now=at(2030, 4, 9, 9, 0)).sent == 2
    mail.outbox.clear()

    sync_round_reminders(Round.objects.get(pk=round.pk))

    assert send_due_reminders(now=at(2030, 4, 9, 10, 0)).sent == 0
    assert not mail.outbox
    assert not Reminder.objects.filter(status=Reminder.Status.CANCELLED).exists()


def test_reminder_keys_kept_from_before_are_written_in_utc(project, facilitator, participant):
    write_keys_in_utc = importlib.import_module(
        "reminders.migrations.0004_keys_in_utc"
    ).write_keys_in_utc
    round = open_round(project, facilitator)
    closing = closing_reminders(round)
    keys = sorted(closing.values_list("dedupe_key", flat=True))
    in_london = [
        key.replace("2030-04-10T23:00:00+00:00", "2030-04-11T00:00:00+01:00") for key in keys
    ]
    for reminder, old_key in zip(closing.order_by("dedupe_key"), in_london, strict=True):
        Reminder.objects.filter(pk=reminder.pk).update(dedupe_key=old_key)

    write_keys_in_utc(django_apps, None)

    assert sorted(closing_reminders(round).values_list("dedupe_key", flat=True)) == keys
    assert keys[0].endswith(":2030-04-10T23:00:00+00:00")
