import datetime

import pytest
from django.utils import timezone

from decisions.actions import do_propose
from tests.factories import DecisionRuleFactory


@pytest.fixture
def rule(project):
    return DecisionRuleFactory(project=project, area="how we behave", method="majority")


def in_days(project, days: int) -> datetime.date:
    return timezone.localdate(timezone=project.zone) + datetime.timedelta(days=days)


def later(project, days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def proposal(project, rule, participant, facilitator):
    return do_propose(
        project=project,
        by=participant,
        kind="ground-rule-new",
        title="Phones away",
        rule=rule,
        closes_on=in_days(project, 7),
        change={"text": "Phones away during meetings."},
    )
