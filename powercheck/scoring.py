"""Scores of a power dynamics round, computed in the database (docs/design.md, "The power dynamics check").

- A section's score is 100 × the mean of its answered scores / 4, over submitted responses
  only; "don't know" (a NULL score) and drafts never count. The overall score is the mean
  of the section scores that have any answers.
- Bands: below 40 "power held by a few", 40–69 "partly shared", 70 and above "shared".
- The perception gap is the community score minus the professional score; a gap of 15
  points or more either way is flagged.
- What may be shown of a round's answers is decided in one place, ``disclose``: nothing of
  an anonymous round until it has closed, nothing of fewer than three respondents, and no
  group whose complement is smaller than three. Every aggregate shown or exported (results
  page, export, charter) comes from ``get_results`` or ``get_results_of``, which build it
  only from what ``disclose`` allows; views, exports and the charter never count rows.

The number of queries does not depend on the number of responses. The counts of a closed
round never change, so they are kept in the cache.
"""

import contextlib
from collections.abc import Mapping
from itertools import combinations

from django.core.cache import cache
from django.db.models import Avg, Count, Q, QuerySet

from projects.models import Perspective

from .models import SCALE, Answer, Question, Response, Round, Section
from .results import (
    EVERYONE,
    WITHHELD_TOO_FEW,
    WITHHELD_UNTIL_CLOSED,
    Disclosure,
    QuestionResult,
    RoundResults,
    SectionResult,
    rounded,
    to_score,
)

MIN_GROUP = 3
# v2: question counts are kept per round as well as per statement.
CLOSED_ROUND_CACHE_PREFIX = "powercheck:closed-round-counts:v2"
CLOSED_ROUND_CACHE_SECONDS = 60 * 60 * 24 * 7
COMMUNITY_GROUP = "community"
PROFESSIONAL_GROUP = "professional"

COMMUNITY = Q(response__perspective__in=Perspective.community())
PROFESSIONAL = Q(response__perspective__in=Perspective.professional())
SCORED = Q(score__isnull=False)
SUBMITTED = Q(submitted_at__isnull=False)


def disclose(
    round: Round,
    *,
    submitted: int,
    among: int | None = None,
    groups: Mapping[str, int] | None = None,
) -> Disclosure:
    """What may be shown of the answers to ``round``, which ``submitted`` people submitted.

    The one place that decides (docs/design.md, "The power dynamics check"):

    - Nothing of an anonymous round while it still takes answers: comparing the results
      before and after one more submission (or one changed answer) would show that
      person's answers. Its results appear once it has closed, and never change again.
    - Nothing of fewer than MIN_GROUP submitted responses.
    - Otherwise EVERYONE: totals over everyone (scores, answers to each statement,
      comments and reflections); and each of ``groups`` (how many of the ``among`` people
      who answered what is broken down, by default everyone who submitted, are in each
      group; the groups do not overlap) that can be shown on its own: a group shown has at
      least MIN_GROUP people and so does everyone outside it, and the people outside every
      group shown are none or at least MIN_GROUP, since otherwise their answers would be
      the total less the groups'. The largest such set of groups is chosen, in the order
      given.

    How many people submitted is not decided here: it says how many, never who or what,
    and is shown for every round.
    """
    if round.anonymous and round.is_open():
        return Disclosure(withheld=WITHHELD_UNTIL_CLOSED)
    return disclose_groups(submitted=submitted, among=among, groups=groups)


def disclose_groups(
    *, submitted: int, among: int | None = None, groups: Mapping[str, int] | None = None
) -> Disclosure:
    """``disclose`` once the question of a round still open is settled: the minimum group
    size and the complements, for anything else answered by members in groups (the
    reporting app's self-assessment views use the same rules)."""
    if submitted < MIN_GROUP:
        return Disclosure(withheld=WITHHELD_TOO_FEW)
    total = submitted if among is None else among
    sizes = dict(groups or {})
    for count in range(len(sizes), 0, -1):
        for chosen in combinations(sizes, count):
            inside = [sizes[name] for name in chosen]
            rest = total - sum(inside)
            if all(n >= MIN_GROUP and total - n >= MIN_GROUP for n in inside) and (
                rest == 0 or rest >= MIN_GROUP
            ):
                return Disclosure(frozenset({EVERYONE, *chosen}))
    return Disclosure(frozenset({EVERYONE}))


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


def question_counts(rounds: list[Round]) -> dict[tuple[int, int], dict]:
    """Per (round id, question id): how many submitted answers gave each score, and "don't know"."""
    per_score = {f"n{value}": Count("id", filter=Q(score=value)) for value, _label in SCALE}
    rows = (
        Answer.objects.filter(response__round__in=rounds, response__submitted_at__isnull=False)
        .values("response__round_id", "question_id")
        .annotate(
            mean=Avg("score"), dont_know=Count("id", filter=Q(score__isnull=True)), **per_score
        )
        .order_by()
    )
    return {(row["response__round_id"], row["question_id"]): row for row in rows}


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


def with_submitted_counts(rounds: QuerySet[Round]) -> QuerySet[Round]:
    """The rounds, each with ``submitted``: how many people submitted answers (shown for
    every round: it says how many, never who)."""
    return rounds.annotate(
        submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False))
    )


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
    counts = (section_scores(rounds), response_counts(rounds), question_counts([round]))
    if key is not None:
        with contextlib.suppress(Exception):
            cache.set(key, counts, timeout=CLOSED_ROUND_CACHE_SECONDS)
    return counts


def get_results(round: Round) -> RoundResults:
    """Everything the results page shows about a round, as ``disclose`` allows, in a fixed
    number of queries."""
    previous = get_previous_round(round)
    counts = round_counts(round, previous)
    sections = sections_with_questions(round.checklist_id, round.project_id)
    eligible = round.eligible_count
    if eligible is None:
        eligible = round.eligible_members().count()
    return build_results(round, previous, counts, sections, eligible)


def get_results_of(rounds: list[Round]) -> dict[int, RoundResults]:
    """Per round id, the results of these rounds as ``disclose`` allows (without the change
    since the round before each), in the same few queries however many rounds there are."""
    if not rounds:
        return {}
    counts = (section_scores(rounds), response_counts(rounds), question_counts(rounds))
    sections: dict[tuple[int, int], list[Section]] = {}
    eligible: dict[int, int] = {}  # per project, for rounds that have not closed
    results = {}
    for round in rounds:
        key = (round.checklist_id, round.project_id)
        if key not in sections:
            sections[key] = sections_with_questions(*key)
        if round.eligible_count is None and round.project_id not in eligible:
            eligible[round.project_id] = round.eligible_members().count()
        could_answer = round.eligible_count
        if could_answer is None:
            could_answer = eligible[round.project_id]
        results[round.pk] = build_results(round, None, counts, sections[key], could_answer)
    return results


def build_results(
    round: Round,
    previous: Round | None,
    counts: tuple[dict, dict, dict],
    sections: list[Section],
    eligible: int,
) -> RoundResults:
    """A round's results from its counts: only what ``disclose`` allows is kept."""
    scores, responses, per_question = counts
    mine = responses.get(round.pk, {})
    submitted = mine.get("submitted", 0)
    groups = {
        COMMUNITY_GROUP: mine.get("community", 0),
        PROFESSIONAL_GROUP: mine.get("professional", 0),
    }
    disclosure = disclose(round, submitted=submitted, groups=groups)
    results = RoundResults(
        round=round,
        sections=[],
        submitted=submitted,
        drafts=mine.get("drafts", 0),
        eligible=eligible,
        disclosure=disclosure,
        community_respondents=groups[COMMUNITY_GROUP] if COMMUNITY_GROUP in disclosure else None,
        professional_respondents=groups[PROFESSIONAL_GROUP]
        if PROFESSIONAL_GROUP in disclosure
        else None,
        previous_round=previous,
    )
    previous_shown = (
        previous is not None
        and results.enough
        and EVERYONE
        in disclose(previous, submitted=responses.get(previous.pk, {}).get("submitted", 0))
    )
    previous_raw = []
    for number, section in enumerate(sections, start=1):
        row = scores.get((round.pk, section.pk), {})
        result = SectionResult(section=section, number=number)
        if results.enough:
            result.raw = to_score(row.get("mean"))
            result.score = rounded(result.raw)
            result.respondents = row.get("respondents", 0)
            shown = disclose(
                round,
                submitted=submitted,
                among=result.respondents,
                groups={
                    COMMUNITY_GROUP: row.get("community_n", 0),
                    PROFESSIONAL_GROUP: row.get("professional_n", 0),
                },
            )
            if COMMUNITY_GROUP in shown:
                result.community = rounded(to_score(row.get("community")))
            if PROFESSIONAL_GROUP in shown:
                result.professional = rounded(to_score(row.get("professional")))
            result.questions = [
                question_result(question, per_question.get((round.pk, question.pk), {}))
                for question in section.round_questions
            ]
        if previous_shown:
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
