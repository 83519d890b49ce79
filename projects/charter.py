"""The charter: what goes in it, a hash of that content, and the PDF made from it.

Each section of the document has one template under ``templates/charter/`` and one
function here that gathers its data from the database as plain values (strings,
numbers, dates, lists and dicts). ``gather_charter`` runs them all; ``content_hash``
fingerprints the result so that an unchanged project is not rendered again;
``render_charter_pdf`` lays it out with WeasyPrint.

The templates are ours alone and every value from users is escaped by Django's
templates. As a second line of defence WeasyPrint gets ``CharterURLFetcher``,
which refuses every URL except our own static files and ``data:`` URLs.
"""

import datetime
import hashlib
import json
import mimetypes
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import Charter, Project, Role

# Bump when the templates change in a way that should give an unchanged project a new version.
LAYOUT_VERSION = 1

# Relative URLs in the document resolve against this made-up origin, which is never
# contacted: the fetcher maps its static path to files on disk and refuses the rest.
BASE_URL = "https://charter.coproduce.invalid/"
STYLESHEET = "css/charter.css"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    template: str
    gather: Callable[[Project], dict]
    in_contents: bool = True


def cover_section(project: Project) -> dict:
    """The title page: what the project is called, who leads it, where it stands."""
    return {
        "title": project.title,
        "organisation": project.organisation,
        "status": str(project.get_status_display()),
    }


def contents_section(project: Project) -> dict:
    """The contents list: every section after it, in order (page numbers come from layout)."""
    return {
        "entries": [
            {"id": section.id, "title": str(section.title)}
            for section in SECTIONS
            if section.in_contents
        ]
    }


def aim_section(project: Project) -> dict:
    """What we are trying to achieve: the aim, and each goal with how we will know."""
    return {
        "aim": project.aim.strip(),
        "goals": [
            {"text": goal.text, "measure": goal.measure, "status": str(goal.get_status_display())}
            for goal in project.goals.all()
        ],
    }


def principles_section(project: Project) -> dict:
    """The principles the group commits to (none can be recorded yet)."""
    return {"principles": []}


def people_section(project: Project) -> dict:
    """Who is involved: members by role and perspective (the stakeholder map comes later)."""
    role_order = {role: n for n, role in enumerate(Role.values)}
    memberships = sorted(
        project.memberships.select_related("user"),
        key=lambda m: (role_order[m.role], (m.user.name or "").lower(), m.pk),
    )
    return {
        "members": [
            {
                "name": m.user.name or _("A member who has not given their name"),
                "role": str(m.get_role_display()),
                "perspective": str(m.get_perspective_display()) if m.perspective else "",
            }
            for m in memberships
        ],
        "stakeholders": [],
    }


def decisions_section(project: Project) -> dict:
    """How decisions are made: one plain sentence per decision rule (none recorded yet)."""
    return {"rules": []}


def ground_rules_section(project: Project) -> dict:
    """The ground rules and how many members have agreed to them (none recorded yet)."""
    return {"rules": []}


def communication_section(project: Project) -> dict:
    """The communication plan: who hears what, how and how often (none recorded yet)."""
    return {"items": []}


def power_section(project: Project) -> dict:
    """The latest power dynamics check: scores, gaps and actions (none recorded yet)."""
    return {"round": None}


def review_section(project: Project) -> dict:
    """When the project runs and when this charter is to be reviewed."""
    return {
        "start_date": project.start_date,
        "end_date": project.end_date,
        "review_date": project.review_date,
    }


def signoff_section(project: Project) -> dict:
    """The members who have agreed to the current ground rules, with the dates they agreed."""
    return {"signatures": []}


SECTIONS: list[Section] = [
    Section("cover", gettext_lazy("Cover"), "charter/cover.html", cover_section, False),
    Section("contents", gettext_lazy("Contents"), "charter/contents.html", contents_section, False),
    Section("aim", gettext_lazy("What we are trying to achieve"), "charter/aim.html", aim_section),
    Section(
        "principles",
        gettext_lazy("Principles we commit to"),
        "charter/principles.html",
        principles_section,
    ),
    Section("people", gettext_lazy("Who is involved"), "charter/people.html", people_section),
    Section(
        "decisions",
        gettext_lazy("How decisions are made"),
        "charter/decisions.html",
        decisions_section,
    ),
    Section(
        "ground-rules",
        gettext_lazy("Ground rules"),
        "charter/ground_rules.html",
        ground_rules_section,
    ),
    Section(
        "communication",
        gettext_lazy("Communication plan"),
        "charter/communication.html",
        communication_section,
    ),
    Section("power", gettext_lazy("Power dynamics"), "charter/power.html", power_section),
    Section("review", gettext_lazy("Review dates"), "charter/review.html", review_section),
    Section("sign-off", gettext_lazy("Sign-off"), "charter/signoff.html", signoff_section),
]


def gather_charter(project: Project) -> dict:
    """Everything the charter shows, section by section, as plain values.

    Returns ``{"project": {...}, "sections": [{"id", "title", "template", "data"}, ...]}``.
    """
    return {
        "project": {"title": project.title, "organisation": project.organisation},
        "sections": [
            {
                "id": section.id,
                "title": str(section.title),
                "template": section.template,
                "data": section.gather(project),
            }
            for section in SECTIONS
        ],
    }


def content_hash(content: dict) -> str:
    """A fingerprint of the charter's content: equal for projects that would print the same."""
    payload = json.dumps(
        {
            "layout": LAYOUT_VERSION,
            "project": content["project"],
            "sections": [[section["id"], section["data"]] for section in content["sections"]],
        },
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


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


def render_pdf(content: dict, *, version: int | None, generated_at: datetime.datetime) -> bytes:
    """Typeset gathered content as a tagged A4 PDF (PDF/UA-1)."""
    html = render_charter_html(
        content,
        version=version,
        generated_at=generated_at,
        stylesheet_url=urljoin(BASE_URL, settings.STATIC_URL + STYLESHEET),
    )
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=CharterURLFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def render_charter_pdf(charter: Charter, content: dict | None = None) -> bytes:
    """The PDF of this charter version, from ``content`` or the project as it is now."""
    if content is None:
        content = gather_charter(charter.project)
    return render_pdf(content, version=charter.version, generated_at=timezone.now())


def preview_stylesheet_url() -> str:
    """The charter stylesheet as a browser loads it (hashed name in production)."""
    return static(STYLESHEET)
