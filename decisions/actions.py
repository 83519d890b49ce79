"""Writes to proposals and the decision log: proposing, revising, responding, commenting,
withdrawing, recording what the lead (or a named group) decided, and recording a decision
taken elsewhere (a meeting). One transaction each.

The meetings app records decisions taken at a meeting with ``do_record_decision``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agreements.choices import DecisionMethod
from agreements.models import DecisionRule
from coproduce.dates import end_of_day
from projects.models import Project
from projects.timeline import do_record_event
from reminders.models import Reminder
from reminders.outbox import ReminderKey, do_cancel_reminders

from .closing import finish, lock
from .engine import NEEDS_REASON, Terms
from .models import Comment, Decision, DecisionSettings, Proposal, Response, Result
from .reminders import schedule_closing_reminders
from .tally import eligible_members, get_tally

LATE = _("This proposal has closed, so responses can no longer be changed.")


def quote(text: str) -> str:
    """Short enough to quote in a timeline line."""
    return Truncator(text).chars(80)


def check_deadline(project: Project, closes_on: datetime.date) -> datetime.datetime:
    """The end of the day chosen, which must not have passed."""
    if closes_on < timezone.localdate(timezone=project.zone):
        raise ValidationError(_("Choose a deadline that is today or later."))
    return end_of_day(closes_on, project.zone)


def check_rule(project: Project, rule: DecisionRule | None) -> None:
    if rule is not None and rule.project_id != project.pk:
        raise ValidationError(_("Choose one of this project’s decision areas."))


@transaction.atomic
def do_propose(
    *,
    project: Project,
    by,
    kind: str,
    title: str,
    closes_on: datetime.date,
    rule: DecisionRule | None = None,
    background: str = "",
    change: dict | None = None,
    **targets,
) -> Proposal:
    """Put a proposal to the group, decided by ``rule`` (None: the default area) as it stands
    now; the members who take part are reminded before the deadline."""
    check_rule(project, rule)
    terms = Terms.of(rule)
    proposal = Proposal.objects.create(
        project=project,
        kind=kind,
        title=title,
        background=background,
        change=change or {},
        rule=rule,
        area=terms.area,
        terms=terms.dump(),
        proposed_by=by,
        closes_at=check_deadline(project, closes_on),
        **targets,
    )
    do_record_event(
        project=project,
        actor=by,
        verb="proposed",
        summary=_("Proposed “%(title)s” for the group to decide.") % {"title": quote(title)},
    )
    schedule_closing_reminders(proposal)
    return proposal


def check_open(proposal: Proposal, now: datetime.datetime, message: str = LATE) -> None:
    if not proposal.is_open or proposal.closes_at <= now:
        raise ValidationError(message)


@transaction.atomic
def do_revise_proposal(
    *,
    proposal: Proposal,
    by,
    version: int,
    title: str,
    background: str,
    closes_on: datetime.date,
    change: dict | None = None,
) -> Proposal:
    """Change an open proposal (its proposer): members who responded are told and asked
    again, since their responses were to the earlier wording."""
    proposal = lock(proposal)
    check_open(proposal, timezone.now(), _("This proposal has closed, so it cannot be changed."))
    if proposal.version != version:
        raise ValidationError(
            _("Someone responded or the proposal changed while you were editing. Read it again.")
        )
    now = timezone.now()
    proposal.title, proposal.background = title, background
    if change is not None:
        proposal.change = change
    proposal.closes_at = check_deadline(proposal.project, closes_on)
    proposal.revision += 1
    proposal.version += 1
    proposal.revised_at = now
    proposal.save()
    do_record_event(
        project=proposal.project,
        actor=by,
        verb="proposal revised",
        summary=_("Revised the proposal “%(title)s”: everyone is asked to respond again.")
        % {"title": quote(title)},
    )
    schedule_closing_reminders(proposal)
    return proposal


@transaction.atomic
def do_respond(*, proposal: Proposal, user, answer: str, reason: str = "", now=None) -> Response:
    """Record (or change) a member's response while the proposal is open, and call off their
    reminder. Two responses at once take turns on the proposal's row lock; one arriving after
    the deadline, or after the sweep closed it, is refused."""
    now = now or timezone.now()
    proposal = lock(proposal)
    check_open(proposal, now)
    terms = Terms.load(proposal.terms)
    if not eligible_members(proposal.project, terms).filter(user=user).exists():
        raise ValidationError(_("This decision is not yours to take part in."))
    if answer not in terms.answers():
        raise ValidationError(_("That response is not one this way of deciding offers."))
    if answer in NEEDS_REASON and not reason.strip():
        raise ValidationError(
            _("Say why you block it, so the proposer knows what to change.")
            if answer == "block"
            else _("Say why you object, so the proposer knows what to change.")
        )
    response, _created = Response.objects.update_or_create(
        proposal=proposal,
        user=user,
        defaults={
            "answer": answer,
            "reason": reason.strip(),
            "revision": proposal.revision,
            "responded_at": now,
        },
    )
    Proposal.objects.filter(pk=proposal.pk).update(version=proposal.version + 1)
    do_cancel_reminders(
        key=ReminderKey(Reminder.Kind.PROPOSAL_CLOSING, proposal.pk), recipient_id=user.pk
    )
    return response


@transaction.atomic
def do_comment(*, proposal: Proposal, by, text: str) -> Comment:
    """Add a comment under a proposal that is open or waiting for its decision."""
    if proposal.status not in (Proposal.Status.OPEN, Proposal.Status.DECIDING):
        raise ValidationError(_("This proposal has closed, so it takes no more comments."))
    comment = Comment.objects.create(proposal=proposal, author=by, text=text.strip())
    do_record_event(
        project=proposal.project,
        actor=by,
        verb="commented",
        summary=_("Commented on the proposal “%(title)s”.") % {"title": quote(proposal.title)},
    )
    return comment


@transaction.atomic
def do_withdraw_proposal(*, proposal: Proposal, by) -> Proposal:
    """The proposer (or a facilitator) withdraws an open proposal; its reminders stop."""
    proposal = lock(proposal)
    if not proposal.is_open:
        raise ValidationError(_("Only an open proposal can be withdrawn."))
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.closed_at = timezone.now()
    proposal.outcome = _("Withdrawn before the deadline.")
    proposal.save(update_fields=["status", "closed_at", "outcome", "updated_at"])
    do_cancel_reminders(key=ReminderKey(Reminder.Kind.PROPOSAL_CLOSING, proposal.pk))
    do_record_event(
        project=proposal.project,
        actor=by,
        verb="proposal withdrawn",
        summary=_("Withdrew the proposal “%(title)s”.") % {"title": quote(proposal.title)},
    )
    return proposal


@transaction.atomic
def do_record_decision(
    *,
    project: Project,
    rule: DecisionRule | None,
    text: str,
    method: str,
    present: int | None,
    result: str,
    decided_at: datetime.datetime,
    source_label: str,
    source_url: str = "",
    by=None,
    eligible: int | None = None,
    counts: dict | None = None,
    reason: str = "",
    dissent: str = "",
) -> Decision:
    """Add a decision taken outside a vote here (at a meeting, say) to the decision log.

    ``rule`` is the decision area it fell under (None: the default area); ``method`` one of
    ``DecisionMethod`` (or "" if not said); ``present`` how many took part; ``result`` one of
    ``Result`` ("adopted", "rejected", "lapsed"); ``source_label`` and ``source_url`` say where
    it was taken ("Meeting of 12 May 2026", "/projects/x/meetings/3/").
    """
    check_rule(project, rule)
    if method and method not in DecisionMethod.values:
        raise ValidationError(_("Choose how the decision was made."))
    if result not in Result.values:
        raise ValidationError(_("Choose whether it was adopted, not adopted or lapsed."))
    terms = Terms.of(rule)
    decision = Decision.objects.create(
        project=project,
        rule=rule,
        area=terms.area,
        text=text.strip(),
        method=method,
        result=result,
        eligible=eligible,
        turnout=present,
        counts=counts or {},
        summary=source_label,
        reason=reason,
        dissent=dissent,
        decided_at=decided_at,
        decided_by=by,
        source_label=source_label,
        source_url=source_url,
    )
    do_record_event(
        project=project,
        actor=by,
        verb="decided",
        summary=_("Recorded a decision in the decision log: “%(text)s” (%(result)s).")
        % {"text": quote(decision.text), "result": decision.get_result_display()},
    )
    return decision


@transaction.atomic
def do_decide_proposal(*, proposal: Proposal, by, adopted: bool, reason: str) -> Decision:
    """Record what the lead (or the named group or organisation) decided once the deadline
    passed, with the reason; an adopted change is applied."""
    proposal = lock(proposal)
    if proposal.status != Proposal.Status.DECIDING:
        raise ValidationError(_("This proposal is not waiting for a decision."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    terms = Terms.load(proposal.terms)
    tally = get_tally(proposal, terms)
    result = Result.ADOPTED if adopted else Result.REJECTED
    summary = (
        _("Adopted after consulting the group. Reason: %(reason)s")
        if adopted
        else _("Not adopted after consulting the group. Reason: %(reason)s")
    ) % {"reason": reason.strip()}
    return finish(
        proposal,
        terms=terms,
        tally=tally,
        result=result,
        method=proposal.terms.get("method", ""),
        summary=summary,
        reason=reason.strip(),
        by=by,
        now=timezone.now(),
    )


@transaction.atomic
def do_save_decision_settings(*, project: Project, responses_private: bool, by) -> None:
    """Whether members see who responded how to proposals, or only the counts."""
    settings, _created = DecisionSettings.objects.get_or_create(project=project)
    if settings.responses_private == responses_private:
        return
    settings.responses_private = responses_private
    settings.save(update_fields=["responses_private"])
    do_record_event(
        project=project,
        actor=by,
        verb="decisions changed",
        summary=_("Members now see only how many responded each way to proposals.")
        if responses_private
        else _("Members now see who responded how to proposals."),
    )
