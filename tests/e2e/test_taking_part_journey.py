"""A participant on a 390 × 844 phone, by keyboard only, in Welsh and in easy read: from the
invitation to a submitted checklist and agreed ground rules. Every page is axe clean and
reflows without sideways scrolling."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from agreements.actions import do_add_ground_rule
from coproduce.models import User
from powercheck.actions import do_open_round
from powercheck.models import Response
from projects.models import Membership
from stakeholders.actions import do_invite_stakeholder
from tests.e2e.conftest import PHONE
from tests.factories import StakeholderFactory

pytestmark = pytest.mark.browser

WELSH_INVITATION = "Rydych chi wedi cael gwahoddiad i ymuno â “Healthy Streets”"


def fits(page) -> None:
    """No sideways scrolling (WCAG 1.4.10 reflow)."""
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= page.evaluate("innerWidth"), f"{page.url} is {width}px wide"


def active(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement; return {
            text: (e.innerText || e.value || "").trim(), name: e.name || "", type: e.type || "",
            tag: e.tagName, inMenu: !!e.closest(".project-nav"), label: e.labels && e.labels[0]
            ? e.labels[0].innerText.trim() : "" }; }"""
    )


def tab_to(page, matches, *, limit: int = 120) -> dict:
    """Press Tab until the focused element matches; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = active(page)
        if matches(element):
            return element
    raise AssertionError(f"Tab never reached the element on {page.url}")


def press(page, text: str, *, opens_a_page: bool = True) -> None:
    """Tab to the link or button that says this, and press Enter."""
    tab_to(page, lambda e: e["text"].startswith(text))
    if opens_a_page:
        with page.expect_navigation():
            page.keyboard.press("Enter")
    else:
        page.keyboard.press("Enter")


def fill(page, label: str, value: str) -> None:
    tab_to(page, lambda e: e["label"].startswith(label))
    page.keyboard.type(value)


def test_a_participant_joins_answers_and_agrees_on_a_phone_by_keyboard_in_welsh_easy_read(
    new_page, live_server, settings, axe_check, facilitator, project
):
    settings.SITE_URL = live_server.url
    do_add_ground_rule(project=project, text="We listen to each other.")
    round = do_open_round(
        project=project,
        by=facilitator,
        title="Gwanwyn",
        closes_at=timezone.now() + datetime.timedelta(days=10),
    )
    person = StakeholderFactory(project=project, name="Eleri", email="eleri@example.org")
    do_invite_stakeholder(stakeholder=person, role="participant", invited_by=facilitator)
    link = re.search(r"http://\S+/invitations/[\w-]+/", mail.outbox[-1].body).group(0)

    page = new_page(PHONE)
    page.goto(link)
    fits(page)
    press(page, "Cymraeg")
    expect(page.get_by_role("heading", level=1)).to_have_text(WELSH_INVITATION)
    press(page, "Dangos hyn mewn fersiwn hawdd ei darllen")
    expect(page.get_by_text("Rydych chi’n cael eich gofyn i ymuno â grŵp.")).to_be_visible()
    expect(page.get_by_role("img", name="Llun o lythyr")).to_be_visible()
    fits(page)
    axe_check(page)

    # Joining takes the address the invitation went to and a code emailed to it; no password.
    fill(page, "Eich enw", "Eleri Jones")
    press(page, "Anfon cod ataf drwy e-bost")
    expect(
        page.get_by_role("heading", name="Rhowch y cod a anfonwyd atoch drwy e-bost")
    ).to_be_visible()
    fits(page)
    axe_check(page)
    code = re.search(r"\n\n([A-Z0-9]{3,6}(?:-[A-Z0-9]{3,6})*)\n\n", mail.outbox[-1].body)[1]
    fill(page, "Y cod o’r e-bost", code)
    press(page, "Cadarnhau fy nghyfeiriad e-bost")
    fits(page)
    press(page, "Derbyn ac ymuno")
    expect(page.get_by_text("Rydych chi’n gyfranogwr yn y prosiect hwn.")).to_be_visible()
    eleri = User.objects.get(email="eleri@example.org")
    assert (eleri.language, eleri.easy_read) == ("cy", True)
    fits(page)
    axe_check(page)

    # The skip link lands past the project menu.
    page.keyboard.press("Tab")
    assert active(page)["text"] == "Neidio i’r prif gynnwys"
    page.keyboard.press("Enter")
    assert not tab_to(page, lambda e: e["tag"] in ("A", "BUTTON"))["inMenu"]

    press(page, "Atebwch y gwiriad dynameg grym “Gwanwyn”")
    for _section in range(4):
        expect(page.locator(".easy-statement").first).to_be_visible()
        fits(page)
        axe_check(page)
        answered: set[str] = set()
        questions = set(page.eval_on_selector_all("input[type=radio]", "es => es.map(e => e.name)"))
        while answered != questions:
            element = tab_to(
                page,
                lambda e, done=frozenset(answered): e["type"] == "radio" and e["name"] not in done,
            )
            page.keyboard.press("Space")  # "Dim o gwbl" (not at all), the first answer
            answered.add(element["name"])
        press(page, "Cadw a pharhau")
    press(page, "Cadw a gwirio eich atebion")
    expect(page.get_by_role("heading", name="Gwirio eich atebion")).to_be_visible()
    fits(page)
    axe_check(page)
    press(page, "Cyflwyno fy atebion")
    expect(page.get_by_text("Diolch. Mae eich atebion wedi’u cyflwyno.")).to_be_visible()
    member = Membership.objects.get(user=eleri, project=project)
    response = Response.objects.get(round=round, member=member)
    assert response.is_submitted and response.answers.count() == 20

    # The project menu is folded on a phone; open it by keyboard.
    press(page, "Dewislen y prosiect", opens_a_page=False)
    press(page, "Rheolau sylfaenol")
    expect(
        page.get_by_role("heading", name="Rheolau sylfaenol mewn fersiwn hawdd ei darllen")
    ).to_be_visible()
    expect(page.locator(".rule__text", has_text="We listen to each other.")).to_be_visible()
    fits(page)
    axe_check(page)
    press(page, "Rwy’n cytuno i’r rheolau sylfaenol hyn")
    expect(
        page.get_by_text("Diolch. Rydych chi wedi cytuno i’r rheolau sylfaenol.")
    ).to_be_visible()
    assert member.ground_rule_agreements.filter(version=project.ground_rules_version).exists()
