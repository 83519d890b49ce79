"""Rendering a charter's PDF in the background (on the ``pdf`` queue), and beat's sweep that
queues again charters whose message was lost.

Task names predate this app and are pinned, so that messages already queued still run.
"""

import contextlib
import datetime
import logging
import resource
from collections.abc import Iterator

from celery import shared_task
from celery.exceptions import Retry, SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .content import content_hash, gather_charter
from .freshness import get_fingerprint
from .models import Charter
from .render import render_charter_pdf

logger = logging.getLogger(__name__)

# Errors that may well go away on their own: a database restart, a storage hiccup.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
MAX_RETRIES = 3
# Retries plus the redeliveries of a message whose worker died mid-render (acks_late).
MAX_ATTEMPTS = MAX_RETRIES + 3
SOFT_TIME_LIMIT = 120
TIME_LIMIT = SOFT_TIME_LIMIT + 30


def retry_delay(retries: int) -> int:
    """Seconds to wait before retry number ``retries + 1``: 10, 20, 40…, at most 5 minutes."""
    return min(10 * 2**retries, 300)


def address_space_in_use() -> int | None:
    """Bytes of virtual address space this process uses now, or None where unknown."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return None


@contextlib.contextmanager
def memory_cap(extra_bytes: int | None) -> Iterator[None]:
    """Let this process grow by at most ``extra_bytes`` of address space until the block ends.

    An allocation beyond the cap raises MemoryError inside the block. The cap is
    RLIMIT_AS, which covers the whole process: it is meant for a worker process that
    renders one charter at a time, and is lifted again when the block ends.
    """
    in_use = address_space_in_use()
    if not extra_bytes or in_use is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = in_use + extra_bytes
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@transaction.atomic
def claim_for_rendering(queryset, pk: int, *, max_attempts: int = MAX_ATTEMPTS):
    """Lock the row of ``queryset`` with this pk (a charter, a report's PDF: anything with
    ``status``, ``attempts`` and ``error``), mark it as rendering and return it; None when
    there is nothing to do (gone, done, failed) or it has failed too often."""
    row = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
    if row is None or row.status in ("ready", "failed"):
        return None
    if row.attempts >= max_attempts:
        row.status = "failed"
        row.error = _("Making the PDF stopped unexpectedly several times.")
        row.save(update_fields=["status", "error", "updated_at"])
        return None
    row.status = "rendering"
    row.attempts += 1
    row.save(update_fields=["status", "attempts", "updated_at"])
    return row


def claim_charter(charter_id: int) -> Charter | None:
    """Mark the charter as rendering and return it, or None if there is nothing to do."""
    return claim_for_rendering(Charter.objects.select_related("project"), charter_id)


@transaction.atomic
def store_charter(
    charter_id: int, pdf: bytes, rendered_hash: str, made_from: dict | None = None
) -> None:
    """Save the PDF and mark the charter ready, unless another run already did."""
    charter = Charter.objects.select_for_update().get(pk=charter_id)
    if charter.is_ready:
        return
    charter.pdf.save("charter.pdf", ContentFile(pdf), save=False)
    charter.status = Charter.Status.READY
    charter.content_hash = rendered_hash
    charter.made_from = made_from
    charter.rendered_at = timezone.now()
    charter.error = ""
    charter.save()


def record_failure(charter_id: int, reason: str, *, final: bool = True) -> None:
    """Record why a render failed; a final failure ends the charter as failed."""
    Charter.objects.filter(pk=charter_id).exclude(status=Charter.Status.READY).update(
        status=Charter.Status.FAILED if final else Charter.Status.QUEUED,
        error=reason[:1000],
        updated_at=timezone.now(),
    )


@shared_task(
    name="projects.tasks.render_charter",
    bind=True,
    acks_late=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def render_charter(self, charter_id: int) -> str | Retry:
    """Render a charter's PDF and store it. Safe to run twice; a ready charter is left alone."""
    charter = claim_charter(charter_id)
    if charter is None:
        return "nothing to do"
    try:
        # Read before the sections: a change in between makes the version look out of date
        # (until asked for again), never look current when it is not.
        made_from = get_fingerprint(charter.project)
        # In the project's language, as the request that queued it compared it (actions.py).
        with translation.override(charter.project.language):
            content = gather_charter(charter.project)
            cap = None if self.request.is_eager else settings.CHARTER_RENDER_MEMORY_BYTES
            with memory_cap(cap):
                pdf = render_charter_pdf(charter, content)
        store_charter(charter.pk, pdf, content_hash(content), made_from)
    except TRANSIENT_ERRORS as error:
        logger.warning("Charter %s: transient error %r", charter_id, error)
        reason = _("The database or file storage could not be reached.")
        if self.request.retries < MAX_RETRIES:
            record_failure(charter_id, reason, final=False)
            # In-process (no broker) the retry is returned, and Celery runs it at once.
            return self.retry(
                exc=error,
                countdown=retry_delay(self.request.retries),
                throw=not self.request.is_eager,
            )
        record_failure(charter_id, reason)
    except SoftTimeLimitExceeded:
        record_failure(
            charter_id,
            _("Making the PDF took longer than %(seconds)s seconds, so it was stopped.")
            % {"seconds": SOFT_TIME_LIMIT},
        )
    except MemoryError:
        record_failure(charter_id, _("The charter needed more memory than a render may use."))
    except Exception as error:
        logger.exception("Charter %s could not be rendered", charter_id)
        record_failure(
            charter_id,
            _("Something went wrong while making the PDF (%(error)s).")
            % {"error": f"{type(error).__name__}: {error}"},
        )
    else:
        return "rendered"
    return "failed"


# A charter still waiting this long after it was (re)queued lost its message: the broker
# was down when it was sent, or restarted without keeping its queues. (One rendering for
# longer than Charter.STUCK_AFTER lost its worker.)
REQUEUE_AFTER = datetime.timedelta(minutes=2)


@shared_task(name="projects.tasks.requeue_waiting_charters", acks_late=True, ignore_result=True)
def requeue_waiting_charters() -> int:
    """Queue again every charter that waited too long to start, or whose worker died while
    making it (run by beat). Rendering twice is harmless: only one PDF is ever stored."""
    now = timezone.now()
    waiting = Charter.objects.filter(
        Q(status=Charter.Status.QUEUED, updated_at__lt=now - REQUEUE_AFTER)
        | Q(status=Charter.Status.RENDERING, updated_at__lt=now - Charter.STUCK_AFTER)
    )
    ids = list(waiting.values_list("pk", flat=True))
    Charter.objects.filter(pk__in=ids).update(updated_at=now)
    for charter_id in ids:
        render_charter.apply_async((charter_id,))
    return len(ids)
