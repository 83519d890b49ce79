"""On a phone, by keyboard: a participant reads the note on benefits and chooses to be paid,
claims an expense with a photo of the receipt and sees where it is; a facilitator asks a
question and then approves it; the participant answers, sees it approved with the date it is
to be paid by, and downloads a statement that shows it. An observer reads the policy and sees
nobody's amounts."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reciprocity.models import Claim
from tests.reciprocity import helpers
from tests.reciprocity.test_statements import pdf_text

from .conftest import PHONE
from .test_power_check_journey import activate, log_in, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def receipt_file(tmp_path):
    path = tmp_path / "bus-ticket.png"
    path.write_bytes(helpers.png_upload().read())
    return path


def test_claim_approval_and_statement_on_a_phone(
    new_page,
    axe_check,
    project,
    participant,
    facilitator,
    observer,
    receipt_file,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    helpers.policy(project, facilitator, how_to_claim="Send a photo of the receipt.")
    helpers.rate(project, facilitator, amount="16.00")
    base = f"/projects/{project.slug}/payments"

    page = new_page(PHONE)
    log_in(page, participant.email, f"{base}/me/choice/")
    expect(
        page.get_by_role("heading", name="Before you choose: payment and benefits")
    ).to_be_visible()
    expect(page.get_by_text("Benefits Advice Service for involvement")).to_be_visible()
    axe_check(page)
    # Saving without ticking the note is refused, and says why.
    activate(page, page.get_by_role("button", name="Save my choice"))
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(
        page.get_by_text("Tick the box to say you have read the note on benefits.").first
    ).to_be_visible()
    axe_check(page)
    tab_to(page, page.get_by_label("Paid for my time, and my expenses covered"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("How would you like to be paid?"))
    page.get_by_label("How would you like to be paid?").select_option("bank_transfer")
    tab_to(page, page.get_by_label("I have read the note about benefits above"))
    page.keyboard.press("Space")
    activate(page, page.get_by_role("button", name="Save my choice"))
    expect(page.get_by_role("heading", name="Your time and claims", level=1)).to_be_visible()
    axe_check(page)

    activate(page, page.get_by_role("link", name="Claim an expense"))
    expect(page.get_by_role("heading", name="Claim an expense")).to_be_visible()
    tab_to(page, page.get_by_label("Description"))
    page.keyboard.type("Bus to the design workshop")
    tab_to(page, page.get_by_label("Date of the expense"))
    page.get_by_label("Date of the expense").fill(timezone.localdate().isoformat())
    tab_to(page, page.get_by_label("Amount"))
    page.keyboard.type("-4.80")
    page.get_by_label("Receipt").set_input_files(str(receipt_file))
    activate(page, page.get_by_role("button", name="Send claim"))
    expect(
        page.get_by_text("Enter an amount more than 0, not a negative one.").first
    ).to_be_visible()
    expect(page.get_by_label("Description")).to_have_value("Bus to the design workshop")
    axe_check(page)
    page.get_by_label("Amount").fill("4.80")
    page.get_by_label("Receipt").set_input_files(str(receipt_file))
    activate(page, page.get_by_role("button", name="Send claim"))
    expect(page.get_by_role("heading", name="Bus to the design workshop")).to_be_visible()
    expect(page.get_by_text("Waiting for a facilitator").first).to_be_visible()
    promised = timezone.localdate() + datetime.timedelta(days=15)
    expect(
        page.get_by_text(f"The policy promises payment by {promised.day} {promised:%B %Y}")
    ).to_be_visible()
    axe_check(page)
    claim = Claim.objects.get()

    desk = new_page()
    log_in(desk, facilitator.email, f"{base}/people/")
    expect(desk.get_by_role("heading", name="Everyone’s time and claims", level=1)).to_be_visible()
    axe_check(desk)
    desk.get_by_role("link", name="Bus to the design workshop").click()
    desk.get_by_label("What do you need to know?").fill("Was it a return ticket?")
    desk.get_by_role("button", name="Ask a question").click()
    expect(desk.get_by_text("Your question is sent.")).to_be_visible()

    page.goto(claim.get_absolute_url())
    expect(page.get_by_text("Was it a return ticket?")).to_be_visible()
    tab_to(page, page.get_by_label("Your answer"))
    page.keyboard.type("Yes, there and back.")
    activate(page, page.get_by_role("button", name="Send answer"))
    expect(page.get_by_text("Your answer is sent.")).to_be_visible()
    axe_check(page)

    desk.goto(claim.get_absolute_url())
    expect(desk.get_by_text("Yes, there and back.")).to_be_visible()
    desk.get_by_role("button", name="Approve claim").click()
    expect(desk.get_by_text("Approved. It is now in the finance export.")).to_be_visible()

    page.goto(claim.get_absolute_url())
    expect(page.get_by_text("Approved, to be paid").first).to_be_visible()
    pay_by = timezone.localdate() + datetime.timedelta(days=10)
    expect(
        page.get_by_text(f"The policy promises payment by {pay_by.day} {pay_by:%B %Y}")
    ).to_be_visible()
    page.goto(f"{base}/me/")
    link = page.get_by_role("link", name="Download your statement (PDF)")
    tab_to(page, link)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert "Bus to the design workshop" in text
    assert "Expenses approved £4.80" in text

    watcher = new_page(PHONE)
    log_in(watcher, observer.email, f"{base}/")
    expect(watcher.get_by_text("£16.00 per hour")).to_be_visible()
    expect(watcher.get_by_text("Bus to the design workshop")).to_have_count(0)
    expect(watcher.get_by_text("£4.80")).to_have_count(0)
    axe_check(watcher)
