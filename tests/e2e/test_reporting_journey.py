"""A facilitator fills in a self-assessment, makes an improvement a goal, drafts the report,
edits an item and downloads the Word file, which is read back here; a participant gives their
view on a phone with the keyboard; every page axe clean."""

import docx
import pytest
from playwright.sync_api import expect

from projects.models import Goal
from reporting.models import AssessmentView

from .conftest import PHONE
from .test_power_check_journey import activate, log_in, tab_to

pytestmark = pytest.mark.browser


def test_facilitator_assesses_drafts_edits_and_downloads_the_word_file(
    new_page, axe_check, project, facilitator, participant
):
    page = new_page()
    log_in(page, facilitator.email, f"/projects/{project.slug}/reporting/")
    expect(page.get_by_role("heading", name="Reporting involvement", level=1)).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Start a self-assessment").click()
    page.get_by_label("Name").fill("At the start")
    page.get_by_label("When in the project").select_option("start")
    page.get_by_role("button", name="Start the self-assessment").click()
    expect(page.get_by_text("Self-assessment started.")).to_be_visible()

    page.locator("#impact").get_by_role("link", name="Rate and describe").click()
    expect(page.get_by_role("heading", name="Standard 5: Impact")).to_be_visible()
    axe_check(page)
    page.get_by_label("Making a start").check()
    page.get_by_label("What to improve").fill("Write down what changed after each workshop")
    page.get_by_role("button", name="Save", exact=True).click()
    impact = page.locator("#impact")
    expect(impact.get_by_text("2 / 4")).to_be_visible()
    impact.get_by_role("button", name="Make this a goal").click()
    expect(impact.get_by_text("Now a goal")).to_be_visible()
    assert Goal.objects.filter(project=project, text__startswith="Write down what").exists()
    axe_check(page)

    page.get_by_role("link", name="Reporting", exact=True).click()
    page.get_by_role("link", name="Report (GRIPP2)").click()
    expect(page.get_by_text("Nothing drafted yet.")).to_be_visible()
    page.get_by_role("button", name="Draft the report from the record").click()
    aim = page.locator("#aim")
    expect(aim.get_by_text(project.aim, exact=False)).to_be_visible()
    expect(page.locator("#results").get_by_text("No impact has been recorded yet")).to_be_visible()
    expect(
        page.locator("#reflections").get_by_text("Impact was rated “Making a start”")
    ).to_be_visible()
    axe_check(page)

    page.locator("#methods").get_by_role("link", name="Edit").click()
    page.get_by_label("Text of this item").fill(
        "Residents and officers planned every workshop together.\nFour residents sat on the steering group."
    )
    page.get_by_role("button", name="Save this version").click()
    expect(page.get_by_text("Four residents sat on the steering group.")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Word document (.docx)").click()
    document = docx.Document(str(download.value.path()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Aim", "Methods", "Results", "Discussion", "Reflections"]
    text = [p.text for p in document.paragraphs]
    assert any(project.aim in line for line in text)
    assert "Four residents sat on the steering group." in text
    assert any(line.startswith("To add: No impact has been recorded yet") for line in text)

    phone = new_page(PHONE)
    log_in(phone, participant.email, f"/projects/{project.slug}/reporting/")
    activate(phone, phone.get_by_role("link", name="At the start"))
    activate(phone, phone.get_by_role("link", name="Give your view"))
    expect(phone.get_by_role("heading", name="Your view", level=1)).to_be_visible()
    axe_check(phone)
    tab_to(phone, phone.get_by_role("radio", name="Not rated yet").nth(1))
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("Tab")
    phone.keyboard.type("We agreed rules but meetings are at hard times")
    activate(phone, phone.get_by_role("button", name="Save your view"))
    expect(phone.get_by_text("Your view is saved.")).to_be_visible()
    rating = AssessmentView.objects.get().ratings.get(standard="working_together")
    assert (rating.rating, rating.comment) == (2, "We agreed rules but meetings are at hard times")
