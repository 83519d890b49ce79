"""The report as a Word document (python-docx), as Markdown, and the self-assessments as CSV.

All are made from the same plain values (``content.report_content``, ``get_assessment_rows``);
user text is written as text (Word runs, escaped Markdown, CSV cells guarded against formulas),
never as markup.
"""

import csv
import io
import re

import docx
from django.conf import settings
from django.utils.translation import gettext as _
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .comparison import get_comparisons
from .models import Assessment, StandardEntry
from .standards import STANDARD_BY_KEY, rating_label

# Characters Markdown would read as formatting or markup.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}!~])")
# A CSV cell starting with one of these is read as a formula by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def md(text: str) -> str:
    """User text as Markdown that shows exactly that text."""
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    return re.sub(r"^(\s*)(\d+)\.", r"\1\2\\.", escaped, flags=re.MULTILINE)


def report_title(content: dict) -> str:
    return _("Public involvement in %(project)s") % {"project": content["project"]["title"]}


def form_line(content: dict) -> str:
    if content["long_form"]:
        return _("Reported with the GRIPP2 long form (Staniszewska et al., 2017).")
    return _("Reported with the GRIPP2 short form (Staniszewska et al., 2017).")


def report_markdown(content: dict) -> str:
    lines = [f"# {md(report_title(content))}", "", md(form_line(content)), ""]
    for item in content["items"]:
        lines += [f"## {md(item['title'])}", ""]
        if item["drafted"]:
            for sentence in item["sentences"]:
                lines.append(
                    f"- {md(sentence['text'])} ([{md(sentence['title'])}]({absolute(sentence['url'])}))"
                )
            if item["sentences"]:
                lines.append("")
        elif item["text"]:
            lines += [md(paragraph) for paragraph in item["text"].splitlines()] + [""]
            if item["sources"]:
                lines.append(md(_("Drawn from:")))
                lines += [f"- [{md(s['title'])}]({absolute(s['url'])})" for s in item["sources"]]
                lines.append("")
        for gap in item["gaps"] if item["drafted"] else []:
            lines += [f"> **{md(_('To add:'))}** {md(gap)}", ""]
        if not item["number"]:
            lines += [md(_("Not drafted yet.")), ""]
    return "\n".join(lines)


def add_hyperlink(paragraph, text: str, url: str) -> None:
    """A link in a Word paragraph (python-docx has no call for one)."""
    part = paragraph.part
    r_id = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def report_docx(content: dict) -> bytes:
    """The report as a Word document: a heading per item, its sentences each followed by a
    link to where it came from, and what is still to add highlighted."""
    document = docx.Document()
    document.core_properties.title = report_title(content)
    document.add_heading(report_title(content), level=0)
    document.add_paragraph(form_line(content))
    for item in content["items"]:
        document.add_heading(item["title"], level=1)
        if item["drafted"]:
            for sentence in item["sentences"]:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(sentence["text"] + " ")
                add_hyperlink(paragraph, f"({sentence['title']})", absolute(sentence["url"]))
        elif item["text"]:
            for text in item["text"].splitlines():
                if text.strip():
                    document.add_paragraph(text)
            if item["sources"]:
                document.add_paragraph(_("Drawn from:"))
                for source in item["sources"]:
                    paragraph = document.add_paragraph(style="List Bullet")
                    add_hyperlink(paragraph, source["title"], absolute(source["url"]))
        for gap in item["gaps"] if item["drafted"] else []:
            paragraph = document.add_paragraph()
            label = paragraph.add_run(_("To add:") + " ")
            label.bold = True
            paragraph.add_run(gap).font.highlight_color = WD_COLOR_INDEX.YELLOW
        if not item["number"]:
            document.add_paragraph(_("Not drafted yet."))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


ASSESSMENT_COLUMNS = [
    "assessment",
    "when in the project",
    "date",
    "standard",
    "rating (1 to 4)",
    "rating",
    "going well",
    "to improve",
    "evidence",
    "views given",
    "members' average",
    "facilitators' average",
    "community members' average",
]


def get_assessment_rows(project, evidence: dict) -> list[list]:
    """A row per assessment and standard: the project's answer, the evidence it points to,
    and members' averages as ``comparison`` allows, in four queries."""
    assessments = list(Assessment.objects.filter(project=project))
    comparisons = get_comparisons(assessments)
    entries = StandardEntry.objects.filter(assessment__in=assessments).order_by(
        "assessment__created_at", "assessment_id", "id"
    )
    by_id = {a.pk: a for a in assessments}
    rows = []
    for entry in entries:
        assessment = by_id[entry.assessment_id]
        comparison = comparisons[assessment.pk]
        shown = {s.standard.key: s for s in comparison.standards}.get(entry.standard)
        rows.append(
            [
                assessment.title,
                assessment.get_stage_display(),
                assessment.day.isoformat(),
                STANDARD_BY_KEY[entry.standard].title,
                entry.rating,
                rating_label(entry.rating) if entry.rating else "",
                entry.going_well,
                entry.to_improve,
                "; ".join(evidence[key].title for key in entry.evidence if key in evidence),
                comparison.views,
                shown.everyone if shown else None,
                shown.facilitators if shown else None,
                shown.community if shown else None,
            ]
        )
    return rows


def assessments_csv(project, evidence: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ASSESSMENT_COLUMNS)
    for row in get_assessment_rows(project, evidence):
        writer.writerow([cell(value) for value in row])
    return out.getvalue()
