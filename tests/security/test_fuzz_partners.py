"""Arbitrary text, odd files and versions into the partner, signatory, signing and declining
forms: never a 500, nothing half-saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from partners.models import Answer, Partner, Signatory
from tests.partners.helpers import SVG, make_partner, make_signatory, png, send_version

from .fuzz import FUZZ, any_text, choices, dates, mostly, post_in_savepoint, texts, versions

pytestmark = pytest.mark.django_db

files = st.one_of(
    st.just(None),
    st.binary(max_size=2000),
    st.sampled_from([png(), SVG, b"<svg", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, b"GIF89a"]),
)


def partner_rows() -> list[tuple]:
    return list(
        Partner.objects.order_by("pk").values_list("name", "kind", "website", "logo", "logo_alt")
    )


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "name": texts,
            "kind": mostly(choices(["statutory", "university", "funder", "other"])),
            "website": mostly(st.just("https://www.example.org")),
            "logo_alt": texts,
        }
    ),
    upload=files,
)
def test_the_partner_form_never_fails_on_odd_input(
    client, project, facilitator, settings, tmp_path, data, upload
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(facilitator)
    if upload is not None:
        data = data | {"upload": SimpleUploadedFile("logo", upload)}
    post_in_savepoint(client, reverse("partners-create", args=[project.slug]), data, partner_rows)


def signatory_rows() -> list[tuple]:
    return list(Signatory.objects.order_by("pk").values_list("user_id", "stakeholder_id", "role"))


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {"name": texts, "email": mostly(st.emails()), "role": texts, "membership": any_text}
    )
)
def test_the_signatory_form_never_fails_on_odd_input(client, project, facilitator, data):
    partner = Partner.objects.first() or make_partner(project)  # once for all the examples
    client.force_login(facilitator)
    url = reverse("partners-signatory-add", args=[project.slug, partner.pk])
    post_in_savepoint(client, url, data, signatory_rows)


def answer_rows() -> list[tuple]:
    return list(
        Answer.objects.order_by("pk").values_list("decision", "name", "statement", "reason")
    )


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "version": versions,
            "name": texts,
            "role": texts,
            "organisation": texts,
            "signed_on": dates,
            "statement": texts,
            "reason": texts,
        }
    ),
    declining=st.booleans(),
)
def test_signing_and_declining_never_fail_on_odd_input(
    client, project, facilitator, observer, data, declining
):
    signatory = Signatory.objects.first()
    if signatory is None:  # once for all the examples
        signatory = make_signatory(make_partner(project), observer)
        send_version(project, by=facilitator, version=1)
    client.force_login(observer)
    name = "partners-decline" if declining else "partners-sign"
    url = reverse(name, args=[project.slug, signatory.pk])
    post_in_savepoint(client, url, data, answer_rows)
