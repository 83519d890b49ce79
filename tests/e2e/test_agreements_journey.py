"""A facilitator writes the agreements; a participant agrees; an edit asks them again."""

import pytest
from playwright.sync_api import expect

from agreements.models import GroundRule, GroundRuleAgreement
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My projects")).to_be_visible()


def test_agree_at_the_outset(new_page, axe_check, project, facilitator, participant):
    page = new_page()
    log_in(page, facilitator.email)
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="Who decides").first.click()
    expect(page.get_by_role("heading", name="Who decides what, and how")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Add a decision rule").click()
    page.get_by_role("button", name="Save decision rule").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    axe_check(page)
    page.get_by_label("Decisions about").fill("the budget")
    page.get_by_label("Who decides").select_option("whole-group")
    page.get_by_label("How they decide").select_option("consent")
    page.get_by_label("If there is no agreement").select_option("supermajority")
    page.get_by_label("Majority needed, as a percentage").fill("67")
    page.get_by_label("How many members must take part").select_option("half")
    page.get_by_role("button", name="Save decision rule").click()
    expect(page.locator("#decision-rules")).to_contain_text(
        "Decisions about the budget are made by the whole group by consent. "
        "If there is no agreement, by a two-thirds majority. "
        "At least half of the members must take part."
    )
    page.get_by_role("link", name="Add a decision rule").click()
    page.get_by_label("Decisions about").fill("publications")
    page.get_by_label("Who decides").select_option("facilitators")
    page.get_by_label("How they decide").select_option("consensus")
    page.get_by_role("button", name="Save decision rule").click()
    expect(page.locator("#decision-rules li")).to_have_count(2)
    axe_check(page)

    page.get_by_role("link", name="Ground rules").first.click()
    axe_check(page)
    first, second = (str(GroundRule.SUGGESTIONS[i]) for i in (0, 1))
    page.get_by_role("button", name=f"Add “{first}”").click()
    page.get_by_role("button", name=f"Add “{second}”").click()
    expect(page.locator("#ground-rules li")).to_have_count(2)
    axe_check(page)

    page.get_by_role("link", name="Communication plan").first.click()
    axe_check(page)
    page.get_by_role("link", name="Add an item").click()
    axe_check(page)
    page.get_by_label("Who it is for").fill("all members")
    page.get_by_label("What it is for, or what it says").fill("Notes from each meeting")
    page.get_by_label("How it reaches them").select_option("email")
    page.get_by_label("Large print").check()
    page.get_by_label("How often").select_option("monthly")
    page.get_by_label("Who sends it").select_option(label=facilitator.display_name)
    page.get_by_label("Next due").fill("2030-01-31")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#communication-items")).to_contain_text("Notes from each meeting")
    axe_check(page)

    other = new_page()
    log_in(other, participant.email)
    axe_check(other)
    other.goto(project.get_absolute_url())
    other.get_by_role("link", name="Ground rules").first.click()
    axe_check(other)
    other.get_by_role("button", name="I agree to these ground rules").click()
    expect(other.get_by_text("You agreed to these ground rules on")).to_be_visible()
    axe_check(other)
    assert GroundRuleAgreement.objects.filter(membership__user=participant).exists()

    page.get_by_role("link", name="Ground rules").first.click()
    page.get_by_role("link", name=f"Edit “{first}”").click()
    axe_check(page)
    page.get_by_label("Ground rule", exact=True).fill("Treat each other with respect, always.")
    page.get_by_role("button", name="Save ground rule").click()
    expect(page.get_by_text("Choose whether this corrects the wording").first).to_be_visible()
    axe_check(page)
    page.get_by_label("A change: it means something different").check()
    page.get_by_role("button", name="Save ground rule").click()
    row = page.locator("#agreements tr", has_text=participant.display_name)
    expect(row).to_contain_text("Agreed to an earlier version")
    expect(page.locator("#agreement-summary")).to_contain_text(
        "0 of 2 members have agreed to the current ground rules."
    )
    axe_check(page)

    other.reload()
    expect(other.get_by_text("The ground rules have changed since you agreed")).to_be_visible()
    expect(other.locator("#changes-since-you-agreed")).to_contain_text(
        f"Changed “{first}” to “Treat each other with respect, always.”"
    )
    axe_check(other)
    other.get_by_role("button", name="I agree to these ground rules").focus()
    other.keyboard.press("Enter")
    expect(other.get_by_text("You agreed to these ground rules on")).to_be_visible()
    assert GroundRuleAgreement.objects.filter(membership__user=participant, version=3).exists()
