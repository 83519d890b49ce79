"""Two partners' signatories sign the charter, a third declines, and the charter shows each:
the facilitator on a desktop, a participant on a phone by keyboard, observers signing."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from partners.models import Answer
from projects.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE
from tests.factories import GoalFactory, MembershipFactory, UserFactory
from tests.partners.helpers import make_partner, make_signatory, png

pytestmark = pytest.mark.browser


def log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My projects")).to_be_visible()


def sign_as(page, project, name: str) -> None:
    page.get_by_label("Your role").fill("Director")
    page.get_by_role("button", name="Sign this version").click()
    expect(page.get_by_text(f"You signed version 1 for {name}. Thank you.")).to_be_visible()


def test_two_partners_sign_one_declines_and_the_charter_shows_each(
    new_page, axe_check, project, facilitator, participant, observer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    GoalFactory(project=project, text="Twenty new benches")
    third = MembershipFactory(
        project=project, role=Role.OBSERVER, user=UserFactory(name="Rae Ahmed")
    ).user
    page = new_page()
    log_in(page, facilitator)

    # The facilitator adds a partner with a logo, in the browser; the others exist already.
    page.goto(f"/projects/{project.slug}/partners/")
    expect(page.get_by_text("No partners yet.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Add a partner").click()
    page.get_by_label("Name of the organisation").fill("Northbridge City Council")
    page.get_by_label("Kind of organisation").select_option("statutory")
    logo = tmp_path / "council.png"
    logo.write_bytes(png())
    page.locator("input[type=file]").set_input_files(str(logo))
    page.get_by_label("Describe the logo").fill("Northbridge City Council crest")
    page.get_by_role("button", name="Add partner").click()
    expect(page.get_by_role("img", name="Northbridge City Council crest")).to_be_visible()
    page.get_by_role("link", name="Add who signs for Northbridge City Council").click()
    page.get_by_label("A member of the project").select_option(label=participant.name)
    page.get_by_label("Their role in the organisation").fill("Head of Transport")
    page.get_by_role("button", name="Save who signs").click()
    make_signatory(
        make_partner(project, name="Northbridge University", kind="university"), observer
    )
    make_signatory(make_partner(project, name="Healthy Cities Fund", kind="funder"), third)

    # A version of the charter, sent to the partners to sign.
    page.goto(f"/projects/{project.slug}/charter/")
    page.get_by_role("button", name="Generate charter").click()
    expect(page.get_by_role("link", name="Download the charter (PDF, version 1)")).to_be_visible(
        timeout=30_000
    )
    page.goto(f"/projects/{project.slug}/partners/")
    page.get_by_role("button", name="Send version 1 to the partners to sign").click()
    expect(page.get_by_text("Version 1 was sent to the partners to sign.")).to_be_visible()
    axe_check(page)

    # The participant, on a phone, by keyboard: from the to-do to signing.
    phone = new_page(viewport=PHONE)
    log_in(phone, participant)
    phone.goto(f"/projects/{project.slug}/")
    todo = phone.get_by_role(
        "link", name="Sign version 1 of the charter for Northbridge City Council"
    )
    todo.focus()
    phone.keyboard.press("Enter")
    expect(
        phone.get_by_role("heading", name="Sign the charter for Northbridge City Council")
    ).to_be_visible()
    axe_check(phone)
    phone.get_by_label("Your role").focus()
    phone.keyboard.press("Control+A")
    phone.keyboard.type("Head of Transport")
    phone.get_by_role("button", name="Sign this version").focus()
    phone.keyboard.press("Enter")
    expect(
        phone.get_by_text("You signed version 1 for Northbridge City Council. Thank you.")
    ).to_be_visible()

    # An observer signs for the university; the fund's signatory declines, saying why.
    other = new_page()
    log_in(other, observer)
    other.get_by_role("link", name="Sign version 1").click()
    sign_as(other, project, "Northbridge University")
    declining = new_page()
    log_in(declining, third)
    declining.get_by_role("link", name="Sign version 1").click()
    declining.get_by_role("link", name="I cannot sign this version").click()
    declining.get_by_role("button", name="Decline to sign").click()
    expect(declining.get_by_text("There is a problem")).to_be_visible()  # a reason is needed
    declining.get_by_label("Why you are not signing this version").fill("Our board meets in May.")
    declining.get_by_role("button", name="Decline to sign").click()
    expect(declining.get_by_text("You declined to sign version 1.")).to_be_visible()
    assert Answer.objects.count() == 3

    # The facilitator sees who is outstanding and why; a new version shows each partner.
    page.goto(f"/projects/{project.slug}/partners/")
    expect(page.locator("#outstanding")).to_contain_text(
        "Rae Ahmed declined: “Our board meets in May.”"
    )
    page.goto(f"/projects/{project.slug}/charter/")
    expect(page.get_by_text("3 partner signatories signed or declined.")).to_be_visible()
    page.get_by_role("button", name="Make a new version").click()
    link = page.get_by_role("link", name="Download the charter (PDF, version 2)")
    expect(link).to_be_visible(timeout=30_000)
    with page.expect_download() as download_info:
        link.click()
    reader = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "DRAFT: NOT YET SIGNED BY EVERY PARTNER" in text
    assert f"{participant.name}, Head of Transport, Northbridge City Council 1" in text
    assert f"{observer.name}, Director, Northbridge University 1" in text
    assert "Healthy Cities Fund (Funder) Not signed yet." in text
    assert "Our board meets in May." not in text  # the reason is for the facilitators
    assert len(reader.pages[0].images) == 1  # the council's logo on the cover
