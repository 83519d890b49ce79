"""A decision taken outside a vote (at a meeting) goes into the decision log, as the meetings
app records it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from decisions.actions import do_record_decision
from decisions.models import Decision
from projects.models import AuditEvent
from tests.factories import DecisionRuleFactory


def test_a_decision_at_a_meeting_is_in_the_log_with_where_it_was_taken(project, facilitator):
    rule = DecisionRuleFactory(project=project, area="the budget", method="consensus")
    decided = timezone.make_aware(datetime.datetime(2026, 5, 12, 19, 0))
    decision = do_record_decision(
        project=project,
        rule=rule,
        text="Pay for a quiet room at every meeting.",
        method="consensus",
        present=7,
        result="adopted",
        decided_at=decided,
        source_label="Meeting of 12 May 2026",
        source_url="/projects/x/meetings/3/",
        by=facilitator,
    )
    stored = Decision.objects.get(pk=decision.pk)
    assert (stored.area, stored.turnout, stored.result) == ("the budget", 7, "adopted")
    assert stored.source_label == "Meeting of 12 May 2026"
    assert stored.proposal is None
    line = AuditEvent.objects.filter(project=project, verb="decided").get()
    assert "Pay for a quiet room at every meeting." in line.summary


def test_a_decision_needs_a_result_the_log_knows(project, facilitator):
    with pytest.raises(ValidationError, match="adopted, not adopted or lapsed"):
        do_record_decision(
            project=project,
            rule=None,
            text="Something",
            method="",
            present=None,
            result="maybe",
            decided_at=timezone.now(),
            source_label="Meeting",
            source_url="",
            by=facilitator,
        )
    assert not Decision.objects.exists()
