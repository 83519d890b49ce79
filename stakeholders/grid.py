"""The power/interest grid as positioned points, ready for ``stakeholders/_grid.svg.html``.

Kept free of requests and views so that the charter can draw the same grid.
"""

import functools
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from html import escape

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from projects.models import Project

from .models import HIGH, QUADRANTS, RATED, Category, Invitation, Stakeholder
from .shapes import SHAPE_NAMES, STYLE, shape_path
from .visibility import MapView

EVERYTHING = MapView(everyone=True)

CELL = 100  # px per step of the 1–5 scales
LEFT, TOP, RIGHT, BOTTOM = 70, 40, 20, 80
PLOT = 5 * CELL
WIDTH, HEIGHT = LEFT + PLOT + RIGHT, TOP + PLOT + BOTTOM
MAX_RADIUS = 12  # a mark 24 px across when the grid is drawn at its own size
# On the site a cell shows at most this many marks, each 24 px across; a fuller cell shows
# one fewer and a "+N" mark that links to the list of everyone in it (the table has them all).
MARKS_PER_CELL = 9


@dataclass(slots=True)
class Point:
    path: str
    colour: str
    label: str
    url: str | None
    x: float = 0
    y: float = 0
    target: float = MAX_RADIUS


@dataclass(slots=True)
class More:
    """A "+N" mark for the stakeholders of a crowded cell that are not drawn."""

    x: float
    y: float
    count: int
    label: str
    url: str


@dataclass(slots=True)
class Row:
    """One stakeholder as the table beside the grid lists them, every label translated."""

    name: str
    url: str
    category: str
    power: int
    interest: int
    quadrant: str
    invitation: str


@dataclass(frozen=True)
class LegendItem:
    category: str
    label: str
    shape_name: str
    path: str
    colour: str


# The grid can hold a thousand points and rows: they are filled in here rather than by a
# template loop or format_html, which cost several times as much. Every text is escaped;
# paths, colours and numbers are made here and need no escaping.
# Behind each linked mark, a circle 24 units across that takes the click or tap however thin
# the shape (a triangle is shorter than it is wide).
POINT_LINK = (
    '<a href="{url}" aria-label="{label}"><title>{label}</title>'
    '<circle cx="{x}" cy="{y}" r="{target}" fill="transparent" stroke="none"/>'
    '<path d="{path}" fill="{colour}"/></a>'
)
POINT = '<path d="{path}" fill="{colour}"><title>{label}</title></path>'
MORE = (
    '<a href="{url}" aria-label="{label}" class="grid-more"><title>{label}</title>'
    '<circle cx="{x}" cy="{y}" r="{r}" fill="#ffffff"/>'
    '<text x="{x}" y="{y}" text-anchor="middle" dominant-baseline="central" font-size="11" '
    'stroke="none" fill="#1b1f23">+{count}</text></a>'
)
# Each cell carries its column's heading, so that the table keeps it on a phone.
ROW_CELLS = (
    '<td data-label="{h_category}">{category}</td><td data-label="{h_power}">{power}</td>'
    '<td data-label="{h_interest}">{interest}</td>'
    '<td data-label="{h_quadrant}">{quadrant}</td>'
    '<td data-label="{h_invitation}">{invitation}</td></tr>'
)
ROW_LINK = '<tr><th scope="row"><a href="{url}">{name}</a></th>' + ROW_CELLS
ROW = '<tr><th scope="row">{name}</th>' + ROW_CELLS


@dataclass(frozen=True)
class Grid:
    points: list[Point]
    legend: list[LegendItem]
    rows: list[Row] = field(default_factory=list)
    more: list[More] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    plot: int = PLOT
    # The quadrant boundary sits between 2 and 3 on both scales.
    split_x: int = LEFT + (HIGH - 1) * CELL
    split_y: int = TOP + (5 - HIGH + 1) * CELL

    @property
    def ticks(self) -> list[dict]:
        return [
            {"value": v, "x": LEFT + (v - 0.5) * CELL, "y": TOP + (5.5 - v) * CELL}
            for v in range(1, 6)
        ]

    @property
    def points_markup(self) -> SafeString:
        """Every point as SVG: a link to the stakeholder, or a plain shape without one."""
        lines = []
        for point in self.points:
            template = POINT_LINK if point.url else POINT
            lines.append(
                template.format(
                    url=escape(point.url or ""),
                    label=escape(point.label),
                    path=point.path,
                    colour=point.colour,
                    x=f"{point.x:.1f}",
                    y=f"{point.y:.1f}",
                    target=f"{point.target:.1f}",
                )
            )
        return mark_safe("\n".join(lines))  # noqa: S308 (escaped above)

    @property
    def more_markup(self) -> SafeString:
        """The "+N" marks of crowded cells, each a link to the list of that cell."""
        lines = [
            MORE.format(
                url=escape(more.url),
                label=escape(more.label),
                x=f"{more.x:.1f}",
                y=f"{more.y:.1f}",
                r=MAX_RADIUS + 2,
                count=int(more.count),
            )
            for more in self.more
        ]
        return mark_safe("\n".join(lines))  # noqa: S308 (escaped above)

    @property
    def rows_markup(self) -> SafeString:
        """The body of the table that gives the grid's information as text."""
        labels = functools.cache(escape)  # the same few labels on every row
        headings = {
            "h_category": escape(_("Category")),
            "h_power": escape(_("Power")),
            "h_interest": escape(_("Interest")),
            "h_quadrant": escape(_("What to do")),
            "h_invitation": escape(_("Invitation")),
        }
        lines = []
        for row in self.rows:
            template = ROW_LINK if row.url else ROW
            lines.append(
                template.format(
                    url=escape(row.url),
                    name=escape(row.name),
                    category=labels(row.category),
                    power=int(row.power),
                    interest=int(row.interest),
                    quadrant=labels(row.quadrant),
                    invitation=labels(row.invitation),
                    **headings,
                )
            )
        return mark_safe("\n".join(lines))  # noqa: S308 (escaped above)

    @property
    def quadrant_labels(self) -> list[dict]:
        low_x, high_x = (LEFT + self.split_x) / 2, (self.split_x + LEFT + PLOT) / 2
        return [
            {"text": QUADRANTS[(True, False)], "x": low_x, "y": TOP - 12},
            {"text": QUADRANTS[(True, True)], "x": high_x, "y": TOP - 12},
            {"text": QUADRANTS[(False, False)], "x": low_x, "y": TOP + PLOT + 42},
            {"text": QUADRANTS[(False, True)], "x": high_x, "y": TOP + PLOT + 42},
        ]

    def as_data(self) -> dict:
        """The grid as plain values (for the charter) with what ``_grid.svg.html`` reads."""
        return {
            **asdict(self),
            "ticks": self.ticks,
            "quadrant_labels": [
                {**label, "text": str(label["text"])} for label in self.quadrant_labels
            ],
        }


@dataclass(slots=True)
class Entry:
    """What the grid shows of one stakeholder: the fields of ``Stakeholder`` it reads."""

    pk: int
    project: Project
    name: str
    category: str
    power: int | None
    interest: int | None
    latest_invitation: Invitation | None = None


# A stakeholder as the grid reads them: the model, or the lighter ``Entry``.
OnGrid = Stakeholder | Entry


class Labels:
    """Translated labels, looked up once per grid rather than once per stakeholder."""

    def __init__(self) -> None:
        self.categories = {c.value: str(c.label) for c in Category}
        self.quadrants = {key: str(text) for key, text in QUADRANTS.items()}
        self.point = _(
            "%(name)s: %(category)s, power %(power)s, interest %(interest)s, invitation %(status)s"
        )
        self.more = _("%(count)s more with power %(power)s and interest %(interest)s: list them")
        self.not_invited = str(_("not invited"))
        self.not_invited_row = str(_("Not invited"))

    def category(self, stakeholder: OnGrid) -> str:
        return self.categories.get(stakeholder.category, stakeholder.category)

    def point_label(self, stakeholder: OnGrid) -> str:
        invitation = stakeholder.latest_invitation
        status = invitation.get_status_display().lower() if invitation else self.not_invited
        return self.point % {
            "name": stakeholder.name,
            "category": self.category(stakeholder),
            "power": stakeholder.power,
            "interest": stakeholder.interest,
            "status": status,
        }

    def row(self, stakeholder: OnGrid, url: str) -> Row:
        invitation = stakeholder.latest_invitation
        return Row(
            name=stakeholder.name,
            url=url,
            category=self.category(stakeholder),
            power=stakeholder.power,
            interest=stakeholder.interest,
            quadrant=self.quadrants[(stakeholder.power >= HIGH, stakeholder.interest >= HIGH)],
            invitation=invitation.get_status_display() if invitation else self.not_invited_row,
        )


def in_category(project: Project, category: str) -> QuerySet[Stakeholder]:
    stakeholders = project.stakeholders.order_by("name", "pk")
    return stakeholders.filter(category=category) if category else stakeholders


def stakeholders_on_grid(
    project: Project, category: str = "", view: MapView = EVERYTHING
) -> list[Entry]:
    """The project's stakeholders whose place this viewer may see (in one category, if given)
    as the grid needs them, each with their newest invitation, in two queries however many
    there are."""
    stakeholders = view.on_grid(in_category(project, category)).rated()
    latest: dict[int, Invitation] = {}
    for invitation in Invitation.objects.filter(stakeholder__project=project).order_by(
        "created_at", "pk"
    ):
        latest[invitation.stakeholder_id] = invitation
    return [
        Entry(pk, project, name, category, power, interest, latest.get(pk))
        for pk, name, category, power, interest in stakeholders.values_list(
            "pk", "name", "category", "power", "interest"
        )
    ]


NOT_RATED_LISTED = 50


@dataclass(frozen=True)
class NotRated:
    """Those the viewer may see placed who have not been rated yet: the first few by name
    (linked to their pages), and how many there are in all."""

    count: int
    listed: list[dict]

    def __bool__(self) -> bool:
        return bool(self.count)

    @property
    def unlisted(self) -> int:
        return self.count - len(self.listed)


def not_rated_yet(project: Project, category: str, view: MapView) -> NotRated:
    """Those this viewer may see placed but who have not been rated, so have no place yet,
    in two queries."""
    stakeholders = view.on_grid(in_category(project, category)).exclude(RATED)
    first = [
        Entry(pk, project, name, category, None, None)
        for pk, name, category in stakeholders.values_list("pk", "name", "category")[
            :NOT_RATED_LISTED
        ]
    ]
    count = stakeholders.count()
    urls = detail_urls(first)
    return NotRated(count, [{"name": e.name, "url": urls[e.pk]} for e in first])


def count_not_on_grid(project: Project, category: str, view: MapView) -> int:
    """How many on the map (in the category) this viewer may not see placed on the grid."""
    if view.everyone:
        return 0
    return in_category(project, category).exclude(view.placed).count()


def detail_urls(stakeholders: list[OnGrid]) -> dict[int, str]:
    """Each stakeholder's ``get_absolute_url()``, reversing the URL once, not once each."""
    if not stakeholders:
        return {}
    sentinel = 2**62
    example = reverse("stakeholders-detail", args=[stakeholders[0].project.slug, sentinel])
    head, _sentinel, tail = example.rpartition(str(sentinel))
    return {s.pk: f"{head}{s.pk}{tail}" for s in stakeholders}


def cell_url(project: Project, interest: int, power: int) -> str:
    """The list of everyone in one cell of the grid."""
    return reverse("stakeholders-list", args=[project.slug]) + f"?power={power}&interest={interest}"


def get_grid(stakeholders: Iterable[OnGrid], *, links: bool = True) -> Grid:
    """Place each rated stakeholder in its cell; several in one cell are spread on a lattice.

    The grid's ``rows`` list the stakeholders in the order given, for the table beside it;
    without ``links`` neither the points nor the rows link to the stakeholders' pages. With
    links (the site), a cell draws at most ``MARKS_PER_CELL`` marks, so that each stays 24 px
    across, and a "+N" mark that links to the list of the rest. Anyone not rated yet is
    left out: they have no place on the grid.
    """
    stakeholders = [s for s in stakeholders if s.power is not None and s.interest is not None]
    labels = Labels()
    urls = detail_urls(stakeholders) if links else {}
    cells: dict[tuple[int, int], list[OnGrid]] = defaultdict(list)
    for stakeholder in sorted(stakeholders, key=lambda s: (s.name.lower(), s.pk or 0)):
        cells[(stakeholder.interest, stakeholder.power)].append(stakeholder)
    points, more = [], []
    for (interest, power), members in sorted(cells.items()):
        hidden = 0
        if links and len(members) > MARKS_PER_CELL:
            hidden = len(members) - (MARKS_PER_CELL - 1)
            members = members[: MARKS_PER_CELL - 1]
        side = math.ceil(math.sqrt(len(members) + (1 if hidden else 0)))
        step = CELL / side
        radius = min(MAX_RADIUS, step * 0.38)
        x0, y0 = LEFT + (interest - 1) * CELL, TOP + (5 - power) * CELL
        if hidden:
            i = len(members)
            more.append(
                More(
                    x=x0 + (i % side + 0.5) * step,
                    y=y0 + (i // side + 0.5) * step,
                    count=hidden,
                    label=labels.more % {"count": hidden, "power": power, "interest": interest},
                    url=cell_url(members[0].project, interest, power),
                )
            )
        for i, stakeholder in enumerate(members):
            shape, colour = STYLE[stakeholder.category]
            cx = x0 + (i % side + 0.5) * step
            cy = y0 + (i // side + 0.5) * step
            points.append(
                Point(
                    path=shape_path(shape, cx, cy, radius),
                    colour=colour,
                    label=labels.point_label(stakeholder),
                    url=urls.get(stakeholder.pk),
                    x=cx,
                    y=cy,
                )
            )
    legend = [
        LegendItem(
            category=category.value,
            label=labels.categories[category.value],
            shape_name=str(SHAPE_NAMES[STYLE[category][0]]),
            path=shape_path(STYLE[category][0], 10, 10, 7),
            colour=STYLE[category][1],
        )
        for category in Category
    ]
    rows = [labels.row(s, urls.get(s.pk, "")) for s in stakeholders]
    return Grid(points=points, legend=legend, rows=rows, more=more)
