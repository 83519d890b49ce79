"""What proposals put in the reminder outbox: a reminder before the deadline to each member
who takes part and has not responded (never to those who have), a word to those who responded
to an earlier wording that it changed, and the outcome to the proposer and the facilitators."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reminders.models import Reminder
from reminders.outbox import ReminderKey, do_sync_reminders, get_day_before

from .engine import Terms
from .models import Proposal
from .tally import eligible_members

CLOSING_NOTICE = datetime.timedelta(days=2)
# How long an outcome is worth telling (the sweep's "Decided" line counts back from it).
DECIDED_NOTICE_FOR = datetime.timedelta(days=14)


def schedule_closing_reminders(proposal: Proposal) -> None:
    """Make the proposal's closing reminders exactly what its responses call for now: two days
    before the deadline (or at once, if that has passed) to each member who takes part and has
    not responded to the current wording, and at once to those who responded to an earlier one.
    Nothing once it has closed."""
    key = ReminderKey(Reminder.Kind.PROPOSAL_CLOSING, proposal.pk)
    reminders = []
    if proposal.is_open:
        project = proposal.project
        now = timezone.now()
        due = max(get_day_before(project, proposal.closes_at, CLOSING_NOTICE), now)
        url = reverse("decisions-detail", args=[project.slug, proposal.pk])
        answered = dict(proposal.responses.values_list("user_id", "revision"))
        members = eligible_members(project, Terms.load(proposal.terms)).select_related("user")
        for member in members:
            revision = answered.get(member.user_id)
            if revision == proposal.revision:
                continue
            if due < proposal.closes_at:
                reminders.append(
                    {
                        "recipient": member.user,
                        "on": proposal.closes_at.date(),
                        "due_at": due,
                        "event_at": proposal.closes_at,
                        "title": _("Respond to the proposal “%(title)s”") % {"title": proposal},
                        "url": url,
                    }
                )
            if revision is not None and proposal.revised_at is not None:
                reminders.append(
                    {
                        "recipient": member.user,
                        "on": proposal.revised_at,
                        "due_at": proposal.revised_at,
                        "event_at": proposal.closes_at,
                        "title": _(
                            "The proposal “%(title)s” has changed since you responded: "
                            "please respond again"
                        )
                        % {"title": proposal},
                        "url": url,
                    }
                )
    do_sync_reminders(key=key, project=proposal.project, reminders=reminders)


def schedule_decided_notices(proposal: Proposal, now: datetime.datetime) -> None:
    """Tell the proposer and the facilitators how the proposal ended, at once."""
    titles = {
        Proposal.Status.ADOPTED: _("The proposal “%(title)s” was adopted"),
        Proposal.Status.REJECTED: _("The proposal “%(title)s” was not adopted"),
        Proposal.Status.LAPSED: _("The proposal “%(title)s” lapsed"),
        Proposal.Status.DECIDING: _("The proposal “%(title)s” is waiting for its decision"),
    }
    project = proposal.project
    people = {m.user_id: m.user for m in project.facilitators().select_related("user")}
    proposer = proposal.proposed_by_id
    if proposer and project.memberships.filter(user_id=proposer).exists():
        people[proposer] = proposal.proposed_by
    url = reverse("decisions-detail", args=[project.slug, proposal.pk])
    # Never earlier than now: the sweep may close a proposal with a ``now`` of its own.
    at = max(now, timezone.now())
    reminders = [
        {
            "recipient": user,
            # The moment, not the day: waiting for the decision, then the decision, may both
            # come on one day, and each is told.
            "on": at,
            "due_at": at,
            "event_at": at + DECIDED_NOTICE_FOR,
            "title": titles[proposal.status] % {"title": proposal},
            "url": url,
        }
        for user in people.values()
    ]
    do_sync_reminders(
        key=ReminderKey(Reminder.Kind.PROPOSAL_DECIDED, proposal.pk),
        project=project,
        reminders=reminders,
    )
