"""What `make bench` measures: one entry per page, one per in-process measurement.

Add a page by appending a ``Page`` to ``PAGES``; add a timed piece of work (the charter,
the reminder sweep) by appending a ``Measurement`` to ``MEASUREMENTS``. Builders receive
the demo project of the database being measured and run inside a Django process; the
harness does the rest (query counts at both sizes, load over HTTP, ratios, targets).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse

from tests.bench.charter import measure_charter
from tests.bench.imports import measure_import
from tests.bench.reminders import measure_sweep

if TYPE_CHECKING:
    from projects.models import Project


@dataclass(frozen=True)
class Page:
    """A page driven over HTTP as the demo facilitator, at the small and the large size.

    ``url`` builds the path; ``body`` the form fields of a POST (the CSRF token is added).
    ``min_ratio``: the target share of the baseline's requests per second at the large size
    (a quarter unless the page says otherwise; the baseline has none).
    """

    name: str
    url: Callable[["Project"], str]
    method: str = "GET"
    body: Callable[["Project"], dict[str, str]] | None = None
    min_ratio: float | None = 0.25


@dataclass(frozen=True)
class Target:
    """A reported (never asserted) target on one number a ``Measurement`` returns."""

    description: str
    key: str
    at_least: float | None = None
    at_most: float | None = None
    equals: object = None

    def met(self, numbers: dict) -> bool | None:
        """Whether the target was met; None when the number is missing."""
        value = numbers.get(self.key)
        if value is None:
            return None
        if self.at_least is not None and value < self.at_least:
            return False
        if self.at_most is not None and value > self.at_most:
            return False
        return self.equals is None or value == self.equals


@dataclass(frozen=True)
class Measurement:
    """Work timed in-process against the large database, after the HTTP load.

    ``run`` returns a flat dict of numbers (seconds, pages, queries, peak memory in KiB...);
    ``targets`` are checked against it.
    """

    name: str
    run: Callable[["Project"], dict]
    targets: tuple[Target, ...] = ()


def slug_url(name: str) -> Callable[["Project"], str]:
    """A URL builder for a project page whose only argument is the slug."""
    return lambda project: reverse(name, args=[project.slug])


def latest_closed_round_results(project: "Project") -> str:
    """The results page of the round that closed last: the one members look at."""
    from powercheck.models import Round

    round = project.power_rounds.filter(status=Round.Status.CLOSED).order_by("-closes_at").first()
    return reverse("powercheck-results", args=[project.slug, round.pk])


def open_round(project: "Project"):
    from powercheck.models import Round

    return project.power_rounds.filter(status=Round.Status.OPEN).order_by("-opens_at").first()


def first_section_url(project: "Project") -> str:
    """The first section of the open round's checklist, which the facilitator answers."""
    return reverse("powercheck-respond", args=[project.slug, open_round(project).pk, 1])


def first_section_answers(project: "Project") -> dict[str, str]:
    """An answer and a comment to every statement of the first section: the same save each time."""
    from powercheck.scoring import sections_with_questions

    round = open_round(project)
    questions = sections_with_questions(round.checklist_id, project.pk)[0].round_questions
    form = {}
    for n, question in enumerate(questions):
        form[question.field_name] = str(n % 5)
        form[question.comment_field_name] = "We meet in the evening so that more people can come."
    return form


BASELINE = Page("baseline", lambda project: reverse("bench-ok"), min_ratio=None)

# The baseline comes first; every other page's throughput is read as a share of it.
PAGES: list[Page] = [
    BASELINE,
    Page("project overview", slug_url("projects-detail"), min_ratio=0.5),
    Page("aim and goals", slug_url("projects-goals"), min_ratio=0.5),
    Page("members", slug_url("projects-members")),
    Page("stakeholder grid", slug_url("stakeholders-grid")),
    Page("power-check results", latest_closed_round_results),
    Page("ground rules", slug_url("agreements-ground-rules")),
    Page(
        "checklist submission",
        first_section_url,
        method="POST",
        body=first_section_answers,
    ),
]

MEASUREMENTS: list[Measurement] = [
    Measurement(
        "charter",
        measure_charter,
        (Target("within 2× the time of a plain document as long", "ratio", at_most=2),),
    ),
    Measurement(
        "stakeholder import (5,000 rows)",
        measure_import,
        (
            Target("previewed (read, checked, matched) within 2 s", "preview_seconds", at_most=2),
            Target("saved within 2 s", "save_seconds", at_most=2),
            Target("every row read, none refused", "errors", equals=0),
        ),
    ),
    Measurement(
        "reminder sweep",
        measure_sweep,
        (
            Target("at least 2,000 reminders per second", "per_second", at_least=2000),
            Target(
                "the same queries per batch at both batch counts",
                "queries_per_batch_constant",
                equals=True,
            ),
        ),
    ),
]
