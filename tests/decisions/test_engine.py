"""The decision engine run through every way of deciding × quorum met or not × every fall-back
the rule form accepts × a block or an objection or none × the deadline passed or not, with
the sentence the proposal's page shows for each."""

import itertools

import pytest

from decisions.engine import Tally, Terms, decide, explain, quorum_needed

METHODS = ["unanimity", "consensus", "consent", "supermajority", "majority", "lead"]
# From the way that needs the most agreement to the one that needs the least: a fall-back
# comes further down (agreements.forms.DecisionRuleForm).
FALLBACKS = {m: ["", *METHODS[i + 1 :]] if m != "lead" else [""] for i, m in enumerate(METHODS)}
ELIGIBLE = 6
# Who decides: the whole group, except that "after asking everyone" is for the project lead.
WHO = {m: "lead" if m == "lead" else "whole-group" for m in METHODS}
# The dissent each way offers: a block under consensus, an objection under consent, and a
# vote against under the others.
DISSENT = {"consensus": "block", "consent": "object"}

CASES = [
    (method, fallback, quorum_met, dissent, passed)
    for method in METHODS
    for fallback in FALLBACKS[method]
    for quorum_met, dissent, passed in itertools.product([True, False], repeat=3)
]

ADOPTED_SENTENCE = {
    "unanimity": "Adopted by a unanimous vote: everyone who took part agreed",
    "consensus": "Adopted by consensus: nobody blocked or disagreed",
    "consent": "Adopted by consent: nobody objected",
    "supermajority": "Adopted by a two-thirds majority: ",
    "majority": "Adopted by a simple majority: ",
}
NO_AGREEMENT_SENTENCE = {
    "unanimity": "The vote was not unanimous",
    "consensus": "There was no consensus",
    "consent": "There was an objection, so it was not adopted by consent",
}


def answers(method: str, quorum_met: bool, dissent: bool) -> list[str]:
    """Four of six responding meets a quorum of half; two does not. With dissent, one of them
    blocks, objects or votes against."""
    n = 4 if quorum_met else 2
    if not dissent:
        return ["agree"] * n
    return ["agree"] * (n - 1) + [DISSENT.get(method, "disagree")]


def expected(method, fallback, answered: list[str], passed: bool) -> tuple[str, list[str]]:
    """What the rule says happens, worked out from its words (not from the engine)."""
    took_part = len(answered)
    if not passed:
        phrases = [f"So far {took_part} of 6 members have responded."]
        if "block" in answered:
            phrases.append("1 member blocks it, so there is no consensus yet")
        if "object" in answered:
            phrases.append("1 member objects, so it goes back for change")
        return "open", phrases
    if took_part < 3:
        return "lapsed", [f"Lapsed: {took_part} of 6 members took part, and at least 3 had to."]
    if method == "lead":
        return "deciding", ["the project lead decides, and a facilitator records the decision"]
    against = took_part - answered.count("agree")

    def alone(way: str) -> str:
        if way == "lead":
            return "deciding"
        if way == "consent":
            return "adopted" if not {"object", "block"} & set(answered) else "none"
        if way in ("consensus", "unanimity"):
            return "adopted" if against == 0 else "none"
        if way == "supermajority":
            return "adopted" if answered.count("agree") * 100 >= 67 * took_part else "none"
        return "adopted" if answered.count("agree") > against else "rejected"

    first = alone(method)
    if first == "adopted":
        return "adopted", [ADOPTED_SENTENCE[method]]
    phrases = [NO_AGREEMENT_SENTENCE[method]]
    if not fallback:
        return "rejected", [*phrases, "It was not adopted."]
    then = alone(fallback)
    phrases.append("So it went to the fall-back:")
    if then == "deciding":
        return "deciding", [*phrases, "the project lead decides"]
    if then == "adopted":
        return "adopted", [*phrases, ADOPTED_SENTENCE[fallback]]
    return "rejected", [*phrases, "It was not adopted."]


@pytest.mark.parametrize(
    ("method", "fallback", "quorum_met", "dissent", "passed"),
    CASES,
    ids=[
        f"{m}-fallback:{f or 'none'}-{'quorum' if q else 'no quorum'}-"
        f"{'dissent' if d else 'clean'}-{'closed' if p else 'open'}"
        for m, f, q, d, p in CASES
    ],
)
def test_every_rule_decides_as_its_words_say(method, fallback, quorum_met, dissent, passed):
    percentage = 67 if "supermajority" in (method, fallback) else None
    terms = Terms(
        area="the budget",
        who=WHO[method],
        method=method,
        percentage=percentage,
        fallback=fallback,
        quorum="half",
    )
    answered = answers(method, quorum_met, dissent)
    outcome = decide(terms, Tally.count(ELIGIBLE, answered), deadline_passed=passed)
    status, phrases = expected(method, fallback, answered, passed)
    assert outcome.status == status, outcome.sentence
    for phrase in phrases:
        assert phrase in outcome.sentence
    assert "%" not in outcome.sentence.replace("67%", "")


def test_consent_without_a_quorum_is_adopted_when_nobody_objects_even_if_nobody_answered():
    terms = Terms(area="rooms", method="consent")
    outcome = decide(terms, Tally.count(9, []), deadline_passed=True)
    assert outcome.status == "adopted"
    assert outcome.sentence == (
        "Adopted by consent: nobody objected (0 agreed, 0 stood aside, 0 disagreed, 0 blocked "
        "and 0 objected)."
    )


def test_a_tied_majority_vote_is_no_agreement_and_goes_to_the_fallback():
    terms = Terms(area="rooms", method="majority", fallback="lead")
    outcome = decide(terms, Tally.count(4, ["agree", "disagree"]), deadline_passed=True)
    assert outcome.status == "deciding"
    assert outcome.sentence.startswith("There was no majority: 1 for and 1 against.")


def test_a_majority_against_is_a_decision_not_to_adopt_without_the_fallback():
    terms = Terms(area="rooms", method="majority", fallback="lead")
    tally = Tally.count(4, ["agree", "disagree", "disagree"])
    outcome = decide(terms, tally, deadline_passed=True)
    assert outcome.status == "rejected"
    assert outcome.sentence == "Not adopted by a simple majority: 1 for and 2 against."


def test_standing_aside_is_not_a_vote_in_a_set_majority():
    terms = Terms(area="rooms", method="supermajority", percentage=75)
    tally = Tally.count(9, ["agree", "agree", "agree", "disagree", "abstain", "abstain"])
    outcome = decide(terms, tally, deadline_passed=True)
    assert outcome.status == "adopted"
    assert outcome.sentence == (
        "Adopted by a three-quarters majority: 3 of 4 votes were for it, and at least 75% were "
        "needed."
    )


def test_a_named_group_decides_once_members_have_had_their_say():
    terms = Terms(area="rooms", who="named-group", who_name="Steering group", method="majority")
    outcome = decide(terms, Tally.count(5, ["agree"]), deadline_passed=True)
    assert outcome.status == "deciding"
    assert "the group called “Steering group” decides" in outcome.sentence


@pytest.mark.parametrize(
    ("quorum", "eligible", "needed"),
    [
        *[("", 9, 0), ("third", 9, 3), ("half", 9, 5), ("two-thirds", 9, 6)],
        *[("three-quarters", 9, 7), ("all", 9, 9), ("half", 1, 1), ("two-thirds", 10, 7)],
        ("third", 0, 0),
    ],
)
def test_how_many_must_take_part(quorum, eligible, needed):
    assert quorum_needed(quorum, eligible) == needed


EXPLAINED = {
    "consent": "Decided by consent: adopted unless someone objects by 12 May 2026.",
    "consensus": "Decided by consensus: adopted if everyone who takes part agrees or stands "
    "aside by 12 May 2026; a block stops it.",
    "unanimity": "Decided by a unanimous vote: adopted if everyone who takes part agrees by "
    "12 May 2026.",
    "supermajority": "Decided by a two-thirds majority: adopted if at least 67% of those who "
    "vote agree by 12 May 2026.",
    "majority": "Decided by a simple majority: adopted if more of those who vote agree than "
    "disagree by 12 May 2026.",
    "lead": "Decided by the project lead after consulting the whole group: members respond and "
    "comment until the end of 12 May 2026, then the project lead decides and gives a reason.",
}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("quorum", ["", "two-thirds"])
def test_the_page_says_how_each_rule_is_run(method, quorum):
    fallback = FALLBACKS[method][-1]
    percentage = 67 if "supermajority" in (method, fallback) else None
    terms = Terms(
        area="rooms",
        who=WHO[method],
        method=method,
        percentage=percentage,
        fallback=fallback,
        quorum=quorum,
        dissent="named",
    )
    sentences = explain(terms, eligible=9, by_day="12 May 2026")
    assert sentences[0] == EXPLAINED[method]
    assert (
        sentences[1] == "Facilitators and participants take part (9 members); observers can read."
    )
    assert ("At least 6 of 9 members must take part." in sentences) == bool(quorum)
    if fallback == "lead":
        assert "If there is no agreement by then, the project lead decides." in sentences
    assert sentences[-1] == "Disagreement is written in the notes of the meeting, with names."


def test_only_facilitators_take_part_when_they_decide():
    terms = Terms(area="rooms", who="facilitators", method="consensus")
    assert terms.roles == ["facilitator"]
    assert explain(terms, eligible=2, by_day="1 June 2026")[1] == (
        "The facilitators take part (2 facilitators)."
    )


def test_a_block_is_offered_only_under_consensus_and_an_objection_only_under_consent():
    offered = {m: Terms(area="x", method=m).answers() for m in METHODS}
    assert {m for m, a in offered.items() if "block" in a} == {"consensus"}
    assert {m for m, a in offered.items() if "object" in a} == {"consent"}
