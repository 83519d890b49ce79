"""Scores of a power dynamics round, computed in the database (docs/design.md, "The power dynamics check").

- A section's score is 100 × the mean of its answered scores / 4, over submitted responses
  only; "don't know" (a NULL score) and drafts never count. The overall score is the mean
  of the section scores that have any answers.
- Bands: below 40 "power held by a few", 40–69 "partly shared", 70 and above "shared".
- The perception gap is the community score minus the professional score; a gap of 15
  points or more either way is flagged.
- No breakdown is shown for a group of fewer than three respondents.

The number of queries does not depend on the number of responses. The counts of a closed
round never change, so they are kept in the cache.
"""

import contextlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from projects.models import Perspective

from .models import DONT_KNOW, SCALE, Answer, Question, Response, Round, Section

MIN_GROUP = 3
CLOSED_ROUND_CACHE_PREFIX = "powercheck:closed-round-counts"
CLOSED_ROUND_CACHE_SECONDS = 60 * 60 * 24 * 7
GAP_FLAG = 15
CHART_SCALE = 4  # pixels per point: a score of 100 is a 400px bar
CHART_BAR_STEP = 26

COMMUNITY = Q(response__perspective__in=Perspective.community())
PROFESSIONAL = Q(response__perspective__in=Perspective.professional())
SCORED = Q(score__isnull=False)
SUBMITTED = Q(submitted_at__isnull=False)


def to_score(mean) -> float | None:
    """A mean answer on the 0–4 scale as a score out of 100 (unrounded)."""
    return None if mean is None else float(mean) * 25


def rounded(value: float | None) -> int | None:
    """Round halves up (62.5 → 63), not to even as Python's round() does."""
    if value is None:
        return None
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def band_of(score: int | None) -> str:
    if score is None:
        return ""
    if score < 40:
        return str(_("Power held by a few"))
    if score < 70:
        return str(_("Partly shared"))
    return str(_("Shared"))


@dataclass
class QuestionResult:
    question: Question
    counts: list[int]
    dont_know: int
    score: int | None

    @property
    def answered(self) -> int:
        return sum(self.counts) + self.dont_know

    @property
    def distribution(self) -> list[tuple[str, int]]:
        """(label, number of answers) for each point of the scale, then "don't know"."""
        labels = [label for _value, label in SCALE] + [DONT_KNOW]
        return list(zip(labels, [*self.counts, self.dont_know], strict=True))


@dataclass
class SectionResult:
    section: Section
    number: int
    score: int | None = None
    raw: float | None = None
    respondents: int = 0
    community: int | None = None
    professional: int | None = None
    previous: int | None = None
    is_lowest: bool = False
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def band(self) -> str:
        return band_of(self.score)

    @property
    def change(self) -> int | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous

    @property
    def gap(self) -> int | None:
        if self.community is None or self.professional is None:
            return None
        return self.community - self.professional

    @property
    def gap_flagged(self) -> bool:
        return self.gap is not None and abs(self.gap) >= GAP_FLAG

    @property
    def suggestions(self) -> list[str]:
        return list(self.section.suggested_actions) if self.is_lowest else []


@dataclass
class RoundResults:
    round: Round
    sections: list[SectionResult]
    submitted: int
    drafts: int
    eligible: int
    community_respondents: int
    professional_respondents: int
    previous_round: Round | None = None
    previous_overall: int | None = None
    overall_raw: float | None = None

    @property
    def enough(self) -> bool:
        """Whether enough people submitted for any scores to be shown."""
        return self.submitted >= MIN_GROUP

    @property
    def overall(self) -> int | None:
        return rounded(self.overall_raw) if self.enough else None

    @property
    def band(self) -> str:
        return band_of(self.overall)

    @property
    def overall_change(self) -> int | None:
        if self.overall is None or self.previous_overall is None:
            return None
        return self.overall - self.previous_overall

    @property
    def participation(self) -> int | None:
        """Percentage of members who could answer who submitted."""
        if not self.eligible:
            return None
        return rounded(100 * self.submitted / self.eligible)

    @property
    def show_groups(self) -> bool:
        """Whether any section compares community members with professionals."""
        return any(s.gap is not None for s in self.sections)

    @property
    def gaps(self) -> list[SectionResult]:
        return [s for s in self.sections if s.gap_flagged]

    @property
    def lowest(self) -> list[SectionResult]:
        return [s for s in self.sections if s.is_lowest]

    @property
    def suggestions(self) -> list[str]:
        return [text for s in self.lowest for text in s.suggestions]

    @property
    def chart(self) -> dict:
        """Positions for the SVG bar chart: a row per section, a bar per group shown."""
        rows, y = [], 0
        for s in self.sections:
            if self.show_groups:
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


def get_previous_round(round: Round) -> Round | None:
    """The round of the same project opened just before this one."""
    return (
        Round.objects.filter(project_id=round.project_id, opens_at__lt=round.opens_at)
        .order_by("-opens_at", "-id")
        .first()
    )


def section_scores(rounds: list[Round]) -> dict[tuple[int, int], dict]:
    """Per (round id, section id): mean scores overall and per perspective group, with counts."""
    rows = (
        Answer.objects.filter(response__round__in=rounds, response__submitted_at__isnull=False)
        .values("response__round_id", "question__section_id")
        .annotate(
            mean=Avg("score"),
            respondents=Count("response", distinct=True, filter=SCORED),
            community=Avg("score", filter=COMMUNITY),
            community_n=Count("response", distinct=True, filter=SCORED & COMMUNITY),
            professional=Avg("score", filter=PROFESSIONAL),
            professional_n=Count("response", distinct=True, filter=SCORED & PROFESSIONAL),
        )
        .order_by()
    )
    return {(row["response__round_id"], row["question__section_id"]): row for row in rows}


def question_counts(round: Round) -> dict[int, dict]:
    """Per question id: how many submitted answers gave each score, and "don't know"."""
    per_score = {f"n{value}": Count("id", filter=Q(score=value)) for value, _label in SCALE}
    rows = (
        Answer.objects.filter(response__round=round, response__submitted_at__isnull=False)
        .values("question_id")
        .annotate(
            mean=Avg("score"), dont_know=Count("id", filter=Q(score__isnull=True)), **per_score
        )
        .order_by()
    )
    return {row["question_id"]: row for row in rows}


def response_counts(rounds: list[Round]) -> dict[int, dict]:
    """Per round id: submitted responses (overall and per perspective group) and drafts."""
    community = Q(perspective__in=Perspective.community())
    professional = Q(perspective__in=Perspective.professional())
    rows = (
        Response.objects.filter(round__in=rounds)
        .values("round_id")
        .annotate(
            submitted=Count("id", filter=SUBMITTED),
            drafts=Count("id", filter=~SUBMITTED),
            community=Count("id", filter=SUBMITTED & community),
            professional=Count("id", filter=SUBMITTED & professional),
        )
        .order_by()
    )
    return {row["round_id"]: row for row in rows}


def sections_with_questions(checklist_id: int, project_id: int) -> list[Section]:
    """A checklist's sections in order, each with ``round_questions``: its statements and the project's own."""
    sections = list(Section.objects.filter(checklist_id=checklist_id).order_by("order"))
    by_section: dict[int, list[Question]] = {s.pk: [] for s in sections}
    questions = Question.objects.filter(section__checklist_id=checklist_id).for_project(project_id)
    for question in questions.order_by("order", "id"):
        by_section[question.section_id].append(question)
    for section in sections:
        section.round_questions = by_section[section.pk]
    return sections


def group_score(mean, respondents: int) -> int | None:
    return rounded(to_score(mean)) if respondents >= MIN_GROUP else None


def closed_rounds_key(rounds: list[Round]) -> str | None:
    """A cache key for the counts of these rounds, or None unless every one has closed.

    Nothing can be answered, changed or submitted once a round has closed, so its counts
    never change: they are cached for as long as the cache keeps them.
    """
    if not all(r.status == Round.Status.CLOSED and r.closed_at for r in rounds):
        return None
    return f"{CLOSED_ROUND_CACHE_PREFIX}:" + ":".join(
        f"{r.pk}@{r.closed_at.timestamp()}" for r in rounds
    )


def round_counts(round: Round, previous: Round | None) -> tuple[dict, dict, dict]:
    """``section_scores`` of both rounds, ``response_counts`` of both, ``question_counts`` of
    ``round``: from the cache when both rounds have closed and they are there."""
    rounds = [r for r in (round, previous) if r is not None]
    key = closed_rounds_key(rounds)
    if key is not None:
        with contextlib.suppress(Exception):  # without the cache, count again
            cached = cache.get(key)
            if cached is not None:
                return cached
    counts = (section_scores(rounds), response_counts(rounds), question_counts(round))
    if key is not None:
        with contextlib.suppress(Exception):
            cache.set(key, counts, timeout=CLOSED_ROUND_CACHE_SECONDS)
    return counts


def get_results(round: Round) -> RoundResults:
    """Everything the results page shows about a round, in a fixed number of queries."""
    previous = get_previous_round(round)
    scores, counts, per_question = round_counts(round, previous)
    mine = counts.get(round.pk, {})
    results = RoundResults(
        round=round,
        sections=[],
        submitted=mine.get("submitted", 0),
        drafts=mine.get("drafts", 0),
        eligible=round.eligible_count
        if round.eligible_count is not None
        else round.eligible_members().count(),
        community_respondents=mine.get("community", 0),
        professional_respondents=mine.get("professional", 0),
        previous_round=previous,
    )
    previous_enough = previous is not None and (
        counts.get(previous.pk, {}).get("submitted", 0) >= MIN_GROUP
    )
    previous_raw = []
    for number, section in enumerate(
        sections_with_questions(round.checklist_id, round.project_id), start=1
    ):
        row = scores.get((round.pk, section.pk), {})
        result = SectionResult(section=section, number=number)
        if results.enough:
            result.raw = to_score(row.get("mean"))
            result.score = rounded(result.raw)
            result.respondents = row.get("respondents", 0)
            result.community = group_score(row.get("community"), row.get("community_n", 0))
            result.professional = group_score(row.get("professional"), row.get("professional_n", 0))
            result.questions = [
                question_result(question, per_question.get(question.pk, {}))
                for question in section.round_questions
            ]
        if previous_enough:
            before = to_score(scores.get((previous.pk, section.pk), {}).get("mean"))
            result.previous = rounded(before)
            if before is not None:
                previous_raw.append(before)
        results.sections.append(result)
    scored = [s for s in results.sections if s.raw is not None]
    if scored:
        results.overall_raw = sum(s.raw for s in scored) / len(scored)
        lowest = min(s.score for s in scored)
        for s in scored:
            s.is_lowest = s.score == lowest
    if previous_raw:
        results.previous_overall = rounded(sum(previous_raw) / len(previous_raw))
    return results


def question_result(question: Question, row: dict) -> QuestionResult:
    return QuestionResult(
        question=question,
        counts=[row.get(f"n{value}", 0) for value, _label in SCALE],
        dont_know=row.get("dont_know", 0),
        score=rounded(to_score(row.get("mean"))),
    )


def get_comments(round: Round) -> QuerySet[Answer]:
    """Comments on statements from submitted responses, in checklist order."""
    return (
        Answer.objects.filter(response__round=round, response__submitted_at__isnull=False)
        .exclude(comment="")
        .select_related("question__section", "response__member__user")
        .order_by("question__section__order", "question__order", "question_id", "id")
    )


def get_reflections(round: Round) -> QuerySet[Response]:
    """Submitted responses with something written about what helped or got in the way."""
    return (
        Response.objects.filter(round=round, submitted_at__isnull=False)
        .exclude(helped="", hindered="")
        .select_related("member__user")
        .order_by("id")
    )
