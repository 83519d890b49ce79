"""Reminders of anonymous rounds made before they stopped depending on who had answered.

Until now a member's reminder was cancelled when they submitted, so the reminders kept from
then (cancelled at the moment someone submitted, or sent because they had not) say who had
answered an anonymous round, and when. This forgets those of anonymous rounds that have
ended when they are not all alike (they are never sent again), and puts those of open
anonymous rounds back as they now are: one waiting reminder for every member who can
answer, all alike. Reminders made since are left as they are, and so are the notices that a
round opened (added later, with the same key but the round's opening time: they go to every
member at once, whoever has answered).
"""

import datetime

from django.db import migrations
from django.utils import timezone

RESPONDER_ROLES = ["facilitator", "participant"]


def moment_of(dedupe_key: str) -> datetime.datetime | None:
    """The moment a round reminder's key ends with (``round:7:12:<when>``), in any offset."""
    try:
        return datetime.datetime.fromisoformat(dedupe_key.split(":", 3)[3])
    except (IndexError, ValueError):
        return None


def forget_who_answered(apps, schema_editor) -> None:
    Round = apps.get_model("powercheck", "Round")
    Reminder = apps.get_model("reminders", "Reminder")
    Membership = apps.get_model("projects", "Membership")
    now = timezone.now()
    for round in Round.objects.filter(anonymous=True).iterator():
        keys = Reminder.objects.filter(dedupe_key__startswith=f"round:{round.pk}:")
        closing = [
            pk
            for pk, key in keys.values_list("pk", "dedupe_key")
            if moment_of(key) == round.closes_at
        ]
        reminders = Reminder.objects.filter(pk__in=closing)
        if round.status == "closed" or round.closes_at <= now:
            outcomes = (
                reminders.values_list("status", "sent_at", "updated_at").order_by().distinct()
            )
            if len(outcomes) > 1:
                reminders.delete()
            continue
        can_answer = Membership.objects.filter(
            project_id=round.project_id, role__in=RESPONDER_ROLES
        ).values("user_id")
        title = f"Answer the checklist “{round.title}” before it closes, if you have not already"
        revived = reminders.filter(status="cancelled", recipient_id__in=can_answer).update(
            status="pending", attempts=0, last_error=""
        )
        waiting = reminders.filter(status="pending")
        if revived or waiting.exclude(title=title[:300]).exists():
            waiting.update(title=title[:300], updated_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("powercheck", "0002_default_checklist"),
        ("projects", "0007_move_to_agreements_charter_reminders"),
        ("reminders", "0001_initial"),
    ]

    operations = [migrations.RunPython(forget_who_answered, migrations.RunPython.noop)]
