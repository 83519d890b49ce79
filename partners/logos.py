"""Checking an uploaded logo and making it safe to keep, show and print.

PNG and JPEG are recognised from their content by Pillow (never from the name or the type
the browser claims), limited in size and pixels, and saved again by Pillow, which drops
whatever else the file carried (metadata, such as where a photo was taken).

SVG is kept as SVG, so that a logo stays sharp in print, and sanitised: parsed with
defusedxml (no DTDs, entities or external resources), then rebuilt from an allow-list of
drawing elements and attributes. A file holding anything that could run or fetch something
(a script, an event handler, ``foreignObject``, a reference to anything outside the file,
a ``data:`` URL) is refused with a message saying so; what only an editor needs (Inkscape's
metadata, say) is left out. The sanitised file is all that is stored; it is served with a
policy that runs nothing and fetches nothing, and shown only in ``<img>``, where a browser
runs no script anyway.
"""

import base64
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 4000  # on either side
MIN_PIXELS = 16
MAX_SVG_ELEMENTS = 5000

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = {
    *("svg", "g", "defs", "symbol", "use", "title", "desc", "style"),
    *("path", "rect", "circle", "ellipse", "line", "polyline", "polygon"),
    *("text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask"),
}
ATTRIBUTES = {
    *("id", "class", "style", "version", "viewBox", "preserveAspectRatio", "width", "height"),
    *("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "d", "points"),
    *("transform", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "opacity"),
    *("stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray"),
    *("stroke-dashoffset", "stroke-opacity", "clip-rule", "clip-path", "mask", "display"),
    *("visibility", "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform"),
    *("spreadMethod", "clipPathUnits", "maskUnits", "maskContentUnits", "font-family"),
    *("font-size", "font-weight", "font-style", "text-anchor", "letter-spacing", "dx", "dy"),
    *("dominant-baseline", "color", "href"),
}
# url(#id) points inside the file; any other url(...) or an @import fetches something.
URL = re.compile(r"url\s*\(\s*(['\"]?)\s*([^)'\"]*)", re.IGNORECASE)
REFUSED_IN_CSS = re.compile(r"@import|expression\s*\(|javascript:|\\", re.IGNORECASE)


@dataclass(frozen=True)
class Logo:
    """A checked logo: what to store, and its type."""

    content: bytes
    content_type: str


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)s MB. Choose a file of at most 2 MB.")
            % {"size": f"{size / (1024 * 1024):.1f}"}
        )
    if not size:
        raise ValidationError(_("The file is empty. Choose a PNG, JPEG or SVG file."))


def clean_logo(data: bytes) -> Logo:
    """The logo made safe to keep, or ValidationError saying plainly what is wrong with it."""
    check_size(len(data))
    if looks_like_svg(data):
        return Logo(clean_svg(data), "image/svg+xml")
    return clean_raster(data)


def looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in data


def clean_raster(data: bytes) -> Logo:
    not_an_image = ValidationError(
        _("This file is not a PNG, JPEG or SVG image. Choose a logo in one of those formats.")
    )
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG"):
                raise not_an_image
            check_pixels(*image.size)
            image.load()
            return Logo(resave(image), f"image/{image.format.lower()}")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise not_an_image from None


def check_pixels(width: int, height: int) -> None:
    if width > MAX_PIXELS or height > MAX_PIXELS:
        raise ValidationError(
            _(
                "The logo is %(width)s × %(height)s pixels. Choose one of at most 4000 pixels "
                "on each side."
            )
            % {"width": width, "height": height}
        )
    if width < MIN_PIXELS or height < MIN_PIXELS:
        raise ValidationError(
            _("The logo is too small to read (%(width)s × %(height)s pixels). Choose a larger one.")
            % {"width": width, "height": height}
        )


def resave(image: Image.Image) -> bytes:
    """The picture alone, saved again: nothing else the file carried comes with it."""
    out = io.BytesIO()
    if image.format == "JPEG":
        image.convert("RGB").save(out, format="JPEG", quality=90)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def refuse(message: str) -> ValidationError:
    return ValidationError(message, code="unsafe_svg")


def clean_svg(data: bytes) -> bytes:
    """The SVG rebuilt from the allow-list, or ValidationError if it holds anything active."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError):
        raise ValidationError(
            _("This SVG file could not be read. Save it again from your drawing program.")
        ) from None
    if root.tag != f"{{{SVG}}}svg":
        raise ValidationError(_("This file is not an SVG image."))
    count = [0]
    clean = clean_element(root, count)
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return ET.tostring(clean, encoding="utf-8", xml_declaration=True)


def local_name(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _sep, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def clean_element(element: ET.Element, count: list[int]) -> ET.Element:
    count[0] += 1
    if count[0] > MAX_SVG_ELEMENTS:
        raise ValidationError(_("This SVG file is too complicated for a logo."))
    _namespace, name = local_name(element.tag)
    if name.lower() == "script":
        raise refuse(_("This SVG file contains a script. Choose a logo without one."))
    if name.lower() == "foreignobject":
        raise refuse(_("This SVG file embeds other content (foreignObject). Choose a plain logo."))
    copy = ET.Element(element.tag)
    for attribute, value in element.attrib.items():
        kept = clean_attribute(attribute, value)
        if kept is not None:
            copy.set(*kept)
    if name == "style":
        check_css(element.text or "")
    copy.text = element.text
    for child in element:
        child_namespace, child_name = local_name(child.tag)
        if child_name.lower() in ("script", "foreignobject"):
            clean_element(child, count)  # refuses with its message
        if child_namespace == SVG and child_name in ELEMENTS:
            kept_child = clean_element(child, count)
            kept_child.tail = child.tail
            copy.append(kept_child)
    return copy


def clean_attribute(attribute: str, value: str) -> tuple[str, str] | None:
    """The attribute as it is kept, None to leave it out; refuses anything active."""
    namespace, name = local_name(attribute)
    if name.lower().startswith("on"):
        raise refuse(
            _("This SVG file runs code when it is used (%(name)s). Choose a logo without it.")
            % {"name": name}
        )
    if name == "href" and namespace in ("", XLINK):
        if not value.strip().startswith("#"):
            raise refuse(
                _("This SVG file refers to something outside it. Choose a logo that does not.")
            )
        return attribute, value
    if namespace == XML and name == "space":
        return attribute, value
    if namespace or name not in ATTRIBUTES:
        return None
    check_css(value)
    return attribute, value


def check_css(text: str) -> None:
    """Refuse CSS (a style attribute or element, a fill) that could fetch or run something."""
    if REFUSED_IN_CSS.search(text):
        raise refuse(
            _("This SVG file has styles that fetch or run something. Choose a plain logo.")
        )
    for _quote, target in URL.findall(text):
        if not target.strip().startswith("#"):
            raise refuse(
                _("This SVG file refers to something outside it. Choose a logo that does not.")
            )


def as_data_url(content: bytes, content_type: str) -> str:
    """The logo as a ``data:`` URL, the only kind of image the charter's typesetter fetches."""
    return f"data:{content_type};base64,{base64.b64encode(content).decode()}"
