"""The marks of the power/interest grid: a shape and a colour for each category."""

import functools
import math
from collections.abc import Iterable

from django.utils.translation import gettext_lazy

from .models import Category

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
