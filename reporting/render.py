"""The report typeset as a PDF through the charter's locked-down pipeline: our own template,
every value escaped by Django's templates, and WeasyPrint given ``CharterURLFetcher``, which
fetches only our own static files and ``data:`` URLs."""

import datetime
from urllib.parse import urljoin

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML

from charter.render import BASE_URL, STYLESHEET, CharterURLFetcher, page_numbers_css

from .exports import absolute, form_line, report_title


def render_report_html(content: dict, *, generated_at: datetime.datetime) -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    items = [
        {
            **item,
            "sentences": [{**s, "url": absolute(s["url"])} for s in item["sentences"]],
            "sources": [{**s, "url": absolute(s["url"])} for s in item["sources"]],
        }
        for item in content["items"]
    ]
    return render_to_string(
        "reporting/document.html",
        {
            "content": content,
            "items": items,
            "title": report_title(content),
            "form_line": form_line(content),
            "generated_at": timezone.localtime(generated_at),
            "language": translation.to_locale(language).replace("_", "-"),
            "stylesheet_url": urljoin(BASE_URL, settings.STATIC_URL + STYLESHEET),
        },
    )


def render_report_pdf(content: dict) -> bytes:
    """The report as a tagged A4 PDF (PDF/UA-1), as the charter is made."""
    html = render_report_html(content, generated_at=timezone.now())
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=CharterURLFetcher())
    return document.write_pdf(
        stylesheets=[CSS(string=page_numbers_css())], pdf_variant="pdf/ua-1", pdf_tags=True
    )
