"""The fixed lists the group chooses from: how decisions are made, and how, in which formats
and how often the project communicates."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionMethod(models.TextChoices):
    CONSENSUS = "consensus", _("Consensus — everyone can live with it")
    CONSENT = "consent", _("Consent — go ahead unless someone has a serious objection")
    UNANIMITY = "unanimity", _("Unanimity — everyone votes for it")
    SUPERMAJORITY = "supermajority", _("A set majority (for example two-thirds)")
    MAJORITY = "majority", _("Simple majority — more than half")
    LEAD = "lead", _("The project lead decides after asking everyone")


class Channel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("Email")
    NEWSLETTER = "newsletter", _("Newsletter")
    PHONE = "phone", _("Phone call")
    POST = "post", _("Post")
    TEXT = "text", _("Text message")
    WEBSITE = "website", _("Website")
    SOCIAL = "social", _("Social media")


class Format(models.TextChoices):
    EASY_READ = "easy-read", _("Easy read")
    LARGE_PRINT = "large-print", _("Large print")
    TRANSLATION = "translation", _("Translation")
    BSL = "bsl", _("British Sign Language")
    AUDIO = "audio", _("Audio")


class Frequency(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")
    QUARTERLY = "quarterly", _("Every three months")
