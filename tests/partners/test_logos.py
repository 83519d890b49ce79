"""A logo is checked from its content, limited, made safe, stored and served to members only."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from partners.logos import clean_logo, clean_svg
from partners.models import Partner

from .helpers import SVG, jpeg, png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def add(client, project, upload, **fields):
    data = {"name": "Northbridge City Council", "kind": "statutory", "website": ""}
    data |= {"logo_alt": "Northbridge City Council"} | fields
    if upload is not None:
        data["upload"] = upload
    return client.post(reverse("partners-create", args=[project.slug]), data)


def test_a_png_is_stored_and_shown_with_its_alt_text_to_members(
    client, project, facilitator, observer
):
    client.force_login(facilitator)
    response = add(client, project, SimpleUploadedFile("logo.png", png(), "image/png"))
    assert response.status_code == 302
    partner = Partner.objects.get()
    assert partner.logo_type == "image/png" and partner.logo.name.endswith(".png")
    client.force_login(observer)
    page = client.get(reverse("partners-list", args=[project.slug])).content.decode()
    assert 'alt="Northbridge City Council"' in page
    logo = client.get(reverse("partners-logo", args=[project.slug, partner.pk]))
    assert logo["Content-Type"] == "image/png"
    assert "no-store" in logo["Cache-Control"] and "private" in logo["Cache-Control"]
    assert Image.open(io.BytesIO(b"".join(logo.streaming_content))).format == "PNG"


def test_a_file_that_is_not_an_image_is_refused_and_the_form_keeps_what_was_typed(
    client, project, facilitator
):
    client.force_login(facilitator)
    upload = SimpleUploadedFile("logo.png", b"%PDF-1.7 not a picture at all", "image/png")
    response = add(client, project, upload, website="https://www.northbridge.example.org")
    page = response.content.decode()
    assert response.status_code == 422
    assert "There is a problem" in page
    assert "This file is not a PNG, JPEG or SVG image." in page
    assert 'value="https://www.northbridge.example.org"' in page
    assert "choose the logo again" in page
    assert not Partner.objects.exists()


def test_a_20_mb_file_is_refused_unread(client, project, facilitator):
    client.force_login(facilitator)
    upload = SimpleUploadedFile("big.png", png() + b"\0" * (20 * 1024 * 1024), "image/png")
    response = add(client, project, upload)
    assert response.status_code == 422
    assert "The logo is 20.0 MB. Choose a file of at most 2 MB." in response.content.decode()
    assert not Partner.objects.exists()


def test_an_svg_with_a_script_is_refused_with_a_message(client, project, facilitator):
    client.force_login(facilitator)
    evil = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9"/></svg>'
    )
    response = add(client, project, SimpleUploadedFile("logo.svg", evil, "image/svg+xml"))
    assert response.status_code == 422
    assert "This SVG file contains a script." in response.content.decode()
    assert not Partner.objects.exists()


@pytest.mark.parametrize(
    "svg, message",
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "runs code"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><g><rect onclick="x()"/></g></svg>',
            "runs code",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            b'<image xlink:href="https://evil.example/x.png"/><use xlink:href="https://evil.example/a.svg#x"/></svg>',
            "refers to something outside it",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><use href="data:image/svg+xml;base64,AAAA"/></svg>',
            "refers to something outside it",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>hi</p></foreignObject></svg>',
            "foreignObject",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/p)"/></svg>',
            "refers to something outside it",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(x.css);</style></svg>',
            "fetch or run",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
            "could not be read",
        ),
    ],
)
def test_an_svg_that_could_run_or_fetch_anything_is_refused(svg, message):
    with pytest.raises(ValidationError, match=message):
        clean_logo(svg)


def test_a_plain_svg_keeps_its_drawing_and_loses_what_only_an_editor_needs():
    drawing = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"'
        b' viewBox="0 0 10 10" inkscape:version="1.3"><metadata>x</metadata>'
        b'<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
        b'<rect width="10" height="10" fill="url(#g)" data-x="1"/></svg>'
    )
    cleaned = clean_svg(drawing).decode()
    assert 'fill="url(#g)"' in cleaned and "<linearGradient" in cleaned
    assert "inkscape" not in cleaned and "metadata" not in cleaned and "data-x" not in cleaned


def test_an_svg_logo_is_served_so_that_it_can_run_nothing(client, project, facilitator):
    client.force_login(facilitator)
    assert (
        add(client, project, SimpleUploadedFile("l.svg", SVG, "image/svg+xml")).status_code == 302
    )
    partner = Partner.objects.get()
    response = client.get(reverse("partners-logo", args=[project.slug, partner.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_image_too_large_in_pixels_is_refused():
    with pytest.raises(ValidationError, match="5000 × 20 pixels"):
        clean_logo(png(5000, 20))


def test_a_jpeg_is_saved_again_without_what_else_the_file_carried():
    image = Image.open(io.BytesIO(jpeg()))
    exif = Image.Exif()
    exif[0x010E] = "taken at 12 Acacia Avenue"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    cleaned = clean_logo(out.getvalue())
    assert cleaned.content_type == "image/jpeg"
    assert b"Acacia" in out.getvalue() and b"Acacia" not in cleaned.content


def test_a_logo_needs_words_for_people_who_cannot_see_it(client, project, facilitator):
    client.force_login(facilitator)
    response = add(client, project, SimpleUploadedFile("l.png", png(), "image/png"), logo_alt="")
    assert response.status_code == 422
    assert "Describe the logo for people who cannot see it" in response.content.decode()


def test_replacing_and_removing_a_logo_deletes_the_old_file(
    client, project, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    add(client, project, SimpleUploadedFile("l.png", png(), "image/png"))
    partner = Partner.objects.get()
    first = partner.logo.name
    url = reverse("partners-update", args=[project.slug, partner.pk])
    data = {"name": partner.name, "kind": "statutory", "website": "", "logo_alt": "Council"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data | {"upload": SimpleUploadedFile("l.jpg", jpeg(), "image/jpeg")})
    partner.refresh_from_db()
    assert partner.logo_type == "image/jpeg"
    assert not partner.logo.storage.exists(first)
    second = partner.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data | {"remove_logo": "on"})
    partner.refresh_from_db()
    assert not partner.logo and not partner.logo.storage.exists(second)


def test_deleting_the_project_deletes_the_logo_files(
    client, project, facilitator, django_capture_on_commit_callbacks
):
    from projects.actions import do_delete_project

    client.force_login(facilitator)
    add(client, project, SimpleUploadedFile("l.png", png(), "image/png"))
    partner = Partner.objects.get()
    name, storage = partner.logo.name, partner.logo.storage
    with django_capture_on_commit_callbacks(execute=True):
        do_delete_project(project=project, by=facilitator)
    assert not storage.exists(name)
