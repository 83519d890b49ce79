from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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


def default_time_zone() -> str:
    return settings.TIME_ZONE


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
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        help_text=_("Dates and times in reminders and calendars are shown in this time zone."),
    )
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

    @property
    def zone(self) -> ZoneInfo:
        """The project's time zone (the site's default if the stored name is unknown)."""
        try:
            return ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(settings.TIME_ZONE)


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


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def pending(self) -> "ReminderQuerySet":
        return self.filter(status=Reminder.Status.PENDING)

    def claimable(self, now) -> "ReminderQuerySet":
        """Pending, due, and not claimed by a sweep that may still be sending them."""
        return self.pending().filter(
            models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now), due_at__lte=now
        )


class Reminder(models.Model):
    """One scheduled message (the outbox): everything the email needs is on the row."""

    class Kind(models.TextChoices):
        CHARTER_REVIEW = "charter_review", _("Charter review")
        ROUND_CLOSING = "round_closing", _("Checklist round closing")
        COMMUNICATION_DUE = "communication_due", _("Communication due")
        INVITATION_CHASER = "invitation_chaser", _("Invitation not yet answered")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Stopped after repeated failures")
        SKIPPED = "skipped", _("Not sent")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(max_length=30, choices=Kind.choices)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        help_text="A member; empty when the reminder goes to an email address only.",
    )
    email = models.EmailField(blank=True, help_text="Where to send it when there is no member.")
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500, help_text="Path of the page the email links to.")
    event_at = models.DateTimeField()
    due_at = models.DateTimeField()
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    claimed_by = models.UUIDField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(status="pending"),
                name="reminder_pending_due",
            ),
            models.Index(fields=["project", "status", "due_at"], name="reminder_project_status"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def to_address(self) -> str:
        return self.recipient.email if self.recipient_id else self.email


class CalendarFeed(models.Model):
    """A member's private calendar address; only a hash of its secret is stored."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.membership}"
