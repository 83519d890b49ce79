"""The reminder outbox: scheduling rows for events, and the sweep that sends the due ones.

Every event source hooks in with one call: ``do_schedule_reminder`` (or
``do_sync_reminders`` for a set of recipients) when the event is created or
changes, ``do_cancel_reminders`` when it goes away. Dedupe keys read
``source:id:recipient:date`` so that a prefix selects one event
(``round:7:``) or one recipient of it (``round:7:12:``), and a changed date
makes a new reminder instead of resurrecting one already sent.

The sweep never joins kind-specific tables: the row carries what, when and
where to link, so each batch costs the same few queries however big it is.
A source whose event can end while a sweep already holds its reminder (an
invitation answered, a round closed) registers a check in ``EVENT_CHECKS``; the
sweep asks it once per batch which events are still live, just before sending.
"""

import contextlib
import datetime
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.template.backends.django import Template
from django.template.loader import get_template
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Membership, Project, Reminder

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
MAX_ATTEMPTS = 5
CLAIM_FOR = datetime.timedelta(minutes=15)
FIRST_RETRY_AFTER = datetime.timedelta(minutes=5)
REMINDER_HOUR = 9
STOP_SALT = "projects.reminders.stop"
STOP_LINK_MAX_AGE = 60 * 60 * 24 * 365

REVIEW_NOTICE = datetime.timedelta(days=7)
ROUND_NOTICE = datetime.timedelta(days=2)
COMMUNICATION_NOTICE = datetime.timedelta(days=1)
INVITATION_CHASE_AFTER = datetime.timedelta(days=7)


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


def get_row_fields(kwargs: dict) -> dict:
    """What is stored for these ``do_schedule_reminder`` arguments."""
    recipient = kwargs.get("recipient")
    return {
        **kwargs,
        "recipient": recipient,
        "email": "" if recipient is not None else kwargs.get("email", ""),
        "title": kwargs["title"][:300],
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
    kind: str,
    project: Project,
    recipient=None,
    email: str = "",
    due_at: datetime.datetime,
    event_at: datetime.datetime,
    title: str,
    url: str,
    dedupe_key: str,
) -> Reminder | None:
    """Create or update the pending reminder with this key; a sent one is never sent again.

    Returns None (and cancels any pending one) when the event has already passed.
    """
    if event_at <= timezone.now():
        do_cancel_reminders(key_prefix=dedupe_key)
        return None
    fields = get_row_fields(
        {
            "kind": kind,
            "project": project,
            "recipient": recipient,
            "email": email,
            "due_at": due_at,
            "event_at": event_at,
            "title": title,
            "url": url,
        }
    )
    reminder, created = Reminder.objects.select_for_update().get_or_create(
        dedupe_key=dedupe_key, defaults=fields
    )
    if created or reminder.status == Reminder.Status.SENT:
        return reminder
    set_pending(reminder, fields)
    reminder.save()
    return reminder


def do_cancel_reminders(*, key_prefix: str, keep: Iterable[str] = ()) -> int:
    """Cancel the pending reminders whose key starts with ``key_prefix``, except ``keep``.

    Sent, failed and skipped reminders stay as they are, for the record.
    """
    return (
        Reminder.objects.pending()
        .filter(dedupe_key__startswith=key_prefix)
        .exclude(dedupe_key__in=list(keep))
        .update(status=Reminder.Status.CANCELLED, updated_at=timezone.now())
    )


# What rescheduling an unsent reminder changes.
RESCHEDULED_FIELDS = [
    "kind",
    "project",
    "recipient",
    "email",
    "due_at",
    "event_at",
    "title",
    "url",
    "status",
    "attempts",
    "last_error",
    "updated_at",
]


@transaction.atomic
def do_sync_reminders(*, key_prefix: str, reminders: list[dict]) -> list[Reminder]:
    """Make the pending reminders under ``key_prefix`` exactly these (``do_schedule_reminder`` kwargs).

    Costs the same few queries for one recipient as for hundreds (a round's members).
    """
    now = timezone.now()
    wanted = {
        fields["dedupe_key"]: get_row_fields(fields)
        for fields in reminders
        if fields["event_at"] > now
    }
    existing = {
        reminder.dedupe_key: reminder
        for reminder in Reminder.objects.select_for_update().filter(dedupe_key__in=list(wanted))
    }
    changed = []
    for key, reminder in existing.items():
        if reminder.status != Reminder.Status.SENT:
            set_pending(reminder, wanted[key])
            reminder.updated_at = now
            changed.append(reminder)
    if changed:
        Reminder.objects.bulk_update(changed, RESCHEDULED_FIELDS)
    # ignore_conflicts: a sync running at the same moment may have just made the same row.
    Reminder.objects.bulk_create(
        [Reminder(**fields) for key, fields in wanted.items() if key not in existing],
        ignore_conflicts=True,
    )
    do_cancel_reminders(key_prefix=key_prefix, keep=wanted)
    return list(Reminder.objects.filter(dedupe_key__in=list(wanted)))


def schedule_review_reminders(project: Project) -> list[Reminder]:
    """Remind each facilitator a week before the charter review date (or cancel if none)."""
    prefix = f"review:{project.pk}:"
    if project.review_date is None:
        do_cancel_reminders(key_prefix=prefix)
        return []
    event_at = get_day_event_time(project, project.review_date)
    due_at = get_day_before(project, event_at, REVIEW_NOTICE)
    url = reverse("projects-edit", args=[project.slug])
    facilitators = project.facilitators().select_related("user")
    return do_sync_reminders(
        key_prefix=prefix,
        reminders=[
            {
                "kind": Reminder.Kind.CHARTER_REVIEW,
                "project": project,
                "recipient": membership.user,
                "due_at": due_at,
                "event_at": event_at,
                "title": _("Review the charter of %(project)s") % {"project": project.title},
                "url": url,
                "dedupe_key": f"{prefix}{membership.user_id}:{project.review_date.isoformat()}",
            }
            for membership in facilitators
        ],
    )


def schedule_round_reminders(
    *,
    project: Project,
    round_id: int,
    round_title: str,
    closes_at: datetime.datetime,
    url: str,
    waiting_for: Iterable,
) -> list[Reminder]:
    """Remind each member in ``waiting_for`` (not yet submitted) two days before the round closes.

    Call again whenever the closing time or the set of members still to answer changes.
    """
    prefix = f"round:{round_id}:"
    due_at = get_day_before(project, closes_at, ROUND_NOTICE)
    return do_sync_reminders(
        key_prefix=prefix,
        reminders=[
            {
                "kind": Reminder.Kind.ROUND_CLOSING,
                "project": project,
                "recipient": user,
                "due_at": due_at,
                "event_at": closes_at,
                "title": _("Answer the checklist “%(round)s” before it closes")
                % {"round": round_title},
                "url": url,
                "dedupe_key": f"{prefix}{user.pk}:{closes_at.isoformat()}",
            }
            for user in waiting_for
        ],
    )


def schedule_communication_reminder(
    *,
    project: Project,
    item_id: int,
    owner,
    due_date: datetime.date | None,
    title: str,
    url: str,
) -> list[Reminder]:
    """Remind the owner the day before the item is due; moving the date moves the reminder."""
    prefix = f"communication:{item_id}:"
    if due_date is None or owner is None:
        do_cancel_reminders(key_prefix=prefix)
        return []
    event_at = get_day_event_time(project, due_date)
    return do_sync_reminders(
        key_prefix=prefix,
        reminders=[
            {
                "kind": Reminder.Kind.COMMUNICATION_DUE,
                "project": project,
                "recipient": owner,
                "due_at": get_day_before(project, event_at, COMMUNICATION_NOTICE),
                "event_at": event_at,
                "title": _("Communication due: %(title)s") % {"title": title},
                "url": url,
                "dedupe_key": f"{prefix}{owner.pk}:{due_date.isoformat()}",
            }
        ],
    )


def schedule_invitation_chaser(
    *,
    project: Project,
    invitation_id: int,
    email: str,
    sent_at: datetime.datetime,
    expires_at: datetime.datetime,
    url: str,
) -> Reminder | None:
    """One chaser 7 days after the invitation was sent, unless it expires first.

    Cancel it with ``do_cancel_reminders(key_prefix=f"invitation:{id}:")`` on
    acceptance, decline or revocation; expiry needs nothing (never sent after ``event_at``).
    """
    due_at = sent_at + INVITATION_CHASE_AFTER
    if due_at >= expires_at:
        return None
    return do_schedule_reminder(
        kind=Reminder.Kind.INVITATION_CHASER,
        project=project,
        email=email,
        due_at=due_at,
        event_at=expires_at,
        title=_("Your invitation to join %(project)s is waiting") % {"project": project.title},
        url=url,
        dedupe_key=f"invitation:{invitation_id}:",
    )


def do_cancel_member_reminders(*, membership: Membership) -> int:
    """Cancel every pending reminder to this member about this project."""
    return (
        Reminder.objects.pending()
        .filter(project_id=membership.project_id, recipient_id=membership.user_id)
        .update(status=Reminder.Status.CANCELLED, updated_at=timezone.now())
    )


# The sweep -----------------------------------------------------------------


# Event sources whose events can end while a sweep holds their reminders: the key's source
# ("invitation") -> a function that returns which of the given event ids are still live.
EVENT_CHECKS: dict[str, Callable[[set[int]], set[int]]] = {}


def get_event_id(reminder: Reminder) -> tuple[str, int | None]:
    """The source and event id a reminder's key names (``invitation:4:`` -> ``("invitation", 4)``)."""
    source, _sep, rest = reminder.dedupe_key.partition(":")
    event = rest.partition(":")[0]
    return source, int(event) if event.isdigit() else None


def get_ended(reminders: list[Reminder]) -> set[int]:
    """The reminders whose event has ended since they were scheduled: one query per source."""
    events: dict[str, dict[int, int | None]] = defaultdict(dict)
    for reminder in reminders:
        source, event_id = get_event_id(reminder)
        if source in EVENT_CHECKS:
            events[source][reminder.pk] = event_id
    ended = set()
    for source, by_reminder in events.items():
        live = EVENT_CHECKS[source]({e for e in by_reminder.values() if e is not None})
        ended |= {pk for pk, event_id in by_reminder.items() if event_id not in live}
    return ended


@dataclass
class SweepResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    batches: int = 0


def get_retry_delay(attempts: int) -> datetime.timedelta:
    """5, 10, 20, 40 minutes after the first, second, third and fourth failure."""
    return FIRST_RETRY_AFTER * 2 ** (attempts - 1)


def get_stop_token(membership_id: int) -> str:
    """A signed token that turns off this membership's reminders, for one-click links."""
    return signing.dumps(membership_id, salt=STOP_SALT, compress=False)


def get_membership_id_from_stop_token(token: str) -> int | None:
    """The membership a stop token was made for, or None if it is forged or too old."""
    try:
        value = signing.loads(token, salt=STOP_SALT, max_age=STOP_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def format_event_time(reminder: Reminder) -> str:
    """ "Wednesday 1 April 2026 at 09:00 (BST)" in the project's time zone."""
    local = timezone.localtime(reminder.event_at, reminder.project.zone)
    if local.time() == datetime.time.min:
        # "Until the end of Wednesday" is stored as Thursday 00:00, which people misread.
        local -= datetime.timedelta(minutes=1)
    return _("%(date)s at %(time)s (%(zone)s)") % {
        "date": formats.date_format(local, "l j F Y"),
        "time": formats.time_format(local, "H:i"),
        "zone": local.tzname(),
    }


WHEN_LABELS = {
    Reminder.Kind.ROUND_CLOSING: gettext_lazy("Closes"),
    Reminder.Kind.COMMUNICATION_DUE: gettext_lazy("Due"),
    Reminder.Kind.INVITATION_CHASER: gettext_lazy("Your invitation works until"),
}


@dataclass
class EmailParts:
    """What every reminder email of one sweep shares: templates, and the links of each project
    and member, worked out once."""

    text: Template = field(default_factory=lambda: get_template("projects/email/reminder.txt"))
    html: Template = field(default_factory=lambda: get_template("projects/email/reminder.html"))
    settings_urls: dict[str, str] = field(default_factory=dict)
    stop_urls: dict[int, str] = field(default_factory=dict)

    def settings_url(self, project: Project) -> str:
        if project.slug not in self.settings_urls:
            path = reverse("projects-my-settings", args=[project.slug])
            self.settings_urls[project.slug] = settings.SITE_URL + path
        return self.settings_urls[project.slug]

    def stop_url(self, membership_id: int) -> str:
        if membership_id not in self.stop_urls:
            path = reverse("reminders-stop", args=[get_stop_token(membership_id)])
            self.stop_urls[membership_id] = settings.SITE_URL + path
        return self.stop_urls[membership_id]


def build_email(
    reminder: Reminder, membership_id: int | None, parts: EmailParts | None = None
) -> EmailMultiAlternatives:
    """The reminder email, in plain text and HTML, with a one-click way to stop them."""
    parts = parts or EmailParts()
    project = reminder.project
    stop_url = settings_url = ""
    headers = {}
    if membership_id is not None:
        stop_url = parts.stop_url(membership_id)
        settings_url = parts.settings_url(project)
        headers = {
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    context = {
        "reminder": reminder,
        "project": project,
        "when": format_event_time(reminder),
        "when_label": WHEN_LABELS.get(reminder.kind, gettext_lazy("When")),
        "link": settings.SITE_URL + reminder.url,
        "stop_url": stop_url,
        "settings_url": settings_url,
    }
    message = EmailMultiAlternatives(
        subject=_("Reminder: %(title)s") % {"title": reminder.title},
        body=parts.text.render(context),
        to=[reminder.to_address],
        headers=headers,
    )
    message.attach_alternative(parts.html.render(context), "text/html")
    return message


def claim_due_reminders(*, now: datetime.datetime, limit: int) -> list[Reminder]:
    """Claim up to ``limit`` due reminders for this sweep; [] when there are none.

    The claimed rows come back with their project, recipient and (if the recipient still
    wants reminders) ``membership_id``. Rows locked by a concurrent sweep are skipped
    (PostgreSQL); the conditional update makes the claim safe where row locks do not exist
    (SQLite), and only the rows this sweep did claim are returned.
    """
    claim = uuid.uuid4()
    with transaction.atomic():
        reminders = list(
            with_recipient(Reminder.objects.claimable(now))
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("due_at", "id")[:limit]
        )
        if not reminders:
            return []
        claimed = (
            Reminder.objects.claimable(now)
            .filter(pk__in=[reminder.pk for reminder in reminders])
            .update(claimed_by=claim, claimed_until=now + CLAIM_FOR)
        )
    if claimed < len(reminders):
        # Another sweep claimed some of them between the select and the update.
        reminders = list(with_recipient(Reminder.objects.filter(claimed_by=claim)))
    return reminders


def with_recipient(reminders: QuerySet[Reminder]) -> QuerySet[Reminder]:
    """Reminders with their project, recipient and (if still wanted) membership id."""
    wanting = Membership.objects.filter(
        project_id=OuterRef("project_id"), user_id=OuterRef("recipient_id"), reminders_enabled=True
    ).values("pk")[:1]
    return (
        reminders.select_related("project", "recipient")
        .annotate(membership_id=Subquery(wanting))
        .order_by("due_at", "id")
    )


def send_batch(
    reminders: list[Reminder], *, now: datetime.datetime, parts: EmailParts | None = None
) -> SweepResult:
    """Send each claimed reminder over one mail connection and record what happened, in a
    fixed number of queries."""
    parts = parts or EmailParts()
    result = SweepResult(batches=1)
    sent_ids: list[int] = []
    others: list[Reminder] = []
    ended = get_ended(reminders)
    mail = MailConnection()
    for reminder in reminders:
        reminder.claimed_by = reminder.claimed_until = None
        if reminder.recipient_id and reminder.membership_id is None:
            reminder.status = Reminder.Status.SKIPPED
            reminder.last_error = _("The member left the project or turned reminders off.")
        elif reminder.event_at <= now:
            reminder.status = Reminder.Status.SKIPPED
            reminder.last_error = _("It was too late: the date had already passed.")
        elif reminder.pk in ended:
            reminder.status = Reminder.Status.SKIPPED
            reminder.last_error = _(
                "It was no longer needed: it was answered, closed or withdrawn."
            )
        else:
            try:
                mail.send(build_email(reminder, reminder.membership_id, parts))
            except Exception as error:
                reminder.attempts += 1
                reminder.last_error = f"{type(error).__name__}: {error}"[:500]
                if reminder.attempts >= MAX_ATTEMPTS:
                    reminder.status = Reminder.Status.FAILED
                else:
                    reminder.due_at = now + get_retry_delay(reminder.attempts)
                result.failed += 1
                logger.warning("Reminder %s not sent: %s", reminder.pk, reminder.last_error)
                others.append(reminder)
                continue
            sent_ids.append(reminder.pk)
            result.sent += 1
            continue
        result.skipped += 1
        others.append(reminder)
    mail.close()
    if sent_ids:
        Reminder.objects.filter(pk__in=sent_ids).update(
            status=Reminder.Status.SENT,
            sent_at=now,
            claimed_by=None,
            claimed_until=None,
            updated_at=now,
        )
    if others:
        for reminder in others:
            reminder.updated_at = now
        Reminder.objects.bulk_update(
            others,
            [
                "status",
                "attempts",
                "last_error",
                "due_at",
                "claimed_by",
                "claimed_until",
                "updated_at",
            ],
        )
    return result


class MailConnection:
    """One connection to the mail server for a whole batch, opened again after a failure."""

    def __init__(self) -> None:
        self.backend = get_connection(fail_silently=False)
        self.is_open = False

    def send(self, message: EmailMultiAlternatives) -> None:
        if not self.is_open:
            # If this fails, sending below fails too, and says why.
            with contextlib.suppress(Exception):
                self.backend.open()
                self.is_open = True
        try:
            self.backend.send_messages([message])
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.backend.close()
        self.is_open = False


def send_due_reminders(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE):
    """Send every reminder due by ``now``, in batches; safe to run in several sweeps at once.

    Returns a ``SweepResult`` with how many were sent, failed and skipped.
    """
    now = now or timezone.now()
    total = SweepResult()
    parts = EmailParts()
    while reminders := claim_due_reminders(now=now, limit=batch_size):
        batch = send_batch(reminders, now=now, parts=parts)
        total.sent += batch.sent
        total.failed += batch.failed
        total.skipped += batch.skipped
        total.batches += 1
    return total
