"""The reminder sweep: claims the due rows of the outbox and sends them, a batch at a time.

The sweep never joins kind-specific tables: the row carries what, when and where to link,
so each batch costs the same few queries however big it is. A part whose events can end
while a sweep already holds their reminders (an invitation answered, a round closed) says
so in ``ProjectPart.live_events``; the sweep asks it once per batch, just before sending.
"""

import contextlib
import datetime
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Case, OuterRef, QuerySet, Subquery, When
from django.template.backends.django import Template
from django.template.loader import get_template
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.accounts import verified_email
from coproduce.dates import format_deadline, is_end_of_day
from coproduce.text import one_line
from projects.models import Membership, Project
from projects.parts import get_parts

from .models import NOTICE_KINDS, Reminder
from .outbox import ReminderKey
from .wording import HAPPENED, LEADS, NOTICES, WHEN_LABELS, WITHOUT_WHEN

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
MAX_ATTEMPTS = 5
CLAIM_FOR = datetime.timedelta(minutes=15)
FIRST_RETRY_AFTER = datetime.timedelta(minutes=5)
# Unchanged since the outbox lived in projects/, so that stop links already sent still work.
STOP_SALT = "projects.reminders.stop"
STOP_LINK_MAX_AGE = 60 * 60 * 24 * 365


def get_ended(reminders: list[Reminder]) -> set[int]:
    """The reminders whose event has ended since they were scheduled: one query per kind."""
    checks = {kind: check for part in get_parts() for kind, check in part.live_events().items()}
    events: dict[str, dict[int, int]] = defaultdict(dict)
    for reminder in reminders:
        key = ReminderKey.parse(reminder.dedupe_key)
        if key is not None and key.kind in checks:
            events[key.kind][reminder.pk] = key.event_id
    ended = set()
    for kind, by_reminder in events.items():
        live = checks[kind](set(by_reminder.values()))
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


# Kinds whose event is a deadline: the email says until when, never the moment after it.
DEADLINES = {
    Reminder.Kind.ROUND_CLOSING,
    Reminder.Kind.PROPOSAL_CLOSING,
    Reminder.Kind.ASSESSMENT_DUE,
}
# Kinds whose event is a day rather than a moment (the date a claim is promised to be paid by).
DAYS = {Reminder.Kind.CLAIM}
# Kinds that tell of something that happened: the event is when it happened, and the row's
# ``event_at`` is that moment plus how long the news is worth sending.
TOLD_FOR = {Reminder.Kind.PROPOSAL_DECIDED: datetime.timedelta(days=14)}


ZERO = datetime.timedelta(0)


def format_event_time(reminder: Reminder) -> str:
    """ "Wednesday 1 April 2026 at 09:00 (BST)" in the project's time zone; for a deadline at
    the end of a day, "until the end of Wednesday 1 April 2026 (BST)"."""
    zone = reminder.project.zone
    local = timezone.localtime(reminder.event_at - TOLD_FOR.get(reminder.kind, ZERO), zone)
    if reminder.kind in DEADLINES:
        # "Until the end of Wednesday" is stored as Thursday 00:00, which people misread.
        return _("%(until)s (%(zone)s)") % {
            "until": format_deadline(reminder.event_at, zone, "l j F Y"),
            "zone": local.tzname(),
        }
    if reminder.kind in DAYS:
        return formats.date_format(local, "l j F Y")
    if is_end_of_day(reminder.event_at, zone):
        # Any other event at midnight is shown on the day it ends, as its last minute.
        local -= datetime.timedelta(minutes=1)
    return _("%(date)s at %(time)s (%(zone)s)") % {
        "date": formats.date_format(local, "l j F Y"),
        "time": formats.time_format(local, "H:i"),
        "zone": local.tzname(),
    }


def format_happened(reminder: Reminder) -> str:
    """When what the reminder tells of happened, in the project's time zone."""
    local = timezone.localtime(reminder.created_at or timezone.now(), reminder.project.zone)
    return _("%(date)s at %(time)s (%(zone)s)") % {
        "date": formats.date_format(local, "l j F Y"),
        "time": formats.time_format(local, "H:i"),
        "zone": local.tzname(),
    }


@dataclass
class EmailParts:
    """What every reminder email of one sweep shares: templates, and the links of each project
    and member, worked out once."""

    text: Template = field(default_factory=lambda: get_template("reminders/email/reminder.txt"))
    html: Template = field(default_factory=lambda: get_template("reminders/email/reminder.html"))
    settings_urls: dict[str, str] = field(default_factory=dict)
    stop_urls: dict[int, str] = field(default_factory=dict)

    def settings_url(self, project: Project) -> str:
        if project.slug not in self.settings_urls:
            path = reverse("reminders-my-settings", args=[project.slug])
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
    """The reminder email, in plain text and HTML, with a one-click way to stop them (a notice
    has none: it is not a reminder, and comes once for each change)."""
    parts = parts or EmailParts()
    project = reminder.project
    stop_url = settings_url = ""
    headers = {}
    if membership_id is not None and not reminder.is_notice:
        stop_url = parts.stop_url(membership_id)
        settings_url = parts.settings_url(project)
        headers = {
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    context = {
        "reminder": reminder,
        "project": project,
        "when": (
            ""
            if reminder.kind in WITHOUT_WHEN
            else format_happened(reminder)
            if reminder.kind in HAPPENED
            else format_event_time(reminder)
        ),
        "lead": LEADS.get(reminder.kind, gettext_lazy("This is a reminder:")),
        "when_label": WHEN_LABELS.get(reminder.kind, gettext_lazy("When")),
        "link": settings.SITE_URL + reminder.url,
        "stop_url": stop_url,
        "settings_url": settings_url,
        "notice": NOTICES.get(reminder.kind),
    }
    if reminder.is_notice or reminder.kind in WITHOUT_WHEN or reminder.kind in HAPPENED:
        subject = reminder.title
    else:
        subject = _("Reminder: %(title)s") % {"title": reminder.title}
    message = EmailMultiAlternatives(
        subject=one_line(subject),
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
    """Reminders with their project, recipient and membership id: None if the recipient left
    the project, or turned reminders off (which notices do not ask about); and whether the
    recipient confirmed their address (only confirmed addresses are sent anything)."""
    member = Membership.objects.filter(
        project_id=OuterRef("project_id"), user_id=OuterRef("recipient_id")
    )
    return (
        reminders.select_related("project", "recipient")
        .annotate(
            recipient_verified=verified_email("recipient_id", "recipient__email"),
            membership_id=Case(
                When(kind__in=NOTICE_KINDS, then=Subquery(member.values("pk")[:1])),
                default=Subquery(member.filter(reminders_enabled=True).values("pk")[:1]),
            ),
        )
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
        elif reminder.recipient_id and not reminder.recipient_verified:
            reminder.status = Reminder.Status.SKIPPED
            reminder.last_error = _("The member has not confirmed their email address.")
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
                with translation.override(language_of(reminder)):
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


def language_of(reminder: Reminder) -> str:
    """The recipient's own language, else the project's (an address has chosen none)."""
    if reminder.recipient_id:
        return reminder.recipient.language_for(reminder.project)
    return reminder.project.language


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
