"""What the group agrees at the outset: principles, decision rules, ground rules and who has
agreed to them, and the communication plan."""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import Membership, Project, Role

from .choices import (
    FALLBACK_CHOICES,
    Channel,
    Decider,
    DecisionMethod,
    Dissent,
    Format,
    Frequency,
    Quorum,
)
from .wording import area_phrase, decision_sentence


class Definition(models.TextChoices):
    """Definitions of co-production a group can choose to work from (as on the home page)."""

    NIHR = "nihr", _("NIHR INVOLVE guidance (Hickey et al., 2018)")
    OSTROM = "ostrom", _("Elinor Ostrom (1996)")
    INVOLVE = "involve", _("Involve (the UK public participation charity)")

    @property
    def text(self) -> str:
        return DEFINITION_TEXT[self]


DEFINITION_TEXT = {
    Definition.NIHR: _(
        "Researchers, practitioners and the public working together, sharing power and "
        "responsibility throughout a project, with everyone's knowledge respected."
    ),
    Definition.OSTROM: _(
        "The process by which people who are not in the same organisation contribute to "
        "producing a good or a service — citizens and officials both bringing something that "
        "neither could provide alone."
    ),
    Definition.INVOLVE: _(
        "A relationship in which professionals and citizens share power to plan and deliver "
        "support together, recognising that both have vital contributions to make."
    ),
}


def chosen_definitions(project: Project) -> list[Definition]:
    """The definitions of co-production the group chose, leaving out any no longer offered."""
    return [Definition(value) for value in project.definitions if value in Definition]


class Principle(models.Model):
    """What one of the five NIHR co-production principles means for this project."""

    class Key(models.TextChoices):
        SHARING_POWER = "sharing-power", _("Sharing of power")
        ALL_PERSPECTIVES = "all-perspectives", _("Including all perspectives and skills")
        RESPECTING_KNOWLEDGE = (
            "respecting-knowledge",
            _("Respecting and valuing the knowledge of all"),
        )
        RECIPROCITY = "reciprocity", _("Reciprocity")
        RELATIONSHIPS = "relationships", _("Building and maintaining relationships")

    EXPLANATIONS = {
        Key.SHARING_POWER: _(
            "Decisions are made together. Nobody's job title or money gives them the last word "
            "on their own, and people can see how decisions were reached."
        ),
        Key.ALL_PERSPECTIVES: _(
            "The people affected by the work take part, including those who are seldom asked, "
            "and the project removes what stops them joining in."
        ),
        Key.RESPECTING_KNOWLEDGE: _(
            "What people know from living with something counts as much as what they know "
            "from study or work. Everyone is listened to."
        ),
        Key.RECIPROCITY: _(
            "Everyone gets something back for what they give: payment, new skills, "
            "recognition, or seeing the difference their work made."
        ),
        Key.RELATIONSHIPS: _(
            "The group takes time to build trust, keeps people informed, deals with "
            "disagreement openly and keeps in touch when the project ends."
        ),
    }

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="principles")
    key = models.CharField(max_length=30, choices=Key.choices)
    meaning = models.TextField(_("what this means for our project"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "key"], name="one_principle_of_each_kind"),
        ]

    def __str__(self) -> str:
        return self.get_key_display()

    @property
    def explanation(self) -> str:
        return self.EXPLANATIONS[self.key]

    @classmethod
    def all_for(cls, project: Project) -> list["Principle"]:
        """All five principles in their usual order, unsaved where nothing is written yet."""
        saved = {p.key: p for p in project.principles.all()}
        return [saved.get(key) or cls(project=project, key=key) for key in cls.Key]


class DecisionRule(models.Model):
    """Who decides what in the project, and how."""

    Who = Decider
    Quorum = Quorum
    Dissent = Dissent

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decision_rules")
    area = models.CharField(_("decisions about"), max_length=200)
    who = models.CharField(_("who decides"), max_length=20, choices=Decider.choices)
    who_name = models.CharField(_("name of the group or organisation"), max_length=200, blank=True)
    method = models.CharField(_("how they decide"), max_length=20, choices=DecisionMethod.choices)
    percentage = models.PositiveSmallIntegerField(_("majority needed (%)"), null=True, blank=True)
    fallback = models.CharField(
        _("if there is no agreement"), max_length=20, choices=FALLBACK_CHOICES, blank=True
    )
    quorum = models.CharField(
        _("how many must take part"), max_length=20, choices=Quorum.choices, blank=True
    )
    dissent = models.CharField(
        _("how disagreement is recorded"), max_length=20, choices=Dissent.choices, blank=True
    )
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.area

    @property
    def area_words(self) -> str:
        """What the decisions are about, as it reads after "Decisions about"."""
        return area_phrase(self.area)

    @property
    def who_label(self) -> str:
        """Who decides, as a heading or table cell: the group's or organisation's own name if given."""
        if self.who in Decider.named() and self.who_name:
            return self.who_name
        return str(self.get_who_display())

    def as_sentence(self) -> str:
        """The rule in plain words, e.g. "Decisions about the budget are made by …"."""
        return decision_sentence(
            area=self.area,
            who=self.who,
            who_name=self.who_name,
            method=self.method,
            percentage=self.percentage,
            fallback=self.fallback,
            quorum=self.quorum,
            dissent=self.dissent,
        )


class GroundRule(models.Model):
    """One of the rules for how members behave and talk to each other."""

    SUGGESTIONS = [
        _("Treat each other with respect, even when we disagree."),
        _("Say when you do not understand. There are no silly questions."),
        _("Everyone's knowledge counts: lived experience as much as a degree."),
        _("Avoid jargon and explain any word that might be new to someone."),
        _("One person speaks at a time, and we make room for quieter voices."),
        _("What is said in the group stays in the group unless we agree otherwise."),
        _("Anyone can step back or leave the project at any time without giving a reason."),
        _("Keep to deadlines, or say early if you cannot."),
        _("Start and finish meetings on time."),
        _("Challenge ideas, not people."),
        _("Tell the group about any conflict of interest."),
        _("Look after yourself: take a break whenever you need one."),
    ]

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ground_rules")
    text = models.CharField(_("ground rule"), max_length=300)
    order = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class GroundRuleAgreement(models.Model):
    """A member agreed to a version of the project's ground rules (one row per version)."""

    # The members who are asked to agree.
    ASKED = [Role.FACILITATOR, Role.PARTICIPANT]

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="ground_rule_agreements"
    )
    version = models.PositiveIntegerField()
    agreed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "version"], name="one_agreement_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} agreed to version {self.version}"

    @classmethod
    def member_statuses(cls, project: Project) -> models.QuerySet[Membership]:
        """Members who are asked to agree, annotated with ``agreed_version`` and ``agreed_at``.

        Those who have not agreed to the current version come first.
        """
        latest = cls.objects.filter(membership=models.OuterRef("pk")).order_by("-version")
        current = project.ground_rules_version
        return (
            project.memberships.filter(role__in=cls.ASKED)
            .select_related("user")
            .annotate(
                agreed_version=models.Subquery(latest.values("version")[:1]),
                agreed_at=models.Subquery(latest.values("agreed_at")[:1]),
                agreed_current=models.Case(
                    models.When(agreed_version=current, then=True),
                    default=False,
                    output_field=models.BooleanField(),
                ),
            )
            .order_by(
                "agreed_current", models.F("agreed_version").desc(nulls_last=True), "user__email"
            )
        )

    @classmethod
    def counts(cls, project: Project) -> dict[str, int]:
        """How many members are asked to agree (``total``), and how many agreed to the current
        version (``current``) or only to an earlier one (``earlier``), counted in one query."""
        return cls.member_statuses(project).aggregate(
            total=models.Count("pk"),
            current=models.Count("pk", filter=models.Q(agreed_current=True)),
            earlier=models.Count(
                "pk", filter=models.Q(agreed_current=False, agreed_version__isnull=False)
            ),
        )


class GroundRuleEditQuerySet(models.QuerySet["GroundRuleEdit"]):
    def since(self, agreement: GroundRuleAgreement) -> "GroundRuleEditQuerySet":
        """The edits a member has not seen when they made ``agreement``: every edit that made a
        later version, and corrections to their version made after they agreed."""
        return self.filter(
            models.Q(version__gt=agreement.version)
            | models.Q(
                version=agreement.version,
                kind=GroundRuleEdit.Kind.CORRECTED,
                made_at__gt=agreement.agreed_at,
            )
        )


class GroundRuleEdit(models.Model):
    """One edit to a project's ground rules: what changed, who made it, and when.

    A correction of wording keeps the set's version, so agreements to it stand; every other
    edit makes a new version, which members are asked to agree to again.
    """

    class Kind(models.TextChoices):
        ADDED = "added", _("Added")
        CHANGED = "changed", _("Changed")
        CORRECTED = "corrected", _("Wording corrected")
        MOVED = "moved", _("Moved")
        REMOVED = "removed", _("Removed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ground_rule_edits")
    rule = models.ForeignKey(
        GroundRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="edits"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.PositiveIntegerField(help_text="The version of the set after this edit.")
    text = models.CharField(max_length=300, help_text="The rule's wording after the edit.")
    old_text = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)

    objects = GroundRuleEditQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at", "-id"]
        indexes = [models.Index(fields=["project", "version"], name="ground_rule_edit_version")]

    def __str__(self) -> str:
        return self.summary

    @property
    def summary(self) -> str:
        """What the edit did, as members read it in a list (the rule's own full stop, if it has
        one, ends it)."""
        text, old = self.text, self.old_text
        return {
            self.Kind.ADDED: _("Added “%(text)s”"),
            self.Kind.CHANGED: _("Changed “%(old)s” to “%(text)s”"),
            self.Kind.CORRECTED: _("Corrected “%(old)s” to read “%(text)s”"),
            self.Kind.MOVED: _("Moved “%(text)s” to a new place in the list"),
            self.Kind.REMOVED: _("Removed “%(text)s”"),
        }[self.kind] % {"text": text, "old": old}

    @property
    def is_correction(self) -> bool:
        return self.kind == self.Kind.CORRECTED


def add_months(date: datetime.date, months: int, day: int) -> datetime.date:
    """The date ``months`` calendar months after ``date`` on ``day``, or the month's last day."""
    index = date.month - 1 + months
    year, month = date.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


class CommunicationItemQuerySet(models.QuerySet["CommunicationItem"]):
    def open(self) -> "CommunicationItemQuerySet":
        return self.filter(closed=False)

    def overdue(self, today: datetime.date | None = None) -> "CommunicationItemQuerySet":
        return self.open().filter(next_due__lt=today or timezone.localdate())


class CommunicationItem(models.Model):
    """Who hears what from the project, how, how often, and who sends it."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="communication_items"
    )
    audience = models.CharField(_("who it is for"), max_length=200)
    purpose = models.CharField(_("what it is for or says"), max_length=500)
    channel = models.CharField(_("how it reaches them"), max_length=20, choices=Channel.choices)
    formats = models.JSONField(_("accessible formats"), default=list, blank=True)
    frequency = models.CharField(_("how often"), max_length=20, choices=Frequency.choices)
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communication_items",
        verbose_name=_("who sends it"),
    )
    next_due = models.DateField(_("next due"))
    # The day of the month a monthly or quarterly item is due, so short months do not move it.
    due_day = models.PositiveSmallIntegerField(default=1)
    closed = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommunicationItemQuerySet.as_manager()

    class Meta:
        ordering = ["closed", "next_due", "id"]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.audience})"

    def format_labels(self) -> list[str]:
        return [str(Format(value).label) for value in self.formats if value in Format.values]

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return not self.closed and self.next_due < (today or timezone.localdate())

    def is_due_soon(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return not self.closed and today <= self.next_due <= today + datetime.timedelta(days=7)

    def following_due(self, today: datetime.date | None = None) -> datetime.date | None:
        """When it is due after being done now: one step on, and never in the past. None: once."""
        if self.frequency == Frequency.ONCE:
            return None
        today = today or timezone.localdate()
        steps, due = 0, self.next_due
        while due <= today or steps == 0:
            steps += 1
            if self.frequency in (Frequency.WEEKLY, Frequency.FORTNIGHTLY):
                weeks = 1 if self.frequency == Frequency.WEEKLY else 2
                due = self.next_due + datetime.timedelta(weeks=weeks * steps)
            else:
                months = 1 if self.frequency == Frequency.MONTHLY else 3
                due = add_months(self.next_due, months * steps, self.due_day)
        return due
