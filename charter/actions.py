"""Asking for a charter, withdrawing versions, and reminding facilitators to review it.
One transaction each."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coproduce.tasks import enqueue_on_commit
from projects.models import Project
from projects.timeline import do_record_event
from reminders.models import Reminder
from reminders.outbox import (
    ReminderKey,
    do_sync_reminders,
    get_day_before,
    get_day_event_time,
)

from .content import content_hash, gather_charter
from .freshness import get_fingerprint
from .models import Charter
from .tasks import render_charter

REVIEW_NOTICE = datetime.timedelta(days=7)


def do_request_charter(*, project: Project, by, enqueue: bool = True) -> Charter:
    """Ask for a new charter version, rendered in the background once this transaction commits.

    Returns the latest ready charter instead if the project has not changed since it
    was made, or the charter already on its way if one is. A failed (or stuck) latest
    version is tried again rather than given a new number.
    """
    # Read before taking the project's lock, so that nobody waits while the sections are read;
    # the fingerprint first, so that a change in between never makes a version look current.
    made_from = get_fingerprint(project)
    # The charter is in the project's language, whoever asks for it.
    with translation.override(project.language):
        current = content_hash(gather_charter(project))
    with transaction.atomic():
        return get_or_queue_charter(
            project=project, by=by, current=current, made_from=made_from, enqueue=enqueue
        )


def get_or_queue_charter(
    *, project: Project, by, current: str, made_from: dict | None = None, enqueue: bool
) -> Charter:
    """The charter for content hashing to ``current``: ready, on its way, or queued now.

    A ready version that is still current is now known to be made from ``made_from``, the
    fingerprint read with ``current``: it no longer says it is out of date.
    """
    Project.objects.select_for_update().filter(pk=project.pk).first()
    latest = project.charters.first()
    latest_ready = project.charters.filter(status=Charter.Status.READY).first()
    if latest_ready is not None and latest_ready.content_hash == current:
        if made_from is not None and latest_ready.made_from != made_from:
            latest_ready.made_from = made_from
            latest_ready.save(update_fields=["made_from", "updated_at"])
        return latest_ready
    if latest is not None and latest.is_pending and latest.content_hash == current:
        return latest
    if latest is not None and (latest.is_failed or latest.is_stuck):
        charter = latest
        charter.status, charter.attempts, charter.error = Charter.Status.QUEUED, 0, ""
        charter.content_hash, charter.requested_by = current, by
        charter.save()
    else:
        charter = Charter.objects.create(
            project=project,
            version=(latest.version + 1) if latest else 1,
            content_hash=current,
            requested_by=by,
        )
    do_record_event(
        project=project,
        actor=by,
        verb="charter requested",
        summary=_("Asked for version %(version)s of the charter.") % {"version": charter.version},
    )
    if enqueue:
        enqueue_on_commit(render_charter, charter.pk)
    return charter


@transaction.atomic
def do_withdraw_charters(*, project: Project, made_since: datetime.datetime) -> int:
    """Withdraw the charter versions made since a moment, deleting their PDFs; return how many."""
    charters = list(
        project.charters.filter(status=Charter.Status.READY, rendered_at__gte=made_since)
    )
    for charter in charters:
        transaction.on_commit(lambda pdf=charter.pdf: pdf.storage.delete(pdf.name))
    return project.charters.filter(pk__in=[c.pk for c in charters]).update(
        status=Charter.Status.WITHDRAWN, pdf="", updated_at=timezone.now()
    )


def do_schedule_review_reminders(project: Project) -> list[Reminder]:
    """Remind each facilitator a week before the charter review date (or cancel if none)."""
    key = ReminderKey(Reminder.Kind.CHARTER_REVIEW, project.pk)
    reminders = []
    if project.review_date is not None:
        event_at = get_day_event_time(project, project.review_date)
        due_at = get_day_before(project, event_at, REVIEW_NOTICE)
        title = _("Review the charter of %(project)s") % {"project": project.title}
        url = reverse("projects-edit", args=[project.slug])
        reminders = [
            {
                "recipient": membership.user,
                "on": project.review_date,
                "due_at": due_at,
                "event_at": event_at,
                "title": title,
                "url": url,
            }
            for membership in project.facilitators().select_related("user")
        ]
    return do_sync_reminders(key=key, project=project, reminders=reminders)
