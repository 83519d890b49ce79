"""What meetings put in the reminder outbox: the day-before reminder of a meeting to each
member still expected, and the reminder of an action to its owner."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from coproduce.text import one_line
from reminders.models import Reminder
from reminders.outbox import ReminderKey, do_sync_reminders, get_day_before, get_day_event_time

from .models import Action, Meeting, Reply

DAY_BEFORE = datetime.timedelta(days=1)


def meeting_reminder_title(meeting: Meeting) -> str:
    """What the reminder is called: the meeting and where it is, with its online link."""
    where = one_line(meeting.place.splitlines()[0]) if meeting.place else ""
    if where and meeting.link:
        title = _("%(title)s at %(place)s, or online at %(link)s")
    elif where:
        title = _("%(title)s at %(place)s")
    elif meeting.link:
        title = _("%(title)s, online at %(link)s")
    else:
        title = "%(title)s"
    return one_line(title % {"title": meeting.title, "place": where, "link": meeting.link})


def schedule_meeting_reminders(meeting: Meeting) -> None:
    """Remind every member who has not said they cannot come, the day before at the reminder
    hour in project time (or at once if the meeting is scheduled later than that)."""
    project = meeting.project
    key = ReminderKey(Reminder.Kind.MEETING, meeting.pk)
    not_coming = set(
        meeting.replies.filter(answer=Reply.Answer.NO).values_list("membership_id", flat=True)
    )
    due_at = get_day_before(project, meeting.starts_at, DAY_BEFORE)
    title = meeting_reminder_title(meeting)
    url = reverse("meetings-detail", args=[project.slug, meeting.pk])
    reminders = [
        {
            "recipient": member.user,
            "on": meeting.starts_at,
            "due_at": due_at,
            "event_at": meeting.starts_at,
            "title": title,
            "url": url,
        }
        for member in project.memberships.select_related("user")
        if member.pk not in not_coming
    ]
    do_sync_reminders(key=key, project=project, reminders=reminders)


def schedule_action_reminder(action: Action) -> None:
    """Remind the owner the day before an open action is due; nothing once it is done."""
    project = action.project
    key = ReminderKey(Reminder.Kind.ACTION_DUE, action.pk)
    reminders = []
    if not action.is_done and action.owner_id is not None:
        event_at = get_day_event_time(project, action.due)
        reminders = [
            {
                "recipient": action.owner.user,
                "on": action.due,
                "due_at": get_day_before(project, event_at, DAY_BEFORE),
                "event_at": event_at,
                "title": one_line(_("Action: %(text)s") % {"text": action.text}),
                "url": reverse("meetings-actions", args=[project.slug]),
            }
        ]
    do_sync_reminders(key=key, project=project, reminders=reminders)
