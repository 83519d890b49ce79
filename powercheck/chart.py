"""Where the bars of a round's chart go (``powercheck/_chart.svg.html``), from its results."""

from django.utils.translation import gettext_lazy as _

CHART_SCALE = 4  # pixels per point: a score of 100 is a 400px bar
CHART_BAR_STEP = 26


def chart_of(results) -> dict:
    """Positions for the SVG bar chart: a row per section, a bar per group shown."""
    rows, y = [], 0
    for s in results.sections:
        if results.show_groups:
            bars = [
                (_("Community members"), s.community, "community"),
                (_("Professionals"), s.professional, "professional"),
            ]
        else:
            bars = [(_("Everyone"), s.score, "everyone")]
        rows.append(
            {
                "section": s,
                "y": y + 16,
                # The dashed band lines run past the bars only, never through the title.
                "lines_from": y + 22,
                "lines_to": y + 26 + (len(bars) - 1) * CHART_BAR_STEP + 22,
                "bars": [
                    {
                        "label": label,
                        "value": value,
                        "kind": kind,
                        "y": y + 26 + i * CHART_BAR_STEP,
                        "width": (value or 0) * CHART_SCALE,
                    }
                    for i, (label, value, kind) in enumerate(bars)
                ],
            }
        )
        y += 34 + CHART_BAR_STEP * len(bars)
    return {"rows": rows, "height": y, "bands": [40 * CHART_SCALE, 70 * CHART_SCALE]}
