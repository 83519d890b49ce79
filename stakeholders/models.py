import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import Perspective, Project, Role


class Category(models.TextChoices):
    LIVED_EXPERIENCE = "lived_experience", _("Person with lived experience")
    CARER = "carer", _("Carer or family member")
    COMMUNITY_GROUP = "community_group", _("Community or voluntary group")
    PRACTITIONER = "practitioner", _("Frontline practitioner")
    RESEARCHER = "researcher", _("Researcher")
    FUNDER = "funder", _("Commissioner or funder")
    POLICYMAKER = "policymaker", _("Policymaker")
    OTHER = "other", _("Other")

    @classmethod
    def lived_experience(cls) -> list[str]:
        """Categories counted as lived experience in the reach check."""
        return [cls.LIVED_EXPERIENCE, cls.CARER]


# The perspective a stakeholder brings when they join (blank: they choose it later).
PERSPECTIVE_OF_CATEGORY: dict[str, str] = {
    Category.LIVED_EXPERIENCE: Perspective.COMMUNITY,
    Category.CARER: Perspective.COMMUNITY,
    Category.COMMUNITY_GROUP: Perspective.COMMUNITY,
    Category.PRACTITIONER: Perspective.PRACTITIONER,
    Category.RESEARCHER: Perspective.RESEARCHER,
    Category.FUNDER: Perspective.ORGANISATION,
    Category.POLICYMAKER: Perspective.ORGANISATION,
    Category.OTHER: "",
}


class Involvement(models.TextChoices):
    INFORM = "inform", _("Inform")
    CONSULT = "consult", _("Consult")
    ENGAGE = "engage", _("Engage")
    CO_DESIGN = "co_design", _("Co-design")
    CO_PRODUCE = "co_produce", _("Co-produce")


SCALE = [(n, str(n)) for n in range(1, 6)]
ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


# Who may be shown by name to members and in the charter: organisations and groups, and people
# who agreed to be named (stakeholders/visibility.py decides who sees what).
NAMED = models.Q(is_organisation=True) | models.Q(named_consent_at__isnull=False)


class StakeholderQuerySet(models.QuerySet["Stakeholder"]):
    def seldom_heard(self) -> "StakeholderQuerySet":
        return self.filter(seldom_heard=True)

    def rated(self) -> "StakeholderQuerySet":
        """Those whose power and interest are both rated: the ones with a place on the grid."""
        return self.filter(RATED)

    def named(self) -> "StakeholderQuerySet":
        """Organisations and groups, and people who agreed to be named."""
        return self.filter(NAMED)

    def about(self, user) -> "StakeholderQuerySet":
        """The rows about this person: linked to their account, or with their address once
        they have confirmed it (an unconfirmed account could hold anybody's address)."""
        query = models.Q(user=user)
        if user.email and user.has_verified_email():
            query |= models.Q(email__iexact=user.email)
        return self.filter(query)

    def with_invitations(self) -> "StakeholderQuerySet":
        """Each stakeholder's invitations, newest first, in one extra query."""
        return self.prefetch_related(
            models.Prefetch(
                "invitations",
                queryset=Invitation.objects.order_by("-created_at", "-pk"),
                to_attr="invitation_list",
            )
        )


class Stakeholder(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    is_organisation = models.BooleanField(
        _("an organisation or group, not one person"), default=False
    )
    email = models.EmailField(_("email address"), blank=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    # Unset until a facilitator rates them: nobody is placed on the grid by default.
    power = models.PositiveSmallIntegerField(
        _("power or influence"), choices=SCALE, null=True, blank=True, validators=ONE_TO_FIVE
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"), choices=SCALE, null=True, blank=True, validators=ONE_TO_FIVE
    )
    seldom_heard = models.BooleanField(_("seldom heard"), default=False)
    current_involvement = models.CharField(
        _("involved now"), max_length=20, choices=Involvement.choices, default=Involvement.INFORM
    )
    intended_involvement = models.CharField(
        _("involvement we aim for"),
        max_length=20,
        choices=Involvement.choices,
        default=Involvement.CO_PRODUCE,
    )
    access_needs = models.TextField(_("access needs"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    consent_recorded_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    named_consent_at = models.DateTimeField(
        _("agreed to be named to members and in the charter"), null=True, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stakeholder_records",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StakeholderQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(power__isnull=True) | models.Q(power__gte=1, power__lte=5),
                name="stakeholder_power_unset_or_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(interest__isnull=True)
                | models.Q(interest__gte=1, interest__lte=5),
                name="stakeholder_interest_unset_or_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["project", "category"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stakeholders-detail", args=[self.project.slug, self.pk])

    def get_category_display(self) -> str:
        # Django's own looks the value up among all the translated labels on every call,
        # which is slow on pages that list hundreds of stakeholders.
        if self.category in Category.values:
            return str(Category(self.category).label)
        return self.category

    @property
    def perspective(self) -> str:
        """The perspective this stakeholder brings to the project when they join."""
        return PERSPECTIVE_OF_CATEGORY[self.category]

    @property
    def may_be_named(self) -> bool:
        """Whether members and the charter may show them by name (``NAMED``)."""
        return self.is_organisation or self.named_consent_at is not None

    @property
    def is_rated(self) -> bool:
        """Whether both power and interest have been rated, and so they have a place on the grid."""
        return self.power is not None and self.interest is not None

    @property
    def quadrant(self) -> str:
        """Where they sit on the power/interest grid, in plain words ("Not rated yet")."""
        return quadrant_of(self.power, self.interest)

    @property
    def latest_invitation(self) -> "Invitation | None":
        """The newest invitation (uses ``with_invitations()`` when it was prefetched)."""
        if hasattr(self, "invitation_list"):
            return self.invitation_list[0] if self.invitation_list else None
        return self.invitations.order_by("-created_at", "-pk").first()


# Power or interest of 3 and more counts as high: the boundary sits between 2 and 3.
HIGH = 3
QUADRANTS = {
    (True, True): _("Manage closely"),
    (True, False): _("Keep satisfied"),
    (False, True): _("Keep informed"),
    (False, False): _("Monitor"),
}
NOT_RATED = _("Not rated yet")
RATED = models.Q(power__isnull=False, interest__isnull=False)


def quadrant_of(power: int | None, interest: int | None) -> str:
    """The quadrant of a place on the grid, or "Not rated yet" while either is unset."""
    if power is None or interest is None:
        return NOT_RATED
    return QUADRANTS[(power >= HIGH, interest >= HIGH)]


def hash_token(token: str) -> str:
    """The SHA-256 of an invitation token: the only form in which tokens are stored."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def still_open(self) -> "InvitationQuerySet":
        """Invitations whose link can still be used: not answered, revoked or expired."""
        return self.filter(
            accepted_at__isnull=True,
            declined_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )


class Invitation(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    ROLES = [(Role.PARTICIPANT, Role.PARTICIPANT.label), (Role.OBSERVER, Role.OBSERVER.label)]

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role offered"), max_length=20, choices=ROLES)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("personal message"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation to {self.stakeholder} ({self.get_status_display()})"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.declined_at:
            return self.Status.DECLINED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.SENT

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def is_open(self) -> bool:
        """Whether the link in it can still be used."""
        return self.status == self.Status.SENT

    @property
    def accepted_by_someone_else(self) -> bool:
        """Accepted from an account without the invited address (a forwarded link, say), so
        not linked to the stakeholder's record."""
        return self.accepted_by_id is not None and self.accepted_by_id != self.stakeholder.user_id


class Import(models.Model):
    """A CSV import that was confirmed: its key (from the preview's address) is unique, so a
    second confirmation of the same import, such as a double click, saves nothing."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="imports")
    key = models.CharField(max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.count} stakeholders imported into {self.project}"
