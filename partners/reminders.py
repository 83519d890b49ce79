"""The signature reminders: each signatory asked is told at once, and reminded once a week
later if their partner has not signed by then."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from projects.models import Project
from reminders.models import Reminder
from reminders.outbox import ReminderKey, do_sync_reminders

from .standing import get_current_request, get_request_standings

REMIND_AFTER = datetime.timedelta(days=7)
# Until when the reminders are worth sending (the email's "Please answer by").
ANSWER_WITHIN = datetime.timedelta(days=14)


def signature_key(request_id: int) -> ReminderKey:
    return ReminderKey(Reminder.Kind.SIGNATURE, request_id)


def do_sync_signature_reminders(project: Project) -> list[Reminder]:
    """Make the pending reminders of the version sent for signature exactly those to the
    signatories still asked (those who have joined: the others have their invitation)."""
    request = get_current_request(project)
    if request is None:
        return []
    version = request.charter.version
    event_at = request.sent_at + ANSWER_WITHIN
    wanted = []
    seen = set()
    for standing in get_request_standings(request, project):
        for signatory in standing.waiting:
            person = signatory.person
            if person is None or person.pk in seen:
                continue
            seen.add(person.pk)
            ask = {
                "recipient": person,
                "on": request.sent_at.date(),
                "due_at": request.sent_at,
                "event_at": event_at,
                "title": _(
                    "Version %(version)s of the charter of %(project)s is waiting for you to sign it"
                )
                % {"version": version, "project": project.title},
                "url": reverse("partners-sign", args=[project.slug, signatory.pk]),
            }
            chase = {
                **ask,
                "on": (request.sent_at + REMIND_AFTER).date(),
                "due_at": request.sent_at + REMIND_AFTER,
                "title": _(
                    "Version %(version)s of the charter of %(project)s is still waiting for you to sign it"
                )
                % {"version": version, "project": project.title},
            }
            wanted += [ask, chase]
    return do_sync_reminders(key=signature_key(request.pk), project=project, reminders=wanted)
