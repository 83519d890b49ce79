import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import Project


def charter_upload_to(charter: "Charter", filename: str) -> str:
    """Where a charter's PDF is stored: never served publicly, so the name need only be unique."""
    return f"charters/{charter.project_id}/v{charter.version}-{uuid.uuid4().hex}.pdf"


class Charter(models.Model):
    """One version of a project's charter: a PDF rendered in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RENDERING = "rendering", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="charters")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    pdf = models.FileField(upload_to=charter_upload_to, blank=True)
    content_hash = models.CharField(max_length=64)
    # Every part's charter_fingerprint() when it was made (charter/freshness.py); None for a
    # version made before versions kept it.
    made_from = models.JSONField(null=True, blank=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    # Longer than any render may take (the task's hard time limit), however busy the queue.
    STUCK_AFTER = datetime.timedelta(minutes=15)

    class Meta:
        ordering = ["-version"]
        get_latest_by = "version"
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="one_charter_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.project} charter, version {self.version}"

    @property
    def filename(self) -> str:
        """The name a downloaded copy gets: says which project and which version."""
        return f"{self.project.slug}-charter-v{self.version}.pdf"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RENDERING) and not self.is_stuck

    @property
    def is_stuck(self) -> bool:
        """Waiting or rendering for so long that the worker must have died: may be retried."""
        return (
            self.status in (self.Status.QUEUED, self.Status.RENDERING)
            and self.updated_at is not None
            and timezone.now() - self.updated_at > self.STUCK_AFTER
        )
