"""Closing proposals: the sweep that closes each proposal whose deadline has passed exactly
once, deciding it as its rule says, and ``finish``, which records the decision in the log,
applies an adopted change and tells the proposer and the facilitators.

Beat runs ``close_due_proposals`` every few minutes (``decisions.tasks``). Each proposal is
closed in its own transaction under a row lock taken with SKIP LOCKED (PostgreSQL), so two
sweeps never close the same one; the conditional update of its status makes that hold where
row locks do not exist (SQLite), and a response waits for the lock and then finds it closed.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from projects.timeline import do_record_event
from reminders.models import Reminder
from reminders.outbox import ReminderKey, do_cancel_reminders

from .apply import apply_change
from .engine import DECIDING, Outcome, Tally, Terms, decide
from .models import Decision, Proposal, Result
from .reminders import schedule_decided_notices
from .tally import get_tally


def lock(proposal: Proposal) -> Proposal:
    """The proposal read again under a row lock: responses, revisions and the sweep take
    turns, so each sees what the one before it wrote."""
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=proposal.pk)
    )


def finish(
    proposal: Proposal,
    *,
    terms: Terms,
    tally: Tally,
    result: str,
    method: str,
    summary: str,
    reason: str = "",
    by=None,
    now: datetime.datetime,
) -> Decision:
    """Record the decision (once: the log holds one per proposal), apply an adopted change,
    put it on the timeline and tell the proposer and the facilitators."""
    note = apply_change(proposal) if result == Result.ADOPTED else ""
    outcome = f"{summary} {note}".strip()
    proposal.status = result
    proposal.closed_at = proposal.closed_at or now
    proposal.outcome = outcome
    proposal.save()
    decision = Decision.objects.create(
        project=proposal.project,
        proposal=proposal,
        rule=proposal.rule,
        area=terms.area,
        text=proposal.title,
        method=method,
        result=result,
        eligible=tally.eligible,
        turnout=tally.took_part,
        counts=tally.as_dict(),
        summary=outcome,
        reason=reason,
        decided_at=now,
        decided_by=by,
    )
    title = Truncator(proposal.title).chars(80)
    do_record_event(
        project=proposal.project,
        actor=by,
        verb="decided",
        summary={
            Result.ADOPTED: _("The group adopted the proposal “%(title)s”."),
            Result.REJECTED: _("The group did not adopt the proposal “%(title)s”."),
            Result.LAPSED: _("The proposal “%(title)s” lapsed."),
        }[result]
        % {"title": title},
    )
    schedule_decided_notices(proposal, now)
    return decision


def do_close_proposal(*, proposal_id: int, now: datetime.datetime) -> Outcome | None:
    """Close one proposal whose deadline has passed, exactly once; None if another sweep has it
    or already closed it."""
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("project", "proposed_by")
            .filter(pk=proposal_id)
            .due(now)
            .first()
        )
        if proposal is None:
            return None
        terms = Terms.load(proposal.terms)
        tally = get_tally(proposal, terms)
        outcome = decide(terms, tally, deadline_passed=True)
        status = Proposal.Status.DECIDING if outcome.status == DECIDING else outcome.status
        claimed = Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.OPEN).update(
            status=status, closed_at=now
        )
        if not claimed:
            return None
        proposal.closed_at = now
        do_cancel_reminders(key=ReminderKey(Reminder.Kind.PROPOSAL_CLOSING, proposal.pk))
        if outcome.status == DECIDING:
            proposal.status = status
            proposal.outcome = outcome.sentence
            proposal.save(update_fields=["status", "closed_at", "outcome", "updated_at"])
            do_record_event(
                project=proposal.project,
                actor=None,
                verb="proposal closed",
                summary=_("The proposal “%(title)s” closed and waits for its decision.")
                % {"title": Truncator(proposal.title).chars(80)},
            )
            schedule_decided_notices(proposal, now)
        else:
            finish(
                proposal,
                terms=terms,
                tally=tally,
                result=outcome.status,
                method=outcome.method,
                summary=outcome.sentence,
                now=now,
            )
        return outcome


def close_due_proposals(*, now: datetime.datetime | None = None) -> int:
    """Close every proposal whose deadline has passed by ``now``; returns how many this sweep
    closed (safe to run in several sweeps at once)."""
    now = now or timezone.now()
    closed = 0
    due = list(Proposal.objects.due(now).order_by("closes_at", "id").values_list("pk", flat=True))
    for proposal_id in due:
        if do_close_proposal(proposal_id=proposal_id, now=now) is not None:
            closed += 1
    return closed
