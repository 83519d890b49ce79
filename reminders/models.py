from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import Membership, Project


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def pending(self) -> "ReminderQuerySet":
        return self.filter(status=Reminder.Status.PENDING)

    def to_address(self, email: str) -> "ReminderQuerySet":
        """Reminders sent to this address rather than to an account (invitation chasers)."""
        if not email:
            return self.none()
        return self.filter(recipient__isnull=True, email__iexact=email)

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
        GROUND_RULES_CHANGED = "ground_rules_changed", _("Ground rules changed")
        INVITATION_ANSWERED = "invitation_answered", _("Invitation accepted or declined")
        PROPOSAL_CLOSING = "proposal_closing", _("Proposal closing")
        PROPOSAL_DECIDED = "proposal_decided", _("Proposal decided")
        MEETING = "meeting", _("Meeting coming up")
        ACTION_DUE = "action_due", _("Meeting action due")
        DIGEST = "digest", _("What changed")
        CLAIM = "claim", _("Expense claim")
        SIGNATURE = "signature", _("Charter waiting for a signature")
        ASSESSMENT_DUE = "assessment_due", _("Self-assessment due")
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
    def is_notice(self) -> bool:
        """A notice of a change to something the member agreed to, rather than a reminder: sent
        even to a member who turned reminders off, and without a link to stop reminders."""
        return self.kind in NOTICE_KINDS

    @property
    def to_address(self) -> str:
        return self.recipient.email if self.recipient_id else self.email


NOTICE_KINDS = {Reminder.Kind.GROUND_RULES_CHANGED}


class CalendarFeed(models.Model):
    """A member's private calendar address; only a hash of its secret is stored."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.membership}"
