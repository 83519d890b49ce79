"""A participant on a phone sees only who agreed to be named; a forwarded invitation is
accepted by someone else; declining asks first; an account is deleted."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import Membership
from stakeholders.actions import do_invite_stakeholder
from stakeholders.models import Invitation, Stakeholder
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE
from tests.factories import StakeholderFactory

pytestmark = pytest.mark.browser


def log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My projects")).to_be_visible()


def test_a_participant_on_a_phone_sees_only_who_agreed(new_page, axe_check, participant, project):
    StakeholderFactory(project=project, name="Rowan Quill", seldom_heard=True, power=5)
    StakeholderFactory(project=project, name="Nia Fairweather", named_consent_at=timezone.now())
    StakeholderFactory(project=project, name="Wheels for All", is_organisation=True)
    page = new_page(PHONE)
    log_in(page, participant)
    page.goto(f"/projects/{project.slug}/stakeholders/")
    expect(page.get_by_text("1 more person on the map has not agreed to be named.")).to_be_visible()
    expect(page.get_by_role("link", name="Nia Fairweather")).to_be_visible()
    assert "Rowan" not in page.content()
    axe_check(page)
    page.get_by_role("link", name="Power and interest grid").click()
    expect(page.get_by_text("2 more people on the map are not shown.")).to_be_visible()
    expect(page.locator("svg.grid-chart a")).to_have_count(1)
    assert "Rowan" not in page.content() and "Nia" not in page.content()
    axe_check(page)
    page.goto(f"/projects/{project.slug}/stakeholders/")
    page.get_by_role("link", name="Nia Fairweather").click()
    expect(
        page.get_by_text("Where people sit on the grid is kept by the facilitators.")
    ).to_be_visible()
    axe_check(page)


def test_a_forwarded_invitation_declining_and_deleting_an_account(
    new_page, live_server, settings, axe_check, facilitator, project
):
    settings.SITE_URL = live_server.url
    asha = StakeholderFactory(project=project, name="Asha Patel", email="asha@example.org")
    do_invite_stakeholder(stakeholder=asha, role="participant", invited_by=facilitator)
    link = re.search(r"http://\S+/invitations/[\w-]+/", mail.outbox[-1].body)[0]

    friend = new_page(PHONE)
    friend.goto(link)
    friend.get_by_label("Email address").fill("friend@example.org")
    friend.get_by_label("Your name").fill("Frankie")
    friend.get_by_role("button", name="Email me a code").click()
    expect(friend.get_by_role("heading", name="Enter the code we emailed you")).to_be_visible()
    code = re.search(r"\n\n([A-Z0-9-]{6,14})\n\n", mail.outbox[-1].body)[1]
    friend.get_by_label("Code from the email").fill(code)
    friend.get_by_role("button", name="Confirm my email address").click()
    expect(friend.get_by_text("This invitation was sent to another email address")).to_be_visible()
    axe_check(friend)
    friend.get_by_role("button", name="Accept and join").click()
    expect(friend.get_by_role("heading", name="Healthy Streets", level=1)).to_be_visible()
    assert Stakeholder.objects.get(pk=asha.pk).user is None

    page = new_page()
    log_in(page, facilitator)
    page.goto(asha.get_absolute_url())
    expect(
        page.get_by_text("Joined from another email address than the one invited")
    ).to_be_visible()
    axe_check(page)

    do_invite_stakeholder(
        stakeholder=StakeholderFactory(project=project, email="derek@example.org"),
        role="participant",
        invited_by=facilitator,
    )
    stranger = new_page(PHONE)
    stranger.goto(re.search(r"http://\S+/invitations/[\w-]+/", mail.outbox[-1].body)[0])
    stranger.get_by_role("link", name="Decline the invitation").click()
    expect(
        stranger.get_by_role("heading", name=re.compile("^Decline the invitation"))
    ).to_be_visible()
    axe_check(stranger)
    assert Invitation.objects.filter(declined_at__isnull=False).count() == 0
    stranger.get_by_role("button", name="Yes, decline the invitation").click()
    expect(stranger.get_by_role("heading", name="You have declined the invitation")).to_be_visible()

    friend.goto("/accounts/me/delete/")
    expect(friend.get_by_role("heading", name="What is kept, without your name")).to_be_visible()
    axe_check(friend)
    friend.get_by_label("Type the name to confirm").fill("friend@example.org")
    friend.get_by_role("button", name="Delete my account").click()
    expect(
        friend.get_by_text("Your account and everything held about you were deleted.")
    ).to_be_visible()
    assert not Membership.objects.filter(user__email="friend@example.org").exists()
