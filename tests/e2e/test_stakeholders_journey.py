"""A facilitator maps three people, sees them on the grid and invites one, who joins."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from projects.models import Membership, Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PEOPLE = [
    ("Asha Patel", "Person with lived experience", "asha@example.org", "2", "5"),
    ("Dr Lee", "Researcher", "", "4", "3"),
    ("Market Traders", "Community or voluntary group", "", "3", "4"),
]


def add_stakeholder(page, name: str, category: str, email: str, power: str, interest: str):
    # The add form, not the list's filter above it (which has a category of its own).
    form = page.locator("form", has=page.get_by_role("button", name="Add to the map"))
    form.get_by_label("Name of the person or group").fill(name)
    form.get_by_label("Email address").fill(email)
    form.get_by_label("Category").select_option(label=category)
    form.get_by_role("group", name="How much power or influence").get_by_label(power).check()
    form.get_by_role("group", name="How interested").get_by_label(interest).check()
    form.get_by_role("button", name="Add to the map").click()
    expect(page.get_by_role("status").filter(has_text=f"{name} was added")).to_be_visible()


def test_map_invite_and_join(new_page, live_server, settings, axe_check, facilitator, project):
    settings.SITE_URL = live_server.url
    page = new_page()
    page.goto(f"/accounts/login/?next=/projects/{project.slug}/")
    axe_check(page)
    page.get_by_label("Email address").fill(facilitator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Who is involved").first.click()
    expect(page.get_by_role("heading", name="Who is involved", level=1)).to_be_visible()
    expect(page.get_by_text("Nobody has been mapped yet.")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Add to the map").click()  # nothing filled in
    expect(page.get_by_text("There is a problem")).to_be_visible()
    axe_check(page)
    url_before = page.url
    for person in PEOPLE:
        add_stakeholder(page, *person)
    assert page.url == url_before, "adding stakeholders should not reload the page"
    expect(page.locator("tr[id^=stakeholder-]")).to_have_count(3)
    expect(page.get_by_text("Nobody has been mapped as:")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Power and interest grid").click()
    chart = page.locator("svg.grid-chart")
    expect(chart.locator("a")).to_have_count(3)
    expect(
        chart.get_by_role("link", name=re.compile("^Asha Patel: Person with lived"))
    ).to_be_visible()
    axe_check(page)
    chart.get_by_role("link", name=re.compile("^Asha Patel")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Asha Patel", level=1)).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Invite to join").click()
    axe_check(page)
    page.get_by_label("Participant").check()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("An invitation was emailed to asha@example.org.")).to_be_visible()
    axe_check(page)

    [email] = mail.outbox
    link = re.search(r"http://\S+/invitations/[\w-]+/", email.body).group(0)
    invitee = new_page()
    invitee.goto(link)
    assert "/invitations/respond/" in invitee.url
    expect(
        invitee.get_by_role("heading", name="You are invited to join “Healthy Streets”")
    ).to_be_visible()
    axe_check(invitee)
    expect(invitee.get_by_label("Email address")).to_have_value("asha@example.org")
    invitee.get_by_label("Your name").fill("Asha Patel")
    invitee.get_by_role("button", name="Email me a code").click()
    expect(invitee.get_by_role("heading", name="Enter the code we emailed you")).to_be_visible()
    code = re.search(r"\n\n([A-Z0-9-]{6,14})\n\n", mail.outbox[-1].body)[1]
    invitee.get_by_label("Code from the email").fill(code)
    invitee.get_by_role("button", name="Confirm my email address").click()
    axe_check(invitee)
    expect(invitee.get_by_role("button", name="Accept and join")).to_be_visible()
    axe_check(invitee)
    invitee.get_by_role("button", name="Accept and join").click()
    expect(invitee.get_by_role("heading", name="Healthy Streets", level=1)).to_be_visible()
    expect(invitee.get_by_text("You are a participant in this project.")).to_be_visible()
    axe_check(invitee)

    membership = Membership.objects.get(user__email="asha@example.org")
    assert (membership.role, membership.perspective) == (Role.PARTICIPANT, "community")
    page.goto(f"/projects/{project.slug}/members/")
    expect(page.get_by_role("cell", name="Asha Patel", exact=True)).to_be_visible()
    page.goto(f"/projects/{project.slug}/stakeholders/")
    expect(page.locator("tr", has_text="Asha Patel")).to_contain_text("Accepted")
    axe_check(page)

    page.get_by_role("link", name="Erase Dr Lee").click()
    expect(page.get_by_role("heading", name="Erase Dr Lee?")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Yes, erase them").click()
    expect(page.get_by_text("Dr Lee was erased from the project.")).to_be_visible()
    expect(page.locator("tr[id^=stakeholder-]")).to_have_count(2)
    axe_check(page)
