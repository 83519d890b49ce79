"""The charter typeset: one HTML document from the gathered content, and the PDF made from it.

The templates are ours alone and every value from users is escaped by Django's
templates. As a second line of defence WeasyPrint gets ``CharterURLFetcher``,
which refuses every URL except our own static files and ``data:`` URLs.
"""

import datetime
import mimetypes
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .content import gather_charter
from .models import Charter

# Relative URLs in the document resolve against this made-up origin, which is never
# contacted: the fetcher maps its static path to files on disk and refuses the rest.
BASE_URL = "https://charter.coproduce.invalid/"
STYLESHEET = "css/charter.css"


def static_file_for(url: str) -> Path | None:
    """The source file of one of our static files addressed by ``url``, or None."""
    prefix = urljoin(BASE_URL, settings.STATIC_URL)
    if not url.startswith(prefix) or urlsplit(url).query:
        return None
    name = posixpath.normpath(unquote(url[len(prefix) :]))
    if name.startswith(("..", "/")) or name == ".":
        return None
    found = finders.find(name)
    return Path(found) if isinstance(found, str) else None


class CharterURLFetcher(URLFetcher):
    """Fetches our own static files and ``data:`` URLs; refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=["data"], allow_redirects=False)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        path = static_file_for(url)
        if path is None:
            raise ValueError(f"The charter may not fetch {url!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def render_charter_html(
    content: dict,
    *,
    version: int | None,
    generated_at: datetime.datetime,
    stylesheet_url: str,
    preview: bool = False,
    back_url: str = "",
) -> str:
    """The charter as one HTML document, ready for WeasyPrint or a browser."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    context = {
        "content": content,
        "project": content["project"],
        "sections": content["sections"],
        "version": version,
        "generated_at": timezone.localtime(generated_at),
        "language": translation.to_locale(language).replace("_", "-"),
        "stylesheet_url": stylesheet_url,
        "preview": preview,
        "back_url": back_url,
    }
    return render_to_string("charter/document.html", context)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_numbers_css() -> str:
    """The footer's "Page 2 of 11", translated as one sentence, as CSS for WeasyPrint.

    It is given to WeasyPrint as a stylesheet of its own rather than written into the
    document, which a browser shows under a Content Security Policy that allows no
    inline style (the preview).
    """
    sentence = _("Page %(page)s of %(pages)s")
    parts = []
    for piece in re.split(r"(%\(page\)s|%\(pages\)s)", sentence):
        if piece == "%(page)s":
            parts.append("counter(page)")
        elif piece == "%(pages)s":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    content = " ".join(parts)
    return "@page { @bottom-right { content: " + content + "; } }"


def render_pdf(content: dict, *, version: int | None, generated_at: datetime.datetime) -> bytes:
    """Typeset gathered content as a tagged A4 PDF (PDF/UA-1)."""
    html = render_charter_html(
        content,
        version=version,
        generated_at=generated_at,
        stylesheet_url=urljoin(BASE_URL, settings.STATIC_URL + STYLESHEET),
    )
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=CharterURLFetcher())
    return document.write_pdf(
        stylesheets=[CSS(string=page_numbers_css())], pdf_variant="pdf/ua-1", pdf_tags=True
    )


def render_charter_pdf(charter: Charter, content: dict | None = None) -> bytes:
    """The PDF of this charter version, from ``content`` or the project as it is now."""
    if content is None:
        content = gather_charter(charter.project)
    return render_pdf(content, version=charter.version, generated_at=timezone.now())


def preview_stylesheet_url() -> str:
    """The charter stylesheet as a browser loads it (hashed name in production)."""
    return static(STYLESHEET)
