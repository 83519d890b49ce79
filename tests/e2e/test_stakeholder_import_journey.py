"""A facilitator imports the spreadsheet their organisation gave them, filters the list and
invites everyone matching in one step; a participant on a phone reads the list and grid."""

from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from stakeholders.models import Invitation, Stakeholder
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.browser

FILE = Path(__file__).parents[1] / "stakeholders" / "files" / "excel-csv-windows-semicolon.csv"


def log_in(page, user, next_url: str) -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_import_filter_and_invite_everyone_matching(
    new_page, live_server, settings, axe_check, facilitator, participant, project
):
    settings.SITE_URL = live_server.url
    page = new_page()
    log_in(page, facilitator, f"/projects/{project.slug}/stakeholders/")
    page.get_by_role("link", name="Import from a spreadsheet").click()
    axe_check(page)
    page.get_by_label("Spreadsheet file").set_input_files(FILE)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Read as Windows-1252")).to_be_visible()
    expect(page.get_by_text("4 new stakeholders will be added.")).to_be_visible()
    expect(page.get_by_text("Repeats line 2: skipped")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Import: add 4 stakeholders").click()
    expect(page.get_by_text("4 stakeholders were added. 1 row was skipped.")).to_be_visible()
    assert Stakeholder.objects.filter(project=project).count() == 4

    # The same file again: recognised, nothing added.
    page.get_by_role("link", name="Import from a spreadsheet").click()
    page.get_by_label("Spreadsheet file").set_input_files(FILE)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("4 rows are people already on the map")).to_be_visible()
    page.get_by_label("Skip them").check()
    page.get_by_role("button", name="Import the file (nothing new to add)").click()
    assert Stakeholder.objects.filter(project=project).count() == 4

    # Filter: not invited, sorted by name backwards; the address holds it.
    page.get_by_label("Invitation").select_option(label="Not invited")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_text("4 stakeholders match.")).to_be_visible()
    assert "invitation=none" in page.url
    page.get_by_role("link", name="Name", exact=True).click()
    page.get_by_role("link", name="Name", exact=True).click()
    assert "sort=-name" in page.url and "invitation=none" in page.url
    rows = page.locator("tbody tr td:nth-child(2) > a")
    expect(rows.first).to_have_text("Zoë Brontë")
    axe_check(page)

    page.get_by_role("button", name="Invite all 4 matching this filter").click()
    expect(page.get_by_role("heading", name="Invite 2 people to join", level=1)).to_be_visible()
    another_way = page.get_by_role("region", name="Reach another way")
    expect(another_way.get_by_role("link", name="Dr Lee")).to_be_visible()
    expect(another_way.get_by_role("link", name="Market Traders")).to_be_visible()
    axe_check(page)
    page.get_by_label("Observer").check()
    page.get_by_label("A personal message").fill("Hello <from> the group — tea's on us.")
    page.get_by_role("button", name="Send 2 invitations").click()
    expect(
        page.get_by_text("Invitations were emailed to 2 people, each their own.")
    ).to_be_visible()
    assert sorted(m.to[0] for m in mail.outbox) == ["sian@example.org", "zoe@example.org"]
    assert all("Hello <from> the group" in m.body for m in mail.outbox)
    assert Invitation.objects.filter(role="observer").count() == 2
    page.get_by_label("Invitation").select_option(label="Sent")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_text("2 stakeholders match.")).to_be_visible()

    # A participant on a phone sees nobody who has not agreed to be named, and no filter of
    # the facilitators' working notes.
    phone = new_page(PHONE)
    log_in(phone, participant, f"/projects/{project.slug}/stakeholders/")
    expect(
        phone.get_by_text("4 more people on the map have not agreed to be named")
    ).to_be_visible()
    expect(phone.get_by_label("Seldom heard")).to_have_count(0)
    phone.get_by_label("Search by name or organisation").focus()
    phone.keyboard.type("Zoë")
    phone.keyboard.press("Enter")
    expect(phone.get_by_text("Nobody matches this filter.")).to_be_visible()
    axe_check(phone)
    phone.get_by_role("link", name="Power and interest grid").click()
    axe_check(phone)
