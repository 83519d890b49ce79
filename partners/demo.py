"""Demo data for the partners: three organisations with logos and someone to sign for each,
and a version of the charter sent to sign, signed by two of them and waiting for the third."""

import io

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from charter.actions import do_request_charter
from charter.freshness import get_fingerprint
from charter.tasks import render_charter
from projects.demo import FACILITATOR, OBSERVER, UNUSABLE
from projects.models import Membership, Perspective, Project, Role

from .actions import do_add_partner, do_add_signatory
from .logos import Logo, clean_svg
from .models import Answer, Kind, SigningRequest
from .reminders import do_sync_signature_reminders

COUNCIL_SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 80" width="240" height="80">
  <title>Northbridge City Council</title>
  <rect x="4" y="8" width="64" height="64" rx="8" fill="#1d4f73"/>
  <path d="M16 60 L36 20 L56 60 Z" fill="#f2c14e"/>
  <text x="80" y="38" font-family="sans-serif" font-size="20" font-weight="bold" fill="#1d4f73">Northbridge</text>
  <text x="80" y="62" font-family="sans-serif" font-size="16" fill="#333">City Council</text>
</svg>"""


def drawn_logo(colour: str, accent: str, shape: str, kind: str) -> Logo:
    """A simple made-up logo drawn with Pillow (PNG or JPEG)."""
    image = Image.new("RGB", (240, 96), "white")
    draw = ImageDraw.Draw(image)
    if shape == "circle":
        draw.ellipse((8, 8, 88, 88), fill=colour)
        draw.ellipse((30, 30, 66, 66), fill=accent)
    else:
        draw.rectangle((8, 8, 88, 88), fill=colour)
        draw.polygon([(20, 76), (48, 20), (76, 76)], fill=accent)
    draw.rectangle((100, 30, 228, 42), fill=colour)
    draw.rectangle((100, 54, 200, 64), fill=accent)
    out = io.BytesIO()
    image.save(out, format=kind)
    return Logo(out.getvalue(), f"image/{kind.lower()}")


PARTNERS = [
    # name, kind, website, logo, alt, signatory (email, name, role), signs
    (
        "Northbridge City Council",
        Kind.STATUTORY,
        "https://www.northbridge.example.org",
        lambda: Logo(clean_svg(COUNCIL_SVG), "image/svg+xml"),
        "Northbridge City Council",
        ("jo.adeyemi@example.org", "Jo Adeyemi", "Head of Transport Policy"),
        True,
    ),
    (
        "Northbridge University",
        Kind.UNIVERSITY,
        "https://www.northbridge-university.example.org",
        lambda: drawn_logo("#5b2a86", "#e0c3fc", "circle", "PNG"),
        "Northbridge University",
        ("priya.shah@example.org", "Dr Priya Shah", "Reader in Urban Health"),
        True,
    ),
    (
        "Healthy Cities Fund",
        Kind.FUNDER,
        "https://www.healthycitiesfund.example.org",
        lambda: drawn_logo("#1b7f4b", "#f2c14e", "square", "JPEG"),
        "Healthy Cities Fund",
        (OBSERVER, "", "Programme Manager"),
        False,
    ),
]


def member_for(project: Project, email: str, name: str) -> Membership:
    user, _created = get_user_model().objects.get_or_create(
        email=email, defaults={"name": name, "password": UNUSABLE}
    )
    membership, _created = Membership.objects.get_or_create(
        project=project,
        user=user,
        defaults={"role": Role.OBSERVER, "perspective": Perspective.ORGANISATION},
    )
    return membership


def add_partners(project: Project, users: dict) -> None:
    facilitator = users.get(FACILITATOR)
    signatories = []
    for name, kind, website, logo, alt, (email, person, role), signs in PARTNERS:
        partner = do_add_partner(
            project=project,
            by=facilitator,
            name=name,
            kind=kind,
            website=website,
            logo_alt=alt,
            logo=logo(),
            stakeholders=list(project.stakeholders.filter(organisation=name)),
        )
        membership = member_for(project, email, person)
        signatory = do_add_signatory(
            partner=partner, by=facilitator, membership=membership, role=role
        )
        signatories.append((signatory, signs))
    # Once the whole demo is in place: version 1 sent to sign, signed by two partners and
    # waiting for the third, made (once) with their signatures in it.
    transaction.on_commit(lambda: sign_demo_version(project.pk, facilitator, signatories))


@transaction.atomic
def sign_demo_version(project_id: int, facilitator, signatories: list) -> None:
    project = Project.objects.get(pk=project_id)
    charter = do_request_charter(project=project, by=facilitator, enqueue=False)
    # What it is made from, known before it is signed, so that the signatures hold for it.
    charter.made_from = get_fingerprint(project)
    charter.save(update_fields=["made_from"])
    SigningRequest.objects.create(project=project, charter=charter, sent_by=facilitator)
    today = timezone.localdate()
    for signatory, signs in signatories:
        if signs:
            Answer.objects.create(
                signatory=signatory,
                charter=charter,
                decision=Answer.Decision.SIGNED,
                name=signatory.user.name,
                role=signatory.role,
                organisation=signatory.partner.name,
                signed_on=today,
                statement=(
                    f"On behalf of {signatory.partner.name} I agree to this charter "
                    f"(version {charter.version}) and to work with the project as it sets out."
                ),
            )
    render_charter.apply(args=[charter.pk])
    do_sync_signature_reminders(project)
