"""What the timeline says about a change: what it was before and what it is now."""

import datetime
import html

import pytest
from django.urls import reverse

from agreements.models import CommunicationItem
from projects.models import AuditEvent, Membership, Project
from tests.factories import CommunicationItemFactory


def timeline(client, project) -> str:
    page = client.get(reverse("projects-events", args=[project.slug])).content.decode()
    return html.unescape(page)


def details(project, **changes) -> dict:
    """The project details form as it is filled in now, with these changes."""
    data = {
        "title": project.title,
        "organisation": project.organisation,
        "status": project.status,
        "start_date": project.start_date.isoformat() if project.start_date else "",
        "end_date": project.end_date.isoformat() if project.end_date else "",
        "review_date": project.review_date.isoformat() if project.review_date else "",
        "time_zone": project.time_zone,
        "version": project.version,
    }
    return {**data, **changes}


@pytest.fixture
def dated(project):
    Project.objects.filter(pk=project.pk).update(
        start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2027, 3, 1)
    )
    project.refresh_from_db()
    return project


@pytest.mark.parametrize(
    "changes, line",
    [
        ({"end_date": ""}, "Changed the end date from 1 March 2027 to none."),
        ({"status": "active"}, "Changed the status from Planning to Active."),
        (
            {"start_date": "2026-10-05"},
            "Changed the start date from 1 September 2026 to 5 October 2026.",
        ),
        (
            {"review_date": "2027-01-15"},
            "Changed the charter review date from none to 15 January 2027.",
        ),
        (
            {"title": "Healthier Streets"},
            "Renamed the project from “Healthy Streets” to “Healthier Streets”.",
        ),
        (
            {"organisation": ""},
            "Changed the lead organisation from “Northbridge City Council” to none.",
        ),
        (
            {"time_zone": "America/New_York"},
            "Changed the time zone from Europe/London to America/New York.",
        ),
    ],
)
def test_each_change_to_the_details_says_from_what_to_what(
    as_user, facilitator, dated, changes, line
):
    client = as_user(facilitator)
    response = client.post(reverse("projects-edit", args=[dated.slug]), details(dated, **changes))
    assert response.status_code == 302
    shown = timeline(client, dated)
    assert line in shown
    assert AuditEvent.objects.filter(verb="project changed").count() == 1, "one line per field"


def test_saving_the_details_unchanged_adds_no_line(as_user, facilitator, dated):
    client = as_user(facilitator)
    client.post(reverse("projects-edit", args=[dated.slug]), details(dated))
    assert not AuditEvent.objects.filter(verb="project changed").exists()


def test_several_changes_at_once_are_a_line_each(as_user, facilitator, dated):
    client = as_user(facilitator)
    client.post(
        reverse("projects-edit", args=[dated.slug]),
        details(dated, status="closed", end_date="2027-04-30"),
    )
    shown = timeline(client, dated)
    assert "Changed the status from Planning to Closed." in shown
    assert "Changed the end date from 1 March 2027 to 30 April 2027." in shown


def test_changing_the_aim_says_what_it_was_and_is(as_user, facilitator, project):
    client = as_user(facilitator)
    client.post(
        reverse("projects-aim", args=[project.slug]),
        {"aim": "Children walk to school safely.", "version": project.version},
    )
    assert (
        "Changed the aim from “Streets that are safer to walk and play in.” to “Children walk "
        "to school safely.”." in timeline(client, project)
    )


def test_a_members_role_and_perspective_changes_are_lines(
    as_user, facilitator, participant, project
):
    membership = Membership.objects.get(user=participant)
    client = as_user(facilitator)
    client.post(
        reverse("projects-member-update", args=[project.slug, membership.pk]),
        {"role": "observer", "perspective": "practitioner"},
    )
    shown = timeline(client, project)
    assert f"{participant.display_name} is now an observer." in shown
    assert (
        f"Changed the perspective of {participant.display_name} from Lived experience or "
        "community member to Practitioner." in shown
    )


def test_the_communication_plan_is_on_the_timeline(as_user, facilitator, project):
    owner = Membership.objects.get(user=facilitator)
    client = as_user(facilitator)
    data = {
        "audience": "Residents",
        "purpose": "Newsletter",
        "channel": "email",
        "frequency": "monthly",
        "owner": owner.pk,
        "next_due": "2030-01-31",
    }
    client.post(reverse("agreements-communication-create", args=[project.slug]), data)
    item = CommunicationItem.objects.get()
    update = reverse("agreements-communication-update", args=[project.slug, item.pk])
    client.post(update, {**data, "next_due": "2030-02-28", "version": item.version})
    item.refresh_from_db()
    client.post(update, {**data, "next_due": "2030-02-28", "version": item.version})  # unchanged
    item.refresh_from_db()
    client.post(
        update, {**data, "next_due": "2030-02-28", "audience": "Parents", "version": item.version}
    )
    client.post(reverse("agreements-communication-done", args=[project.slug, item.pk]))
    client.post(reverse("agreements-communication-delete", args=[project.slug, item.pk]))
    shown = timeline(client, project)
    for line in [
        "Added to the communication plan: “Newsletter (Residents)”, first due 31 January 2030.",
        "Changed when “Newsletter (Residents)” is next due from 31 January 2030 to 28 February"
        " 2030.",
        "Changed the communication plan item “Newsletter (Parents)”.",
        "Marked “Newsletter (Parents)” as done. It is next due 28 March 2030.",
        "Removed “Newsletter (Parents)” from the communication plan.",
    ]:
        assert line in shown
    assert AuditEvent.objects.filter(verb="communication changed").count() == 5, "unchanged: none"


def test_a_one_off_marked_done_says_it_is_closed(as_user, facilitator, project):
    item = CommunicationItemFactory(
        project=project, purpose="Launch", audience="Press", frequency="once"
    )
    client = as_user(facilitator)
    client.post(reverse("agreements-communication-done", args=[project.slug, item.pk]))
    assert "Marked “Launch (Press)” as done. It was a one-off, so it is closed." in timeline(
        client, project
    )


def test_principles_and_definitions_are_on_the_timeline(as_user, facilitator, project):
    client = as_user(facilitator)
    url = reverse("agreements-principles", args=[project.slug])
    client.post(url, {"sharing-power": "We decide together.", "definitions": ["nihr"]})
    client.post(url, {"sharing-power": "We decide together.", "definitions": ["nihr"]})
    shown = timeline(client, project)
    assert shown.count("Changed what “Sharing of power” means for the project.") == 1
    assert shown.count("Changed the definitions of co-production the group works from.") == 1


def test_stakeholder_lines_never_hold_what_is_sensitive(as_user, facilitator, project):
    client = as_user(facilitator)
    data = {
        "name": "Asha Patel",
        "email": "asha@example.org",
        "category": "carer",
        "power": "2",
        "interest": "4",
        "current_involvement": "inform",
        "intended_involvement": "co_produce",
        "access_needs": "Uses a wheelchair",
        "notes": "Prefers phone calls",
        "consent_recorded": "on",
    }
    client.post(reverse("stakeholders-create", args=[project.slug]), data)
    asha = project.stakeholders.get()
    update = reverse("stakeholders-update", args=[project.slug, asha.pk])
    client.post(update, {**data, "access_needs": "Needs a hearing loop"})
    shown = timeline(client, project)
    assert "Added Asha Patel to the stakeholder map." in shown
    assert "Changed the details of Asha Patel on the stakeholder map." in shown
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    for secret in ["asha@example.org", "wheelchair", "hearing loop", "phone calls"]:
        assert secret not in shown and secret not in summaries
