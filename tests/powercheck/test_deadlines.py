"""A round chosen to close on 20 December is open until the end of 20 December, in the project's
time zone, and every page, email, calendar and charter says so (never "21 December, 00:00")."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from coproduce.dates import end_of_day
from powercheck.actions import check_round_open, do_close_round
from powercheck.models import Round
from projects.models import Membership, Project
from reminders.actions import do_renew_calendar_feed
from reminders.models import Reminder
from reminders.sweep import send_due_reminders
from tests.factories import RoundFactory

# The site's own zone is London; these projects are there and on either side of it.
ZONES = ["Europe/London", "America/New_York", "Pacific/Auckland"]
CHOSEN = datetime.date(2030, 12, 20)
UNTIL = "until the end of 20 December 2030"


@pytest.fixture(params=ZONES)
def zone(request, project) -> zoneinfo.ZoneInfo:
    Project.objects.filter(pk=project.pk).update(time_zone=request.param)
    project.refresh_from_db()
    return project.zone


@pytest.fixture
def round(as_user, project, zone, facilitator, participant) -> Round:
    """A round opened on the form, closing on 20 December 2030."""
    response = as_user(facilitator).post(
        reverse("powercheck-round-create", args=[project.slug]),
        {"title": "Winter check", "closes_on": CHOSEN.isoformat(), "anonymous": "on"},
    )
    assert response.status_code == 302
    send_due_reminders()  # the news that it opened, so that what remains is the reminders
    mail.outbox.clear()
    return Round.objects.get()


def text_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_round_closes_at_the_end_of_the_chosen_day_in_the_projects_zone(round, zone):
    assert round.closes_at == datetime.datetime(2030, 12, 21, 0, 0, tzinfo=zone)


def test_the_pages_show_the_chosen_date(as_user, project, round, participant, facilitator):
    client = as_user(participant)
    pages = {
        "overview": text_of(client, project.get_absolute_url()),
        "index": text_of(client, reverse("powercheck-index", args=[project.slug])),
        "results": text_of(client, reverse("powercheck-results", args=[project.slug, round.pk])),
        "respond": text_of(client, reverse("powercheck-respond", args=[project.slug, round.pk, 1])),
    }
    assert f"A round is open {UNTIL}." in pages["overview"]
    assert f"Open {UNTIL}." in pages["index"]
    assert f"Open {UNTIL}</td>" in pages["index"]
    # An anonymous round shows its results only once it has closed.
    assert f"Still open {UNTIL}." in pages["results"]
    assert f"Answers are accepted {UNTIL}." in pages["respond"]
    close = text_of(
        as_user(facilitator), reverse("powercheck-round-close", args=[project.slug, round.pk])
    )
    assert f"Otherwise it stays open {UNTIL}." in close
    for name, page in {**pages, "close": close}.items():
        assert "21 December" not in page and "21 Dec" not in page, name
        assert "00:00" not in page, name


def test_the_timeline_line_says_the_chosen_date(as_user, project, round, facilitator):
    page = text_of(as_user(facilitator), reverse("projects-events", args=[project.slug]))
    assert f"Opened the power dynamics check “Winter check”, open {UNTIL}." in page


def test_the_charter_says_the_chosen_date(as_user, project, round, facilitator):
    page = text_of(as_user(facilitator), reverse("charter-preview", args=[project.slug]))
    assert f"Winter check: still open {UNTIL}." in page
    assert "21 December" not in page


def test_the_reminder_email_says_the_chosen_date(project, round, participant):
    reminder = round_reminder(participant)
    assert send_due_reminders(now=reminder.due_at).sent == 2  # the facilitator too
    [message] = [m for m in mail.outbox if m.to == [participant.email]]
    assert "Open: until the end of Friday 20 December 2030" in message.body
    assert "until the end of Friday 20 December 2030" in message.alternatives[0][0]
    assert "21 December" not in message.body


def round_reminder(user) -> Reminder:
    return Reminder.objects.pending().get(kind=Reminder.Kind.ROUND_CLOSING, recipient=user)


def test_the_calendar_has_an_all_day_event_on_the_chosen_date(client, project, round, participant):
    token = do_renew_calendar_feed(membership=Membership.objects.get(user=participant))
    feed = client.get(reverse("calendar-feed", args=[token])).content
    [event] = [
        e for e in Calendar.from_ical(feed).walk("VEVENT") if "Winter check" in str(e["summary"])
    ]
    assert str(event["summary"]) == "Last day to answer the power dynamics check “Winter check”"
    assert event.decoded("dtstart") == CHOSEN
    assert b"DTSTART;VALUE=DATE:20301220" in feed


@pytest.fixture
def ended_round(project, zone) -> Round:
    """A round that ran to its closing date, 20 December 2020."""
    return RoundFactory(
        project=project,
        title="Last winter",
        closes_at=end_of_day(datetime.date(2020, 12, 20), zone),
    )


def test_a_round_that_ran_to_its_date_closed_on_that_date(
    as_user, project, ended_round, facilitator
):
    client = as_user(facilitator)
    results = text_of(client, reverse("powercheck-results", args=[project.slug, ended_round.pk]))
    assert "Closed on 20 December 2020." in results
    index = text_of(client, reverse("powercheck-index", args=[project.slug]))
    assert ">20 Dec 2020</td>" in index
    charter = text_of(client, reverse("charter-preview", args=[project.slug]))
    assert "Last winter: closed on 20 December 2020." in charter
    with pytest.raises(ValidationError, match=r"This round closed on 20 December 2020\."):
        check_round_open(ended_round)
    for page in (results, index, charter):
        assert "21 December 2020" not in page and "21 Dec 2020" not in page


def test_closing_a_round_early_shows_the_day_it_was_closed(as_user, project, round, participant):
    do_close_round(round=round)
    round.refresh_from_db()
    local_day = round.closed_at.astimezone(project.zone).date()
    results = text_of(
        as_user(participant), reverse("powercheck-results", args=[project.slug, round.pk])
    )
    assert f"Closed on {local_day.day} {local_day:%B %Y}." in results
