"""The power dynamics check: a checklist of statements, rounds of answers, and their scores."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.models import Membership, Perspective, Project, Role

from .wording import ICON_LABELS, ICONS, easy_read, shown

SCALE = [
    (0, _("Not at all")),
    (1, _("A little")),
    (2, _("Partly")),
    (3, _("Mostly")),
    (4, _("Fully")),
]
DONT_KNOW = _("Don’t know")
RESPONDER_ROLES = [Role.FACILITATOR, Role.PARTICIPANT]


class Checklist(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(unique=True)
    citation = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def default(cls) -> "Checklist":
        return cls.objects.get(slug="farr-2018")


class Section(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    citation = models.TextField(_("source"), blank=True)
    suggested_actions = models.JSONField(
        default=list, blank=True, help_text=_("Actions to suggest when this section scores lowest.")
    )

    class Meta:
        ordering = ["checklist", "order"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "order"], name="one_section_per_place"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """The heading in the reader's language."""
        return shown(self.title)

    @property
    def icon(self) -> str:
        """The easy-read picture for this section's statements."""
        return ICONS[(self.order - 1) % len(ICONS)]

    @property
    def icon_label(self) -> str:
        return gettext(ICON_LABELS[self.icon])


class QuestionQuerySet(models.QuerySet["Question"]):
    def for_project(self, project_id: int) -> "QuestionQuerySet":
        """The checklist's own statements and the ones this project added."""
        return self.filter(Q(project__isnull=True) | Q(project_id=project_id))


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="power_questions",
        help_text=_("Set for a statement one project added; empty for the checklist's own."),
    )
    text = models.CharField(_("statement"), max_length=300)
    order = models.PositiveIntegerField(default=0)
    citation = models.TextField(_("source"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["section__order", "order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def shown_text(self) -> str:
        """The checklist's own statements in the reader's language; a project's as written."""
        return shown(self.text) if self.project_id is None else self.text

    @property
    def easy_text(self) -> str:
        """The easy-read version, for the checklist's own statements."""
        return easy_read(self.text) if self.project_id is None else ""

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    @property
    def comment_field_name(self) -> str:
        return f"c{self.pk}"


class RoundQuerySet(models.QuerySet["Round"]):
    def still_open(self) -> "RoundQuerySet":
        return self.filter(status=Round.Status.OPEN, closes_at__gt=timezone.now())


class Round(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="power_rounds")
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("title"), max_length=200)
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(_("closing date"))
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    eligible_count = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Members who could answer, counted when it closed.")
    )
    created_by = models.ForeignKey(
        "coproduce.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("powercheck-results", args=[self.project.slug, self.pk])

    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and timezone.now() < self.closes_at

    def ended_at(self):
        """When answers stopped being accepted (None while open)."""
        if self.is_open():
            return None
        return self.closed_at or self.closes_at

    def questions(self) -> QuestionQuerySet:
        return Question.objects.filter(section__checklist_id=self.checklist_id).for_project(
            self.project_id
        )

    def eligible_members(self) -> models.QuerySet[Membership]:
        return self.project.memberships.filter(role__in=RESPONDER_ROLES)


class Response(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    perspective = models.CharField(
        _("perspective when answering"), max_length=20, choices=Perspective.choices, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    helped = models.TextField(_("what has helped co-production so far"), blank=True)
    hindered = models.TextField(_("what has got in the way"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="one_response_per_member"),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.round}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=SCALE, help_text=_("Empty means “don’t know”.")
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["question__section__order", "question__order", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=4), name="score_from_0_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.score_label}"

    @property
    def score_label(self) -> str:
        return DONT_KNOW if self.score is None else self.get_score_display()
