"""The fixed lists a payment and recognition policy chooses from."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Activity(models.TextChoices):
    MEETING = "meeting", _("Meetings")
    READING = "reading", _("Reading papers")
    REVIEWING = "reviewing", _("Reviewing")
    CO_FACILITATING = "co_facilitating", _("Co-facilitating")
    INTERVIEW = "interview", _("Interviews")
    OTHER = "other", _("Other work")


class Unit(models.TextChoices):
    HOUR = "hour", _("per hour")
    HALF_DAY = "half_day", _("per half day (up to 4 hours)")
    DAY = "day", _("per day (up to 8 hours)")


# Hours in one unit of a rate: a half day is paid for up to 4 hours, a day up to 8.
UNIT_HOURS = {Unit.HOUR: 1, Unit.HALF_DAY: 4, Unit.DAY: 8}


class Method(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    VOUCHER = "voucher", _("Vouchers")
    CASH = "cash", _("Cash")
    DONATION = "donation", _("A donation to a charity")


class Expense(models.TextChoices):
    TRAVEL = "travel", _("Travel")
    CARER = "carer", _("Carer and childcare costs")
    SUPPORT_WORKER = "support_worker", _("Support workers")
    DATA = "data", _("Data or phone top-ups")
    MEALS = "meals", _("Meals")
    OTHER = "other", _("Other costs agreed in advance")


class Return(models.TextChoices):
    TRAINING = "training", _("Training")
    REFERENCES = "references", _("References")
    CERTIFICATES = "certificates", _("Certificates of contribution")
    CO_AUTHORSHIP = "co_authorship", _("Co-authorship")
