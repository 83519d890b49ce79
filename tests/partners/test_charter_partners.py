"""The charter's cover names the partners with their logos and says draft until each has
signed; its sign-off says, per partner, who signed which version and when, and who has not."""

import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from charter.content import gather_charter
from charter.models import Charter
from charter.render import render_charter_pdf
from partners.charter import get_cover, partner_signoff_section
from partners.logos import clean_svg
from tests.factories import CharterFactory, MembershipFactory, UserFactory

from .helpers import SVG, jpeg, make_partner, make_signatory, send_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def with_logo(partner, content: bytes, content_type: str, alt: str):
    partner.logo_type, partner.logo_alt = content_type, alt
    partner.logo.save("logo", ContentFile(content))
    return partner


def text_of(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return reader, text


def alt_texts(node, found=None) -> list[str]:
    """Every /Alt in the PDF's structure tree (what a screen reader says for a figure)."""
    found = [] if found is None else found
    if isinstance(node, IndirectObject):
        node = node.get_object()
    if isinstance(node, DictionaryObject):
        if "/Alt" in node:
            found.append(str(node["/Alt"]))
        kids = node.get("/K")
        if kids is not None:
            alt_texts(kids, found)
    elif isinstance(node, ArrayObject):
        for kid in node:
            alt_texts(kid, found)
    return found


@pytest.fixture
def three_partners(project, facilitator, participant, observer):
    council = with_logo(
        make_partner(project), clean_svg(SVG), "image/svg+xml", "Northbridge City Council"
    )
    university = with_logo(
        make_partner(project, name="Northbridge University", kind="university"),
        jpeg(),
        "image/jpeg",
        "Northbridge University crest",
    )
    fund = make_partner(project, name="Healthy Cities Fund <b>", kind="funder")
    return [
        make_signatory(council, participant, role="Head of Transport"),
        make_signatory(university, observer, role="Reader"),
        make_signatory(fund, facilitator, role="Programme manager"),
    ]


def sign(signatory, charter):
    from partners.actions import do_sign

    user = signatory.user
    do_sign(
        signatory=signatory,
        charter=charter,
        by=user,
        name=user.name,
        role=signatory.role,
        organisation=signatory.partner.name,
        signed_on=charter.created_at.date(),
        statement=f"On behalf of {signatory.partner.name} I agree to this charter.",
    )


def test_the_cover_and_sign_off_in_the_pdf_say_who_signed_and_who_has_not(project, three_partners):
    council, university, fund = three_partners
    request = send_version(project, version=1)
    sign(council, request.charter)
    sign(university, request.charter)
    charter = CharterFactory(project=project, version=2, status=Charter.Status.QUEUED)
    reader, text = text_of(render_charter_pdf(charter))
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "DRAFT: NOT YET SIGNED BY EVERY PARTNER" in cover
    assert "Northbridge University University" in cover
    assert "Healthy Cities Fund <b> Funder" in cover  # escaped, printed as typed
    assert "Lead contact" in cover and "2 (draft)" in cover
    # The JPEG is an image on the cover; the SVG is drawn (its words are text).
    images = [image.name for image in reader.pages[0].images]
    assert len(images) == 1
    assert "Northbridge" in cover
    alts = alt_texts(reader.trailer["/Root"]["/StructTreeRoot"])
    assert "Northbridge City Council" in alts and "Northbridge University crest" in alts
    signoff = text[text.index("Signed for each partner Each partner") :]
    assert f"{council.user.name}, Head of Transport, Northbridge City Council 1" in signoff
    assert "On behalf of Northbridge University I agree to this charter." in signoff
    assert (
        f"Healthy Cities Fund <b> (Funder) Not signed yet. Waiting for {fund.user.name}." in signoff
    )
    assert "Not every partner has signed what this charter says yet, so it is a draft." in text


def test_once_every_partner_has_signed_the_charter_is_no_longer_a_draft(project, three_partners):
    request = send_version(project, version=1)
    for signatory in three_partners:
        sign(signatory, request.charter)
    charter = CharterFactory(project=project, version=5, status=Charter.Status.QUEUED)
    _reader, text = text_of(render_charter_pdf(charter))
    assert "DRAFT" not in text and "(draft)" not in text
    assert "Every partner has signed what this charter says." in text


def test_a_signature_of_a_version_that_said_something_else_no_longer_counts(
    project, three_partners
):
    from tests.factories import GoalFactory

    request = send_version(project, version=1)
    for signatory in three_partners:
        sign(signatory, request.charter)
    GoalFactory(project=project, text="Benches on every street")
    assert get_cover(project)[0].draft
    partners = partner_signoff_section(project)["partners"]
    assert all(not partner["signed"] for partner in partners)


def test_someone_invited_who_has_not_agreed_to_be_named_is_only_counted(project, facilitator):
    from partners.actions import do_add_signatory

    partner = make_partner(project)
    do_add_signatory(partner=partner, by=facilitator, name="Sam Lee", email="sam@example.org")
    data = partner_signoff_section(project)["partners"][0]
    assert data["waiting"] == [] and data["unnamed"] == 1
    assert "Sam Lee" not in str(gather_charter(project))


def test_the_charter_says_when_partners_or_signatures_changed(project, three_partners):
    from charter.freshness import get_charter_out_of_date

    request = send_version(project, version=1)
    sign(three_partners[0], request.charter)
    make_partner(project, name="Northbridge Bus Company", kind="business")
    changes = get_charter_out_of_date(project, Charter.objects.get(version=1)).changes
    assert "1 partner was added." in changes
    assert "1 partner signatory signed or declined." in changes


def test_gathering_the_partners_costs_the_same_queries_for_few_and_many(project, facilitator):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            get_cover(project)
            partner_signoff_section(project)
        return len(context)

    request = send_version(project, version=1)
    partner = make_partner(project)
    sign(make_signatory(partner, facilitator), request.charter)
    few = queries()
    for n in range(12):
        other = make_partner(project, name=f"Partner {n}")
        user = MembershipFactory(project=project, user=UserFactory()).user
        sign(make_signatory(other, user), request.charter)
    assert queries() == few
