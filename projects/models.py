from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    PARTICIPANT = "participant", _("Participant")
    OBSERVER = "observer", _("Observer")


class Perspective(models.TextChoices):
    COMMUNITY = "community", _("Lived experience or community member")
    PRACTITIONER = "practitioner", _("Practitioner")
    RESEARCHER = "researcher", _("Researcher")
    ORGANISATION = "organisation", _("Organisation or funder")

    @classmethod
    def community(cls) -> list[str]:
        """Perspectives whose view of power is compared against professionals'."""
        return [cls.COMMUNITY]

    @classmethod
    def professional(cls) -> list[str]:
        return [cls.PRACTITIONER, cls.RESEARCHER, cls.ORGANISATION]


def default_time_zone() -> str:
    return settings.TIME_ZONE


class ProjectQuerySet(models.QuerySet["Project"]):
    def for_user(self, user) -> "ProjectQuerySet":
        return self.filter(memberships__user=user)


class Project(models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    aim = models.TextField(_("what are we trying to achieve?"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNING)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    review_date = models.DateField(_("charter review date"), null=True, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en-gb",
        help_text=_(
            "Emails to members who have not chosen a language, and to people invited, are in "
            "this language."
        ),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        help_text=_("Dates and times in reminders and calendars are shown in this time zone."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    definitions = models.JSONField(_("definitions of co-production we work from"), default=list)
    own_definition = models.TextField(_("our own definition"), blank=True)
    ground_rules_version = models.PositiveIntegerField(default=0)
    share_map_positions = models.BooleanField(
        _("show members and the charter where named people sit on the power and interest grid"),
        default=False,
        help_text=_(
            "Where people sit on the grid is the facilitators’ working note. Organisations and "
            "groups are always shown; people who have not agreed to be named never are."
        ),
    )

    facilitators_need_two_factor = models.BooleanField(
        _("facilitators must use two-factor sign-in"),
        default=False,
        help_text=_(
            "Facilitators see access needs and notes about people. With this on, a "
            "facilitator who has not turned on two-factor sign-in is asked to before they can "
            "open the project."
        ),
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects-detail", args=[self.slug])

    def facilitators(self) -> models.QuerySet["Membership"]:
        return self.memberships.filter(role=Role.FACILITATOR)

    @property
    def zone(self) -> ZoneInfo:
        """The project's time zone (the site's default if the stored name is unknown)."""
        try:
            return ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(settings.TIME_ZONE)


class Membership(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    perspective = models.CharField(
        _("perspective"), max_length=20, choices=Perspective.choices, blank=True
    )
    joined_at = models.DateTimeField(default=timezone.now)
    reminders_enabled = models.BooleanField(_("send me reminders"), default=True)

    class Meta:
        ordering = ["role", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="one_membership_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.project}"

    @property
    def is_facilitator(self) -> bool:
        return self.role == Role.FACILITATOR


class Goal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Not yet met")
        MET = "met", _("Met")
        DROPPED = "dropped", _("Dropped")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=300)
    measure = models.CharField(_("how we will know"), max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class AuditEvent(models.Model):
    """One line of a project's timeline: who did what, when. Never holds sensitive values.

    People are referenced, not copied: ``summary`` holds a ``{placeholder}`` for each person
    the line names and ``people`` maps it to ``[model label, id]`` (the id is None once
    they are forgotten). ``projects.timeline.get_lines`` names them when the line is shown.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    people = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb}: {self.summary}"
