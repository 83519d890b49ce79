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
from django.utils.translation import gettext_lazy

from projects.models import Project

from .models import HIGH, QUADRANTS, Category, Invitation, Stakeholder
from .visibility import MapView

EVERYTHING = MapView(everyone=True)

CELL = 100  # px per step of the 1–5 scales
LEFT, TOP, RIGHT, BOTTOM = 70, 40, 20, 80
PLOT = 5 * CELL
WIDTH, HEIGHT = LEFT + PLOT + RIGHT, TOP + PLOT + BOTTOM
MAX_RADIUS = 9

# Colour and shape both say the category (Okabe–Ito colours, each with a dark outline).
STYLE: dict[str, tuple[str, str]] = {
    Category.LIVED_EXPERIENCE: ("circle", "#e69f00"),
    Category.CARER: ("diamond", "#56b4e9"),
    Category.COMMUNITY_GROUP: ("square", "#009e73"),
    Category.PRACTITIONER: ("triangle", "#f0e442"),
    Category.RESEARCHER: ("triangle-down", "#0072b2"),
    Category.FUNDER: ("hexagon", "#d55e00"),
    Category.POLICYMAKER: ("star", "#cc79a7"),
    Category.OTHER: ("plus", "#ffffff"),
}
SHAPE_NAMES = {
    "circle": gettext_lazy("circle"),
    "diamond": gettext_lazy("diamond"),
    "square": gettext_lazy("square"),
    "triangle": gettext_lazy("triangle"),
    "triangle-down": gettext_lazy("upside-down triangle"),
    "hexagon": gettext_lazy("hexagon"),
    "star": gettext_lazy("star"),
    "plus": gettext_lazy("plus sign"),
}


def polygon(cx: float, cy: float, points: Iterable[tuple[float, float]]) -> str:
    return "M" + " L".join(f"{cx + x:.1f},{cy + y:.1f}" for x, y in points) + " Z"


@functools.lru_cache(maxsize=256)
def ring(n: int, r: float, start: float = -90) -> tuple[tuple[float, float], ...]:
    return tuple(
        (
            r * math.cos(math.radians(start + 360 * i / n)),
            r * math.sin(math.radians(start + 360 * i / n)),
        )
        for i in range(n)
    )


@functools.lru_cache(maxsize=4096)
def shape_path(shape: str, cx: float, cy: float, r: float) -> str:
    """An SVG path of the shape centred on (cx, cy), about ``2r`` across."""
    if shape == "circle":
        return f"M{cx - r:.1f},{cy:.1f} a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0 a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0 Z"
    if shape == "square":
        s = 0.85 * r
        return polygon(cx, cy, [(-s, -s), (s, -s), (s, s), (-s, s)])
    if shape == "diamond":
        return polygon(cx, cy, ring(4, 1.15 * r))
    if shape == "triangle":
        return polygon(cx, cy, ring(3, 1.2 * r))
    if shape == "triangle-down":
        return polygon(cx, cy, ring(3, 1.2 * r, start=90))
    if shape == "hexagon":
        return polygon(cx, cy, ring(6, 1.05 * r))
    if shape == "star":
        outer, inner = ring(5, 1.3 * r), ring(5, 0.55 * r, start=-54)
        return polygon(cx, cy, [p for pair in zip(outer, inner, strict=True) for p in pair])
    t = 0.38 * r  # plus sign: half the bar's thickness
    return polygon(
        cx,
        cy,
        [
            (-t, -r),
            (t, -r),
            (t, -t),
            (r, -t),
            (r, t),
            (t, t),
            (t, r),
            (-t, r),
            (-t, t),
            (-r, t),
            (-r, -t),
            (-t, -t),
        ],
    )


@dataclass(slots=True)
class Point:
    path: str
    colour: str
    label: str
    url: str | None


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
POINT_LINK = (
    '<a href="{url}" aria-label="{label}"><title>{label}</title>'
    '<path d="{path}" fill="{colour}"/></a>'
)
POINT = '<path d="{path}" fill="{colour}"><title>{label}</title></path>'
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
                )
            )
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
    power: int
    interest: int
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
    stakeholders = view.on_grid(in_category(project, category))
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


def get_grid(stakeholders: Iterable[OnGrid], *, links: bool = True) -> Grid:
    """Place each stakeholder in its cell; several in one cell are spread on a small lattice.

    The grid's ``rows`` list the stakeholders in the order given, for the table beside it;
    without ``links`` neither the points nor the rows link to the stakeholders' pages.
    """
    stakeholders = list(stakeholders)
    labels = Labels()
    urls = detail_urls(stakeholders) if links else {}
    cells: dict[tuple[int, int], list[OnGrid]] = defaultdict(list)
    for stakeholder in sorted(stakeholders, key=lambda s: (s.name.lower(), s.pk or 0)):
        cells[(stakeholder.interest, stakeholder.power)].append(stakeholder)
    points = []
    for (interest, power), members in sorted(cells.items()):
        side = math.ceil(math.sqrt(len(members)))
        step = CELL / side
        radius = min(MAX_RADIUS, step * 0.38)
        x0, y0 = LEFT + (interest - 1) * CELL, TOP + (5 - power) * CELL
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
    return Grid(points=points, legend=legend, rows=rows)
