"""The weekly digest: what changed and what is coming up, through the outbox, to members who
asked for it in projects that send it (both off unless turned on). At most one a week: each
is due on the Monday after something changed, and keyed by that Monday."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.text import one_line
from meetings.models import Meeting
from projects.models import Project
from reminders.models import Reminder
from reminders.outbox import ReminderKey, do_sync_reminders, get_day_event_time

from .models import DigestChoice, ImpactEntry

# A digest not sent within this long after it was due is no longer worth sending.
WORTH_SENDING_FOR = datetime.timedelta(days=3)
COMING_UP = datetime.timedelta(days=14)


def project_sends_digest(project: Project) -> bool:
    return DigestChoice.objects.filter(project=project, membership=None, enabled=True).exists()


def next_monday(project: Project) -> datetime.date:
    today = timezone.localdate(timezone=project.zone)
    return today + datetime.timedelta(days=7 - today.weekday())


def digest_title(project: Project, since: datetime.datetime) -> str:
    """ "Healthy Streets Together: 2 changes recorded · 1 meeting coming up": a list, each item
    a whole phrase."""
    changes = ImpactEntry.objects.filter(project=project, created_at__gte=since).count()
    now = timezone.now()
    meetings = Meeting.objects.filter(
        project=project, starts_at__gte=now, starts_at__lt=now + COMING_UP
    ).count()
    items = [
        ngettext("%(count)s change recorded", "%(count)s changes recorded", changes)
        % {"count": changes},
        ngettext("%(count)s meeting coming up", "%(count)s meetings coming up", meetings)
        % {"count": meetings},
    ]
    return one_line(
        _("%(project)s: %(items)s") % {"project": project.title, "items": " · ".join(items)}
    )


def schedule_digests(project: Project) -> None:
    """Plan next Monday's digest for every member who wants one (none if the project does
    not send them); a week already planned is brought up to date, never sent twice."""
    key = ReminderKey(Reminder.Kind.DIGEST, project.pk)
    reminders = []
    if project_sends_digest(project):
        monday = next_monday(project)
        due_at = get_day_event_time(project, monday)
        title = digest_title(project, due_at - datetime.timedelta(days=7))
        url = reverse("impact-mine", args=[project.slug])
        wanting = project.memberships.filter(
            Q(digest__enabled=True), reminders_enabled=True
        ).select_related("user")
        reminders = [
            {
                "recipient": member.user,
                "on": monday,
                "due_at": due_at,
                "event_at": due_at + WORTH_SENDING_FOR,
                "title": title,
                "url": url,
            }
            for member in wanting
        ]
    do_sync_reminders(key=key, project=project, reminders=reminders)
