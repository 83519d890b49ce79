"""Background work for meetings: invitations with their calendar file, and printable papers
(on the ``pdf`` queue)."""

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from .mail import send_invitations
from .models import Meeting, MeetingPaper
from .paper import render_paper_pdf

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def send_meeting_invitations(meeting_id: int, changed: bool = False) -> int:
    """Email the meeting's invitation to every member (nothing if it was cancelled)."""
    meeting = Meeting.objects.select_related("project").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    return send_invitations(meeting, changed=changed)


@shared_task(acks_late=True, ignore_result=True)
def render_meeting_paper(paper_id: int) -> str:
    """Make the PDF of a paper and store it; a ready one is left alone (safe to run twice)."""
    paper = MeetingPaper.objects.select_related("meeting__project").filter(pk=paper_id).first()
    if paper is None or paper.status == MeetingPaper.Status.READY:
        return "nothing to do"
    try:
        pdf = render_paper_pdf(paper)
    except Exception as error:
        logger.exception("Meeting paper %s could not be made", paper_id)
        MeetingPaper.objects.filter(pk=paper_id).update(
            status=MeetingPaper.Status.FAILED,
            error=(
                _("Something went wrong while making the PDF (%(error)s).")
                % {"error": type(error).__name__}
            )[:500],
        )
        return "failed"
    with transaction.atomic():
        paper = MeetingPaper.objects.select_for_update().get(pk=paper_id)
        if paper.status == MeetingPaper.Status.READY:
            return "nothing to do"
        paper.pdf.save(f"{paper.kind}.pdf", ContentFile(pdf), save=False)
        paper.status = MeetingPaper.Status.READY
        paper.save()
    return "rendered"
