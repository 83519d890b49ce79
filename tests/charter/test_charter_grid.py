"""The power/interest grid in the charter's PDF: one mark inside its frame per person placed."""

import io

import pdfplumber
import pytest
from django.core.management import call_command

from charter.content import gather_charter
from charter.render import render_charter_pdf
from projects.models import Project
from stakeholders.visibility import get_shared_view
from tests.factories import CharterFactory, StakeholderFactory

# The grid's frame is filled with this colour (#f3f5f7 in _grid.svg.html), and nothing else is.
FRAME_COLOUR = (0.953, 0.961, 0.969)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def is_colour(colour, expected: tuple[float, ...]) -> bool:
    return (
        isinstance(colour, tuple | list)
        and len(colour) == len(expected)
        and all(abs(a - b) < 0.01 for a, b in zip(colour, expected, strict=True))
    )


def marks_in_grid_frames(data: bytes) -> list[int]:
    """For each grid frame drawn in the PDF, how many filled shapes lie inside it."""
    counts = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            shapes = [s for s in page.rects + page.curves if s.get("fill")]
            for frame in [s for s in shapes if is_colour(s["non_stroking_color"], FRAME_COLOUR)]:
                inside = [
                    s
                    for s in shapes
                    if s is not frame
                    and frame["x0"] <= (s["x0"] + s["x1"]) / 2 <= frame["x1"]
                    and frame["top"] <= (s["top"] + s["bottom"]) / 2 <= frame["bottom"]
                ]
                counts.append(len(inside))
    return counts


def placed_on_grid(project: Project) -> int:
    people = next(s for s in gather_charter(project)["sections"] if s["id"] == "people")["data"]
    return len(people["grid"]["points"])


def test_every_person_on_a_small_map_has_a_mark_on_the_grid(project):
    # Every category (so every shape), two people sharing a cell, one in each corner.
    for n, (category, power, interest) in enumerate(
        [
            ("lived_experience", 5, 5),
            ("carer", 5, 5),
            ("community_group", 1, 1),
            ("practitioner", 1, 5),
            ("researcher", 5, 1),
            ("funder", 3, 3),
            ("policymaker", 2, 4),
            ("other", 4, 2),
        ]
    ):
        # Organisations: the charter places them on the grid as observers see it.
        StakeholderFactory(
            project=project,
            name=f"Person {n}",
            category=category,
            power=power,
            interest=interest,
            is_organisation=True,
        )
    data = render_charter_pdf(CharterFactory(project=project, version=1))
    assert placed_on_grid(project) == 8
    assert marks_in_grid_frames(data) == [8]


def test_a_project_with_nobody_mapped_draws_no_grid(project):
    data = render_charter_pdf(CharterFactory(project=project, version=1))
    assert marks_in_grid_frames(data) == []


def test_every_person_on_the_demo_map_has_a_mark_on_the_grid(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    project = Project.objects.get()
    data = render_charter_pdf(CharterFactory(project=project, version=1))
    # Everyone the charter may place (as observers see the map: get_shared_view) and who has
    # been rated: the unrated are listed beside the grid, not placed.
    expected = get_shared_view(project).on_grid(project.stakeholders.rated()).count()
    assert expected >= 5 and placed_on_grid(project) == expected
    assert marks_in_grid_frames(data) == [expected]
