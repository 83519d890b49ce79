"""The project's partner organisations, who signs for each, and their answers to the charter.

A signature is given to one charter version (``Charter``); a later version asks again unless
it says the same as the one signed (it differs only in who has signed off: see
``partners/standing.py``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from charter.models import Charter
from projects.models import Membership, Project
from stakeholders.models import Category, Stakeholder


class Kind(models.TextChoices):
    STATUTORY = "statutory", _("Statutory body")
    HEALTH = "health", _("Health body")
    UNIVERSITY = "university", _("University")
    VOLUNTARY = "voluntary", _("Voluntary or community group")
    FUNDER = "funder", _("Funder")
    BUSINESS = "business", _("Business")
    OTHER = "other", _("Other")


# Where a signatory invited by email goes on the stakeholder map.
CATEGORY_OF_KIND = {
    Kind.STATUTORY: Category.POLICYMAKER,
    Kind.HEALTH: Category.PRACTITIONER,
    Kind.UNIVERSITY: Category.RESEARCHER,
    Kind.VOLUNTARY: Category.COMMUNITY_GROUP,
    Kind.FUNDER: Category.FUNDER,
    Kind.BUSINESS: Category.OTHER,
    Kind.OTHER: Category.OTHER,
}


def logo_upload_to(partner: "Partner", filename: str) -> str:
    """Never served publicly (only through an access-checked view): the name need only be
    unique, and never keeps the name it was uploaded with."""
    extension = {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}
    return f"partner-logos/{partner.project_id}/{uuid.uuid4().hex}.{extension[partner.logo_type]}"


class Partner(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("name of the organisation"), max_length=200)
    kind = models.CharField(_("kind of organisation"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), max_length=300, blank=True)
    logo = models.FileField(upload_to=logo_upload_to, blank=True)
    logo_type = models.CharField(max_length=20, blank=True, editable=False)
    logo_alt = models.CharField(_("describe the logo"), max_length=200, blank=True)
    stakeholders = models.ManyToManyField(
        Stakeholder, blank=True, related_name="partners", verbose_name=_("people on the map")
    )
    members = models.ManyToManyField(
        Membership, blank=True, related_name="partners", verbose_name=_("members")
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners-list", args=[self.project.slug]) + f"#partner-{self.pk}"

    @property
    def alt_text(self) -> str:
        """What a screen reader says for the logo: never nothing."""
        return self.logo_alt or str(_("Logo of %(name)s") % {"name": self.name})


class Signatory(models.Model):
    """Someone who signs the charter for a partner: a member, or a person invited by email
    (a stakeholder on the map, invited to join as an observer) who signs once they join."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="signatories")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signatory_records",
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, null=True, blank=True, related_name="signatories"
    )
    role = models.CharField(_("their role in the organisation"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(stakeholder__isnull=False),
                name="signatory_is_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} for {self.partner}"

    @property
    def person(self):
        """The account that signs: the member named, or the invited person once they joined."""
        if self.user_id:
            return self.user
        return self.stakeholder.user if self.stakeholder else None

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.display_name
        return self.stakeholder.name

    def is_for(self, user) -> bool:
        person = self.person
        return person is not None and person.pk == user.pk


class SigningRequest(models.Model):
    """A charter version a facilitator sent to the partners to sign."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="signing_requests")
    charter = models.OneToOneField(
        Charter, on_delete=models.CASCADE, related_name="signing_request"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        get_latest_by = "sent_at"

    def __str__(self) -> str:
        return f"Version {self.charter.version} of {self.project} sent for signature"


class Answer(models.Model):
    """A signatory's answer to one charter version: signed, or declined with a reason."""

    class Decision(models.TextChoices):
        SIGNED = "signed", _("Signed")
        DECLINED = "declined", _("Declined")

    signatory = models.ForeignKey(Signatory, on_delete=models.CASCADE, related_name="answers")
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    name = models.CharField(_("your name"), max_length=200, blank=True)
    role = models.CharField(_("your role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    signed_on = models.DateField(_("date"), null=True, blank=True)
    statement = models.TextField(_("what you sign for"), blank=True)
    reason = models.TextField(_("why you are not signing"), blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-answered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["signatory", "charter"], name="one_answer_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.signatory}: {self.decision} version {self.charter.version}"

    @property
    def is_signed(self) -> bool:
        return self.decision == self.Decision.SIGNED
