from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import CharterFactory
from tests.partners.helpers import make_partner, make_signatory, png, send_version

from .matrix import FACILITATORS_DO, FACILITATORS_SEE, LOGIN, MEMBERS_SEE, Row, World, expect


def partner(w: World) -> dict:
    return {"slug": w.project.slug, "partner_id": make_partner(w.project, logo=True).pk}


def signatory(w: World) -> dict:
    named = make_signatory(make_partner(w.project), w.users["observer"])
    return {"slug": w.project.slug, "signatory_id": named.pk}


def signatory_asked(w: World) -> dict:
    """The observer signs for a partner; a version has been sent to sign."""
    kwargs = signatory(w)
    send_version(w.project, by=w.users["facilitator"])
    return kwargs


def ready_to_send(w: World) -> dict:
    make_signatory(make_partner(w.project), w.users["observer"])
    CharterFactory(project=w.project, version=1)
    return {"slug": w.project.slug}


PARTNER = {"name": "Northbridge University", "kind": "university", "website": ""}


def with_logo(w: World) -> dict:
    upload = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    return PARTNER | {"upload": upload, "logo_alt": "Northbridge University"}


def sign_data(w: World) -> dict:
    return {
        "version": w.project.charters.get().version,
        "name": "Olu Bennett",
        "role": "Programme manager",
        "organisation": "Northbridge City Council",
        "signed_on": "2026-12-01",
        "statement": "On behalf of Northbridge City Council I agree to this charter.",
    }


# Only the person named signs for a partner: other members are refused.
SIGNATORY_SEES = expect(LOGIN, 404, 200, 403, 403)
SIGNATORY_DOES = expect(LOGIN, 404, 302, 403, 403)

ROWS = [
    Row("partners-list", MEMBERS_SEE),
    Row("partners-create", FACILITATORS_SEE),
    Row("partners-create", FACILITATORS_DO, method="post", data=with_logo),
    Row("partners-update", FACILITATORS_SEE, kwargs=partner),
    Row("partners-update", FACILITATORS_DO, method="post", kwargs=partner, data=with_logo),
    Row("partners-delete", FACILITATORS_SEE, kwargs=partner),
    Row("partners-delete", FACILITATORS_DO, method="post", kwargs=partner),
    Row("partners-logo", MEMBERS_SEE, kwargs=partner),
    Row("partners-signatory-add", FACILITATORS_SEE, kwargs=partner),
    Row(
        "partners-signatory-add",
        FACILITATORS_DO,
        method="post",
        kwargs=partner,
        data=lambda w: {"name": "Sam Lee", "email": "sam@example.org", "role": "Chair"},
    ),
    Row("partners-signatory-remove", FACILITATORS_SEE, kwargs=signatory),
    Row("partners-signatory-remove", FACILITATORS_DO, method="post", kwargs=signatory),
    Row(
        "partners-send",
        FACILITATORS_DO,
        method="post",
        kwargs=ready_to_send,
        data=lambda w: {"version": 1},
    ),
    Row("partners-sign", SIGNATORY_SEES, kwargs=signatory_asked),
    Row("partners-sign", SIGNATORY_DOES, method="post", kwargs=signatory_asked, data=sign_data),
    Row("partners-decline", SIGNATORY_SEES, kwargs=signatory_asked),
    Row(
        "partners-decline",
        SIGNATORY_DOES,
        method="post",
        kwargs=signatory_asked,
        data=lambda w: {"version": w.project.charters.get().version, "reason": "Not yet."},
    ),
]
