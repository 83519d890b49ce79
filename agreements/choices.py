"""The fixed lists the group chooses from: who decides and how, and how, in which formats and
how often the project communicates."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Decider(models.TextChoices):
    WHOLE_GROUP = "whole-group", _("The whole group")
    NAMED_GROUP = "named-group", _("A named group")
    FACILITATORS = "facilitators", _("The facilitators")
    LEAD = "lead", _("The project lead")
    PARTNER = "partner", _("A partner organisation")

    @classmethod
    def named(cls) -> list[str]:
        """Those that need the name of the group or organisation."""
        return [cls.NAMED_GROUP, cls.PARTNER]


class DecisionMethod(models.TextChoices):
    """Ways of deciding, from the one that needs the most agreement to the one that needs the
    least: a fall-back must come further down the list than the way it falls back from."""

    UNANIMITY = "unanimity", _("Unanimity — everyone votes for it")
    CONSENSUS = "consensus", _("Consensus — everyone can live with it")
    CONSENT = "consent", _("Consent — go ahead unless someone has a serious objection")
    SUPERMAJORITY = "supermajority", _("A set majority (for example two-thirds)")
    MAJORITY = "majority", _("Simple majority — more than half")
    # Stored as "lead" since the project lead was the only one who decided this way.
    LEAD = "lead", _("After asking everyone — they decide once all have had a say")

    @property
    def needs_agreement(self) -> int:
        """How much agreement this way needs, compared with the others (higher: more)."""
        return len(DecisionMethod) - list(DecisionMethod).index(self)


# The same ways as a fall-back, where "lead" has always meant that the project lead decides.
FALLBACK_CHOICES = [
    (method.value, _("The project lead decides") if method == DecisionMethod.LEAD else method.label)
    for method in DecisionMethod
]


class Quorum(models.TextChoices):
    NONE = "", _("No minimum")
    THIRD = "third", _("At least a third")
    HALF = "half", _("At least half")
    TWO_THIRDS = "two-thirds", _("At least two-thirds")
    THREE_QUARTERS = "three-quarters", _("At least three-quarters")
    ALL = "all", _("Everyone")


class Dissent(models.TextChoices):
    NOT_SAID = "", _("Not said")
    NAMED = "named", _("In the notes of the meeting, with names")
    UNNAMED = "unnamed", _("In the notes of the meeting, without names")
    REPORT = "report", _("In the project's reports, with the reasons")


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
