"""A meeting from invitation to "what changed": scheduled, replied to by two members (one on a
phone, by keyboard), held, minuted, corrected and approved, an action done, and the
participant sees what changed because of what they said."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting
from projects.models import Role
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My projects")).to_be_visible()


def open_meeting(page, project, title: str) -> None:
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="Meetings", exact=True).first.click()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def test_a_meeting_from_invitation_to_what_changed(
    new_page, axe_check, project, facilitator, participant
):
    other = UserFactory(email="sam@example.org", name="Sam Reid")
    MembershipFactory(project=project, user=other, role=Role.PARTICIPANT)
    page = new_page()
    log_in(page, facilitator.email)
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="Meetings", exact=True).first.click()
    expect(page.get_by_text("No meetings are planned.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Schedule a meeting").click()
    day = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    page.get_by_label("Title").fill("Steering group")
    page.get_by_label("Date").fill(day)
    page.get_by_label("Starts at").fill("18:00")
    page.get_by_label("Ends at").fill("17:00")
    page.get_by_label("Address").fill("Northbridge Library")
    page.get_by_role("button", name="Schedule and invite").click()
    expect(page.get_by_text("The meeting must end after it starts.").first).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Steering group")
    axe_check(page)
    page.get_by_label("Ends at").fill("19:30")
    page.get_by_label("Step-free access").check()
    page.get_by_role("button", name="Schedule and invite").click()
    expect(page.get_by_text("Meeting scheduled.")).to_be_visible()
    page.get_by_text("Add an item to the agenda").click()
    page.get_by_label("Item").fill("Choose the first street")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator("#agenda")).to_contain_text("Choose the first street")
    axe_check(page)

    # A participant replies on a phone, by keyboard, and sees the agenda.
    phone = new_page(viewport=PHONE)
    log_in(phone, participant.email)
    open_meeting(phone, project, "Steering group")
    expect(phone.locator("#agenda")).to_contain_text("Choose the first street")
    phone.get_by_label("I will come").focus()
    phone.keyboard.press("Space")
    phone.get_by_label("What you need to take part").fill("A quiet room for breaks")
    phone.get_by_role("button", name="Send my reply").focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_text("Thank you. Your reply is saved.")).to_be_visible()
    expect(phone.locator("#your-reply")).to_contain_text("You said: I will come.")
    axe_check(phone)

    second = new_page()
    log_in(second, other.email)
    open_meeting(second, project, "Steering group")
    second.get_by_label("I might come").check()
    second.get_by_role("button", name="Send my reply").click()
    expect(second.locator("#reply-counts")).to_contain_text("1 will come; 1 might")
    expect(second.get_by_text("A quiet room for breaks")).to_have_count(0)

    page.reload()
    expect(page.locator("#replies")).to_contain_text("A quiet room for breaks")

    # The meeting is held.
    meeting = Meeting.objects.get()
    start = timezone.now() - datetime.timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    page.reload()
    page.get_by_role("link", name="Record who came").click()
    page.get_by_role("group", name=participant.name).get_by_label("Came").check()
    page.get_by_role("group", name="Sam Reid").get_by_label("Sent apologies").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator("#came")).to_contain_text(participant.name)
    page.get_by_role("link", name="Write the minutes").click()
    page.get_by_label("Minutes").fill("Pat asked for one bench by the bus stop.")
    page.get_by_role("button", name="Save the minutes").click()
    page.get_by_role("button", name="Send round for corrections").click()
    expect(page.locator("#minutes-status")).to_contain_text("Open for corrections")
    axe_check(page)

    phone.reload()
    expect(phone.locator("#minutes")).to_contain_text("one bench")
    phone.get_by_text("Ask for a correction").click()
    phone.get_by_label("What should be corrected?").fill("I asked for two benches.")
    phone.get_by_role("button", name="Send the correction").click()
    expect(phone.get_by_text("The note-taker will see your correction.")).to_be_visible()

    page.reload()
    expect(page.locator("#corrections")).to_contain_text("I asked for two benches.")
    page.get_by_role("button", name="Approve the minutes as chair").click()
    expect(page.get_by_text("Someone asked for a correction.")).to_be_visible()
    page.get_by_role("link", name="Correct the minutes").click()
    page.get_by_label("Minutes").fill("Pat asked for two benches by the bus stop.")
    page.get_by_role("button", name="Save the minutes").click()
    page.get_by_role("button", name="Approve the minutes as chair").click()
    expect(page.locator("#minutes-status")).to_contain_text("Approved on")
    expect(page.get_by_role("link", name="Correct the minutes")).to_have_count(0)

    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What will be done").fill("Count the benches on Station Road")
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("Choose who will do it.").first).to_be_visible()
    page.get_by_label("Who will do it").select_option(label=participant.name)
    page.get_by_label("Due by").fill(
        (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    )
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator("#actions")).to_contain_text("Count the benches")

    phone.goto(project.get_absolute_url())
    expect(phone.get_by_text("Action: Count the benches on Station Road")).to_be_visible()
    phone.goto(project.get_absolute_url() + "actions/")
    phone.get_by_role("button", name="Mark done “Count the benches on Station Road”").first.click()
    expect(phone.get_by_text("Marked as done. Thank you.")).to_be_visible()
    axe_check(phone)

    # You said, we did.
    page.goto(project.get_absolute_url() + "contributions/add/")
    page.get_by_label("What kind").select_option(label="A point raised in a meeting")
    page.get_by_label("What was said or suggested").fill("Two benches by the bus stop")
    page.get_by_label("Whose it was").select_option(label=participant.name)
    page.get_by_label("They agreed to be named").check()
    page.get_by_label("Raised at the meeting").select_option(label="Steering group")
    page.get_by_role("button", name="Record it").click()
    page.get_by_role("link", name="What changed", exact=True).first.click()
    page.get_by_role("link", name="Record what changed").click()
    page.get_by_label("What changed").fill("Two benches go in on Station Road.")
    page.get_by_label("For whom").fill("Older residents")
    page.get_by_label("When").fill(timezone.localdate().isoformat())
    page.get_by_label("Two benches by the bus stop").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#impact-entries")).to_contain_text("Two benches go in on Station Road.")
    axe_check(page)

    phone.goto(project.get_absolute_url() + "changes/mine/")
    expect(phone.get_by_role("heading", name="What changed because of you")).to_be_visible()
    mine = phone.locator("#my-contributions")
    expect(mine).to_contain_text("Two benches by the bus stop")
    expect(mine).to_contain_text("Adopted")
    expect(mine).to_contain_text("Two benches go in on Station Road.")
    axe_check(phone)
