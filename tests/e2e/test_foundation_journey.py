"""Sign up with an emailed code, start a project, add and reorder goals with htmx, and find the order kept."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from projects.models import Goal

pytestmark = pytest.mark.browser


def test_sign_up_create_project_and_order_goals(page, axe_check):
    page.goto("/")
    axe_check(page)
    page.get_by_role("link", name="Create an account").first.click()
    axe_check(page)
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Your name").fill("Sam Rivera")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Enter the code we emailed you")).to_be_visible()
    axe_check(page)
    [email] = mail.outbox
    code = re.search(r"\n\n([A-Z0-9-]{6,14})\n\n", email.body)[1]
    page.get_by_label("Code from the email").fill(code)
    page.get_by_role("button", name="Confirm my email address").click()

    expect(page.get_by_role("heading", name="My projects")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Start your first project").click()
    page.get_by_role("button", name="Create project").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    axe_check(page)
    page.get_by_label("Project title").fill("Parks for Everyone")
    page.get_by_label("What are we trying to achieve?").fill("Parks everyone feels welcome in.")
    page.get_by_role("button", name="Create project").click()

    expect(page.get_by_role("heading", name="Parks for Everyone", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Aim and goals").first.click()
    axe_check(page)
    url_before = page.url
    for text in ["More benches", "Better lighting"]:
        page.get_by_label("Goal", exact=True).fill(text)
        page.get_by_label("How we will know").fill(f"{text} counted")
        page.get_by_role("button", name="Add goal").click()
        expect(page.locator("#goal-list")).to_contain_text(text)
    assert page.url == url_before, "adding goals should not reload the page"
    axe_check(page)

    page.get_by_role("button", name="Move up “Better lighting”").click()
    expect(page.locator("#goal-list li").first).to_contain_text("Better lighting")
    page.reload()
    texts = page.locator("#goal-list .goal__text").all_inner_texts()
    assert texts == ["Better lighting", "More benches"]
    assert list(Goal.objects.values_list("text", flat=True)) == texts
    axe_check(page)
    page.get_by_label("Goal", exact=True).fill("Shade by the swings")
    page.get_by_role("button", name="Add goal").dblclick()
    expect(page.locator("#goal-list")).to_contain_text("Shade by the swings")
    page.wait_for_load_state("networkidle")
    assert Goal.objects.filter(text="Shade by the swings").count() == 1, "a double click adds one"
