"""Each standard's rating across the self-assessments, as plain values (the page and the
charter's review section), and where the bars of its SVG chart go."""

from django.utils.formats import date_format

from projects.models import Project

from .models import StandardEntry
from .standards import STANDARD_LIST, TOP_RATING, rating_label

LABEL_WIDTH = 190
BAR_SCALE = 90  # pixels per point: a rating of 4 is a 360px bar
BAR_STEP = 24


def get_history(project: Project) -> dict:
    """The ratings of every assessment with any, oldest first, per standard, in one query."""
    entries = (
        StandardEntry.objects.filter(assessment__project=project)
        .select_related("assessment")
        .order_by("assessment__created_at", "assessment_id")
    )
    assessments: dict[int, dict] = {}
    ratings: dict[tuple[int, str], int | None] = {}
    for entry in entries:
        assessment = entry.assessment
        if assessment.pk not in assessments:
            assessments[assessment.pk] = {
                "title": assessment.title,
                "day": date_format(assessment.day, "j F Y"),
                "rated": False,
            }
        ratings[(assessment.pk, entry.standard)] = entry.rating
        if entry.rating is not None:
            assessments[assessment.pk]["rated"] = True
    shown = [pk for pk, a in assessments.items() if a["rated"]]
    standards = [
        {
            "number": standard.number,
            "title": str(standard.title),
            "ratings": [
                {
                    "value": ratings.get((pk, standard.key)),
                    "label": rating_label(ratings.get((pk, standard.key))),
                    # The column's heading, for a phone (table--stack).
                    "heading": f"{assessments[pk]['title']} ({assessments[pk]['day']})",
                }
                for pk in shown
            ],
        }
        for standard in STANDARD_LIST
    ]
    history = {
        "assessments": [
            {"title": assessments[pk]["title"], "day": assessments[pk]["day"]} for pk in shown
        ],
        "standards": standards,
        "top": TOP_RATING,
    }
    history["chart"] = chart_of(history)
    return history


def chart_of(history: dict) -> dict:
    """Positions for the SVG: a group per standard, a bar per assessment, each labelled."""
    rows, y = [], 0
    titles = [a["title"] for a in history["assessments"]]
    for standard in history["standards"]:
        bars = []
        for i, (title, rating) in enumerate(zip(titles, standard["ratings"], strict=True)):
            bars.append(
                {
                    "title": title,
                    "value": rating["value"],
                    "label": rating["label"],
                    "y": y + 26 + i * BAR_STEP,
                    "width": (rating["value"] or 0) * BAR_SCALE,
                    "end": LABEL_WIDTH + (rating["value"] or 0) * BAR_SCALE + 6,
                }
            )
        rows.append(
            {"title": f"{standard['number']}. {standard['title']}", "y": y + 16, "bars": bars}
        )
        y += 34 + BAR_STEP * len(bars)
    return {
        "rows": rows,
        "height": y,
        "label_width": LABEL_WIDTH,
    }
