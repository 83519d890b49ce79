"""A participant on a phone proposes a ground rule; two members respond; once the deadline has
passed the sweep adopts it, and it is in the ground rules with everyone asked to agree again."""

import datetime

import pytest
from playwright.sync_api import expect

from agreements.actions import do_add_ground_rule, do_agree_to_ground_rules
from decisions.closing import close_due_proposals
from decisions.models import Proposal
from projects.models import Membership
from tests.conftest import PASSWORD
from tests.factories import DecisionRuleFactory

from .conftest import PHONE

pytestmark = pytest.mark.browser


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My projects")).to_be_visible()


def test_a_participant_proposes_a_ground_rule_and_the_group_adopts_it(
    new_page, axe_check, project, facilitator, participant, observer
):
    rule = DecisionRuleFactory(project=project, area="how we behave", method="majority")
    do_add_ground_rule(project=project, text="Be kind.", by=facilitator)
    for user in (facilitator, participant):
        do_agree_to_ground_rules(membership=Membership.objects.get(user=user))

    phone = new_page(PHONE)
    log_in(phone, participant.email)
    phone.goto(f"/projects/{project.slug}/ground-rules/")
    axe_check(phone)
    phone.get_by_role("link", name="Propose a new ground rule").click()
    expect(phone.get_by_role("heading", name="Propose: A new ground rule")).to_be_visible()
    axe_check(phone)
    # By keyboard: type the rule, choose the area, and send the form with Enter.
    phone.get_by_label("The ground rule").fill("Phones away during meetings.")
    phone.get_by_label("Decisions about").select_option(label="how we behave")
    phone.get_by_label("The ground rule").press("Enter")
    expect(phone.get_by_role("heading", name="Phones away during meetings.")).to_be_visible()
    expect(phone.locator("#rule-sentences")).to_contain_text(
        "Decided by a simple majority: adopted if more of those who vote agree than disagree"
    )
    axe_check(phone)
    phone.get_by_label("Agree", exact=True).check()
    phone.get_by_role("button", name="Save my response").click()
    expect(phone.get_by_text("Your response is saved.")).to_be_visible()
    expect(phone.locator("#where-it-stands")).to_contain_text(
        "So far 1 of 2 members have responded."
    )
    axe_check(phone)

    desk = new_page()
    log_in(desk, facilitator.email)
    desk.goto(f"/projects/{project.slug}/proposals/")
    axe_check(desk)
    desk.get_by_role("link", name="Phones away during meetings.").click()
    desk.get_by_label("Agree", exact=True).check()
    desk.get_by_label("Your reason").fill("It helps everyone listen.")
    desk.get_by_role("button", name="Save my response").click()
    expect(desk.locator("#responses")).to_contain_text("It helps everyone listen.")

    watcher = new_page()
    log_in(watcher, observer.email)
    watcher.goto(Proposal.objects.get().get_absolute_url())
    expect(watcher.get_by_role("button", name="Save my response")).to_have_count(0)
    axe_check(watcher)

    proposal = Proposal.objects.get()
    assert close_due_proposals(now=proposal.closes_at + datetime.timedelta(minutes=1)) == 1

    phone.reload()
    expect(phone.locator("#outcome")).to_contain_text(
        "Adopted by a simple majority: 2 for and 0 against."
    )
    axe_check(phone)
    phone.get_by_role("link", name="See the ground rules").click()
    expect(phone.locator("#ground-rules")).to_contain_text("Phones away during meetings.")
    expect(phone.get_by_text("The ground rules have changed since you agreed.")).to_be_visible()
    expect(phone.locator("#agreement-summary")).to_contain_text(
        "0 of 2 members have agreed to the current ground rules."
    )
    axe_check(phone)
    phone.goto(f"/projects/{project.slug}/decision-log/")
    expect(phone.locator("#decisions")).to_contain_text("Phones away during meetings.")
    axe_check(phone)
    assert rule.pk == proposal.rule_id
