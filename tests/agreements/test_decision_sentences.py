"""Every decision rule the form accepts reads as a correct sentence, and the form refuses, with a
clear message, every combination that cannot be a rule."""

import importlib
import itertools
import re

import pytest
from django.apps import apps
from django.urls import reverse

from agreements.forms import DecisionRuleForm
from agreements.models import DecisionMethod, DecisionRule
from tests.factories import DecisionRuleFactory

WHO = DecisionRule.Who
NAMED = {WHO.NAMED_GROUP, WHO.PARTNER}
# Each who with the names a facilitator might type: none, one without "the", one with it.
WHO_AND_NAMES = [
    (WHO.WHOLE_GROUP, ""),
    (WHO.NAMED_GROUP, ""),
    (WHO.NAMED_GROUP, "Steering group"),
    (WHO.NAMED_GROUP, "the steering group"),
    (WHO.FACILITATORS, ""),
    (WHO.LEAD, ""),
    (WHO.PARTNER, ""),
    (WHO.PARTNER, "Northbridge City Council"),
]
METHODS = DecisionMethod.values
FALLBACKS = ["", *DecisionMethod.values]
QUORUMS = DecisionRule.Quorum.values
DISSENTS = DecisionRule.Dissent.values
# With and without a percentage where a set majority is chosen; without one elsewhere (that a
# percentage is refused there is tested in test_agreements.py).
MAJORITIES = ["", "67", "85", "100"]

# From the way that needs the least agreement to the one that needs the most.
LEAST_TO_MOST = ["lead", "majority", "supermajority", "consent", "consensus", "unanimity"]
METHOD_WORDS = {
    "unanimity": "by a unanimous vote",
    "consensus": "by consensus",
    "consent": "by consent",
    "majority": "by a simple majority",
    "supermajority": "majority",  # "by a two-thirds majority", "by a 70% majority"
}
MESSAGES = {
    "Give the name of the group or organisation.",
    "The project lead is one person, so they cannot vote or reach a consensus: choose "
    "“After asking everyone”.",
    "“After asking everyone” is for a few people who decide for the group. Choose who decides "
    "after asking everyone (such as the project lead), or another way for the whole group to "
    "decide.",
    "Deciding after asking everyone always ends in a decision, so there is no fall-back: "
    "choose “No fall-back”.",
    "The fall-back must be different from how they decide.",
    "Give the majority needed, from 51% to 100%.",
    "Leave the majority blank unless the group decides by a set majority.",
}
NEEDS_MORE = re.compile(
    r"^If they cannot decide by [\w %-]+, they cannot decide by [\w %-]+ either: it needs at "
    r"least as much agreement\. Choose a fall-back further down the list, such as a simple "
    r"majority or the project lead deciding\.$"
)


def agreement(method: str, percentage: str) -> int:
    if method == "supermajority" and percentage == "100":
        method = "unanimity"
    return LEAST_TO_MOST.index(method)


def refused_fields(who, name, method, fallback, percentage) -> set[str]:
    """Which fields the form must refuse, written out from the rules in the form's help."""
    fields = set()
    if who in NAMED and not name:
        fields.add("who_name")
    if who == WHO.LEAD and method != "lead":
        fields.add("method")  # one person does not vote
    if who == WHO.WHOLE_GROUP and method == "lead":
        fields.add("method")  # the whole group does not decide by asking itself
    if fallback and (
        method == "lead"
        or fallback == method
        or agreement(fallback, percentage) >= agreement(method, percentage)
    ):
        fields.add("fallback")
    if ("supermajority" in (method, fallback)) != bool(percentage):
        fields.add("percentage")
    return fields


def problems_with(sentence: str, who, name, method, fallback, quorum, dissent) -> list[str]:
    """What is wrong with the sentence of an accepted rule (nothing, it is hoped)."""
    problems = []
    first, *rest = sentence.split(". ")
    expected_count = 1 + bool(fallback) + bool(quorum) + bool(dissent)
    made_by = first.removeprefix("Decisions about the budget are made by ")
    checks = {
        "starts with the area": first.startswith("Decisions about the budget are made by "),
        "who decides has an article": made_by.startswith("the "),
        "one full stop at the end": sentence.endswith(".") and not sentence.endswith(".."),
        "no doubled spaces or stops": "  " not in sentence and ".." not in sentence,
        "each sentence starts with a capital": all(s[:1].isupper() for s in [first, *rest]),
        "as many sentences as parts": len(rest) + 1 == expected_count,
        "no doubled word": not re.search(r"\b(\w+)\s+\1\b", sentence, re.IGNORECASE),
        "an before eighty": not re.search(r"\ba 8\d", sentence),
        "nothing left unfilled": "%" not in sentence.replace("0%", "").replace("5%", "")
        and "None" not in sentence,
        "the project lead decides only when chosen": ("made by the project lead" in first)
        == (who == WHO.LEAD),
        "the lead steps in only as the fall-back": ("the project lead decides" in sentence)
        == (fallback == "lead"),
        "consulting only when they decide after asking": ("after consulting" in sentence)
        == (method == "lead"),
        "the fall-back is said only when there is one": ("If there is no agreement" in sentence)
        == bool(fallback),
        "how many take part only when said": ("must take part" in sentence) == bool(quorum),
        "disagreement only when said": ("Disagreement" in sentence) == bool(dissent),
    }
    if who in NAMED:
        checks["the name as typed"] = name in made_by
        checks["a name without an article is quoted"] = name.startswith("the ") or (
            f"“{name}”" in made_by
        )
    if method != "lead":
        checks["how they decide"] = METHOD_WORDS[method] in first
    if fallback and fallback != "lead":
        fallback_sentence = next(s for s in rest if s.startswith("If there is no agreement"))
        checks["the fall-back's way"] = METHOD_WORDS[fallback] in fallback_sentence
        checks["the fall-back differs from the first way"] = (
            fallback_sentence.removeprefix("If there is no agreement, ").rstrip(".") not in first
        )
    problems += [check for check, passed in checks.items() if not passed]
    return problems


def combinations():
    for method, fallback, quorum, dissent in itertools.product(
        METHODS, FALLBACKS, QUORUMS, DISSENTS
    ):
        majority = "supermajority" in (method, fallback)
        for percentage in MAJORITIES if majority else [""]:
            yield method, fallback, quorum, dissent, percentage


@pytest.mark.parametrize(("who", "name"), WHO_AND_NAMES)
def test_every_combination_the_form_accepts_reads_as_a_correct_sentence(who, name):
    accepted, refused, wrong = 0, 0, {}
    for method, fallback, quorum, dissent, percentage in combinations():
        data = {
            "area": "the budget",
            "who": who,
            "who_name": name,
            "method": method,
            "percentage": percentage,
            "fallback": fallback,
            "quorum": quorum,
            "dissent": dissent,
        }
        form = DecisionRuleForm(data)
        combination = (who, name, method, fallback, quorum, dissent, percentage)
        expected = refused_fields(who, name, method, fallback, percentage)
        if form.is_valid():
            accepted += 1
            sentence = form.save(commit=False).as_sentence()
            if problems := problems_with(sentence, who, name, method, fallback, quorum, dissent):
                wrong[combination] = (sentence, problems)
            elif expected:
                wrong[combination] = (sentence, [f"accepted, though {expected} should be refused"])
        else:
            refused += 1
            messages = [m for errors in form.errors.values() for m in errors]
            unclear = [m for m in messages if m not in MESSAGES and not NEEDS_MORE.match(m)]
            if set(form.errors) != expected or unclear:
                wrong[combination] = (dict(form.errors), [f"expected {expected}"])
    assert wrong == {}
    assert accepted + refused == 1872
    assert refused > 0, "some combinations of every who make no sense"
    assert accepted == 0 if who in NAMED and not name else accepted > 0


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        (
            {"who": "named-group", "who_name": "Steering group", "method": "consensus"},
            "Decisions about the budget are made by the group called “Steering group” by "
            "consensus.",
        ),
        (
            {"who": "partner", "who_name": "Northbridge Council", "method": "majority"},
            "Decisions about the budget are made by the partner organisation “Northbridge "
            "Council” by a simple majority.",
        ),
        (
            {"who": "facilitators", "method": "lead", "quorum": "half"},
            "Decisions about the budget are made by the facilitators after consulting the whole "
            "group. At least half of the members must take part.",
        ),
        (
            {"who": "lead", "method": "lead", "dissent": "unnamed"},
            "Decisions about the budget are made by the project lead after consulting the whole "
            "group. Disagreement is written in the notes of the meeting, without names.",
        ),
        (
            {"who": "facilitators", "method": "majority", "quorum": "all"},
            "Decisions about the budget are made by the facilitators by a simple majority. "
            "Every facilitator must take part.",
        ),
        (
            {
                "who": "named-group",
                "who_name": "The residents' panel.",
                "method": "supermajority",
                "percentage": 85,
                "quorum": "two-thirds",
            },
            "Decisions about the budget are made by the residents' panel by an 85% majority. "
            "At least two-thirds of its members must take part.",
        ),
        (
            {"area": "Decisions about The budget.", "who": "whole-group", "method": "consent"},
            "Decisions about the budget are made by the whole group by consent.",
        ),
    ],
)
def test_names_articles_and_who_decides_read_correctly(fields, sentence):
    assert DecisionRule(**{"area": "the budget", **fields}).as_sentence() == sentence


def test_labels_say_when_a_field_is_needed_instead_of_optional(as_user, facilitator, project):
    page = as_user(facilitator).get(reverse("agreements-decision-create", args=[project.slug]))
    text = page.content.decode()
    assert (
        'Name of the group or organisation that decides <span class="optional">(needed for a '
        "named group or a partner organisation)</span>"
    ) in text
    assert (
        'Majority needed, as a percentage <span class="optional">(needed for a set majority)'
    ) in text
    assert 'If there is no agreement <span class="optional">(optional)</span>' in text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"who": "whole-group", "method": "lead"}, "is for a few people who decide for the group"),
        ({"who": "lead", "method": "consensus"}, "The project lead is one person"),
        ({"who": "facilitators", "method": "lead", "fallback": "majority"}, "no fall-back"),
        (
            {"method": "majority", "fallback": "supermajority", "percentage": "67"},
            "If they cannot decide by a simple majority, they cannot decide by a two-thirds "
            "majority either",
        ),
        ({"area": "Decisions about"}, "Write what the decisions are about"),
    ],
)
def test_combinations_that_cannot_be_a_rule_are_refused_and_kept(
    as_user, facilitator, project, overrides, message
):
    data = {
        "area": "Kept area",
        "who": "whole-group",
        "who_name": "",
        "method": "consent",
        "percentage": "",
        "fallback": "",
        "quorum": "",
        "dissent": "",
        **overrides,
    }
    response = as_user(facilitator).post(
        reverse("agreements-decision-create", args=[project.slug]), data
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert f'value="{data["area"]}"' in page
    assert not DecisionRule.objects.exists()


def test_rules_where_the_lead_decided_for_the_whole_group_now_name_the_lead(project):
    """The migration that added "The project lead" as who decides keeps each sentence."""
    rule = DecisionRuleFactory(project=project, area="the budget", who="whole-group", method="lead")
    before = rule.as_sentence()
    migration = importlib.import_module("agreements.migrations.0002_decision_rule_deciders")
    migration.lead_decides(apps, None)
    rule.refresh_from_db()
    assert rule.who == "lead" and rule.as_sentence() == before
    assert before == (
        "Decisions about the budget are made by the project lead after consulting the whole group."
    )
