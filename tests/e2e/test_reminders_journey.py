"""A facilitator sets a review date and sees its reminder; a participant makes a calendar
address and turns reminders off; the one-click link in an email works on a phone."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import Membership
from reminders.models import CalendarFeed, Reminder
from reminders.sweep import send_due_reminders
from tests.conftest import PASSWORD
from tests.factories import ReminderFactory

from .conftest import PHONE

pytestmark = pytest.mark.browser


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_review_date_reminder_and_my_settings(
    new_page, axe_check, project, facilitator, participant
):
    page = new_page()
    log_in(page, facilitator.email)
    page.goto(f"/projects/{project.slug}/")
    page.get_by_role("link", name="Project details").click()
    axe_check(page)
    page.get_by_label("Start date").fill("2030-05-01")
    page.get_by_label("End date").fill("2030-04-01")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    axe_check(page)
    page.get_by_label("End date").fill("2031-04-01")
    review = timezone.localdate() + datetime.timedelta(days=20)
    page.get_by_label("Charter review date").fill(review.isoformat())
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("Project details saved.")).to_be_visible()
    page.get_by_role("link", name="Reminders").click()
    expect(page.get_by_role("cell", name="Review the charter of Healthy Streets")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Sent recently").click()
    expect(page.get_by_text("No reminders have been sent yet.")).to_be_visible()
    axe_check(page)

    phone = new_page(PHONE)
    log_in(phone, participant.email)
    phone.goto(f"/projects/{project.slug}/")
    # On a phone the project menu is folded behind its button.
    phone.get_by_role("button", name="Project menu").click()
    phone.get_by_role("link", name="My settings").click()
    axe_check(phone)
    phone.get_by_role("button", name="Make my calendar address").click()
    address = phone.get_by_label("Your calendar address (copy it now: it is shown only once)")
    assert "/calendar/" in address.input_value()
    axe_check(phone)
    assert CalendarFeed.objects.count() == 1
    phone.get_by_label("Email me reminders about this project").uncheck()
    phone.get_by_role("button", name="Save reminder setting").click()
    expect(phone.get_by_text("Reminders turned off.")).to_be_visible()
    axe_check(phone)
    assert not Membership.objects.get(user=participant).reminders_enabled


def test_one_click_stop_link_from_an_email(new_page, axe_check, project, participant):
    ReminderFactory(project=project, recipient=participant, title="Answer the checklist")
    assert send_due_reminders().sent == 1
    body = mail.outbox[0].body
    stop_path = "/reminders/stop/" + body.split("/reminders/stop/", 1)[1].split()[0]
    phone = new_page(PHONE)
    phone.goto(stop_path)
    expect(phone.get_by_role("heading", name="Stop reminders?")).to_be_visible()
    axe_check(phone)
    phone.get_by_role("button", name="Yes, stop my reminders").click()
    expect(phone.get_by_role("heading", name="Reminders turned off")).to_be_visible()
    axe_check(phone)
    ReminderFactory(project=project, recipient=participant)
    assert send_due_reminders().sent == 0
    assert Reminder.objects.filter(status="skipped").count() == 1
