"""Where each partner stands: which charter version it signed, who has not answered, and
whether a signature still holds.

A signature is given to one version. It holds for a later one only if that version says the
same: its charter fingerprint (``made_from``) differs only in the names every part declares
as sign-off (``charter_signoff_names``: who signed, who agreed to the ground rules). So the
version made to record the signatures asks nobody again, and any other change does.
"""

from dataclasses import dataclass, field
from typing import Any

from charter.models import Charter
from projects.models import Project
from projects.parts import get_signoff_names

from .models import Answer, Partner, Signatory, SigningRequest


def terms(made_from: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a version says, leaving out who signed it off (None: not known)."""
    if made_from is None:
        return None
    names = get_signoff_names()
    return {name: value for name, value in made_from.items() if name not in names}


def get_current_request(project: Project) -> SigningRequest | None:
    """The version most recently sent to the partners to sign, if it is still ready."""
    return (
        SigningRequest.objects.select_related("charter")
        .filter(project=project, charter__status=Charter.Status.READY)
        .first()
    )


@dataclass
class Standing:
    """One partner's answers to the version asked (or to what the charter says now)."""

    partner: Partner
    signatories: list[Signatory]
    signed: list[Answer] = field(default_factory=list)
    declined: list[Answer] = field(default_factory=list)

    @property
    def is_signed(self) -> bool:
        return bool(self.signed)

    @property
    def waiting(self) -> list[Signatory]:
        """Signatories who have not answered while the partner has not signed."""
        if self.is_signed:
            return []
        answered = {answer.signatory_id for answer in self.declined}
        return [s for s in self.signatories if s.pk not in answered]

    @property
    def waiting_names(self) -> list[str]:
        """Who has not answered, as facilitators know them."""
        return [signatory.display_name for signatory in self.waiting]


def holds(answer: Answer, charter_id: int | None, asked_terms: dict | None) -> bool:
    """Whether an answer given to its version counts for the version asked."""
    if answer.charter_id == charter_id:
        return True
    return asked_terms is not None and terms(answer.charter.made_from) == asked_terms


def get_standings(
    project: Project, *, charter_id: int | None, asked_terms: dict | None
) -> list[Standing]:
    """Each partner's standing towards one version (``charter_id``) or what it says
    (``asked_terms``): three queries, however many partners and answers."""
    partners = list(
        project.partners.prefetch_related("signatories__user", "signatories__stakeholder__user")
    )
    standings = {
        partner.pk: Standing(partner, list(partner.signatories.all())) for partner in partners
    }
    answers = (
        Answer.objects.filter(signatory__partner__project=project)
        .select_related("charter", "signatory")
        .order_by("answered_at", "pk")
    )
    for answer in answers:
        if not holds(answer, charter_id, asked_terms):
            continue
        standing = standings[answer.signatory.partner_id]
        (standing.signed if answer.is_signed else standing.declined).append(answer)
    return list(standings.values())


def get_request_standings(request: SigningRequest | None, project: Project) -> list[Standing]:
    """Each partner's answers to the version sent for signature."""
    if request is None:
        return get_standings(project, charter_id=None, asked_terms=None)
    return get_standings(
        project, charter_id=request.charter_id, asked_terms=terms(request.charter.made_from)
    )


def signatories_of(user, project: Project | None = None):
    """The signatory records that are this person (named as a member, or invited and joined)."""
    records = Signatory.objects.filter(user=user) | Signatory.objects.filter(stakeholder__user=user)
    if project is not None:
        records = records.filter(partner__project=project)
    return records.select_related("partner__project", "user", "stakeholder")
