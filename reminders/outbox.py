"""The reminder outbox: rows with a due time, scheduled by the apps whose events they are about.

Every event source hooks in through these functions, never by writing ``Reminder`` rows
itself: ``do_schedule_reminder`` (or ``do_sync_reminders`` for a set of recipients) when
the event is created or changes, ``do_cancel_reminders`` when it goes away. An event's
reminders are named by a ``ReminderKey`` (the reminder's kind and the id of the object it
is about); the dedupe key it builds reads ``source:id:recipient:date``, so that one event
(``round:7:``) or one recipient of it (``round:7:12:``) can be selected, and a changed date
makes a new reminder instead of resurrecting one already sent.

The sweep that sends them is ``reminders.sweep``.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from projects.models import Membership, Project

from .models import Reminder

REMINDER_HOUR = 9

# The first part of each kind's dedupe keys (as stored since the outbox began).
KEY_SOURCES = {
    Reminder.Kind.CHARTER_REVIEW: "review",
    Reminder.Kind.ROUND_CLOSING: "round",
    Reminder.Kind.COMMUNICATION_DUE: "communication",
    Reminder.Kind.INVITATION_CHASER: "invitation",
    Reminder.Kind.GROUND_RULES_CHANGED: "groundrules",
    Reminder.Kind.INVITATION_ANSWERED: "answered",
    Reminder.Kind.PROPOSAL_CLOSING: "proposal",
    Reminder.Kind.PROPOSAL_DECIDED: "decided",
    Reminder.Kind.MEETING: "meeting",
    Reminder.Kind.ACTION_DUE: "action",
    Reminder.Kind.DIGEST: "digest",
    Reminder.Kind.CLAIM: "claim",
    Reminder.Kind.SIGNATURE: "signature",
    Reminder.Kind.ASSESSMENT_DUE: "assessment",
    Reminder.Kind.OTHER: "other",
}
KINDS_BY_SOURCE = {source: kind for kind, source in KEY_SOURCES.items()}


def key_date(on: datetime.date) -> str:
    """A date, or a moment in UTC, as a reminder's key writes it."""
    if isinstance(on, datetime.datetime) and on.tzinfo is not None:
        on = on.astimezone(datetime.UTC)
    return on.isoformat()


@dataclass(frozen=True)
class ReminderKey:
    """The reminders of one event: their kind, and the id of the object they are about."""

    kind: str
    event_id: int

    @property
    def prefix(self) -> str:
        """What every dedupe key of this event starts with (``round:7:``)."""
        return f"{KEY_SOURCES[self.kind]}:{self.event_id}:"

    def of_recipient(self, recipient_id: int) -> str:
        """What the dedupe keys of one recipient of this event start with (``round:7:12:``)."""
        return f"{self.prefix}{recipient_id}:"

    def dedupe_key(self, recipient_id: int | None = None, on: datetime.date | None = None) -> str:
        """The key of one reminder: one per recipient and date (or datetime) of the event.

        A moment is written in UTC, so that the same moment gives the same key whichever
        time zone it was read in (a form's local time, or the database's UTC)."""
        if recipient_id is None:
            return self.prefix
        return self.of_recipient(recipient_id) + (key_date(on) if on is not None else "")

    @classmethod
    def parse(cls, dedupe_key: str) -> "ReminderKey | None":
        """The event a stored dedupe key names, or None for a key of no known kind."""
        source, _sep, rest = dedupe_key.partition(":")
        event = rest.partition(":")[0]
        if source not in KINDS_BY_SOURCE or not event.isdigit():
            return None
        return cls(KINDS_BY_SOURCE[source], int(event))


def get_day_event_time(project: Project, day: datetime.date) -> datetime.datetime:
    """The moment a date-only event is taken to happen: the morning of that day, project time."""
    return datetime.datetime.combine(day, datetime.time(REMINDER_HOUR), tzinfo=project.zone)


def get_day_before(project: Project, moment: datetime.datetime, notice: datetime.timedelta):
    """``notice`` before ``moment`` in whole local days, at the reminder hour in project time.

    Counting in local calendar days keeps "a week before" at 09:00 on both sides
    of a daylight-saving change.
    """
    local = timezone.localtime(moment, project.zone)
    day = local.date() - datetime.timedelta(days=notice.days)
    return get_day_event_time(project, day)


def get_row_fields(key: ReminderKey, project: Project, reminder: dict) -> dict:
    """What is stored for one reminder of this event (``do_schedule_reminder`` arguments)."""
    recipient = reminder.get("recipient")
    return {
        "kind": key.kind,
        "project": project,
        "recipient": recipient,
        "email": "" if recipient is not None else reminder.get("email", ""),
        "due_at": reminder["due_at"],
        "event_at": reminder["event_at"],
        "title": reminder["title"][:300],
        "url": reminder["url"],
        "dedupe_key": key.dedupe_key(
            recipient.pk if recipient is not None else None, reminder.get("on")
        ),
    }


def set_pending(reminder: Reminder, fields: dict) -> None:
    """Point an unsent reminder at the event again, as if it had just been scheduled."""
    for name, value in fields.items():
        setattr(reminder, name, value)
    reminder.status = Reminder.Status.PENDING
    reminder.attempts = 0
    reminder.last_error = ""


@transaction.atomic
def do_schedule_reminder(
    *,
    key: ReminderKey,
    project: Project,
    recipient=None,
    email: str = "",
    on: datetime.date | None = None,
    due_at: datetime.datetime,
    event_at: datetime.datetime,
    title: str,
    url: str,
) -> Reminder | None:
    """Create or update this event's pending reminder to ``recipient`` (or ``email``) for the
    event on ``on``; a sent one is never sent again.

    Returns None (and cancels that pending reminder) when the event has already passed.
    """
    fields = get_row_fields(
        key,
        project,
        {
            "recipient": recipient,
            "email": email,
            "on": on,
            "due_at": due_at,
            "event_at": event_at,
            "title": title,
            "url": url,
        },
    )
    dedupe_key = fields.pop("dedupe_key")
    if event_at <= timezone.now():
        cancel_pending(Reminder.objects.filter(dedupe_key__startswith=dedupe_key))
        return None
    reminder, created = Reminder.objects.select_for_update().get_or_create(
        dedupe_key=dedupe_key, defaults=fields
    )
    if created or reminder.status == Reminder.Status.SENT:
        return reminder
    set_pending(reminder, fields)
    reminder.save()
    return reminder


def do_cancel_reminders(*, key: ReminderKey, recipient_id: int | None = None) -> int:
    """Cancel the event's pending reminders (only those to ``recipient_id``, if given).

    Sent, failed and skipped reminders stay as they are, for the record.
    """
    prefix = key.prefix if recipient_id is None else key.of_recipient(recipient_id)
    return cancel_pending(Reminder.objects.filter(dedupe_key__startswith=prefix))


def cancel_pending(reminders, keep: Iterable[str] = ()) -> int:
    return (
        reminders.pending()
        .exclude(dedupe_key__in=list(keep))
        .update(status=Reminder.Status.CANCELLED, updated_at=timezone.now())
    )


# What rescheduling an unsent reminder changes.
RESCHEDULED_FIELDS = [
    *("kind", "project", "recipient", "email", "due_at", "event_at", "title", "url"),
    *("status", "attempts", "last_error", "updated_at"),
]


@transaction.atomic
def do_sync_reminders(
    *, key: ReminderKey, project: Project, reminders: list[dict]
) -> list[Reminder]:
    """Make the event's pending reminders exactly these (each a dict of
    ``do_schedule_reminder`` arguments: recipient or email, on, due_at, event_at, title, url).

    Costs the same few queries for one recipient as for hundreds (a round's members).
    """
    now = timezone.now()
    wanted = {}
    for reminder in reminders:
        if reminder["event_at"] > now:
            fields = get_row_fields(key, project, reminder)
            wanted[fields.pop("dedupe_key")] = fields
    existing = {
        reminder.dedupe_key: reminder
        for reminder in Reminder.objects.select_for_update().filter(dedupe_key__in=list(wanted))
    }
    changed = []
    for dedupe_key, reminder in existing.items():
        if reminder.status != Reminder.Status.SENT:
            set_pending(reminder, wanted[dedupe_key])
            reminder.updated_at = now
            changed.append(reminder)
    if changed:
        Reminder.objects.bulk_update(changed, RESCHEDULED_FIELDS)
    # ignore_conflicts: a sync running at the same moment may have just made the same row.
    Reminder.objects.bulk_create(
        [
            Reminder(dedupe_key=dedupe_key, **fields)
            for dedupe_key, fields in wanted.items()
            if dedupe_key not in existing
        ],
        ignore_conflicts=True,
    )
    cancel_pending(Reminder.objects.filter(dedupe_key__startswith=key.prefix), keep=wanted)
    return list(Reminder.objects.filter(dedupe_key__in=list(wanted)))


def do_cancel_member_reminders(*, membership: Membership) -> int:
    """Cancel every pending reminder to this member about this project."""
    return cancel_pending(
        Reminder.objects.filter(project_id=membership.project_id, recipient_id=membership.user_id)
    )


def do_forget_reminder_addresses(*, key: ReminderKey) -> int:
    """Cancel the event's pending reminders and forget the address its reminders went to."""
    do_cancel_reminders(key=key)
    return Reminder.objects.filter(dedupe_key__startswith=key.prefix).update(email="")


@transaction.atomic
def do_forget_address(*, email: str) -> int:
    """Cancel the pending reminders to this address and forget it on every reminder."""
    reminders = Reminder.objects.to_address(email)
    cancel_pending(reminders)
    return reminders.update(email="")
