"""The charter: what goes in it, a hash of that content, and the PDF made from it.

Each section of the document has one template under ``templates/charter/`` and one
function here that gathers its data from the database as plain values (strings,
numbers, dates, lists and dicts). ``gather_charter`` runs them all; ``content_hash``
fingerprints the result so that an unchanged project is not rendered again;
``render_charter_pdf`` lays it out with WeasyPrint.

Observers download the charter, so it holds nothing they cannot see on the site and less
where that is safer: no email address, access needs or notes of a stakeholder, and from the
power dynamics check only totals (no answers, comments or names of who answered).

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
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from powercheck.models import Round
from powercheck.scoring import MIN_GROUP, RoundResults, get_results
from stakeholders.grid import get_grid
from stakeholders.models import Category, Stakeholder
from stakeholders.reach import Reach, get_reach

from .models import Charter, GroundRuleAgreement, Principle, Project, Role

# Bump when the templates change in a way that should give an unchanged project a new version.
LAYOUT_VERSION = 3

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


def member_name(user) -> str:
    """A member's name as the charter prints it: never their email address."""
    return user.name or _("A member who has not given their name")


def principles_section(project: Project) -> dict:
    """The five NIHR principles with what each means for this project, and the definitions of
    co-production the group works from."""
    principles = Principle.all_for(project)
    definitions = project.chosen_definitions()
    own_definition = project.own_definition.strip()
    written = any(p.meaning.strip() for p in principles) or definitions or own_definition
    return {
        "principles": [
            {
                "title": str(p.get_key_display()),
                "explanation": str(p.explanation),
                "meaning": p.meaning.strip(),
            }
            for p in principles
        ]
        if written
        else [],
        "definitions": [{"label": str(d.label), "text": str(d.text)} for d in definitions],
        "own_definition": own_definition,
    }


def stakeholder_groups(stakeholders: list[Stakeholder]) -> list[dict]:
    """The map as a table by category, each category's people by name. Only what observers
    may read: no email address, access needs or notes."""
    groups: dict[str, list[Stakeholder]] = {category: [] for category in Category.values}
    for stakeholder in sorted(stakeholders, key=lambda s: (s.name.lower(), s.pk)):
        groups[stakeholder.category].append(stakeholder)
    return [
        {
            "category": str(Category(category).label),
            "rows": [
                {
                    "name": s.name,
                    "organisation": s.organisation,
                    "quadrant": str(s.quadrant),
                    "involvement_now": str(s.get_current_involvement_display()),
                    "involvement_aim": str(s.get_intended_involvement_display()),
                }
                for s in members
            ],
        }
        for category, members in groups.items()
        if members
    ]


def grid_data(stakeholders: list[Stakeholder]) -> dict:
    """The power/interest grid as plain values for ``stakeholders/_grid.svg.html``, unlinked."""
    grid = get_grid(stakeholders, links=False)
    return {
        **asdict(grid),
        "ticks": grid.ticks,
        "quadrant_labels": [
            {**label, "text": str(label["text"])} for label in grid.quadrant_labels
        ],
    }


def reach_data(reach: Reach) -> dict:
    """The reach check as plain values for ``stakeholders/_reach_findings.html``."""
    return {
        "total": reach.total,
        "lived_experience_percent": reach.lived_experience_percent,
        "seldom_heard_percent": reach.seldom_heard_percent,
        "largest_organisation": reach.largest_organisation,
        "largest_organisation_percent": reach.largest_organisation_percent,
        "invited": reach.invited,
        "accepted": reach.accepted,
        "shortfalls": [str(sentence) for sentence in reach.shortfalls],
    }


# A map longer than this is summarised rather than listed name by name: dozens of pages of
# names help nobody reading a charter, and the full list is in the map's CSV export.
LISTED_AT_MOST = 150


def people_section(project: Project) -> dict:
    """Who is involved: members by role and perspective, and the stakeholder map (grid, table
    and reach check)."""
    role_order = {role: n for n, role in enumerate(Role.values)}
    memberships = sorted(
        project.memberships.select_related("user"),
        key=lambda m: (role_order[m.role], (m.user.name or "").lower(), m.pk),
    )
    # Only the fields the charter prints are read: sensitive ones never leave the database.
    stakeholders = list(
        project.stakeholders.with_invitations().only(
            "pk",
            "project_id",
            "name",
            "organisation",
            "category",
            "power",
            "interest",
            "current_involvement",
            "intended_involvement",
        )
    )
    reach = get_reach(project)
    return {
        "members": [
            {
                "name": member_name(m.user),
                "role": str(m.get_role_display()),
                "perspective": str(m.get_perspective_display()) if m.perspective else "",
            }
            for m in memberships
        ],
        "stakeholder_count": len(stakeholders),
        "by_category": [
            {"category": str(category.label), "count": reach.by_category.get(category.value, 0)}
            for category in Category
        ],
        "stakeholder_groups": (
            stakeholder_groups(stakeholders) if len(stakeholders) <= LISTED_AT_MOST else []
        ),
        "grid": grid_data(stakeholders) if stakeholders else None,
        "reach": reach_data(reach),
    }


def decisions_section(project: Project) -> dict:
    """How decisions are made: each decision rule as a table row and as a plain sentence."""
    return {
        "rules": [
            {
                "area": rule.area,
                "who": rule.who_label,
                "method": str(rule.get_method_display()),
                "sentence": rule.as_sentence(),
            }
            for rule in project.decision_rules.all()
        ]
    }


def ground_rules_section(project: Project) -> dict:
    """The current ground rules, in order, and which version of the set they are."""
    return {
        "rules": [{"text": rule.text} for rule in project.ground_rules.all()],
        "version": project.ground_rules_version,
    }


def communication_section(project: Project) -> dict:
    """The communication plan: what is sent to whom, how, how often, when next, and by whom."""
    return {
        "items": [
            {
                "purpose": item.purpose,
                "audience": item.audience,
                "channel": str(item.get_channel_display()),
                "formats": item.format_labels(),
                "frequency": str(item.get_frequency_display()),
                "next_due": None if item.closed else item.next_due,
                "owner": member_name(item.owner.user) if item.owner else "",
            }
            for item in project.communication_items.select_related("owner__user")
        ]
    }


def results_data(results: RoundResults) -> dict:
    """A round's scores as plain values with the attributes ``powercheck/_chart.svg.html`` and
    ``powercheck/_gaps.html`` read. Aggregates only: no answers, comments or names."""
    sections = [
        {
            "number": s.number,
            "section": {"title": s.section.title},
            "score": s.score,
            "band": s.band,
            "change": s.change,
            "community": s.community,
            "professional": s.professional,
            "gap": s.gap,
            "gap_flagged": s.gap_flagged,
        }
        for s in results.sections
    ]
    chart = results.chart
    for row, section in zip(chart["rows"], sections, strict=True):
        row["section"] = section
        for bar in row["bars"]:
            bar["label"] = str(bar["label"])
    return {
        "round": {"pk": results.round.pk, "title": results.round.title},
        "enough": results.enough,
        "min_group": MIN_GROUP,
        "submitted": results.submitted,
        "eligible": results.eligible,
        "participation": results.participation,
        "overall": results.overall,
        "band": results.band,
        "overall_change": results.overall_change,
        "previous_round": results.previous_round.title if results.previous_round else "",
        "sections": sections,
        "chart": chart,
        "show_groups": results.show_groups,
        "gaps": [section for section in sections if section["gap_flagged"]],
        "lowest": [
            {"title": s.section.title, "score": s.score, "suggestions": s.suggestions}
            for s in results.lowest
        ],
    }


def power_section(project: Project) -> dict:
    """The latest power dynamics check that has closed (or, before any has, the one under way):
    its scores, bands, participation, perception gaps and the actions suggested for the
    lowest-scoring section. Nothing that could show who answered what."""
    ended = Q(status=Round.Status.CLOSED) | Q(closes_at__lte=timezone.now())
    round = (
        project.power_rounds.annotate(ended=ExpressionWrapper(ended, output_field=BooleanField()))
        .order_by("-ended", "-opens_at", "-id")
        .first()
    )
    if round is None:
        return {"round": None}
    round.project = project
    return {
        "round": {
            "title": round.title,
            "is_open": round.is_open(),
            "ended_at": round.ended_at(),
            "closes_at": round.closes_at,
            "anonymous": round.anonymous,
        },
        "results": results_data(get_results(round)),
    }


def review_section(project: Project) -> dict:
    """When the project runs and when this charter is to be reviewed."""
    return {
        "start_date": project.start_date,
        "end_date": project.end_date,
        "review_date": project.review_date,
    }


def signoff_section(project: Project) -> dict:
    """The members who have agreed to the current ground rules, with the dates they agreed,
    and how many of those asked have not agreed yet."""
    statuses = GroundRuleAgreement.member_statuses(project)
    counts = GroundRuleAgreement.counts(project)
    signed = statuses.filter(agreed_current=True).order_by("agreed_at", "user__name", "pk")
    return {
        "has_rules": project.ground_rules.exists(),
        "version": project.ground_rules_version,
        "signatures": [
            {
                "name": member_name(m.user),
                "role": str(m.get_role_display()),
                "agreed_at": m.agreed_at,
            }
            for m in signed
        ],
        "asked": counts["total"],
        "not_agreed": counts["total"] - counts["current"],
    }


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
