"""A round's results as plain objects: its scores, bands, groups and gaps (docs/design.md,
"The power dynamics check"). They hold only what ``scoring.disclose`` allowed
``scoring.get_results`` to put in them."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from .chart import chart_of
from .models import DONT_KNOW, SCALE, Question, Round, Section
from .wording import shown

GAP_FLAG = 15
EVERYONE = "everyone"
WITHHELD_UNTIL_CLOSED = "until closed"
WITHHELD_TOO_FEW = "too few"


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


@dataclass(frozen=True)
class Disclosure:
    """What ``disclose`` allows to be shown: EVERYONE's totals, and the groups it names."""

    shown: frozenset[str] = frozenset()
    withheld: str = ""  # why nothing is shown: WITHHELD_UNTIL_CLOSED or WITHHELD_TOO_FEW

    def __contains__(self, what: str) -> bool:
        return what in self.shown


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
        return [shown(text) for text in self.section.suggested_actions] if self.is_lowest else []


@dataclass
class RoundResults:
    round: Round
    sections: list[SectionResult]
    submitted: int
    drafts: int
    eligible: int
    disclosure: Disclosure
    community_respondents: int | None = None
    professional_respondents: int | None = None
    previous_round: Round | None = None
    previous_overall: int | None = None
    overall_raw: float | None = None

    @property
    def enough(self) -> bool:
        """Whether any scores, answers, comments or reflections may be shown (``disclose``)."""
        return EVERYONE in self.disclosure

    @property
    def until_closed(self) -> bool:
        """Whether they are held back until the round closes (an anonymous round still open)."""
        return self.disclosure.withheld == WITHHELD_UNTIL_CLOSED

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
        return chart_of(self)
