"""The printable agenda and minutes, typeset with the charter's locked-down WeasyPrint
pipeline (only our own static files and ``data:`` URLs may be fetched)."""

from urllib.parse import urljoin

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML

from charter.render import BASE_URL, STYLESHEET, CharterURLFetcher, page_numbers_css

from .models import AgendaItem, Attendance, MeetingPaper


def paper_context(paper: MeetingPaper) -> dict:
    meeting = paper.meeting
    attendance = meeting.attendance.select_related("membership__user")
    return {
        "paper": paper,
        "meeting": meeting,
        "project": meeting.project,
        "agenda": meeting.agenda.filter(status=AgendaItem.Status.ACCEPTED).select_related(
            "lead__user"
        ),
        "came": [a for a in attendance if a.status == Attendance.Status.CAME],
        "apologies": [a for a in attendance if a.status == Attendance.Status.APOLOGIES],
        "actions": meeting.actions.select_related("owner__user"),
        "generated_at": timezone.localtime(timezone.now(), meeting.project.zone),
        "language": translation.to_locale(
            translation.get_language() or settings.LANGUAGE_CODE
        ).replace("_", "-"),
        "stylesheet_url": urljoin(BASE_URL, settings.STATIC_URL + STYLESHEET),
    }


def render_paper_html(paper: MeetingPaper) -> str:
    return render_to_string("meetings/paper.html", paper_context(paper))


def render_paper_pdf(paper: MeetingPaper) -> bytes:
    """The agenda or minutes as a tagged A4 PDF (PDF/UA-1)."""
    document = HTML(
        string=render_paper_html(paper), base_url=BASE_URL, url_fetcher=CharterURLFetcher()
    )
    return document.write_pdf(
        stylesheets=[CSS(string=page_numbers_css())], pdf_variant="pdf/ua-1", pdf_tags=True
    )
