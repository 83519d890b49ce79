"""On a phone, with the keyboard only: answer a round, save halfway, come back, submit;
then the facilitator sees that an anonymous round's results wait for it to close, closes
it, and sees them."""

import pytest
from playwright.sync_api import expect

from powercheck.models import Response
from projects.models import Perspective
from tests.conftest import PASSWORD
from tests.factories import RoundFactory
from tests.powercheck.helpers import answer, statements

from .conftest import PHONE

pytestmark = pytest.mark.browser


def tab_to(page, locator, limit: int = 150) -> None:
    """Press Tab until the element has focus, as a keyboard user would."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Could not reach {locator} with the Tab key")


def activate(page, locator) -> None:
    tab_to(page, locator)
    page.keyboard.press("Enter")


def choose(page, statement: int, score: int) -> None:
    """Tab into a statement's radio group and pick a score with Space and the arrow keys."""
    group = page.locator("fieldset").nth(statement)
    tab_to(page, group.get_by_role("radio", name="Not at all", exact=True))
    page.keyboard.press("Space")
    for _ in range(score):
        page.keyboard.press("ArrowRight")


def log_in(page, email: str, next_url: str) -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    tab_to(page, page.get_by_label("Email address"))
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")


def test_participant_answers_on_a_phone_with_the_keyboard_and_facilitator_sees_results(
    new_page, axe_check, project, participant, facilitator
):
    round = RoundFactory(project=project, title="Spring check")
    for perspective in (Perspective.COMMUNITY, Perspective.RESEARCHER):
        answer(round, {q: 3 for q in statements(1)}, perspective=perspective)

    page = new_page(PHONE)
    log_in(page, participant.email, f"/projects/{project.slug}/power/")
    expect(page.get_by_role("heading", name="Power dynamics", level=1)).to_be_visible()
    axe_check(page)

    activate(page, page.get_by_role("link", name="Answer the checklist"))
    expect(page.get_by_text("Section 1 of 4")).to_be_visible()
    axe_check(page)
    for n in range(5):
        choose(page, n, n % 5)
    activate(page, page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_text("Section 2 of 4")).to_be_visible()
    choose(page, 0, 2)
    activate(page, page.get_by_role("button", name="Save and come back later"))

    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    axe_check(page)
    # Coming back resumes at the first section with a statement not yet answered.
    activate(page, page.get_by_role("link", name="Continue your answers"))
    expect(page.get_by_text("Section 2 of 4")).to_be_visible()
    expect(page.locator("fieldset").nth(0).get_by_role("radio", name="Partly")).to_be_checked()
    section_2 = page.url
    page.goto(section_2.replace("/answer/2/", "/answer/1/"))
    expect(page.locator("fieldset").nth(4).get_by_role("radio", name="Fully")).to_be_checked()
    page.goto(section_2)
    activate(page, page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_text("Section 3 of 4")).to_be_visible()
    choose(page, 0, 1)
    activate(page, page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_text("Section 4 of 4")).to_be_visible()
    activate(page, page.get_by_role("button", name="Save and continue"))

    expect(page.get_by_role("heading", name="Your reflections")).to_be_visible()
    axe_check(page)
    tab_to(page, page.get_by_label("What has helped co-production in this project so far?"))
    page.keyboard.type("Meeting in the library")
    activate(page, page.get_by_role("button", name="Save and check your answers"))

    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(page.get_by_text("Meeting in the library")).to_be_visible()
    axe_check(page)
    activate(page, page.get_by_role("button", name="Submit my answers"))
    expect(page.get_by_text("Thank you. Your answers are submitted.")).to_be_visible()
    axe_check(page)

    mine = Response.objects.get(member__user=participant)
    assert mine.is_submitted and mine.answers.count() == 7
    assert mine.helped == "Meeting in the library"

    page = new_page()
    log_in(page, facilitator.email, f"/projects/{project.slug}/power/rounds/{round.pk}/results/")
    expect(page.get_by_role("heading", name="Results: Spring check")).to_be_visible()
    expect(page.get_by_text("3 of 4 members who can answer")).to_be_visible()
    expect(page.get_by_text("its results are shown once it has closed")).to_be_visible()
    expect(page.get_by_text("Meeting in the library")).to_have_count(0)
    axe_check(page)

    page.goto(f"/projects/{project.slug}/power/")
    page.get_by_role("link", name="Close this round now").click()
    page.get_by_role("button", name="Yes, close the round").click()
    expect(page.get_by_text("The round is closed. Here are its results.")).to_be_visible()
    expect(page.get_by_text("Overall score")).to_be_visible()
    expect(page.get_by_text("Meeting in the library")).to_be_visible()
    axe_check(page)
    page.set_viewport_size(PHONE)
    axe_check(page)
