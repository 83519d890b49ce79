"""Demo data for what the group agreed: principles, decision rules, ground rules, a plan."""

import datetime

from django.utils import timezone

from projects.demo import FACILITATOR, PARTICIPANT
from projects.models import Project

from .actions import (
    do_add_communication_item,
    do_add_decision_rule,
    do_add_ground_rule,
    do_agree_to_ground_rules,
    do_save_principles,
)
from .models import (
    Channel,
    CommunicationItem,
    DecisionMethod,
    DecisionRule,
    Definition,
    Format,
    Frequency,
    GroundRule,
    Principle,
)

PRINCIPLES = [
    (
        Principle.Key.SHARING_POWER,
        "Residents hold half the seats on the steering group and a veto over the final designs.",
    ),
    (
        Principle.Key.ALL_PERSPECTIVES,
        "We go to the market, the mosque and the youth club rather than waiting for people "
        "to come to the town hall.",
    ),
    (
        Principle.Key.RESPECTING_KNOWLEDGE,
        "People who cross these streets every day know where the danger is; their maps count "
        "as evidence.",
    ),
    (
        Principle.Key.RECIPROCITY,
        "Residents are paid for their time at the living wage, and everyone gets a certificate "
        "and a reference.",
    ),
    (
        Principle.Key.RELATIONSHIPS,
        "We meet in the same place every month, with food, and keep in touch between meetings.",
    ),
]


DECISION_RULES = [
    {
        "area": "the budget",
        "who": DecisionRule.Who.WHOLE_GROUP,
        "method": DecisionMethod.CONSENT,
        "fallback": DecisionMethod.SUPERMAJORITY,
        "percentage": 67,
        "quorum": DecisionRule.Quorum.HALF,
    },
    {
        "area": "which streets change first",
        "who": DecisionRule.Who.NAMED_GROUP,
        "who_name": "the steering group",
        "method": DecisionMethod.CONSENSUS,
        "fallback": DecisionMethod.MAJORITY,
        "quorum": DecisionRule.Quorum.TWO_THIRDS,
        "dissent": DecisionRule.Dissent.NAMED,
    },
    {
        "area": "road safety and the law",
        "who": DecisionRule.Who.PARTNER,
        "who_name": "Northbridge City Council",
        "method": DecisionMethod.LEAD,
        "dissent": DecisionRule.Dissent.REPORT,
    },
    {
        "area": "meeting times and places",
        "who": DecisionRule.Who.FACILITATORS,
        "method": DecisionMethod.MAJORITY,
    },
]


COMMUNICATION = [
    (
        -3,
        FACILITATOR,
        {
            "audience": "all members",
            "purpose": "Notes and actions from the monthly meeting",
            "channel": Channel.EMAIL,
            "formats": [Format.LARGE_PRINT, Format.EASY_READ],
            "frequency": Frequency.MONTHLY,
        },
    ),
    (
        2,
        PARTICIPANT,
        {
            "audience": "residents of Market Street",
            "purpose": "What the group has decided so far, and how to have a say",
            "channel": Channel.NEWSLETTER,
            "formats": [Format.TRANSLATION],
            "frequency": Frequency.QUARTERLY,
        },
    ),
    (
        5,
        FACILITATOR,
        {
            "audience": "members who do not use email",
            "purpose": "A reminder of the next meeting",
            "channel": Channel.PHONE,
            "formats": [],
            "frequency": Frequency.FORTNIGHTLY,
        },
    ),
    (
        40,
        FACILITATOR,
        {
            "audience": "the council's transport committee",
            "purpose": "The group's recommendations",
            "channel": Channel.MEETING,
            "formats": [Format.BSL],
            "frequency": Frequency.ONCE,
        },
    ),
]


def add_agreements(project: Project, users: dict) -> None:
    """Principles, decision rules, ground rules (agreed by some) and a communication plan."""
    do_save_principles(
        project=project,
        meanings={key: text for key, text in PRINCIPLES},
        definitions=[Definition.NIHR, Definition.INVOLVE],
        own_definition="Residents and the council design our streets together, as equals.",
        by=users[FACILITATOR],
    )
    for fields in DECISION_RULES:
        do_add_decision_rule(project=project, by=users[FACILITATOR], **fields)
    memberships = {m.user_id: m for m in project.memberships.all()}
    for text in GroundRule.SUGGESTIONS[:5]:
        do_add_ground_rule(project=project, text=str(text), by=users[FACILITATOR])
    do_agree_to_ground_rules(membership=memberships[users[PARTICIPANT].pk])
    do_add_ground_rule(project=project, text=str(GroundRule.SUGGESTIONS[7]), by=users[FACILITATOR])
    do_agree_to_ground_rules(membership=memberships[users[FACILITATOR].pk])
    today = timezone.localdate()
    for days, owner, fields in COMMUNICATION:
        do_add_communication_item(
            project=project,
            owner=memberships[users[owner].pk],
            next_due=today + datetime.timedelta(days=days),
            by=users[FACILITATOR],
            **fields,
        )


def add_many_agreements(project: Project, *, rules: int, items: int) -> None:
    """Top the demo up to this many decision rules and communication items, for benchmarks."""
    rules -= project.decision_rules.count()
    items -= project.communication_items.count()
    DecisionRule.objects.bulk_create(
        DecisionRule(
            project=project,
            area=f"work package {n}",
            who=DecisionRule.Who.WHOLE_GROUP,
            method=DecisionMethod.CONSENT,
            quorum=DecisionRule.Quorum.HALF,
            order=100 + n,
        )
        for n in range(1, rules + 1)
    )
    owners = list(project.memberships.all()[:20])
    today = timezone.localdate()
    CommunicationItem.objects.bulk_create(
        CommunicationItem(
            project=project,
            audience=f"Street group {n}",
            purpose=f"Update for street group {n}",
            channel=Channel.EMAIL,
            formats=[Format.LARGE_PRINT],
            frequency=Frequency.MONTHLY,
            owner=owners[n % len(owners)],
            next_due=today + datetime.timedelta(days=n % 60 - 5),
            due_day=(today + datetime.timedelta(days=n % 60 - 5)).day,
        )
        for n in range(1, items + 1)
    )
