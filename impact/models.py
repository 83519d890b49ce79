"""You said, we did: what members put in (contributions), what changed because of it
(impact entries), and who wants a weekly digest of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from projects.models import Membership, Project


class Contribution(models.Model):
    """Something a member put in. ``member`` is empty when it is unattributed (a point made
    in a meeting without consent to name) or anonymous: a comment from an anonymous checklist
    round is linked by ``source``, a keyed hash only its writer's own page can match."""

    class Kind(models.TextChoices):
        MEETING_POINT = "meeting-point", _("A point raised in a meeting")
        POWER_COMMENT = "power-comment", _("A comment in the power check")
        PROPOSAL = "proposal", _("A proposal")
        SUGGESTION = "suggestion", _("A suggestion")

    class Outcome(models.TextChoices):
        OPEN = "open", _("Still open")
        ADOPTED = "adopted", _("Adopted")
        CHANGED = "changed", _("Adopted with changes")
        NOT_TAKEN = "not-taken", _("Not taken forward")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(_("what kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("what was said or suggested"), max_length=5000)
    member = models.ForeignKey(
        Membership,
        verbose_name=_("whose it was"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    consent = models.BooleanField(_("they agreed to be named"), default=False)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="contributions"
    )
    source = models.CharField(max_length=100, blank=True, db_index=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    reason = models.CharField(_("why not"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:80]


class ImpactEntry(models.Model):
    """What changed, for whom and when, with evidence, and the contributions behind it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="impact_entries")
    what_changed = models.TextField(_("what changed"), max_length=5000)
    for_whom = models.CharField(_("for whom"), max_length=300)
    changed_on = models.DateField(_("when"))
    evidence = models.TextField(_("evidence"), max_length=5000, blank=True)
    link = models.URLField(_("link to the evidence"), max_length=500, blank=True)
    contributions = models.ManyToManyField(
        Contribution, blank=True, related_name="impacts", verbose_name=_("what led to it")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-changed_on", "-id"]
        verbose_name_plural = "impact entries"

    def __str__(self) -> str:
        return self.what_changed[:80]


class DigestChoice(models.Model):
    """Whether a project sends digests (``membership`` empty) or a member wants one; off
    unless a row says so."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, null=True, blank=True, related_name="digest"
    )
    enabled = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(membership__isnull=True),
                name="one_digest_choice_per_project",
            )
        ]

    def __str__(self) -> str:
        return f"Digest {'on' if self.enabled else 'off'}"
