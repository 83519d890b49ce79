"""Time: proposed from what other parts record, added by the contributor, approved by a
facilitator at the rate of its date; contributors see their own log and totals."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import Membership, Project
from projects.overview import get_todo
from reciprocity.actions import do_confirm_involvement, do_decide_time, do_set_eligibility
from reciprocity.models import TimeEntry
from tests.reciprocity import helpers


def mine(client, project):
    return client.get(reverse("reciprocity-mine", args=[project.slug])).content.decode()


def test_time_on_record_is_offered_and_added_once(client, project, participant, attendance):
    attendance(project, participant, "meetings.attendance:7", hours="1.5")
    client.force_login(participant)
    assert "Steering group" in mine(client, project)
    url = reverse("reciprocity-time-confirm", args=[project.slug])
    client.post(url, {"key": "meetings.attendance:7"})
    entry = TimeEntry.objects.get(user=participant)
    assert (entry.hours, entry.date, entry.status) == (
        Decimal("1.50"),
        datetime.date(2030, 3, 4),
        TimeEntry.Status.SUBMITTED,
    )
    assert "Add to my log" not in mine(client, project)
    response = client.post(url, {"key": "meetings.attendance:7"}, follow=True)
    assert "already in your log" in response.content.decode()
    assert TimeEntry.objects.filter(user=participant).count() == 1


def test_nobody_confirms_someone_elses_record(project, participant, facilitator, attendance):
    attendance(project, participant, "meetings.attendance:7")
    with pytest.raises(ValidationError):
        do_confirm_involvement(project=project, user=facilitator, key="meetings.attendance:7")


def test_time_to_confirm_is_on_the_contributors_todo(project, facilitator, participant, attendance):
    # The choice is asked for once the project has said what it offers.
    helpers.policy(project, facilitator)
    attendance(project, participant, "meetings.attendance:7")
    attendance(project, participant, "meetings.attendance:8")
    membership = Membership.objects.get(user=participant)
    titles = [item.title for item in get_todo(membership)]
    assert "Confirm 2 pieces of time you gave" in titles
    assert "Choose whether you want to be paid for your time" in titles


def test_facilitators_are_asked_to_approve_time(project, facilitator, participant):
    helpers.time(project, participant)
    membership = Membership.objects.get(user=facilitator)
    assert "Approve 1 piece of time" in [item.title for item in get_todo(membership)]


def test_logging_time_keeps_what_was_typed_when_hours_are_negative(client, project, participant):
    client.force_login(participant)
    response = client.post(
        reverse("reciprocity-time-create", args=[project.slug]),
        {"activity": "meeting", "date": "2030-01-02", "hours": "-2", "description": "Walk"},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "not a negative number" in page
    assert 'value="Walk"' in page and 'value="2030-01-02"' in page
    assert not TimeEntry.objects.exists()


def test_no_time_is_added_to_a_closed_project(client, project, participant):
    Project.objects.filter(pk=project.pk).update(status=Project.Status.CLOSED)
    client.force_login(participant)
    response = client.post(
        reverse("reciprocity-time-create", args=[project.slug]),
        {"activity": "meeting", "date": "2030-01-02", "hours": "2", "description": "Walk"},
    )
    assert response.status_code == 422
    assert "This project is closed" in response.content.decode()
    assert not TimeEntry.objects.exists()


@pytest.mark.parametrize(
    ("choice", "not_eligible", "paid"),
    [
        ("paid", False, "40.00"),
        ("paid", True, "0.00"),
        ("expenses", False, "0.00"),
        ("neither", False, "0.00"),
    ],
)
def test_only_paid_eligible_contributors_are_paid_for_time(
    project, facilitator, participant, choice, not_eligible, paid
):
    helpers.rate(project, facilitator, amount="20.00")
    helpers.paid(project, participant, choice=choice)
    if not_eligible:
        do_set_eligibility(
            project=project,
            user=participant,
            not_eligible=True,
            reason="NHS",
            version=None,
            by=facilitator,
        )
    entry = do_decide_time(entry=helpers.time(project, participant), approve=True, by=facilitator)
    assert entry.amount == Decimal(paid)


def test_a_contributor_sees_their_log_and_totals_but_not_anyone_elses(
    client, project, facilitator, participant
):
    helpers.rate(project, facilitator, amount="20.00")
    helpers.paid(project, participant)
    helpers.paid(project, facilitator)
    do_decide_time(
        entry=helpers.time(project, participant, hours="1.5"), approve=True, by=facilitator
    )
    helpers.time(project, participant, hours="1", description="Read the survey")
    do_decide_time(
        entry=helpers.time(project, facilitator, hours="7", description="Facilitator's own"),
        approve=True,
        by=facilitator,
    )
    client.force_login(participant)
    page = mine(client, project)
    assert "1.5 hours" in page and "£30.00" in page
    assert "Read the survey" in page and "Waiting for a facilitator" in page
    assert "Facilitator&#x27;s own" not in page and "£140.00" not in page


def test_deciding_time_twice_is_refused(project, facilitator, participant):
    entry = helpers.time(project, participant)
    do_decide_time(entry=entry, approve=False, by=facilitator)
    with pytest.raises(ValidationError):
        do_decide_time(entry=entry, approve=True, by=facilitator)


def test_totals_per_activity_for_facilitators(client, project, facilitator, participant):
    helpers.rate(project, facilitator, amount="20.00")
    helpers.rate(project, facilitator, activity="reading", amount="10.00")
    helpers.paid(project, participant)
    for hours, activity in [("2", "meeting"), ("1", "meeting"), ("3", "reading")]:
        entry = helpers.time(project, participant, hours=hours, activity=activity)
        do_decide_time(entry=entry, approve=True, by=facilitator)
    client.force_login(facilitator)
    page = client.get(reverse("reciprocity-index", args=[project.slug])).content.decode()
    assert '<td data-label="Hours">3</td><td data-label="Paid for time">£60.00</td>' in page
    assert '<td data-label="Hours">3</td><td data-label="Paid for time">£30.00</td>' in page
    client.force_login(participant)
    page = client.get(reverse("reciprocity-index", args=[project.slug])).content.decode()
    assert "£60.00" not in page
