"""Making the report's PDF in the background, on the ``pdf`` queue as the charter is."""

import datetime
import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from charter.tasks import claim_for_rendering

from .content import content_hash, report_content
from .models import ReportFile
from .render import render_report_pdf

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


def claim_file(file_id: int) -> ReportFile | None:
    """Mark the report's PDF as rendering and return it, as the charter's is claimed."""
    files = ReportFile.objects.select_related("report__project")
    return claim_for_rendering(files, file_id, max_attempts=MAX_ATTEMPTS)


@transaction.atomic
def store_file(file_id: int, pdf: bytes, digest: str) -> None:
    file = ReportFile.objects.select_for_update().get(pk=file_id)
    if file.is_ready:
        return
    file.pdf.save("report.pdf", ContentFile(pdf), save=False)
    file.status = ReportFile.Status.READY
    file.content_hash = digest
    file.rendered_at = timezone.now()
    file.error = ""
    file.save()


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def render_report(file_id: int) -> str:
    """Make the PDF of the report as it is now and store it. Safe to run twice."""
    file = claim_file(file_id)
    if file is None:
        return "nothing to do"
    try:
        content = report_content(file.report)
        store_file(file.pk, render_report_pdf(content), content_hash(content))
    except Exception as error:
        logger.exception("Report PDF %s could not be made", file_id)
        ReportFile.objects.filter(pk=file_id).update(
            status=ReportFile.Status.FAILED,
            error=_("Something went wrong while making the PDF (%(error)s).")
            % {"error": type(error).__name__},
            updated_at=timezone.now(),
        )
        return "failed"
    return "rendered"


REQUEUE_AFTER = datetime.timedelta(minutes=2)
STUCK_AFTER = datetime.timedelta(minutes=10)


@shared_task(acks_late=True, ignore_result=True)
def requeue_waiting_reports() -> int:
    """Queue again every PDF that waited too long to start, or whose worker died while making
    it (run by beat). Making one twice is harmless: only one PDF is stored."""
    now = timezone.now()
    waiting = ReportFile.objects.filter(
        Q(status=ReportFile.Status.QUEUED, updated_at__lt=now - REQUEUE_AFTER)
        | Q(status=ReportFile.Status.RENDERING, updated_at__lt=now - STUCK_AFTER)
    )
    ids = list(waiting.values_list("pk", flat=True))
    ReportFile.objects.filter(pk__in=ids).update(updated_at=now)
    for file_id in ids:
        render_report.apply_async((file_id,))
    return len(ids)
