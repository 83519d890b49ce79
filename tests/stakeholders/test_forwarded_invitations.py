"""Invitation links get forwarded and scanned: tried as someone who was not invited would."""

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from projects.models import AuditEvent, Membership
from stakeholders.actions import do_invite_stakeholder
from stakeholders.models import Invitation, Stakeholder
from tests.factories import StakeholderFactory, UserFactory

LINK = re.compile(r"/invitations/([\w-]+)/")
RECORDED = ["asha@example.org", "Uses a wheelchair", "Prefers phone calls", "Asha Patel"]


@pytest.fixture
def asha(project):
    return StakeholderFactory(
        project=project,
        name="Asha Patel",
        email="asha@example.org",
        category="lived_experience",
        access_needs="Uses a wheelchair",
        notes="Prefers phone calls",
        consent_recorded_at=timezone.now(),
    )


@pytest.fixture
def link(asha, facilitator) -> str:
    do_invite_stakeholder(stakeholder=asha, role="participant", invited_by=facilitator)
    return "/invitations/" + LINK.search(mail.outbox[-1].body).group(1) + "/"


def accept(client, link: str):
    client.get(link)
    return client.post(reverse("invitations-respond"), {"answer": "accept"})


def test_another_account_joins_with_a_forwarded_link_and_gets_nothing_about_the_invitee(
    as_user, outsider, asha, link, project
):
    client = as_user(outsider)
    client.get(link)
    page = client.get(reverse("invitations-respond")).content.decode()
    assert "This invitation was sent to another email address than yours." in page
    assert "asha@example.org" not in page
    response = client.post(reverse("invitations-respond"), {"answer": "accept"})
    assert response["Location"] == project.get_absolute_url()
    membership = Membership.objects.get(user=outsider, project=project)
    assert membership.perspective == "", "not the perspective recorded for the invitee"
    assert Stakeholder.objects.get(pk=asha.pk).user is None
    download = client.get(reverse("account-data")).content.decode()
    for recorded in RECORDED:
        assert recorded not in download, recorded
    assert json.loads(download)["memberships"][0]["project"] == project.title


def test_the_facilitator_sees_who_joined_with_the_link(
    as_user, facilitator, outsider, asha, link, project
):
    accept(as_user(outsider), link)
    client = as_user(facilitator)
    detail = client.get(asha.get_absolute_url()).content.decode()
    assert escape(outsider.display_name) in detail and outsider.email in detail
    assert "Joined from another email address than the one invited: this may not be Asha" in detail
    listing = client.get(reverse("stakeholders-list", args=[project.slug])).content.decode()
    assert "by another email address" in listing
    timeline = client.get(reverse("projects-events", args=[project.slug])).content.decode()
    assert (
        f"{escape(outsider.display_name)} joined as a participant with an invitation sent to"
        in timeline
    )


def test_the_invitee_joins_as_themselves_and_sees_what_was_recorded(as_user, asha, link, project):
    invitee = UserFactory(email="Asha@Example.org".lower(), name="Asha")
    client = as_user(invitee)
    assert "another email address" not in client.get(link, follow=True).content.decode()
    client.post(reverse("invitations-respond"), {"answer": "accept"})
    assert Stakeholder.objects.get(pk=asha.pk).user == invitee
    assert Membership.objects.get(user=invitee).perspective == "community"
    download = json.loads(client.get(reverse("account-data")).content)
    [record] = download["recorded_about_you"]
    assert (record["access_needs"], record["notes"]) == ("Uses a wheelchair", "Prefers phone calls")
    detail = as_user(project.facilitators().get().user).get(asha.get_absolute_url())
    assert "another email address" not in detail.content.decode()


def test_opening_the_decline_page_declines_nothing(client, asha, link):
    """A mail scanner or a browser prefetching links only ever makes GET requests."""
    client.get(link)
    for url in [link, reverse("invitations-respond"), reverse("invitations-decline")]:
        for _ in range(3):
            client.get(url)
    client.head(reverse("invitations-decline"))
    assert Invitation.objects.get().status == "sent"
    page = client.get(reverse("invitations-decline")).content.decode()
    assert "Yes, decline the invitation" in page


def test_one_tap_on_the_invitation_page_does_not_decline(client, asha, link):
    client.get(link)
    response = client.post(reverse("invitations-respond"), {"answer": "decline"})
    assert response["Location"] == reverse("invitations-decline")
    assert Invitation.objects.get().status == "sent"
    client.post(reverse("invitations-decline"))
    assert Invitation.objects.get().status == "declined"


def test_declining_from_another_site_is_refused(asha, link):
    browser = Client(enforce_csrf_checks=True)
    browser.get(link)
    assert browser.post(reverse("invitations-decline")).status_code == 403
    assert Invitation.objects.get().status == "sent"


def test_declining_without_the_link_finds_nothing(client, asha, link):
    assert client.post(reverse("invitations-decline")).status_code == 404
    assert Invitation.objects.get().status == "sent"
    assert not AuditEvent.objects.filter(verb="declined").exists()
