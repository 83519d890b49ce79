"""The decision engine: plain functions over a decision rule's terms, the number of members who
may take part, their responses and the time, that say where a proposal stands and, once its
deadline has passed, how it ended, in the sentences its page shows.

Every method, quorum, fall-back, block or objection and deadline is gone through in
``tests/decisions/test_engine.py``.
"""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from fractions import Fraction

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agreements.choices import Decider, DecisionMethod, Quorum
from agreements.wording import DISSENT_SENTENCES, area_phrase, decider_phrase, method_phrase
from projects.models import Role

from .models import Answer

M = DecisionMethod
QUORUM_SHARE = {
    Quorum.NONE: Fraction(0),
    Quorum.THIRD: Fraction(1, 3),
    Quorum.HALF: Fraction(1, 2),
    Quorum.TWO_THIRDS: Fraction(2, 3),
    Quorum.THREE_QUARTERS: Fraction(3, 4),
    Quorum.ALL: Fraction(1),
}
# Who decides for the group, once members have had their say: a facilitator records it.
RECORDED_BY_FACILITATOR = {Decider.LEAD, Decider.NAMED_GROUP, Decider.PARTNER}

# Statuses of an outcome (the same values as Proposal.Status).
OPEN, DECIDING, ADOPTED, REJECTED, LAPSED = "open", "deciding", "adopted", "rejected", "lapsed"
# What a method alone makes of the responses: NO_AGREEMENT goes to the fall-back, if any.
NO_AGREEMENT = "no agreement"


@dataclass(frozen=True)
class Terms:
    """A decision rule's terms, as they stood when a proposal was made."""

    area: str
    who: str = Decider.WHOLE_GROUP
    who_name: str = ""
    method: str = M.MAJORITY
    percentage: int | None = None
    fallback: str = ""
    quorum: str = Quorum.NONE
    dissent: str = ""

    @classmethod
    def of(cls, rule) -> "Terms":
        """The terms of a ``DecisionRule`` (None: the default area)."""
        if rule is None:
            return DEFAULT_TERMS
        names = cls.__dataclass_fields__
        return cls(**{name: getattr(rule, name) for name in names})

    @classmethod
    def load(cls, stored: dict) -> "Terms":
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in stored.items() if k in names}) if stored else DEFAULT_TERMS

    def dump(self) -> dict:
        return asdict(self)

    @property
    def roles(self) -> list[str]:
        """Whose responses count: the facilitators, or every member asked (observers read)."""
        if self.who == Decider.FACILITATORS and self.method != M.LEAD:
            return [Role.FACILITATOR]
        return [Role.FACILITATOR, Role.PARTICIPANT]

    @property
    def recorded(self) -> bool:
        """Whether someone decides for the group after the deadline (and it is recorded)."""
        return self.method == M.LEAD or self.who in RECORDED_BY_FACILITATOR

    def answers(self) -> list[str]:
        """The responses this way of deciding offers: a block only where a consensus is
        needed, an objection only where consent is."""
        offered = [Answer.AGREE, Answer.ABSTAIN, Answer.DISAGREE]
        if self.method == M.CONSENSUS:
            offered.append(Answer.BLOCK)
        if self.method == M.CONSENT:
            offered.append(Answer.OBJECT)
        return offered


# Decisions that no rule of the project covers: the whole group, by a simple majority of those
# who vote, with at least half of the members taking part.
DEFAULT_TERMS = Terms(area="", quorum=Quorum.HALF)
DEFAULT_AREA = _("anything no other rule covers")
# Answers that need a reason.
NEEDS_REASON = {Answer.BLOCK, Answer.OBJECT}


@dataclass(frozen=True)
class Tally:
    eligible: int
    agree: int = 0
    abstain: int = 0
    disagree: int = 0
    block: int = 0
    object: int = 0

    @classmethod
    def count(cls, eligible: int, answers: Iterable[str]) -> "Tally":
        counted = Counter(answers)
        return cls(eligible, **{answer: counted[answer] for answer in Answer.values})

    @property
    def took_part(self) -> int:
        return self.agree + self.abstain + self.disagree + self.block + self.object

    @property
    def against(self) -> int:
        return self.disagree + self.block + self.object

    @property
    def votes(self) -> int:
        """Votes cast for or against (standing aside is not a vote)."""
        return self.agree + self.against

    def as_dict(self) -> dict[str, int]:
        return {answer: getattr(self, answer) for answer in Answer.values}


def quorum_needed(quorum: str, eligible: int) -> int:
    """How many must take part for the decision to count."""
    return math.ceil(QUORUM_SHARE.get(quorum, Fraction(0)) * eligible)


def method_result(method: str, percentage: int | None, tally: Tally) -> str:
    """What one way of deciding makes of the responses: ADOPTED, REJECTED (a majority
    against), NO_AGREEMENT, or DECIDING (someone decides after consulting)."""
    if method == M.LEAD:
        return DECIDING
    if method == M.CONSENT:
        return ADOPTED if tally.block + tally.object == 0 else NO_AGREEMENT
    if method == M.CONSENSUS:
        agreed = tally.agree > 0 and tally.against == 0
        return ADOPTED if agreed else NO_AGREEMENT
    if method == M.UNANIMITY:
        return ADOPTED if tally.agree > 0 and tally.agree == tally.took_part else NO_AGREEMENT
    if method == M.SUPERMAJORITY:
        needed = percentage or 67
        reached = tally.votes > 0 and tally.agree * 100 >= needed * tally.votes
        return ADOPTED if reached else NO_AGREEMENT
    # A simple majority: more for than against; a tie (or no votes) is no agreement.
    if tally.agree > tally.against:
        return ADOPTED
    return REJECTED if tally.against > tally.agree else NO_AGREEMENT


@dataclass(frozen=True)
class Outcome:
    status: str
    sentences: tuple[str, ...]
    # The way of deciding that settled it (the fall-back's, if it came to that).
    method: str
    tally: Tally

    @property
    def sentence(self) -> str:
        return " ".join(self.sentences)

    @property
    def is_final(self) -> bool:
        return self.status in (ADOPTED, REJECTED, LAPSED)


def decide(terms: Terms, tally: Tally, *, deadline_passed: bool) -> Outcome:
    """Where a proposal stands: open until the deadline (with what its responses say so far),
    then lapsed without a quorum, decided by the rule's way (or its fall-back), or waiting for
    whoever decides after consulting."""
    if not deadline_passed:
        return Outcome(OPEN, tuple(open_sentences(terms, tally)), terms.method, tally)
    needed = quorum_needed(terms.quorum, tally.eligible)
    if tally.took_part < needed or (terms.quorum and tally.took_part == 0):
        sentence = ngettext(
            "Lapsed: %(took_part)s of %(eligible)s member took part, and at least %(needed)s "
            "had to.",
            "Lapsed: %(took_part)s of %(eligible)s members took part, and at least %(needed)s "
            "had to.",
            tally.eligible,
        ) % {"took_part": tally.took_part, "eligible": tally.eligible, "needed": needed}
        return Outcome(LAPSED, (sentence,), terms.method, tally)
    if terms.who in RECORDED_BY_FACILITATOR and terms.method != M.LEAD:
        return Outcome(DECIDING, (waiting_sentence(terms),), terms.method, tally)
    sentences = []
    method = terms.method
    result = method_result(method, terms.percentage, tally)
    sentences.append(result_sentence(method, terms, tally, result))
    if result == NO_AGREEMENT and terms.fallback:
        method = terms.fallback
        result = method_result(method, terms.percentage, tally)
        sentences.append(fallback_sentence(method, terms, tally, result))
    if result == NO_AGREEMENT:
        result = REJECTED
        sentences.append(str(_("It was not adopted.")))
    return Outcome(result, tuple(sentences), method, tally)


def counts_words(tally: Tally) -> str:
    return (
        _(
            "%(agree)s agreed, %(abstain)s stood aside, %(disagree)s disagreed, %(block)s blocked "
            "and %(object)s objected"
        )
        % tally.as_dict()
    )


def open_sentences(terms: Terms, tally: Tally) -> list[str]:
    sentences = [
        ngettext(
            "So far %(took_part)s of %(eligible)s member has responded.",
            "So far %(took_part)s of %(eligible)s members have responded.",
            tally.eligible,
        )
        % {"took_part": tally.took_part, "eligible": tally.eligible}
    ]
    if tally.block:
        sentences.append(
            ngettext(
                "%(count)s member blocks it, so there is no consensus yet: the proposer can "
                "change it, and everyone is asked again.",
                "%(count)s members block it, so there is no consensus yet: the proposer can "
                "change it, and everyone is asked again.",
                tally.block,
            )
            % {"count": tally.block}
        )
    if tally.object:
        sentences.append(
            ngettext(
                "%(count)s member objects, so it goes back for change: the proposer can revise "
                "it, and everyone is asked again.",
                "%(count)s members object, so it goes back for change: the proposer can revise "
                "it, and everyone is asked again.",
                tally.object,
            )
            % {"count": tally.object}
        )
    return sentences


def waiting_sentence(terms: Terms) -> str:
    who = decider_phrase(terms.who, terms.who_name, terms.method)
    return _(
        "The deadline has passed: %(who)s decides, and a facilitator records the decision "
        "with its reason."
    ) % {"who": who}


def result_sentence(method: str, terms: Terms, tally: Tally, result: str) -> str:
    """How the rule's own way of deciding went."""
    values = {
        **tally.as_dict(),
        "votes": tally.votes,
        "against": tally.against,
        "counts": counts_words(tally),
        "how": method_phrase(method, terms.percentage),
        "percentage": terms.percentage or 67,
    }
    if result == DECIDING:
        return waiting_sentence(terms)
    if result == ADOPTED:
        return {
            M.CONSENT: _("Adopted by consent: nobody objected (%(counts)s)."),
            M.CONSENSUS: _("Adopted by consensus: nobody blocked or disagreed (%(counts)s)."),
            M.UNANIMITY: _(
                "Adopted by a unanimous vote: everyone who took part agreed (%(counts)s)."
            ),
            M.SUPERMAJORITY: _(
                "Adopted %(how)s: %(agree)s of %(votes)s votes were for it, and at least "
                "%(percentage)s%% were needed."
            ),
            M.MAJORITY: _("Adopted by a simple majority: %(agree)s for and %(against)s against."),
        }[method] % values
    if result == REJECTED:
        return (
            _("Not adopted by a simple majority: %(agree)s for and %(against)s against.") % values
        )
    return {
        M.CONSENT: _("There was an objection, so it was not adopted by consent (%(counts)s)."),
        M.CONSENSUS: _("There was no consensus (%(counts)s)."),
        M.UNANIMITY: _("The vote was not unanimous (%(counts)s)."),
        M.SUPERMAJORITY: _(
            "It did not reach %(how)s: %(agree)s of %(votes)s votes were for it, and at least "
            "%(percentage)s%% were needed."
        ),
        M.MAJORITY: _("There was no majority: %(agree)s for and %(against)s against."),
    }[method] % values


def fallback_sentence(method: str, terms: Terms, tally: Tally, result: str) -> str:
    """How the fall-back went, after no agreement the rule's own way."""
    if method == M.LEAD:
        return str(
            _(
                "So it went to the fall-back: the project lead decides, and a facilitator "
                "records the decision with its reason."
            )
        )
    return _("So it went to the fall-back: %(result)s") % {
        "result": result_sentence(method, terms, tally, result)
    }


def explain(terms: Terms, *, eligible: int, by_day: str) -> list[str]:
    """The rule as the proposal's page says it will be run: how, by when, who takes part,
    how many must, what happens without agreement and how disagreement is recorded."""
    who = decider_phrase(terms.who, terms.who_name, terms.method)
    how = method_phrase(terms.method, terms.percentage)
    values = {"date": by_day, "who": who, "how": how, "percentage": terms.percentage or 67}
    if terms.method == M.LEAD:
        first = _(
            "Decided by %(who)s after consulting the whole group: members respond and comment "
            "until the end of %(date)s, then %(who)s decides and gives a reason."
        )
    elif terms.who in RECORDED_BY_FACILITATOR:
        first = _(
            "Decided by %(who)s %(how)s: members respond and comment until the end of %(date)s, "
            "then a facilitator records what %(who)s decided."
        )
    else:
        first = {
            M.CONSENT: _("Decided by consent: adopted unless someone objects by %(date)s."),
            M.CONSENSUS: _(
                "Decided by consensus: adopted if everyone who takes part agrees or stands aside "
                "by %(date)s; a block stops it."
            ),
            M.UNANIMITY: _(
                "Decided by a unanimous vote: adopted if everyone who takes part agrees by "
                "%(date)s."
            ),
            M.SUPERMAJORITY: _(
                "Decided %(how)s: adopted if at least %(percentage)s%% of those who vote agree "
                "by %(date)s."
            ),
            M.MAJORITY: _(
                "Decided by a simple majority: adopted if more of those who vote agree than "
                "disagree by %(date)s."
            ),
        }[terms.method]
    sentences = [first % values]
    if terms.roles == [Role.FACILITATOR]:
        sentences.append(
            ngettext(
                "The facilitators take part (%(count)s facilitator).",
                "The facilitators take part (%(count)s facilitators).",
                eligible,
            )
            % {"count": eligible}
        )
    else:
        sentences.append(
            ngettext(
                "Facilitators and participants take part (%(count)s member); observers can read.",
                "Facilitators and participants take part (%(count)s members); observers can read.",
                eligible,
            )
            % {"count": eligible}
        )
    if terms.quorum:
        sentences.append(
            ngettext(
                "At least %(needed)s of %(eligible)s member must take part.",
                "At least %(needed)s of %(eligible)s members must take part.",
                eligible,
            )
            % {"needed": quorum_needed(terms.quorum, eligible), "eligible": eligible}
        )
    if terms.fallback == M.LEAD:
        sentences.append(str(_("If there is no agreement by then, the project lead decides.")))
    elif terms.fallback:
        how = method_phrase(terms.fallback, terms.percentage)
        sentences.append(
            _("If there is no agreement by then, it is decided %(how)s.") % {"how": how}
        )
    if terms.dissent:
        sentences.append(str(DISSENT_SENTENCES[terms.dissent]))
    return sentences


def area_words(terms: Terms) -> str:
    """What the decisions are about, as it reads after "Decisions about"."""
    return area_phrase(terms.area) if terms.area else str(DEFAULT_AREA)
