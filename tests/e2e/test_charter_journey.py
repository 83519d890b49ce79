"""A facilitator generates the charter, waits for it, downloads it; a participant downloads it too."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from charter.models import Charter
from charter.tasks import render_charter
from tests.charter.charter_data import fill_in_charter
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE
from tests.factories import CharterFactory, GoalFactory

pytestmark = pytest.mark.browser


def log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My projects")).to_be_visible()


def test_generate_wait_and_download_the_charter(
    page, new_page, axe_check, project, facilitator, participant, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    GoalFactory(project=project, text="Twenty new benches", measure="Counted in June")
    log_in(page, facilitator)
    page.goto(f"/projects/{project.slug}/")
    page.get_by_role("link", name="Charter", exact=True).first.click()
    expect(page.get_by_role("heading", name="Charter", level=1)).to_be_visible()
    expect(page.get_by_text("No charter has been made yet")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Generate charter").click()
    link = page.get_by_role("link", name="Download the charter (PDF, version 1)")
    expect(link).to_be_visible(timeout=30_000)
    expect(page.locator("#charter-versions")).to_contain_text("Ready")
    axe_check(page)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"{project.slug}-charter-v1.pdf"
    data = download.path().read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert 2 <= len(reader.pages) <= 8
    assert "Twenty new benches" in "".join(p.extract_text() for p in reader.pages)

    page.get_by_role("link", name="Preview the charter as a web page").click()
    expect(page.get_by_role("heading", name=project.title, level=1)).to_be_visible()
    expect(page.get_by_text("Twenty new benches")).to_be_visible()
    axe_check(page)

    other = new_page()
    log_in(other, participant)
    other.goto(f"/projects/{project.slug}/charter/")
    expect(other.get_by_role("button", name="Generate charter")).to_have_count(0)
    axe_check(other)
    with other.expect_download() as download_info:
        other.get_by_role("link", name="PDF of version 1", exact=True).click()
    assert download_info.value.path().read_bytes() == data


def test_the_page_updates_by_itself_when_the_worker_finishes(
    page, axe_check, project, facilitator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    charter = CharterFactory(project=project, version=1, status=Charter.Status.QUEUED, pdf="")
    log_in(page, facilitator)
    page.goto(f"/projects/{project.slug}/charter/")
    expect(page.get_by_text("Version 1 is waiting to be made.")).to_be_visible()
    axe_check(page)
    url_before = page.url

    render_charter.apply(args=[charter.pk])

    expect(page.get_by_role("link", name="Download the charter (PDF, version 1)")).to_be_visible()
    expect(page.locator("#charter-versions")).to_contain_text("Ready")
    assert page.url == url_before
    axe_check(page)


def test_the_preview_of_a_project_with_everything_agreed_is_accessible(
    page, axe_check, project, facilitator, participant, observer
):
    fill_in_charter(project, facilitator, participant)
    log_in(page, facilitator)
    page.goto(f"/projects/{project.slug}/charter/preview/")
    expect(page.get_by_role("heading", name="Power dynamics", level=2)).to_be_visible()
    expect(page.get_by_role("group", name="Power and interest grid")).to_be_visible()
    expect(page.get_by_role("img", name="Power dynamics scores by section")).to_be_visible()
    expect(
        page.get_by_text("Decisions about the budget are made by the whole group")
    ).to_be_visible()
    expect(page.locator("#sign-off").get_by_role("cell", name="3 February 2026")).to_be_visible()
    axe_check(page)


def test_the_preview_is_styled_within_the_content_security_policy(page, project, facilitator):
    GoalFactory(project=project, text="Twenty new benches")
    log_in(page, facilitator)
    response = page.goto(f"/projects/{project.slug}/charter/preview/")
    assert "style-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_text("Twenty new benches")).to_be_visible()
    # The charter's own stylesheet applies: the page sits on grey, the preview bar is tinted.
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    bar = page.evaluate("getComputedStyle(document.querySelector('.preview-bar')).backgroundColor")
    assert (background, bar) == ("rgb(238, 238, 238)", "rgb(255, 244, 229)")
    assert page.locator("style, [style]").count() == 0
    # (The new_page fixture fails the test on any Content Security Policy violation.)


def test_an_out_of_date_charter_says_so_until_a_new_version_is_made(
    new_page, axe_check, project, facilitator, participant, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    CharterFactory(project=project, version=1)
    page = new_page()
    log_in(page, facilitator)
    page.goto(f"/projects/{project.slug}/ground-rules/")
    page.get_by_role("textbox", name="Ground rule").fill("Phones on silent during meetings.")
    page.get_by_role("button", name="Add ground rule").click()
    expect(page.locator("#ground-rules")).to_contain_text("Phones on silent")

    phone = new_page(PHONE)
    log_in(phone, participant)
    phone.goto(f"/projects/{project.slug}/")
    charter_step = phone.locator(".step").filter(has_text="A PDF of everything")
    expect(charter_step).to_contain_text("Out of date")
    expect(charter_step).to_contain_text("1 ground rule was added.")
    axe_check(phone)
    phone.goto(f"/projects/{project.slug}/charter/")
    expect(phone.get_by_text("1 ground rule was added.")).to_be_visible()
    expect(
        phone.get_by_role("link", name="Download the charter (PDF, version 1, out of date)")
    ).to_be_visible()
    axe_check(phone)

    page.goto(f"/projects/{project.slug}/charter/")
    page.get_by_role("button", name="Make a new version").click()
    expect(page.get_by_role("link", name="Download the charter (PDF, version 2)")).to_be_visible(
        timeout=30_000
    )
    phone.reload()
    expect(phone.get_by_text("out of date")).to_have_count(0)
    expect(phone.get_by_role("link", name="Download the charter (PDF, version 2)")).to_be_visible()
