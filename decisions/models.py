"""Proposals any member makes, the responses to them, and the decision log of everything the
group decided, by a vote here or elsewhere (a meeting)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.choices import DecisionMethod
from agreements.models import CommunicationItem, DecisionRule, GroundRule
from projects.models import Goal, Project
from stakeholders.models import Stakeholder


class Kind(models.TextChoices):
    """What a proposal changes."""

    NEW_GOAL = "goal-new", _("A new goal")
    CHANGE_GOAL = "goal-change", _("A change to a goal")
    NEW_GROUND_RULE = "ground-rule-new", _("A new ground rule")
    CHANGE_GROUND_RULE = "ground-rule-change", _("A change to a ground rule")
    REMOVE_GROUND_RULE = "ground-rule-remove", _("Removing a ground rule")
    CHANGE_DECISION_RULE = "decision-rule-change", _("A change to a decision rule")
    CHANGE_COMMUNICATION = "communication-change", _("A change to the communication plan")
    INVITE = "invite", _("Someone to add to the map and invite")
    FREE = "free", _("A decision to take")


class Answer(models.TextChoices):
    AGREE = "agree", _("Agree")
    ABSTAIN = "abstain", _("Stand aside (abstain)")
    DISAGREE = "disagree", _("Disagree")
    BLOCK = "block", _("Block")
    OBJECT = "object", _("Object")


class Result(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Not adopted")
    LAPSED = "lapsed", _("Lapsed")


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def open(self) -> "ProposalQuerySet":
        return self.filter(status=Proposal.Status.OPEN)

    def due(self, now) -> "ProposalQuerySet":
        """Open proposals whose deadline has passed: the sweep's work."""
        return self.open().filter(closes_at__lte=now)


class Proposal(models.Model):
    """A change or a decision a member puts to the group, decided by the decision rule of the
    area it falls under, as that rule stood when the proposal was made (``terms``)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        # The deadline passed and the lead, a named group or an organisation decides: a
        # facilitator records what they decided.
        DECIDING = "deciding", _("Waiting for the decision")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Not adopted")
        LAPSED = "lapsed", _("Lapsed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    Kind = Kind

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(_("what it proposes"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    background = models.TextField(_("background"), blank=True)
    # What the change is, by kind: {"text": …, "measure": …} for a goal, the rule's new
    # fields for a decision rule, {"name", "organisation", "category", "email"} for an invite.
    change = models.JSONField(default=dict, blank=True)
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    ground_rule = models.ForeignKey(
        GroundRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    decision_rule = models.ForeignKey(
        DecisionRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals_to_change",
    )
    communication_item = models.ForeignKey(
        CommunicationItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    # The stakeholder an adopted invitation added to the map.
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    # The area it falls under (None: the default area) and the rule's terms when proposed.
    rule = models.ForeignKey(
        DecisionRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    area = models.CharField(_("decisions about"), max_length=200)
    terms = models.JSONField(default=dict)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    # The end of the day chosen, in the project's time zone (coproduce.dates.end_of_day).
    closes_at = models.DateTimeField(_("deadline"))
    # Each revision asks everyone again; responses to an earlier one no longer count.
    revision = models.PositiveIntegerField(default=1)
    revised_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="Why it ended as it did, in plain words.")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "closes_at"], name="proposal_status_closes"),
            models.Index(fields=["project", "-created_at", "-id"], name="proposal_project_new"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions-detail", args=[self.project.slug, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Response(models.Model):
    """One member's response to a proposal, changeable until the deadline."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_responses"
    )
    answer = models.CharField(_("your response"), max_length=20, choices=Answer.choices)
    reason = models.TextField(_("reason"), blank=True)
    # The revision of the proposal it answers: an earlier one is asked again.
    revision = models.PositiveIntegerField(default=1)
    responded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["responded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="one_proposal_response_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_answer_display()} to {self.proposal}"


class Comment(models.Model):
    """A comment under a proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Decision(models.Model):
    """One entry of the decision log: what the group decided, how, when, with which turnout
    and result; from a proposal here, or recorded from elsewhere (a meeting), with a label
    and a link to where it was taken."""

    Result = Result

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    proposal = models.OneToOneField(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="decision"
    )
    rule = models.ForeignKey(
        DecisionRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    area = models.CharField(_("decisions about"), max_length=200)
    text = models.TextField(_("what was decided"))
    method = models.CharField(
        _("how it was decided"), max_length=20, choices=DecisionMethod.choices, blank=True
    )
    result = models.CharField(max_length=20, choices=Result.choices)
    # Who could take part, how many did (responded, or were present at a meeting), and the
    # counts of each response ({"agree": 5, …}) where there was a vote.
    eligible = models.PositiveIntegerField(null=True, blank=True)
    turnout = models.PositiveIntegerField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    # How it was decided and why, in plain words; disagreement as the rule says to record it.
    summary = models.TextField(blank=True)
    reason = models.TextField(_("reason"), blank=True)
    dissent = models.TextField(_("disagreement"), blank=True)
    decided_at = models.DateTimeField(_("decided on"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_label = models.CharField(_("where it was decided"), max_length=200, blank=True)
    source_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [
            models.Index(fields=["project", "-decided_at", "-id"], name="decision_project_new"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("decisions-log", args=[self.project.slug]) + f"#decision-{self.pk}"


class DecisionSettings(models.Model):
    """A project's own choice about proposals: whether members see who responded how, or
    only the counts (a rule that records disagreement without names keeps them private too)."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="decision_settings"
    )
    responses_private = models.BooleanField(
        _("show only how many responded each way, never who"), default=False
    )

    def __str__(self) -> str:
        return f"Decision settings of {self.project}"
