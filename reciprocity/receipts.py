"""Receipts: what a file is, found from its content (never from its name or the browser's
word), and how big it may be."""

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image

MAX_BYTES = 10 * 1024 * 1024
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
# What a name may end with for each type the content can be.
EXTENSIONS = {PDF: (".pdf",), PNG: (".png",), JPEG: (".jpg", ".jpeg")}
NAMES = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG"}


def sniff(head: bytes) -> str | None:
    """The type the first bytes of a file say it is, or None if none we accept."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def check_receipt(upload: UploadedFile) -> str:
    """The receipt's type (PDF, PNG or JPEG), or ValidationError saying what is wrong with it."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The receipt is %(size)s MB. Choose a file of 10 MB or less.")
            % {"size": round(upload.size / 1024 / 1024, 1)}
        )
    if upload.size == 0:
        raise ValidationError(_("The receipt is an empty file. Choose the photo or PDF again."))
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    kind = sniff(content[:16])
    if kind is None:
        raise ValidationError(
            _("The receipt must be a photo (JPEG or PNG) or a PDF. This file is none of these.")
        )
    name = (upload.name or "").lower()
    if "." in name and not name.endswith(EXTENSIONS[kind]):
        raise ValidationError(
            _("The file is called “%(name)s” but it is a %(type)s. Rename it or choose another.")
            % {"name": upload.name, "type": NAMES[kind]}
        )
    if kind == PDF:
        if b"%%EOF" not in content[-2048:]:
            raise ValidationError(_("The PDF is incomplete or damaged. Save it again and retry."))
        return kind
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
    except Exception as error:
        raise ValidationError(
            _("The photo is incomplete or damaged. Take it or save it again and retry.")
        ) from error
    return kind
