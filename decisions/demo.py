"""Demo data for proposals: open ones and decided ones, under different ways of deciding."""

import datetime

from django.utils import timezone

from projects.demo import FACILITATOR, PARTICIPANT
from projects.models import Project

from .actions import (
    do_comment,
    do_decide_proposal,
    do_propose,
    do_record_decision,
    do_respond,
)
from .closing import do_close_proposal
from .engine import Terms
from .models import Decision, Proposal, Result


def rule_about(project: Project, area: str):
    return project.decision_rules.filter(area=area).first()


def closed_now(proposal: Proposal) -> None:
    """Move the deadline to just now and let the sweep close it, as if time had passed."""
    now = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(closes_at=now - datetime.timedelta(minutes=1))
    do_close_proposal(proposal_id=proposal.pk, now=now)


def add_proposals(project: Project, users: dict) -> None:
    facilitator, participant = users[FACILITATOR], users[PARTICIPANT]
    today = timezone.localdate(timezone=project.zone)
    budget = rule_about(project, "the budget")
    creche = do_propose(
        project=project,
        by=participant,
        kind="free",
        title="Pay for a crèche at every workshop",
        background="Parents of young children cannot come otherwise. About £60 a workshop.",
        rule=budget,
        closes_on=today + datetime.timedelta(days=10),
    )
    do_respond(proposal=creche, user=facilitator, answer="agree")
    do_comment(proposal=creche, by=facilitator, text="The community centre has a room we can use.")
    do_propose(
        project=project,
        by=participant,
        kind="ground-rule-new",
        title="Phones on silent during meetings",
        rule=None,
        closes_on=today + datetime.timedelta(days=5),
        change={"text": "Phones on silent during meetings, unless you are on call."},
    )
    crossing = do_propose(
        project=project,
        by=participant,
        kind="free",
        title="Ask the council for a safe crossing outside the primary school",
        background="Parents cross between parked cars every morning.",
        rule=None,
        closes_on=today,
    )
    asked = list(project.memberships.exclude(role="observer").select_related("user"))
    for n, member in enumerate(asked):
        answer = "disagree" if n == len(asked) - 1 and n > 1 else "agree"
        do_respond(proposal=crossing, user=member.user, answer=answer)
    closed_now(crossing)
    streets = do_propose(
        project=project,
        by=facilitator,
        kind="free",
        title="Start with Church Lane after Market Street",
        background="The school run makes it the busiest after Market Street.",
        rule=rule_about(project, "which streets change first"),
        closes_on=today,
    )
    for member in asked:
        do_respond(proposal=streets, user=member.user, answer="agree")
    closed_now(streets)
    do_decide_proposal(
        proposal=streets,
        by=facilitator,
        adopted=True,
        reason="The steering group agreed it at its meeting, after reading every response.",
    )
    late = do_propose(
        project=project,
        by=facilitator,
        kind="free",
        title="Move the steering group to Saturdays",
        background="Some members work weekdays.",
        rule=budget,
        closes_on=today,
    )
    closed_now(late)
    do_record_decision(
        project=project,
        rule=rule_about(project, "which streets change first"),
        text="Market Street is the first street to change.",
        method="consensus",
        present=9,
        result=Result.ADOPTED,
        decided_at=timezone.now() - datetime.timedelta(days=20),
        source_label="Steering group meeting",
        by=facilitator,
    )


def add_many_proposals(project: Project, *, count: int) -> None:
    """Many decided proposals, each with its entry in the log, for benchmarks."""
    terms = Terms.of(None).dump()
    now = timezone.now()
    proposals = Proposal.objects.bulk_create(
        Proposal(
            project=project,
            kind="free",
            title=f"Decision {n}",
            background="A decision the group took.",
            area="",
            terms=terms,
            status=Proposal.Status.ADOPTED,
            closes_at=now - datetime.timedelta(days=n + 1),
            closed_at=now - datetime.timedelta(days=n),
            outcome="Adopted by a simple majority: 1 for and 0 against.",
        )
        for n in range(count)
    )
    Decision.objects.bulk_create(
        Decision(
            project=project,
            proposal=proposal,
            area="",
            text=proposal.title,
            method="majority",
            result=Result.ADOPTED,
            eligible=2,
            turnout=1,
            counts={"agree": 1},
            summary=proposal.outcome,
            decided_at=proposal.closed_at,
        )
        for proposal in proposals
    )
