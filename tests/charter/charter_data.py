"""A project with every part of the charter filled in, for charter tests and browser tests."""

import datetime

from agreements.actions import (
    do_add_communication_item,
    do_add_decision_rule,
    do_add_ground_rule,
    do_agree_to_ground_rules,
    do_save_principles,
)
from agreements.models import (
    Channel,
    DecisionMethod,
    DecisionRule,
    Definition,
    Format,
    Frequency,
    GroundRuleAgreement,
    Principle,
)
from powercheck.actions import do_close_round
from projects.models import Perspective, Project
from tests.factories import RoundFactory, StakeholderFactory
from tests.powercheck.helpers import answer, statements

RESPONDENTS = ["Quentin Ashdown", "Rosa Blackwood", "Sami Carrow", "Tess Dunmore"]
RESPONDENTS += ["Umar Elstree", "Vera Fenwick"]
SENSITIVE = ["ACCESS-NEEDS-MARKER", "STAKEHOLDER-NOTES-MARKER", "amina.private@example.org"]
PRIVATE_ANSWERS = ["COMMENT-MARKER", "HELPED-MARKER", "HINDERED-MARKER"]


def answered_closed_round(project, *, anonymous: bool = True):
    """Three community members and three professionals answered every statement, then it closed.

    Section scores: 75, 100, 38 (community 25 against professionals 50: a flagged gap), 75;
    overall 72, "Shared". Six of the eight members who can answer submitted (75%).
    """
    round = RoundFactory(project=project, title="First month check", anonymous=anonymous)
    for n, name in enumerate(RESPONDENTS):
        community = n < 3
        scores = {q: 3 for q in statements(1)}
        scores |= {q: 4 for q in statements(2)}
        scores |= {q: 1 if community else 2 for q in statements(3)}
        scores |= {q: 3 for q in statements(4)}
        answer(
            round,
            scores,
            perspective=Perspective.COMMUNITY if community else Perspective.RESEARCHER,
            name=name,
            comment=PRIVATE_ANSWERS[0],
            helped=PRIVATE_ANSWERS[1],
            hindered=PRIVATE_ANSWERS[2],
        )
    return do_close_round(round=round)


def fill_in_charter(project: Project, facilitator, participant) -> None:
    """Principles, a decision rule, ground rules (agreed by the participant on 3 February 2026),
    a communication item, two stakeholders (one with sensitive fields) and a closed round."""
    facilitator.name, participant.name = "Fatima Okafor", "Pat Morgan"
    facilitator.save()
    participant.save()
    do_save_principles(
        project=project,
        meanings={Principle.Key.SHARING_POWER: "Residents hold half the seats on the board."},
        definitions=[Definition.OSTROM],
        own_definition="Residents and the council design our streets together.",
    )
    do_add_decision_rule(
        project=project,
        area="the budget",
        who=DecisionRule.Who.WHOLE_GROUP,
        method=DecisionMethod.CONSENT,
        quorum=DecisionRule.Quorum.HALF,
    )
    do_add_ground_rule(project=project, text="Challenge ideas, not people.", by=facilitator)
    do_add_ground_rule(project=project, text="Start and finish meetings on time.")
    agreement = do_agree_to_ground_rules(membership=project.memberships.get(user=participant))
    GroundRuleAgreement.objects.filter(pk=agreement.pk).update(
        agreed_at=datetime.datetime(2026, 2, 3, 12, tzinfo=datetime.UTC)
    )
    do_add_communication_item(
        project=project,
        audience="market traders",
        purpose="Monthly newsletter about the works",
        channel=Channel.NEWSLETTER,
        formats=[Format.EASY_READ],
        frequency=Frequency.MONTHLY,
        owner=project.memberships.get(user=facilitator),
        next_due=datetime.date(2026, 3, 2),
    )
    StakeholderFactory(
        project=project,
        name="Amina Yusuf",
        organisation="Market Traders Association",
        category="lived_experience",
        email=SENSITIVE[2],
        access_needs=f"Needs a hearing loop {SENSITIVE[0]}",
        notes=f"Lives with her daughter {SENSITIVE[1]}",
        power=2,
        interest=5,
        seldom_heard=True,
        named_consent_at=datetime.datetime(2026, 1, 20, 12, tzinfo=datetime.UTC),
    )
    # Not agreed to be named: the charter counts him and never names him.
    StakeholderFactory(project=project, name="Kieran Walsh", category="practitioner", power=4)
    # Members and the charter see where the people who agreed to be named sit.
    project.share_map_positions = True
    project.save(update_fields=["share_map_positions"])
    answered_closed_round(project)
