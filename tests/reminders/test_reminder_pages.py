"""Project details, the reminders page, my settings, one-click stop links and calendar feeds."""

import datetime
import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from coproduce.logfilters import HideSecretPaths
from projects.models import Membership, Project
from reminders.actions import do_renew_calendar_feed
from reminders.models import CalendarFeed, Reminder
from reminders.sweep import get_stop_token
from tests.factories import (
    CommunicationItemFactory,
    ReminderFactory,
    RoundFactory,
    UserFactory,
)


def details(project, **changes) -> dict:
    data = {
        "title": project.title,
        "organisation": project.organisation,
        "status": project.status,
        "start_date": "",
        "end_date": "",
        "review_date": "",
        "time_zone": project.time_zone,
        "version": project.version,
    }
    return {**data, **changes}


def test_facilitator_sets_the_review_date_and_sees_the_reminder(as_user, project, facilitator):
    client = as_user(facilitator)
    review = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        reverse("projects-edit", args=[project.slug]),
        details(project, review_date=review.isoformat(), status="active"),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.review_date, project.status, project.version) == (review, "active", 2)
    page = client.get(reverse("reminders-list", args=[project.slug])).content.decode()
    assert "Review the charter of Healthy Streets" in page
    assert facilitator.display_name in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "This field is required."),
        ({"time_zone": "Mars/Olympus_Mons"}, "Select a valid choice."),
        ({"review_date": "31/31/2030"}, "Enter a valid date."),
        (
            {"start_date": "2030-05-01", "end_date": "2030-04-01"},
            "The end date must be on or after",
        ),
        ({"status": "paused"}, "Select a valid choice."),
    ],
)
def test_bad_project_details_are_explained_and_nothing_saved(
    as_user, project, facilitator, changes, message
):
    response = as_user(facilitator).post(
        reverse("projects-edit", args=[project.slug]),
        details(project, organisation="Typed organisation", **changes),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "Typed organisation" in page
    project.refresh_from_db()
    assert project.version == 1 and project.organisation != "Typed organisation"
    assert not Reminder.objects.exists()


def test_two_facilitators_editing_at_once_are_told_and_nothing_is_lost(
    as_user, project, facilitator
):
    stale = details(project, title="My title")
    Project.objects.filter(pk=project.pk).update(title="Their title", version=2)
    response = as_user(facilitator).post(reverse("projects-edit", args=[project.slug]), stale)
    page = response.content.decode()
    assert response.status_code == 422
    assert "Someone else changed this project" in page
    assert "Their title" in page and 'value="My title"' in page
    assert Project.objects.get().title == "Their title"


def test_reminders_page_is_paginated_with_flat_queries(
    as_user, project, facilitator, django_assert_max_num_queries
):
    ReminderFactory.create_batch(30, project=project, recipient=facilitator)
    client = as_user(facilitator)
    with django_assert_max_num_queries(8):
        first = client.get(reverse("reminders-list", args=[project.slug]))
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(reverse("reminders-list", args=[project.slug]) + "?page=2")
    assert second.content.decode().count("<tr>") == 1 + 5


def test_reminders_page_empty_state_says_what_to_do(as_user, project, facilitator):
    page = as_user(facilitator).get(reverse("reminders-list", args=[project.slug]))
    assert "Set a charter review date" in page.content.decode()


def test_member_turns_reminders_off_in_their_settings(as_user, project, participant):
    client = as_user(participant)
    response = client.post(reverse("reminders-my-settings", args=[project.slug]), {})
    assert response.status_code == 302
    assert not Membership.objects.get(user=participant).reminders_enabled
    page = client.get(response["Location"]).content.decode()
    assert "Reminders turned off." in page
    client.post(reverse("reminders-my-settings", args=[project.slug]), {"reminders_enabled": "on"})
    assert Membership.objects.get(user=participant).reminders_enabled


def test_one_click_stop_link_asks_then_turns_off(client, project, participant):
    membership = Membership.objects.get(user=participant)
    url = reverse("reminders-stop", args=[get_stop_token(membership.pk)])
    page = client.get(url).content.decode()
    assert "Stop reminders?" in page and "Healthy Streets" in page
    membership.refresh_from_db()
    assert membership.reminders_enabled, "opening the link alone changes nothing"
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert "Reminders turned off" in response.content.decode()
    membership.refresh_from_db()
    assert not membership.reminders_enabled


def test_one_click_stop_works_without_a_csrf_token(project, participant):
    from django.test import Client

    membership = Membership.objects.get(user=participant)
    client = Client(enforce_csrf_checks=True)
    url = reverse("reminders-stop", args=[get_stop_token(membership.pk)])
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Membership.objects.get(pk=membership.pk).reminders_enabled


@pytest.mark.parametrize("token", ["nonsense", "MQ:1abc:forged", "1:tampered"])
def test_a_forged_stop_link_is_404(client, project, participant, token):
    response = client.post(reverse("reminders-stop", args=[token]))
    assert response.status_code == 404
    assert "Healthy Streets" not in response.content.decode()
    assert Membership.objects.get(user=participant).reminders_enabled


def test_a_stop_link_for_another_purpose_is_refused(client, project, participant):
    from django.core import signing

    membership = Membership.objects.get(user=participant)
    other_salt = signing.dumps(membership.pk, salt="something.else")
    assert client.get(reverse("reminders-stop", args=[other_salt])).status_code == 404


def test_calendar_feed_lists_the_projects_dates(as_user, client, project, participant):
    Project.objects.filter(pk=project.pk).update(
        start_date=datetime.date(2030, 1, 6), review_date=datetime.date(2030, 6, 1)
    )
    response = as_user(participant).post(
        reverse("reminders-my-calendar", args=[project.slug]), {"action": "renew"}
    )
    page = response.content.decode()
    assert "shown only once" in page
    feed_path = page.split('value="http://127.0.0.1:8000', 1)[1].split('"', 1)[0]
    assert response["Cache-Control"].startswith("max-age=0")
    client.logout()
    feed = client.get(feed_path)
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    events = {
        str(e["summary"]): e.decoded("dtstart")
        for e in Calendar.from_ical(feed.content).walk("VEVENT")
    }
    assert events == {
        "Healthy Streets starts": datetime.date(2030, 1, 6),
        "Review the charter of Healthy Streets": datetime.date(2030, 6, 1),
    }


def test_the_secret_is_stored_only_as_a_hash(project, participant):
    token = do_renew_calendar_feed(membership=Membership.objects.get(user=participant))
    stored = CalendarFeed.objects.get().token_hash
    assert token not in stored and len(stored) == 64


@pytest.fixture
def feed_token(project, participant) -> str:
    return do_renew_calendar_feed(membership=Membership.objects.get(user=participant))


def test_a_new_calendar_address_stops_the_old_one(client, project, participant, feed_token):
    assert client.get(reverse("calendar-feed", args=[feed_token])).status_code == 200
    do_renew_calendar_feed(membership=Membership.objects.get(user=participant))
    assert client.get(reverse("calendar-feed", args=[feed_token])).status_code == 404


def test_revoked_and_wrong_calendar_tokens_look_the_same(
    as_user, client, project, participant, feed_token, caplog
):
    as_user(participant).post(
        reverse("reminders-my-calendar", args=[project.slug]), {"action": "revoke"}
    )
    assert not CalendarFeed.objects.exists()
    client.logout()
    with caplog.at_level(logging.WARNING):
        revoked = client.get(reverse("calendar-feed", args=[feed_token]))
        wrong = client.get(reverse("calendar-feed", args=["x" * 43]))
    assert revoked.status_code == wrong.status_code == 404
    # CSRF tokens are masked afresh on every page (the htmx header, the language switch).
    csrf = re.compile(rb'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"')
    assert csrf.sub(b"", revoked.content) == csrf.sub(b"", wrong.content)
    assert "Healthy Streets" not in revoked.content.decode()
    logged = "\n".join(handler_format(r) for r in caplog.records)
    assert "Not Found: /calendar/[hidden]" in logged
    assert feed_token not in logged and "x" * 43 not in logged
    assert any(
        isinstance(f, HideSecretPaths) for h in logging.getLogger().handlers for f in h.filters
    ), "the console handler hides secrets"


def handler_format(record: logging.LogRecord) -> str:
    """The record as the console handler writes it, after the site's filters."""
    HideSecretPaths().filter(record)
    return record.getMessage()


def test_a_member_who_left_loses_their_feed(client, project, participant, feed_token):
    Membership.objects.filter(user=participant).delete()
    assert client.get(reverse("calendar-feed", args=[feed_token])).status_code == 404


def test_bad_calendar_action_is_explained(as_user, project, participant):
    response = as_user(participant).post(
        reverse("reminders-my-calendar", args=[project.slug]), {"action": "explode"}
    )
    assert response.status_code == 422
    assert "Choose whether to make or stop a calendar address." in response.content.decode()
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("count", [1, 20])
def test_calendar_feed_query_count_is_flat(client, project, count, django_assert_num_queries):
    for _ in range(count):
        Membership.objects.create(project=project, user=UserFactory(), role="participant")
    membership = Membership.objects.first()
    CommunicationItemFactory.create_batch(count, project=project, owner=membership)
    RoundFactory(project=project)
    token = do_renew_calendar_feed(membership=membership)
    # The feed's membership, then a query or two per source: communication items, rounds,
    # proposals, meetings and actions, self-assessments.
    with django_assert_num_queries(7):
        response = client.get(reverse("calendar-feed", args=[token]))
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == count + 1
