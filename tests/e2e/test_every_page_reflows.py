"""Every page, for each role, at a 320 px phone (400 % zoom of 1280) and on a desktop: no
sideways scrolling (WCAG 1.4.10), axe clean, and tables that keep their headings."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.actions import do_add_communication_item, do_add_ground_rule
from agreements.choices import Channel, Frequency
from decisions.actions import do_propose
from powercheck.actions import do_open_round
from tests.conftest import PASSWORD
from tests.factories import DecisionRuleFactory, RoundFactory, StakeholderFactory
from tests.powercheck.helpers import answer, statements

pytestmark = pytest.mark.browser

NARROW, WIDE = {"width": 320, "height": 640}, {"width": 1280, "height": 900}
# The words in table cells that the browser broke over two lines ("Remo / ve"); a line may
# still end after a hyphen ("co- / production").
BROKEN_WORDS = """() => {
    const broken = [];
    for (const cell of document.querySelectorAll("td, th")) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/[^\\s\\-\\u2010]+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (tops.size > 1 && match[0].length < 30) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""


@pytest.fixture
def urls(project, facilitator):
    do_add_ground_rule(
        project=project, text="We listen to each other, even when a sentence is long."
    )
    do_add_communication_item(
        project=project,
        audience="Residents of Market Street without email",
        purpose="A printed update on what the group decided",
        channel=Channel.POST,
        frequency=Frequency.MONTHLY,
        next_due=timezone.localdate(),
    )
    StakeholderFactory(
        project=project, name="Northbridge Tenants’ Association", is_organisation=True
    )
    closed = RoundFactory(project=project, title="Last year", status="closed")
    for score in (1, 2, 3):
        answer(closed, {q: score for section in (1, 2, 3, 4) for q in statements(section)})
    open_round = do_open_round(
        project=project,
        by=facilitator,
        title="Spring",
        closes_at=timezone.now() + datetime.timedelta(days=10),
    )
    do_propose(
        project=project,
        by=facilitator,
        kind="free",
        title="Meet on Saturday mornings in the library on Market Street",
        background="Weekday evenings leave out parents of young children.",
        rule=DecisionRuleFactory(project=project, area="meeting times"),
        closes_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    slug = project.slug
    return [
        reverse("projects-detail", args=[slug]),
        reverse("projects-goals", args=[slug]),
        reverse("projects-members", args=[slug]),
        reverse("stakeholders-list", args=[slug]),
        reverse("stakeholders-grid", args=[slug]),
        reverse("powercheck-index", args=[slug]),
        reverse("powercheck-results", args=[slug, closed.pk]),
        reverse("powercheck-statements", args=[slug]),
        reverse("agreements-principles", args=[slug]),
        reverse("agreements-decisions", args=[slug]),
        reverse("agreements-ground-rules", args=[slug]),
        reverse("agreements-communication", args=[slug]),
        reverse("charter-index", args=[slug]),
        reverse("partners-list", args=[slug]),
        reverse("decisions-proposals", args=[slug]),
        reverse("decisions-log", args=[slug]),
        reverse("meetings-list", args=[slug]),
        reverse("meetings-actions", args=[slug]),
        reverse("impact-list", args=[slug]),
        reverse("reciprocity-index", args=[slug]),
        reverse("reciprocity-mine", args=[slug]),
        reverse("reciprocity-people", args=[slug]),
        reverse("reporting-index", args=[slug]),
        reverse("reminders-my-settings", args=[slug]),
        reverse("account"),
        reverse("projects-list"),
    ], open_round


@pytest.mark.parametrize("role", ["facilitator", "participant", "observer"])
def test_every_page_reflows_and_is_axe_clean_at_both_widths(
    request, role, new_page, axe_check, urls
):
    user = request.getfixturevalue(role)
    pages, _round = urls
    for viewport in (NARROW, WIDE):
        page = new_page(viewport)
        page.goto("/accounts/login/")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        for url in pages:
            page.goto(url)
            width = page.evaluate("document.scrollingElement.scrollWidth")
            assert width <= viewport["width"], f"{role} {url}: {width}px at {viewport['width']}"
            axe_check(page)
            if viewport is NARROW:
                # Each cell of a stacked table says which column it is in.
                unlabelled = page.eval_on_selector_all(
                    ".table--stack td:not([data-label])", "cells => cells.length"
                )
                assert unlabelled == 0, f"{role} {url}: {unlabelled} cells without a label"
            else:
                broken = page.evaluate(BROKEN_WORDS)
                assert not broken, f"{role} {url}: words broken over two lines: {broken}"
