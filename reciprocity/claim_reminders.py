"""What expense claims put in the reminder outbox: facilitators are reminded of a claim still
waiting once the policy's time to answer it has passed; a claimant, at once, when a claim needs
something from them."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reminders.models import Reminder
from reminders.outbox import ReminderKey, do_sync_reminders, get_day_event_time

from .models import Claim


def claim_key(claim: Claim) -> ReminderKey:
    return ReminderKey(Reminder.Kind.CLAIM, claim.pk)


def sync_claim_reminders(claim: Claim, policy) -> None:
    """Make the claim's pending reminders what its state asks for (none once approved)."""
    project = claim.project
    url = reverse("reciprocity-claim", args=[project.slug, claim.pk])
    pay_by = get_day_event_time(project, claim.pay_by)
    reminders = []
    if claim.status == Claim.Status.SUBMITTED:
        answered_by = timezone.localtime(claim.submitted_at, project.zone).date()
        answered_by += datetime.timedelta(days=policy.respond_within_days)
        due = get_day_event_time(project, answered_by)
        title = _("An expense claim is waiting for approval: “%(claim)s”") % {
            "claim": claim.description
        }
        reminders = [
            {
                "recipient": membership.user,
                "on": answered_by,
                "due_at": due,
                "event_at": max(pay_by, due + datetime.timedelta(days=1)),
                "title": title,
                "url": url,
            }
            for membership in project.facilitators().select_related("user")
        ]
    elif claim.status == Claim.Status.QUERIED:
        now = timezone.now()
        reminders = [
            {
                "recipient": claim.user,
                "on": now,
                "due_at": now,
                "event_at": max(pay_by, now + datetime.timedelta(days=1)),
                "title": _("Your expense claim needs something from you: “%(claim)s”")
                % {"claim": claim.description},
                "url": url,
            }
        ]
    do_sync_reminders(key=claim_key(claim), project=project, reminders=reminders)


def get_claims_needing_reminders(ids: set[int]) -> set[int]:
    """Which of these claims still wait for someone (for the reminder sweep)."""
    waiting = [Claim.Status.SUBMITTED, Claim.Status.QUERIED]
    return set(Claim.objects.filter(pk__in=ids, status__in=waiting).values_list("pk", flat=True))
