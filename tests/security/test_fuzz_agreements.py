"""Arbitrary input into the agreements: principles, decision rules, ground rules, communication."""

from urllib.parse import quote

import pytest
from django import forms
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from agreements.models import (
    Channel,
    CommunicationItem,
    DecisionMethod,
    DecisionRule,
    Definition,
    Format,
    Frequency,
    GroundRule,
    GroundRuleAgreement,
    Principle,
)
from coproduce.forms import EARLIEST_DATE, LATEST_DATE
from projects.models import Membership, Project
from tests.factories import CommunicationItemFactory, DecisionRuleFactory, GroundRuleFactory

from .fuzz import (
    FUZZ,
    choices,
    dates,
    mostly,
    numbers,
    post_in_savepoint,
    texts,
    url_parts,
    versions,
)


def as_date(text: str):
    return forms.DateField().clean(text)


def as_number(text: str) -> int | None:
    """The number an integer input means, as Django reads it ("67.0 " is 67), or None."""
    return forms.IntegerField(required=False).clean(text)


@FUZZ
@given(
    meanings=st.fixed_dictionaries({key: texts for key in Principle.Key.values}),
    definitions=st.lists(choices(Definition.values), max_size=4),
    own=texts,
)
def test_principles_form(as_user, facilitator, project, meanings, definitions, own):
    def read():
        project.refresh_from_db()
        saved = dict(Principle.objects.values_list("key", "meaning"))
        return saved, project.definitions, project.own_definition

    post_in_savepoint(
        as_user(facilitator),
        reverse("agreements-principles", args=[project.slug]),
        {**meanings, "definitions": definitions, "own_definition": own},
        read,
        saved=lambda d: (
            {key: d[key].strip() for key in Principle.Key.values},
            d["definitions"],
            d["own_definition"].strip(),
        ),
    )


decision_rules = st.fixed_dictionaries(
    {
        "area": texts,
        "who": choices(DecisionRule.Who.values),
        "who_name": texts,
        "method": choices(DecisionMethod.values),
        # A set majority, the place where a number is typed.
        "percentage": st.one_of(st.just(""), mostly(st.integers(0, 120).map(str), numbers)),
        "fallback": choices(["", *DecisionMethod.values]),
        "quorum": choices(DecisionRule.Quorum.values),
        "dissent": choices(DecisionRule.Dissent.values),
    }
)
RULE_FIELDS = ["area", "who", "who_name", "method", "percentage", "fallback", "quorum", "dissent"]


def as_rule(data: dict) -> tuple:
    """The rule a valid form saves: text stripped; a name only for a named group or partner."""
    named = data["who"] in (DecisionRule.Who.NAMED_GROUP, DecisionRule.Who.PARTNER)
    return (
        data["area"].strip(),
        data["who"],
        data["who_name"].strip() if named else "",
        data["method"],
        as_number(data["percentage"]),
        data["fallback"],
        data["quorum"],
        data["dissent"],
    )


@FUZZ
@given(data=decision_rules)
def test_decision_rule_form(as_user, facilitator, project, data):
    post_in_savepoint(
        as_user(facilitator),
        reverse("agreements-decision-create", args=[project.slug]),
        data,
        lambda: list(DecisionRule.objects.values_list(*RULE_FIELDS)),
        saved=lambda d: [as_rule(d)],
    )
    # A percentage is accepted only for a set majority, and only from 51 to 100.
    for area, method, fallback, percentage in DecisionRule.objects.values_list(
        "area", "method", "fallback", "percentage"
    ):
        uses_majority = DecisionMethod.SUPERMAJORITY in (method, fallback)
        assert (percentage is not None) == uses_majority, area
        assert percentage is None or 51 <= percentage <= 100


@pytest.fixture
def rule(project):
    return DecisionRuleFactory(project=project, area="the budget")


@FUZZ
@given(data=decision_rules, version=versions)
def test_decision_rule_edit_form(as_user, facilitator, project, rule, data, version):
    post_in_savepoint(
        as_user(facilitator),
        reverse("agreements-decision-update", args=[project.slug, rule.pk]),
        {**data, "version": version},
        lambda: DecisionRule.objects.values_list(*RULE_FIELDS, "version").get(),
        saved=lambda d: (*as_rule(d), 2),
    )


@pytest.fixture
def rules(project):
    return [GroundRuleFactory(project=project, text=f"Rule {n}", order=n) for n in range(3)]


def ground_rules() -> tuple:
    return list(GroundRule.objects.values_list("text", flat=True)), Project.objects.values_list(
        "ground_rules_version", flat=True
    ).get()


@FUZZ
@given(text=mostly(st.sampled_from(["Rule 1", " rule 1 ", "Start on time."]), texts))
def test_ground_rule_form(as_user, facilitator, project, rules, text):
    def saved(data):
        # The same rule (in any case) is not added twice; a new one makes a new version.
        texts = [rule.text for rule in rules]
        if data["text"].strip().casefold() in {t.casefold() for t in texts}:
            return texts, 0
        return [*texts, data["text"].strip()], 1

    post_in_savepoint(
        as_user(facilitator),
        reverse("agreements-ground-rule-create", args=[project.slug]),
        {"text": text},
        ground_rules,
        saved=saved,
    )


@FUZZ
@given(
    text=mostly(st.sampled_from(["Rule 0", "Rule 1 "]), texts),
    kind=choices(["correction", "change", ""]),
)
def test_ground_rule_edit_form(as_user, facilitator, project, rules, text, kind):
    def saved(data):
        # A correction keeps the version (agreements stand); a change makes a new one.
        changed = data["text"].strip() != "Rule 0"
        new_version = changed and data["kind"] == "change"
        return [data["text"].strip(), "Rule 1", "Rule 2"], 1 if new_version else 0

    post_in_savepoint(
        as_user(facilitator),
        reverse("agreements-ground-rule-update", args=[project.slug, rules[0].pk]),
        {"text": text, "kind": kind},
        ground_rules,
        saved=saved,
    )


@FUZZ
@given(version=mostly(st.sampled_from(["0", "1"]), numbers))
def test_agreeing_to_ground_rules_with_any_version(as_user, participant, project, rules, version):
    Project.objects.filter(pk=project.pk).update(ground_rules_version=1)
    membership = Membership.objects.get(user=participant)
    post_in_savepoint(
        as_user(participant),
        reverse("agreements-ground-rules-agree", args=[project.slug]),
        {"version": version},
        lambda: list(GroundRuleAgreement.objects.values_list("membership", "version")),
        saved=lambda d: [(membership.pk, 1)],
    )


@pytest.fixture
def decisions(project):
    return [DecisionRuleFactory(project=project, order=n) for n in range(3)]


@pytest.mark.parametrize("kind", ["decisions", "ground-rules"])
@FUZZ
@given(direction=mostly(st.sampled_from(["up", "down"]), url_parts))
def test_moving_with_any_direction(
    as_user, facilitator, project, decisions, rules, kind, direction
):
    """Up swaps with the row above; anything else means down; never a 500."""
    rows, model = (decisions, DecisionRule) if kind == "decisions" else (rules, GroundRule)
    order = [1, 0, 2] if direction == "up" else [0, 2, 1]
    post_in_savepoint(
        as_user(facilitator),
        f"/projects/{project.slug}/{kind}/{rows[1].pk}/move/{quote(direction, safe='')}/",
        {},
        lambda: list(model.objects.values_list("pk", flat=True)),
        saved=lambda d: [rows[n].pk for n in order],
    )


communication_items = st.fixed_dictionaries(
    {
        "audience": texts,
        "purpose": texts,
        "channel": choices(Channel.values),
        "formats": st.lists(choices(Format.values), max_size=3),
        "frequency": choices(Frequency.values),
        "next_due": dates,
    }
)
ITEM_FIELDS = ["audience", "purpose", "channel", "formats", "frequency", "owner", "next_due"]


def as_item(data: dict) -> tuple:
    """The item a valid form saves: text stripped, the day of the month kept for next time."""
    next_due = as_date(data["next_due"])
    return (
        data["audience"].strip(),
        data["purpose"].strip(),
        data["channel"],
        data["formats"],
        data["frequency"],
        int(data["owner"]),
        next_due,
        next_due.day,
    )


@FUZZ
@given(data=communication_items, owner=mostly(st.just("own"), numbers))
def test_communication_item_form(as_user, facilitator, project, data, owner):
    membership = Membership.objects.get(user=facilitator)
    data["owner"] = str(membership.pk) if owner == "own" else owner
    post_in_savepoint(
        as_user(facilitator),
        reverse("agreements-communication-create", args=[project.slug]),
        data,
        lambda: list(CommunicationItem.objects.values_list(*ITEM_FIELDS, "due_day")),
        saved=lambda d: [as_item(d)],
    )


@pytest.fixture
def item(project, facilitator):
    return CommunicationItemFactory(project=project, owner=Membership.objects.get(user=facilitator))


@FUZZ
@given(data=communication_items, version=versions)
def test_communication_item_edit_form(as_user, facilitator, project, item, data, version):
    data = {**data, "owner": str(item.owner_id), "version": version}
    post_in_savepoint(
        as_user(facilitator),
        reverse("agreements-communication-update", args=[project.slug, item.pk]),
        data,
        lambda: CommunicationItem.objects.values_list(*ITEM_FIELDS, "due_day", "version").get(),
        saved=lambda d: (*as_item(d), 2),
    )


@FUZZ
@given(
    next_due=st.dates(min_value=EARLIEST_DATE, max_value=LATEST_DATE),
    frequency=st.sampled_from(Frequency.values),
    version=versions,
)
def test_marking_any_item_done(as_user, facilitator, project, item, next_due, frequency, version):
    """Any item the form can save can be marked done: the date moves on, a one-off closes."""
    CommunicationItem.objects.filter(pk=item.pk).update(
        next_due=next_due, due_day=next_due.day, frequency=frequency
    )
    item.refresh_from_db()
    following = item.following_due()
    post_in_savepoint(
        as_user(facilitator),
        reverse("agreements-communication-done", args=[project.slug, item.pk]),
        {"version": version},
        lambda: CommunicationItem.objects.values_list("next_due", "closed", "version").get(),
        saved=lambda d: (next_due, True, 2) if following is None else (following, False, 2),
    )
