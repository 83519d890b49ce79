"""What the outbox adds to a project: its rows in the exports, a leaving member's reminders
called off, and the demo's reminders."""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from projects.demo import FACILITATOR, PARTICIPANT
from projects.models import Membership, Project
from projects.parts import ProjectPart, register

from .models import CalendarFeed, Reminder
from .outbox import (
    ReminderKey,
    do_cancel_member_reminders,
    do_forget_address,
    do_schedule_reminder,
)


@register
class RemindersPart(ProjectPart):
    position = 60

    def export_project(self, project: Project) -> dict[str, Any]:
        return {
            "reminders": [
                {
                    "kind": reminder.kind,
                    "title": reminder.title,
                    "to": (
                        reminder.recipient.display_name
                        if reminder.recipient
                        else _("an invited person")
                    ),
                    "due_at": reminder.due_at,
                    "status": reminder.status,
                    "sent_at": reminder.sent_at,
                }
                for reminder in project.reminders.select_related("recipient")
            ]
        }

    def export_person(self, user) -> dict[str, Any]:
        fields = ["project__title", "title", "due_at", "status", "sent_at"]
        return {
            "reminders_to_you": list(Reminder.objects.filter(recipient=user).values(*fields)),
            # Only once they confirmed the address: an unconfirmed account could hold anybody's.
            "reminders_to_your_address": list(
                Reminder.objects.to_address(user.email).values(*fields)
                if user.has_verified_email()
                else []
            ),
            "calendar_feeds": list(
                CalendarFeed.objects.filter(membership__user=user).values(
                    "membership__project__title", "created_at"
                )
            ),
        }

    def member_leaving(self, membership: Membership) -> None:
        do_cancel_member_reminders(membership=membership)

    def erase_person(self, user) -> None:
        """Reminders to their address are called off and the address forgotten (those to their
        account go with it), once they confirmed it is theirs."""
        if user.has_verified_email():
            do_forget_address(email=user.email)

    def add_demo(self, project: Project, users: dict, *, size: str) -> None:
        add_demo_reminders(project, users)
        if size == "large":
            add_many_reminders(project, count=100_000, due=10_000)


DEMO_REMINDERS = [
    (PARTICIPANT, "Send the June newsletter to market traders", 0),
    (FACILITATOR, "Book the room for the design workshop", 3),
    (PARTICIPANT, "Share the walkabout photos", 10),
]


def add_demo_reminders(project: Project, users: dict) -> None:
    """A few reminders of the group's own, one of them due at once."""
    now = timezone.now()
    for n, (who, title, days) in enumerate(DEMO_REMINDERS):
        due_at = now + datetime.timedelta(days=days)
        do_schedule_reminder(
            key=ReminderKey(Reminder.Kind.OTHER, n),
            project=project,
            recipient=users[who],
            due_at=due_at,
            event_at=due_at + datetime.timedelta(days=1),
            title=title,
            url=project.get_absolute_url(),
        )


def add_many_reminders(project: Project, *, count: int, due: int) -> None:
    """``count`` pending reminders to the project's members, ``due`` of them due now.

    Written in bulk (not through the outbox's functions): 100,000 rows for benchmarks.
    """
    recipients = list(project.memberships.values_list("user_id", flat=True))
    now = timezone.now()
    url = project.get_absolute_url()
    batch = 5_000
    for start in range(0, count, batch):
        Reminder.objects.bulk_create(
            [
                Reminder(
                    kind=Reminder.Kind.OTHER,
                    project=project,
                    recipient_id=recipients[n % len(recipients)],
                    title=f"Demo reminder {n}",
                    url=url,
                    due_at=now - datetime.timedelta(minutes=1)
                    if n < due
                    else now + datetime.timedelta(days=1 + n % 60),
                    event_at=now + datetime.timedelta(days=61),
                    dedupe_key=f"demo-large:{project.pk}:{n}",
                )
                for n in range(start, min(start + batch, count))
            ]
        )
