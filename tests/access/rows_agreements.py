from projects.models import Membership
from tests.factories import CommunicationItemFactory, DecisionRuleFactory, GroundRuleFactory

from .matrix import FACILITATORS_DO, FACILITATORS_SEE, LOGIN, MEMBERS_SEE, Row, World, expect

# Facilitators and participants agree to ground rules; observers may not.
RESPONDERS_AGREE = expect(LOGIN, 404, 403, 302, 302)


def rule(w: World) -> dict:
    return {"slug": w.project.slug, "rule_id": DecisionRuleFactory(project=w.project).pk}


def ground_rule(w: World) -> dict:
    return {"slug": w.project.slug, "rule_id": GroundRuleFactory(project=w.project).pk}


def with_ground_rule(w: World) -> dict:
    GroundRuleFactory(project=w.project)
    return {"slug": w.project.slug}


def item(w: World) -> dict:
    return {"slug": w.project.slug, "item_id": CommunicationItemFactory(project=w.project).pk}


def decision_data(w: World) -> dict:
    return {"area": "the budget", "who": "whole-group", "method": "consent", "version": 1}


def item_data(w: World) -> dict:
    owner = Membership.objects.filter(project=w.project).first()
    return {
        "audience": "everyone",
        "purpose": "news",
        "channel": "email",
        "frequency": "weekly",
        "owner": owner.pk,
        "next_due": "2030-01-01",
        "version": 1,
    }


ROWS = [
    Row("agreements-principles", MEMBERS_SEE),
    Row(
        "agreements-principles",
        FACILITATORS_DO,
        method="post",
        data=lambda w: {"sharing-power": "We share it."},
    ),
    Row("agreements-decisions", MEMBERS_SEE),
    Row("agreements-decision-create", FACILITATORS_SEE),
    Row("agreements-decision-create", FACILITATORS_DO, method="post", data=decision_data),
    Row("agreements-decision-update", FACILITATORS_SEE, kwargs=rule),
    Row(
        "agreements-decision-update",
        FACILITATORS_DO,
        method="post",
        kwargs=rule,
        data=decision_data,
    ),
    Row("agreements-decision-delete", FACILITATORS_SEE, kwargs=rule),
    Row("agreements-decision-delete", FACILITATORS_DO, method="post", kwargs=rule),
    Row(
        "agreements-decision-move",
        FACILITATORS_DO,
        method="post",
        kwargs=lambda w: {**rule(w), "direction": "up"},
    ),
    Row("agreements-ground-rules", MEMBERS_SEE),
    Row(
        "agreements-ground-rule-create",
        FACILITATORS_DO,
        method="post",
        data=lambda w: {"text": "Be kind."},
    ),
    Row("agreements-ground-rule-update", FACILITATORS_SEE, kwargs=ground_rule),
    Row(
        "agreements-ground-rule-update",
        FACILITATORS_DO,
        method="post",
        kwargs=ground_rule,
        data=lambda w: {"text": "Be kinder.", "kind": "change"},
    ),
    Row("agreements-ground-rule-delete", FACILITATORS_SEE, kwargs=ground_rule),
    Row("agreements-ground-rule-delete", FACILITATORS_DO, method="post", kwargs=ground_rule),
    Row(
        "agreements-ground-rule-move",
        FACILITATORS_DO,
        method="post",
        kwargs=lambda w: {**ground_rule(w), "direction": "down"},
    ),
    Row(
        "agreements-ground-rules-agree",
        RESPONDERS_AGREE,
        method="post",
        kwargs=with_ground_rule,
        data=lambda w: {"version": w.project.ground_rules_version},
        note="observers read the ground rules but are not asked to agree",
    ),
    Row("agreements-communication", MEMBERS_SEE),
    Row("agreements-communication-create", FACILITATORS_SEE),
    Row("agreements-communication-create", FACILITATORS_DO, method="post", data=item_data),
    Row("agreements-communication-update", FACILITATORS_SEE, kwargs=item),
    Row(
        "agreements-communication-update",
        FACILITATORS_DO,
        method="post",
        kwargs=item,
        data=item_data,
    ),
    Row("agreements-communication-done", FACILITATORS_DO, method="post", kwargs=item),
    Row("agreements-communication-delete", FACILITATORS_SEE, kwargs=item),
    Row("agreements-communication-delete", FACILITATORS_DO, method="post", kwargs=item),
]
