"""Where facilitators and community members rate the standards differently, as the power
check's perception gap is shown (docs/design.md, "The power dynamics check").

Members' own views are averaged in the database and pass through the power check's rules
(``powercheck.scoring.disclose_groups``): nothing while the assessment still takes views
(comparing the averages before and after one more view would show it), nothing of fewer than
three views, and a group only when it and everyone outside it have at least three people.
Views and exports never count rows themselves: they read ``get_comparison``.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q

from powercheck.results import EVERYONE, WITHHELD_TOO_FEW, WITHHELD_UNTIL_CLOSED, Disclosure
from powercheck.scoring import MIN_GROUP, disclose_groups
from projects.models import Perspective, Role

from .models import Assessment, AssessmentView, ViewRating
from .standards import STANDARD_LIST, Standard

FACILITATORS = "facilitators"
COMMUNITY = "community"
# A difference of a whole point on the four-point scale is flagged.
GAP_FLAG = Decimal(1)

IS_FACILITATOR = Q(role=Role.FACILITATOR)
IS_COMMUNITY = ~Q(role=Role.FACILITATOR) & Q(perspective__in=Perspective.community())


def one_decimal(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class StandardComparison:
    standard: Standard
    everyone: Decimal | None = None
    facilitators: Decimal | None = None
    community: Decimal | None = None

    @property
    def gap(self) -> Decimal | None:
        if self.facilitators is None or self.community is None:
            return None
        return self.community - self.facilitators

    @property
    def gap_size(self) -> Decimal | None:
        return None if self.gap is None else abs(self.gap)

    @property
    def flagged(self) -> bool:
        return self.gap is not None and abs(self.gap) >= GAP_FLAG


@dataclass
class Comparison:
    views: int
    disclosure: Disclosure
    standards: list[StandardComparison] = field(default_factory=list)
    min_group: int = MIN_GROUP

    @property
    def enough(self) -> bool:
        return EVERYONE in self.disclosure

    @property
    def until_closed(self) -> bool:
        return self.disclosure.withheld == WITHHELD_UNTIL_CLOSED

    @property
    def too_few(self) -> bool:
        return self.disclosure.withheld == WITHHELD_TOO_FEW

    @property
    def show_groups(self) -> bool:
        return any(s.gap is not None for s in self.standards)

    @property
    def gaps(self) -> list[StandardComparison]:
        return [s for s in self.standards if s.flagged]


def prefix(kind: str) -> Q:
    """``IS_FACILITATOR`` or ``IS_COMMUNITY`` for a query on ratings (through their view)."""
    if kind == FACILITATORS:
        return Q(view__role=Role.FACILITATOR)
    return ~Q(view__role=Role.FACILITATOR) & Q(view__perspective__in=Perspective.community())


def get_comparison(assessment: Assessment) -> Comparison:
    """The averages of members' views of this assessment, as the power check's rules allow."""
    return get_comparisons([assessment])[assessment.pk]


def get_comparisons(assessments: list[Assessment]) -> dict[int, Comparison]:
    """Per assessment id, the averages of members' views as the power check's rules allow:
    the same two queries however many assessments there are."""
    ids = [a.pk for a in assessments]
    counts = {
        row["assessment"]: row
        for row in AssessmentView.objects.filter(assessment__in=ids)
        .values("assessment")
        .annotate(
            views=Count("id"),
            facilitators=Count("id", filter=IS_FACILITATOR),
            community=Count("id", filter=IS_COMMUNITY),
        )
        .order_by()
    }
    comparisons = {}
    for assessment in assessments:
        row = counts.get(assessment.pk, {})
        views = row.get("views", 0)
        if assessment.is_open():
            comparisons[assessment.pk] = Comparison(
                views, Disclosure(withheld=WITHHELD_UNTIL_CLOSED)
            )
            continue
        groups = {FACILITATORS: row.get("facilitators", 0), COMMUNITY: row.get("community", 0)}
        comparisons[assessment.pk] = Comparison(
            views, disclose_groups(submitted=views, groups=groups)
        )
    shown = [pk for pk, comparison in comparisons.items() if comparison.enough]
    rated = Q(rating__isnull=False)
    rows = {
        (row["view__assessment"], row["standard"]): row
        for row in (
            ViewRating.objects.filter(view__assessment__in=shown)
            .values("view__assessment", "standard")
            .annotate(
                mean=Avg("rating"),
                respondents=Count("view", distinct=True, filter=rated),
                facilitators=Avg("rating", filter=prefix(FACILITATORS)),
                facilitators_n=Count("view", distinct=True, filter=rated & prefix(FACILITATORS)),
                community=Avg("rating", filter=prefix(COMMUNITY)),
                community_n=Count("view", distinct=True, filter=rated & prefix(COMMUNITY)),
            )
            .order_by()
            if shown
            else []
        )
    }
    for pk in shown:
        for standard in STANDARD_LIST:
            comparisons[pk].standards.append(
                standard_comparison(standard, rows.get((pk, standard.key), {}))
            )
    return comparisons


def standard_comparison(standard: Standard, row: dict) -> StandardComparison:
    """One standard's averages, as ``disclose_groups`` allows for those who rated it."""
    result = StandardComparison(standard)
    shown = disclose_groups(
        submitted=row.get("respondents", 0),
        groups={FACILITATORS: row.get("facilitators_n", 0), COMMUNITY: row.get("community_n", 0)},
    )
    if EVERYONE in shown:
        result.everyone = one_decimal(row.get("mean"))
    if FACILITATORS in shown and COMMUNITY in shown:
        result.facilitators = one_decimal(row.get("facilitators"))
        result.community = one_decimal(row.get("community"))
    return result
