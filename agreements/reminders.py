"""What the group's agreements put in the reminder outbox: the communication plan's reminders
to owners, and the notices that the ground rules changed."""

import datetime

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from projects.models import Project
from reminders.models import Reminder
from reminders.outbox import ReminderKey, do_sync_reminders, get_day_before, get_day_event_time

from .models import CommunicationItem, GroundRuleAgreement, GroundRuleEdit

COMMUNICATION_NOTICE = datetime.timedelta(days=1)
# How long a notice that the ground rules changed is worth sending (if mail is down for
# longer, the ground rules page still says what changed).
CHANGE_NOTICE_FOR = datetime.timedelta(days=14)


def schedule_change_notices(project: Project) -> None:
    """Email each member asked to agree whose agreement is to an earlier version that the
    ground rules changed, once for the current version (not whoever made the change), and
    call off the notices of anyone who has agreed since or is no longer asked.

    The notice goes through the reminder outbox, due at once; it is sent even to members who
    turned reminders off, because it is about something they agreed to.
    """
    key = ReminderKey(Reminder.Kind.GROUND_RULES_CHANGED, project.pk)
    made = (
        project.ground_rule_edits.exclude(kind=GroundRuleEdit.Kind.CORRECTED)
        .filter(version=project.ground_rules_version)
        .order_by("made_at", "id")
        .first()
    )
    reminders = []
    if made is not None:
        behind = GroundRuleAgreement.member_statuses(project).filter(
            agreed_current=False, agreed_version__isnull=False
        )
        if made.by_id is not None:
            behind = behind.exclude(user_id=made.by_id)
        url = reverse("agreements-ground-rules", args=[project.slug])
        reminders = []
        for member in behind:
            # Each title in the member's own language: it is the email's subject.
            with translation.override(member.user.language_for(project)):
                title = _(
                    "The ground rules of %(project)s have changed since you agreed to them"
                ) % {"project": project.title}
            reminders.append(
                {
                    "recipient": member.user,
                    "on": made.made_at,
                    "due_at": made.made_at,
                    "event_at": made.made_at + CHANGE_NOTICE_FOR,
                    "title": title,
                    "url": url,
                }
            )
    do_sync_reminders(key=key, project=project, reminders=reminders)


def schedule_item_reminder(item: CommunicationItem) -> None:
    """Remind the item's owner the day before it is next due; nothing once it is closed."""
    key = ReminderKey(Reminder.Kind.COMMUNICATION_DUE, item.pk)
    reminders = []
    if not item.closed and item.owner is not None:
        event_at = get_day_event_time(item.project, item.next_due)
        reminders = [
            {
                "recipient": item.owner.user,
                "on": item.next_due,
                "due_at": get_day_before(item.project, event_at, COMMUNICATION_NOTICE),
                "event_at": event_at,
                "title": _("Communication due: %(title)s") % {"title": item},
                "url": reverse("agreements-communication", args=[item.project.slug]),
            }
        ]
    do_sync_reminders(key=key, project=item.project, reminders=reminders)
