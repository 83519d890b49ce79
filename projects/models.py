import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    PARTICIPANT = "participant", _("Participant")
    OBSERVER = "observer", _("Observer")


class Perspective(models.TextChoices):
    COMMUNITY = "community", _("Lived experience or community member")
    PRACTITIONER = "practitioner", _("Practitioner")
    RESEARCHER = "researcher", _("Researcher")
    ORGANISATION = "organisation", _("Organisation or funder")

    @classmethod
    def community(cls) -> list[str]:
        """Perspectives whose view of power is compared against professionals'."""
        return [cls.COMMUNITY]

    @classmethod
    def professional(cls) -> list[str]:
        return [cls.PRACTITIONER, cls.RESEARCHER, cls.ORGANISATION]


class ProjectQuerySet(models.QuerySet["Project"]):
    def for_user(self, user) -> "ProjectQuerySet":
        return self.filter(memberships__user=user)


class Project(models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    aim = models.TextField(_("what are we trying to achieve?"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNING)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    review_date = models.DateField(_("charter review date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects-detail", args=[self.slug])

    def facilitators(self) -> models.QuerySet["Membership"]:
        return self.memberships.filter(role=Role.FACILITATOR)


class Membership(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    perspective = models.CharField(
        _("perspective"), max_length=20, choices=Perspective.choices, blank=True
    )
    joined_at = models.DateTimeField(default=timezone.now)
    reminders_enabled = models.BooleanField(_("send me reminders"), default=True)

    class Meta:
        ordering = ["role", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="one_membership_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.project}"

    @property
    def is_facilitator(self) -> bool:
        return self.role == Role.FACILITATOR


class Goal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Not yet met")
        MET = "met", _("Met")
        DROPPED = "dropped", _("Dropped")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=300)
    measure = models.CharField(_("how we will know"), max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


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

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="charters")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    pdf = models.FileField(upload_to=charter_upload_to, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    content_hash = models.CharField(max_length=64)
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
