"""Responses and sweeps at the same moment, on PostgreSQL: two members responding at once,
a response arriving as the sweep closes the proposal, and two sweeps closing the same
proposals, each counted once and decided once."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

import decisions.actions as actions
import decisions.closing as closing
from decisions.actions import do_propose, do_respond
from decisions.closing import close_due_proposals
from decisions.models import Decision, Proposal, Response
from projects.models import AuditEvent, Membership, Role
from tests.factories import DecisionRuleFactory, ProjectFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def run_together(*functions) -> list:
    """Run each function in its own thread and connection, started at the same instant."""
    start = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def run(n, function):
        try:
            start.wait()
            results[n] = function()
        except Exception as error:
            results[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, f)) for n, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def group(size: int):
    project = ProjectFactory()
    users = UserFactory.create_batch(size)
    Membership.objects.bulk_create(
        Membership(project=project, user=user, role=Role.PARTICIPANT) for user in users
    )
    return project, users


def proposal_in(project, by, title="Phones away") -> Proposal:
    return do_propose(
        project=project,
        by=by,
        kind="ground-rule-new",
        title=title,
        closes_on=datetime.date.today() + datetime.timedelta(days=3),
        change={"text": "Phones away during meetings."},
        rule=DecisionRuleFactory(project=project, method="majority"),
    )


def after(proposal: Proposal) -> datetime.datetime:
    return proposal.closes_at + datetime.timedelta(minutes=1)


def test_two_members_responding_at_once_are_both_counted():
    project, (ana, ben) = group(2)
    proposal = proposal_in(project, ana)
    results = run_together(
        lambda: do_respond(proposal=proposal, user=ana, answer="agree"),
        lambda: do_respond(proposal=proposal, user=ben, answer="disagree", reason="Too strict"),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(Response.objects.values_list("answer", flat=True)) == ["agree", "disagree"]
    assert Proposal.objects.get(pk=proposal.pk).version == proposal.version + 2


def test_a_double_click_is_one_response():
    project, (ana, _ben) = group(2)
    proposal = proposal_in(project, ana)
    results = run_together(
        lambda: do_respond(proposal=proposal, user=ana, answer="agree"),
        lambda: do_respond(proposal=proposal, user=ana, answer="agree"),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Response.objects.filter(user=ana).count() == 1


def test_a_response_arriving_as_the_sweep_closes_is_refused_and_not_counted(monkeypatch):
    project, (ana, ben) = group(2)
    proposal = proposal_in(project, ana)
    do_respond(proposal=proposal, user=ana, answer="agree")
    holding = threading.Event()
    tally = closing.get_tally

    def slow_tally(*args, **kwargs):
        # The sweep holds the proposal's lock while it counts.
        counted = tally(*args, **kwargs)
        holding.set()
        threading.Event().wait(0.5)
        return counted

    monkeypatch.setattr(closing, "get_tally", slow_tally)

    def late_response():
        holding.wait(10)
        # It left the member's browser a second before the deadline.
        before = proposal.closes_at - datetime.timedelta(seconds=1)
        return do_respond(proposal=proposal, user=ben, answer="disagree", now=before)

    swept, responded = run_together(lambda: close_due_proposals(now=after(proposal)), late_response)
    assert swept == 1
    assert isinstance(responded, ValidationError)
    assert "This proposal has closed" in responded.messages[0]
    decision = Decision.objects.get(proposal=proposal)
    assert (decision.counts["agree"], decision.counts["disagree"]) == (1, 0)
    assert not Response.objects.filter(user=ben).exists()


def test_a_sweep_meeting_a_response_in_progress_leaves_it_to_the_next_sweep(monkeypatch):
    project, (ana, ben) = group(2)
    proposal = proposal_in(project, ana)
    holding = threading.Event()
    original = actions.do_cancel_reminders

    def slow_cancel(**kwargs):
        # The response holds the proposal's lock while it calls off the member's reminder.
        holding.set()
        threading.Event().wait(0.5)
        return original(**kwargs)

    monkeypatch.setattr(actions, "do_cancel_reminders", slow_cancel)

    def sweep():
        holding.wait(10)
        return close_due_proposals(now=after(proposal))

    responded, swept = run_together(
        lambda: do_respond(proposal=proposal, user=ben, answer="agree"), sweep
    )
    assert not isinstance(responded, Exception), responded
    assert swept == 0
    assert close_due_proposals(now=after(proposal)) == 1
    assert Decision.objects.get(proposal=proposal).counts["agree"] == 1


def test_two_sweeps_close_each_proposal_exactly_once():
    project, users = group(3)
    proposals = [proposal_in(project, users[0], title=f"P{n}") for n in range(12)]
    for proposal in proposals:
        do_respond(proposal=proposal, user=users[1], answer="agree")
    now = after(proposals[-1])
    results = run_together(
        lambda: close_due_proposals(now=now), lambda: close_due_proposals(now=now)
    )
    assert sum(results) == 12, results
    assert Decision.objects.count() == 12
    assert set(Proposal.objects.values_list("status", flat=True)) == {"adopted"}
    # The ground rule each adopts is added once (do_add_ground_rule keeps one of each text).
    assert project.ground_rules.count() == 1
    assert AuditEvent.objects.filter(verb="decided").count() == 12
