"""Meetings: when and where, the agenda, who is coming and what they need, who came, the
minutes with their corrections and approval, and the actions agreed."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import Membership, Project


class Arrangement(models.TextChoices):
    """What a meeting offers so that everyone can take part."""

    STEP_FREE = "step-free", _("Step-free access")
    HEARING_LOOP = "hearing-loop", _("Hearing loop")
    BSL = "bsl", _("BSL interpreter")
    QUIET_ROOM = "quiet-room", _("Quiet room")
    MATERIALS_IN_ADVANCE = "materials-in-advance", _("Materials sent in advance")
    EASY_READ = "easy-read", _("Materials in easy read")
    TRAVEL_PAID = "travel-paid", _("Travel costs paid")
    CARE_PAID = "care-paid", _("Care costs paid")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self, now: datetime.datetime | None = None) -> "MeetingQuerySet":
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "id")

    def past(self, now: datetime.datetime | None = None) -> "MeetingQuerySet":
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-id")


class Minutes(models.TextChoices):
    NONE = "none", _("Not written yet")
    DRAFT = "draft", _("Draft")
    CORRECTIONS = "corrections", _("Open for corrections")
    APPROVED = "approved", _("Approved")


class Meeting(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.TextField(_("address"), blank=True)
    directions = models.TextField(_("directions and access information"), blank=True)
    link = models.URLField(_("online link"), max_length=500, blank=True)
    arrangements = models.JSONField(_("arrangements offered"), default=list, blank=True)
    chair = models.ForeignKey(
        Membership,
        verbose_name=_("chair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note_taker = models.ForeignKey(
        Membership,
        verbose_name=_("note-taker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    minutes_status = models.CharField(max_length=20, choices=Minutes.choices, default=Minutes.NONE)
    minutes = models.TextField(_("minutes"), blank=True)
    corrections_until = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # How they were approved: the project's rule for minutes in words, or empty (the chair).
    approved_under = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["project", "starts_at"], name="meeting_project_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("meetings-detail", args=[self.project.slug, self.pk])

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at, self.project.zone)

    @property
    def local_end(self) -> datetime.datetime:
        return timezone.localtime(self.ends_at, self.project.zone)

    @property
    def hours(self) -> Decimal:
        """How long the meeting is, in hours to two places."""
        seconds = Decimal((self.ends_at - self.starts_at).total_seconds())
        return (seconds / 3600).quantize(Decimal("0.01"))

    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    def arrangement_labels(self) -> list[str]:
        return [Arrangement(value).label for value in self.arrangements if value in Arrangement]

    def where(self) -> str:
        """The place on one line, "online" when there is only a link."""
        if self.place:
            first = self.place.splitlines()[0].strip()
            return _("%(place)s, and online") % {"place": first} if self.link else first
        return str(_("Online")) if self.link else ""

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_status == Minutes.APPROVED


class AgendaItem(models.Model):
    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        ACCEPTED = "accepted", _("On the agenda")
        DECLINED = "declined", _("Not on the agenda")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    title = models.CharField(_("item"), max_length=200)
    lead = models.ForeignKey(
        Membership,
        verbose_name=_("led by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACCEPTED)
    reason = models.CharField(_("why not"), max_length=300, blank=True)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # An open proposal put on the agenda, if any.
    proposal = models.ForeignKey(
        "decisions.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Reply(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("I will come")
        MAYBE = "maybe", _("I might come")
        NO = "no", _("I cannot come")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="replies")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("will you come?"), max_length=10, choices=Answer.choices)
    # An access need: facilitators only.
    needs = models.TextField(_("what you need to take part"), blank=True)
    replied_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="one_reply_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.answer}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        CAME = "came", _("Came")
        APOLOGIES = "apologies", _("Sent apologies")
        ABSENT = "absent", _("Did not come")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="one_attendance_each")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.status}"


class MinutesEdit(models.Model):
    """Each version of the minutes, kept once written: drafted, corrected, approved."""

    class Kind(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        CIRCULATED = "circulated", _("Sent round for corrections")
        CORRECTED = "corrected", _("Corrected")
        APPROVED = "approved", _("Approved")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_edits")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.made_at:%Y-%m-%d}"


class Correction(models.Model):
    """A correction to the draft minutes asked for by someone who was there."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="corrections")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("what should be corrected"))
    made_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class ActionQuerySet(models.QuerySet["Action"]):
    def open(self) -> "ActionQuerySet":
        return self.filter(done_at__isnull=True)

    def overdue(self, today: datetime.date | None = None) -> "ActionQuerySet":
        return self.open().filter(due__lt=today or timezone.localdate())


class Action(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="meeting_actions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("what will be done"), max_length=300)
    owner = models.ForeignKey(
        Membership,
        verbose_name=_("who will do it"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="meeting_actions",
    )
    due = models.DateField(_("due by"))
    hours = models.DecimalField(
        _("time it took (hours)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    done_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        # Open actions first, soonest due first.
        ordering = [models.F("done_at").asc(nulls_first=True), "due", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self) -> bool:
        return not self.is_done and self.due < timezone.localdate(timezone=self.project.zone)


class MeetingPaper(models.Model):
    """A printable agenda or minutes as PDF, made by the worker."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        MINUTES = "minutes", _("Minutes")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be made")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    pdf = models.FileField(upload_to="meetings/%Y/%m/", blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.meeting_id}"
