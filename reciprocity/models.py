"""A project's payment and recognition policy, each contributor's choice, their time and their
expense claims. Money is a ``Decimal`` with its currency; nothing here pays anyone, and no bank
details are held."""

import datetime
import math
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import Project

from .choices import UNIT_HOURS, Activity, Expense, Method, Return, Unit
from .money import pennies

ZERO = Decimal("0.00")


class Policy(models.Model):
    """What a project offers for people's time, how and how fast it pays, and what else."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="policy")
    currency = models.CharField(_("currency"), max_length=3, default="GBP")
    methods = models.JSONField(_("how people can be paid"), default=list, blank=True)
    expenses = models.JSONField(_("expenses covered"), default=list, blank=True)
    returns = models.JSONField(_("what else people get back"), default=list, blank=True)
    how_to_claim = models.TextField(_("how to claim"), blank=True)
    respond_within_days = models.PositiveSmallIntegerField(
        _("days within which a facilitator approves a claim or asks about it"), default=5
    )
    pay_within_days = models.PositiveSmallIntegerField(
        _("days within which an approved claim is paid"), default=10
    )
    source_title = models.CharField(_("guidance it follows"), max_length=200, blank=True)
    source_url = models.URLField(_("where the guidance is published"), blank=True)
    source_version = models.CharField(_("version of the guidance"), max_length=100, blank=True)
    source_effective = models.DateField(_("date of that version"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return f"Payment and recognition policy of {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("reciprocity-index", args=[self.project.slug])

    def labels(self, field: str, choices) -> list[str]:
        known = dict(choices.choices)
        return [str(known[value]) for value in getattr(self, field) if value in known]

    def method_labels(self) -> list[str]:
        return self.labels("methods", Method)

    def expense_labels(self) -> list[str]:
        return self.labels("expenses", Expense)

    def return_labels(self) -> list[str]:
        return self.labels("returns", Return)


class RateQuerySet(models.QuerySet["Rate"]):
    def in_force(self, on: datetime.date) -> dict[str, "Rate"]:
        """The rate of each activity that applies to work done on this date."""
        rates: dict[str, Rate] = {}
        for rate in self.filter(effective_from__lte=on).order_by("effective_from", "id"):
            rates[rate.activity] = rate
        return rates


class Rate(models.Model):
    """What one activity is paid, from a date: a change is a new rate from a later date."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="rates")
    activity = models.CharField(_("activity"), max_length=30, choices=Activity.choices)
    unit = models.CharField(_("paid"), max_length=20, choices=Unit.choices, default=Unit.HOUR)
    amount = models.DecimalField(
        _("amount"), max_digits=8, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    effective_from = models.DateField(_("applies to work from"))
    source = models.CharField(_("where the figure comes from"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RateQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "-effective_from", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="rate_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()} {self.amount} {self.get_unit_display()}"

    def pay_for(self, hours: Decimal) -> Decimal:
        """What this rate pays for so many hours: by the hour, or per half day or day begun."""
        per = UNIT_HOURS[self.unit]
        if per == 1:
            return pennies(self.amount * hours)
        units = math.ceil(hours / per)  # a half day or day begun counts as a whole one
        return pennies(self.amount * units)


class Contributor(models.Model):
    """One member's choice about payment in one project, and what is said about them."""

    class Choice(models.TextChoices):
        UNDECIDED = "undecided", _("Not chosen yet")
        PAID = "paid", _("Paid for my time, and my expenses covered")
        EXPENSES = "expenses", _("Expenses only")
        NEITHER = "neither", _("Neither: I do not want to be paid or claim expenses")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contributors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributions"
    )
    choice = models.CharField(
        _("what you would like"), max_length=20, choices=Choice.choices, default=Choice.UNDECIDED
    )
    method = models.CharField(
        _("how you would like to be paid"), max_length=30, choices=Method.choices, blank=True
    )
    read_benefits_note_at = models.DateTimeField(null=True, blank=True)
    chosen_at = models.DateTimeField(null=True, blank=True)
    not_eligible = models.BooleanField(
        _("not eligible for payment for time (a salaried public-sector role)"), default=False
    )
    not_eligible_reason = models.CharField(_("why"), max_length=300, blank=True)
    recognition_note = models.TextField(_("what the facilitators add about them"), blank=True)
    # What the contributor agreed may be said about them: the text's hash, and when.
    recognition_approved_hash = models.CharField(max_length=64, blank=True)
    recognition_approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="one_contributor_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.project}: {self.get_choice_display()}"

    @property
    def paid_for_time(self) -> bool:
        return self.choice == self.Choice.PAID and not self.not_eligible

    @property
    def may_claim(self) -> bool:
        return self.choice in (self.Choice.PAID, self.Choice.EXPENSES)


class TimeEntry(models.Model):
    """Time one person gave, by activity and date; paid at the rate in force on that date."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for a facilitator")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Not approved")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="time_entries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_entries"
    )
    activity = models.CharField(_("activity"), max_length=30, choices=Activity.choices)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    description = models.CharField(_("what you did"), max_length=300)
    # The record it was proposed from (``Involvement.key``), if any.
    source_key = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    # Set when approved: what it is paid (zero for someone not paid for time) and at what rate.
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="GBP")
    rate = models.ForeignKey(Rate, on_delete=models.SET_NULL, null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "time entries"
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="time_entry_positive"),
            models.UniqueConstraint(
                fields=["project", "user", "source_key"],
                condition=~models.Q(source_key=""),
                name="one_entry_per_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.date} {self.get_activity_display()} {self.hours}h"


def receipt_upload_to(claim: "Claim", filename: str) -> str:
    """Receipts are stored under a random name: the one the person gave is kept on the row."""
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
    return (
        f"receipts/{claim.project_id}/{uuid.uuid4().hex}.{extension.get(claim.receipt_type, 'bin')}"
    )


class ClaimQuerySet(models.QuerySet["Claim"]):
    def waiting(self) -> "ClaimQuerySet":
        return self.filter(status=Claim.Status.SUBMITTED)


class Claim(models.Model):
    """An expense claimed with its receipt; its state is visible to the claimant at every step."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for a facilitator")
        QUERIED = "queried", _("A facilitator has a question")
        APPROVED = "approved", _("Approved, to be paid")
        PAID = "paid", _("Paid")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims"
    )
    kind = models.CharField(_("what it was for"), max_length=30, choices=Expense.choices)
    description = models.CharField(_("description"), max_length=300)
    spent_on = models.DateField(_("date of the expense"))
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3, default="GBP")
    receipt = models.FileField(upload_to=receipt_upload_to, blank=True)
    receipt_type = models.CharField(max_length=40, blank=True)
    receipt_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    question = models.TextField(blank=True)
    answer = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    pay_by = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="claim_positive")
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.amount} {self.currency})"

    def get_absolute_url(self) -> str:
        return reverse("reciprocity-claim", args=[self.project.slug, self.pk])

    @property
    def is_open(self) -> bool:
        """Not yet approved: the claimant may still change or withdraw it."""
        return self.status in (self.Status.SUBMITTED, self.Status.QUERIED)
