"""Reminders that a self-assessment is due: to each member who can give their view (facilitators
and participants), three days before the date it is to be done by, at 09:00 project time,
through the outbox. Kept in step with the members, and called off once it is closed."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from coproduce.dates import end_of_day
from projects.models import Project, Role
from reminders.models import Reminder
from reminders.outbox import ReminderKey, do_cancel_reminders, do_sync_reminders, get_day_before

from .models import Assessment

NOTICE = datetime.timedelta(days=3)
GIVE_VIEWS = [Role.FACILITATOR, Role.PARTICIPANT]


def assessment_key(assessment: Assessment) -> ReminderKey:
    return ReminderKey(Reminder.Kind.ASSESSMENT_DUE, assessment.pk)


def sync_assessment_reminders(assessment: Assessment) -> None:
    """Make the assessment's pending reminders match its date and the members now."""
    if not assessment.is_open() or assessment.due_on is None:
        do_cancel_reminders(key=assessment_key(assessment))
        return
    project = assessment.project
    event_at = end_of_day(assessment.due_on, project.zone)
    due_at = get_day_before(project, event_at - datetime.timedelta(minutes=1), NOTICE)
    url = reverse("reporting-my-view", args=[project.slug, assessment.pk])
    title = _("Give your view in the self-assessment “%(title)s”") % {"title": assessment.title}
    members = project.memberships.filter(role__in=GIVE_VIEWS).select_related("user")
    do_sync_reminders(
        key=assessment_key(assessment),
        project=project,
        reminders=[
            {
                "recipient": membership.user,
                "on": assessment.due_on,
                "due_at": due_at,
                "event_at": event_at,
                "title": title,
                "url": url,
            }
            for membership in members
        ],
    )


def sync_open_assessment_reminders(project: Project) -> None:
    """After a change of members: every open assessment with a date, in step again."""
    for assessment in project.assessments.filter(closed_at__isnull=True, due_on__isnull=False):
        assessment.project = project
        sync_assessment_reminders(assessment)


def get_open_assessment_ids(ids: set[int]) -> set[int]:
    """Which of these assessments still take views (for the reminder sweep)."""
    return set(
        Assessment.objects.filter(pk__in=ids, closed_at__isnull=True).values_list("pk", flat=True)
    )
