"""Self-assessments against the UK Standards, members' own views of them, and the report on
involvement with every version of each item (docs/design.md, "Reporting involvement")."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import Membership, Project, Role

from .standards import RATINGS, STANDARD_LIST, rating_label

STANDARD_CHOICES = [(standard.key, standard.title) for standard in STANDARD_LIST]


class Assessment(models.Model):
    """One self-assessment of the project against the six standards, at one moment."""

    class Stage(models.TextChoices):
        START = "start", _("At the start")
        MIDWAY = "midway", _("Midway")
        END = "end", _("At the end")
        REVIEW = "review", _("A regular review")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assessments")
    title = models.CharField(_("name"), max_length=120)
    stage = models.CharField(_("when in the project"), max_length=20, choices=Stage.choices)
    due_on = models.DateField(
        _("to be done by"),
        null=True,
        blank=True,
        help_text=_("Members who can give their view are reminded three days before."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Members' own views are taken until then; their comparison is shown only afterwards.
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reporting-assessment", args=[self.project.slug, self.pk])

    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def day(self):
        """The date it speaks for: when it was to be done, or when it was started."""
        return self.due_on or timezone.localdate(self.created_at)


class StandardEntry(models.Model):
    """The project's answer for one standard in one assessment, written by facilitators."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    standard = models.CharField(max_length=40, choices=STANDARD_CHOICES)
    rating = models.PositiveSmallIntegerField(_("rating"), choices=RATINGS, null=True, blank=True)
    going_well = models.TextField(_("what is going well"), blank=True)
    to_improve = models.TextField(_("what to improve"), blank=True)
    # Keys of the evidence it points to, "kind:key" (projects.parts.Evidence).
    evidence = models.JSONField(default=list, blank=True)
    goal = models.ForeignKey(
        "projects.Goal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "standard"], name="one_entry_per_standard"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} — {self.get_standard_display()}"

    @property
    def rating_label(self) -> str:
        return rating_label(self.rating)


class AssessmentView(models.Model):
    """One member's own view of the standards in an assessment (seen only by them; others
    see it only in the groups' averages, as ``comparison`` allows)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="views")
    # Kept, unlinked, when the member leaves or deletes their account (as checklist scores).
    member = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="assessment_views"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    perspective = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "member"], name="one_view_per_member")
        ]

    def __str__(self) -> str:
        return f"A view of {self.assessment}"


class ViewRating(models.Model):
    view = models.ForeignKey(AssessmentView, on_delete=models.CASCADE, related_name="ratings")
    standard = models.CharField(max_length=40, choices=STANDARD_CHOICES)
    rating = models.PositiveSmallIntegerField(choices=RATINGS, null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["view", "standard"], name="one_rating_per_standard")
        ]

    def __str__(self) -> str:
        return f"{self.standard}: {self.rating}"


class Report(models.Model):
    """The project's report on involvement (GRIPP2), one per project."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="report")
    long_form = models.BooleanField(
        _("use the long form"),
        default=False,
        help_text=_("For projects where involvement is the main focus of what is reported."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Report on involvement in {self.project}"


class ReportVersion(models.Model):
    """One version of one item of the report: drafted from the record, or edited."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    item = models.CharField(max_length=20)
    number = models.PositiveIntegerField()
    drafted = models.BooleanField(default=False)
    # A drafted version: its sentences, each {"text", "url", "title", "sources"}, and its gaps.
    sentences = models.JSONField(default=list, blank=True)
    gaps = models.JSONField(default=list, blank=True)
    # An edited version's text (a drafted one's is its sentences joined).
    text = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "item", "number"], name="one_report_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} v{self.number}"


def report_pdf_upload_to(instance: "ReportFile", filename: str) -> str:
    return f"reports/{instance.report.project_id}/{instance.pk or 'new'}-{filename}"


class ReportFile(models.Model):
    """A PDF of the report as it stood when asked for, made in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be made")
        RENDERING = "rendering", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    pdf = models.FileField(upload_to=report_pdf_upload_to, blank=True)
    content_hash = models.CharField(max_length=64)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"PDF of {self.report} ({self.status})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.pdf)

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)
