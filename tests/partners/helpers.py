"""Partners, logos and versions sent to sign, for the partners' tests and the access matrix."""

import io

from django.core.files.base import ContentFile
from PIL import Image

from partners.models import Kind, Partner, Signatory, SigningRequest
from tests.factories import CharterFactory


def png(width: int = 120, height: int = 60, colour: str = "#1d4f73") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def jpeg(width: int = 120, height: int = 60) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#1b7f4b").save(out, format="JPEG")
    return out.getvalue()


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40" width="100" height="40">'
    b'<title>Northbridge</title><rect width="40" height="40" fill="#1d4f73"/>'
    b'<text x="45" y="25" font-size="12">Northbridge</text></svg>'
)


def make_partner(project, name: str = "Northbridge City Council", logo: bool = False, **fields):
    partner = Partner(project=project, name=name, kind=fields.pop("kind", Kind.STATUTORY), **fields)
    if logo:
        partner.logo_type = "image/png"
        partner.logo_alt = name
        partner.logo.save("logo", ContentFile(png()), save=False)
    partner.save()
    return partner


def make_signatory(partner, user, role: str = "Director") -> Signatory:
    return Signatory.objects.create(partner=partner, user=user, role=role)


def send_version(project, by=None, **charter_fields) -> SigningRequest:
    """A ready version of the charter (a stand-in PDF), sent to the partners to sign."""
    charter = CharterFactory(project=project, **charter_fields)
    return SigningRequest.objects.create(project=project, charter=charter, sent_by=by)
