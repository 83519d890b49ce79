"""What goes in the charter: every part's sections gathered as plain values, and a hash of them.

Each section of the document has one template under ``templates/charter/`` and one
function that gathers its data from the database as plain values (strings, numbers, dates,
lists and dicts). The parts of a project declare their sections
(``ProjectPart.charter_sections``); this module adds the cover, the contents and the
review dates. ``gather_charter`` runs them all in order; ``content_hash`` fingerprints
the result so that an unchanged project is not rendered again.

Observers download the charter, so it holds nothing they cannot see on the site and less
where that is safer: no email address, access needs or notes of a stakeholder, and from the
power dynamics check only totals (no answers, comments or names of who answered).
"""

import hashlib
import json

from django.utils.translation import gettext_lazy

from projects.models import Project
from projects.parts import CharterSection, get_parts, member_name

# Bump when the templates change in a way that should give an unchanged project a new version.
LAYOUT_VERSION = 5


def lead_contact(project: Project) -> str:
    """Who to ask about the project: the facilitator who has been one longest (a name only:
    the charter prints nobody's email address)."""
    lead = project.facilitators().select_related("user").order_by("joined_at", "pk").first()
    return str(member_name(lead.user)) if lead is not None else ""


def cover_section(project: Project) -> dict:
    """The title page: what the project is called, who leads it, when it runs, where it
    stands, and what the parts print there (the partners); a draft while any part says so."""
    items = [item for part in get_parts() for item in part.charter_cover(project)]
    return {
        "title": project.title,
        "organisation": project.organisation,
        "status": str(project.get_status_display()),
        "start_date": project.start_date,
        "end_date": project.end_date,
        "lead_contact": lead_contact(project),
        "draft": any(item.draft for item in items),
        "items": [{"template": item.template, "data": item.data} for item in items],
    }


def contents_section(project: Project) -> dict:
    """The contents list: every section after it, in order (page numbers come from layout)."""
    return {
        "entries": [
            {"id": section.id, "title": str(section.title)}
            for section in get_sections()
            if section.in_contents
        ]
    }


def review_section(project: Project) -> dict:
    """When the project runs and when this charter is to be reviewed."""
    return {
        "start_date": project.start_date,
        "end_date": project.end_date,
        "review_date": project.review_date,
    }


# The charter's own sections (charter/part.py declares them like every other part's).
OWN_SECTIONS = [
    CharterSection(10, "cover", gettext_lazy("Cover"), "charter/cover.html", cover_section, False),
    CharterSection(
        20, "contents", gettext_lazy("Contents"), "charter/contents.html", contents_section, False
    ),
    CharterSection(
        100, "review", gettext_lazy("Review dates"), "charter/review.html", review_section
    ),
]


def get_sections() -> list[CharterSection]:
    """Every section of the charter, in the order it is printed."""
    sections = [section for part in get_parts() for section in part.charter_sections()]
    return sorted(sections, key=lambda section: section.position)


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
            for section in get_sections()
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
