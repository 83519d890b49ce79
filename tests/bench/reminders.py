"""The reminder sweep over the large demo's due reminders (10,000 due among 100,000 rows).

Two sweeps with different numbers of batches, then one with nothing left to send: the
queries of a batch are what a sweep costs beyond that empty one, divided by its batches,
and they must come out the same for both. Every email is built as a MIME message, as
Django's in-memory test backend does (``CountingBackend``); the mail transport (turning the
message into bytes, and the network) is left out, as it is no work of the sweep's.
"""

import datetime
import time

from django.core.mail.backends.base import BaseEmailBackend

FIRST_SWEEP = 2_000


class CountingBackend(BaseEmailBackend):
    """Builds each message (checking its headers) and counts it, like the in-memory backend
    without keeping a copy."""

    sent = 0

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            message.message()
        CountingBackend.sent += len(email_messages)
        return len(email_messages)


def sweep_counted() -> dict:
    """One sweep: what it sent, its batches, seconds and queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reminders.sweep import send_due_reminders

    with CaptureQueriesContext(connection) as queries:
        began, cpu_began = time.perf_counter(), time.process_time()
        result = send_due_reminders()
        seconds, cpu_seconds = time.perf_counter() - began, time.process_time() - cpu_began
    return {
        "sent": result.sent,
        "skipped": result.skipped,
        "failed": result.failed,
        "batches": result.batches,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "queries": len(queries),
    }


def measure_sweep(project) -> dict:
    """Reminders sent per second, and the queries one batch costs at two batch counts."""
    from django.test import override_settings
    from django.urls import reverse

    CountingBackend.sent = 0
    reverse("healthz")  # load the URLs before timing, as a running worker has
    with override_settings(EMAIL_BACKEND=f"{__name__}.CountingBackend"):
        return sweep_twice()


def sweep_twice() -> dict:
    from django.utils import timezone

    from reminders.models import Reminder
    from reminders.sweep import BATCH_SIZE

    now = timezone.now()
    rows = Reminder.objects.count()
    due = list(
        Reminder.objects.claimable(now).order_by("due_at", "id").values_list("pk", flat=True)
    )
    # Hold all but the first FIRST_SWEEP back for the second sweep.
    held = due[FIRST_SWEEP:]
    Reminder.objects.filter(pk__in=held).update(due_at=now + datetime.timedelta(days=1))
    first = sweep_counted()
    Reminder.objects.filter(pk__in=held).update(due_at=now - datetime.timedelta(minutes=1))
    second = sweep_counted()
    empty = sweep_counted()
    emails = CountingBackend.sent
    per_batch = [
        round((sweep["queries"] - empty["queries"]) / sweep["batches"], 2)
        for sweep in (first, second)
        if sweep["batches"]
    ]
    handled = first["sent"] + second["sent"]
    seconds = first["seconds"] + second["seconds"]
    cpu_seconds = first["cpu_seconds"] + second["cpu_seconds"]
    return {
        "rows": rows,
        "due": len(due),
        "sent": handled,
        "emails": emails,
        "skipped": first["skipped"] + second["skipped"],
        "failed": first["failed"] + second["failed"],
        "seconds": round(seconds, 2),
        "per_second": round(handled / seconds) if seconds else None,
        # The sweeping process's own CPU time, which other work on the machine does not
        # stretch (the database's is not in it).
        "cpu_seconds": round(cpu_seconds, 2),
        "batch_size": BATCH_SIZE,
        "batches": [first["batches"], second["batches"]],
        "queries": [first["queries"], second["queries"]],
        "queries_when_nothing_is_due": empty["queries"],
        "queries_per_batch": per_batch,
        "queries_per_batch_constant": len(per_batch) == 2 and per_batch[0] == per_batch[1],
    }
