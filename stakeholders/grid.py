"""The power/interest grid as positioned points, ready for ``stakeholders/_grid.svg.html``.

Kept free of requests and views so that the charter can draw the same grid.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import HIGH, QUADRANTS, Category, Stakeholder

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


def ring(n: int, r: float, start: float = -90) -> list[tuple[float, float]]:
    return [
        (
            r * math.cos(math.radians(start + 360 * i / n)),
            r * math.sin(math.radians(start + 360 * i / n)),
        )
        for i in range(n)
    ]


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


@dataclass(frozen=True)
class Point:
    path: str
    colour: str
    label: str
    url: str | None


@dataclass(frozen=True)
class LegendItem:
    category: str
    label: str
    shape_name: str
    path: str
    colour: str


@dataclass(frozen=True)
class Grid:
    points: list[Point]
    legend: list[LegendItem]
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
    def quadrant_labels(self) -> list[dict]:
        low_x, high_x = (LEFT + self.split_x) / 2, (self.split_x + LEFT + PLOT) / 2
        return [
            {"text": QUADRANTS[(True, False)], "x": low_x, "y": TOP - 12},
            {"text": QUADRANTS[(True, True)], "x": high_x, "y": TOP - 12},
            {"text": QUADRANTS[(False, False)], "x": low_x, "y": TOP + PLOT + 42},
            {"text": QUADRANTS[(False, True)], "x": high_x, "y": TOP + PLOT + 42},
        ]


def point_label(stakeholder: Stakeholder) -> str:
    invitation = stakeholder.latest_invitation
    status = invitation.get_status_display() if invitation else _("not invited")
    return _(
        "%(name)s: %(category)s, power %(power)s, interest %(interest)s, invitation %(status)s"
    ) % {
        "name": stakeholder.name,
        "category": stakeholder.get_category_display(),
        "power": stakeholder.power,
        "interest": stakeholder.interest,
        "status": str(status).lower(),
    }


def get_grid(stakeholders: Iterable[Stakeholder], *, links: bool = True) -> Grid:
    """Place each stakeholder in its cell; several in one cell are spread on a small lattice."""
    cells: dict[tuple[int, int], list[Stakeholder]] = defaultdict(list)
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
                    label=point_label(stakeholder),
                    url=stakeholder.get_absolute_url() if links else None,
                )
            )
    legend = [
        LegendItem(
            category=category.value,
            label=str(category.label),
            shape_name=str(SHAPE_NAMES[STYLE[category][0]]),
            path=shape_path(STYLE[category][0], 10, 10, 7),
            colour=STYLE[category][1],
        )
        for category in Category
    ]
    return Grid(points=points, legend=legend)
