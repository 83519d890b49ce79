"""The one place that answers "may this user do X to this project?".

Non-members get 404 (a project's existence is not leaked), members without the
right get 403. Anonymous users never reach here: views are wrapped in
``login_required``.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from coproduce.accounts import TwoFactorRequired

from .models import Membership, Project, Role


class Can(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    MANAGE_MEMBERS = "manage members"
    RESPOND = "respond"
    SEE_RESULTS = "see results"
    GENERATE_CHARTER = "generate charter"
    DOWNLOAD_CHARTER = "download charter"
    EXPORT = "export"
    DELETE = "delete"
    # Every person on the stakeholder map by name, with the facilitators' working notes
    # (power, interest, seldom heard). Others see organisations and people who agreed to be
    # named (stakeholders/visibility.py).
    SEE_EVERYONE_MAPPED = "see everyone mapped"
    # Put a proposal to the group, respond to proposals and comment on them.
    PROPOSE = "propose"
    # Sign or decline the charter for a partner organisation: any member may be named to
    # (observers are invited to sign); only the member named does (partners/views.py).
    SIGN_FOR_A_PARTNER = "sign for a partner"
    # Log one's own time, choose how to be paid and claim expenses (reciprocity/).
    CLAIM = "claim payment"
    # See and approve everyone's time, claims and amounts; mark people not eligible.
    MANAGE_PAYMENTS = "manage payments"


RIGHTS: dict[str, frozenset[Can]] = {
    Role.FACILITATOR: frozenset(Can),
    Role.PARTICIPANT: frozenset(
        {
            Can.VIEW,
            Can.RESPOND,
            Can.PROPOSE,
            Can.SEE_RESULTS,
            Can.DOWNLOAD_CHARTER,
            Can.SIGN_FOR_A_PARTNER,
            Can.CLAIM,
        }
    ),
    Role.OBSERVER: frozenset(
        {Can.VIEW, Can.SEE_RESULTS, Can.DOWNLOAD_CHARTER, Can.SIGN_FOR_A_PARTNER}
    ),
}


def may(membership: Membership | None, can: Can) -> bool:
    """Whether the holder of this membership (None: not a member) has the right."""
    return membership is not None and can in RIGHTS[membership.role]


def get_membership(user, project: Project) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(project=project, user=user).first()


def check_two_factor(user, membership: Membership) -> None:
    """Raise TwoFactorRequired if the project asks its facilitators to use two-factor sign-in
    and this facilitator has not turned it on (they see access needs and notes)."""
    if (
        membership.role == Role.FACILITATOR
        and membership.project.facilitators_need_two_factor
        and not user.has_two_factor()
    ):
        raise TwoFactorRequired(membership.project.title)


def access_project(user, slug: str, can: Can = Can.VIEW) -> Project:
    """The project with this slug, with ``project.membership`` set to the user's membership.

    Raises Http404 for a missing project or a non-member, PermissionDenied for a
    member without the right.
    """
    membership = (
        Membership.objects.select_related("project")
        .filter(project__slug=slug, user_id=user.pk)
        .first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404("No such project.")
    check_two_factor(user, membership)
    if not may(membership, can):
        raise PermissionDenied(f"Your role in this project does not allow you to {can}.")
    project = membership.project
    project.membership = membership
    return project


def check_assigned(project: Project, *, assigned: set[int | None], can: Can | None) -> None:
    """Let through the member of ``project`` (from ``access_project``) who holds one of the
    ``assigned`` memberships (a meeting's chair or note-taker, an action's owner) or has the
    right ``can`` (None: nobody by right); raise PermissionDenied for anyone else."""
    membership = project.membership
    if membership.pk in assigned or (can is not None and may(membership, can)):
        return
    raise PermissionDenied("Only the members this is given to may do this.")


def may_see_amounts_of(membership: Membership | None, user_id: int) -> bool:
    """A person's time, claims and amounts are seen by them (if they may claim) and by those
    who manage payments; by no other member."""
    if membership is None:
        return False
    if membership.user_id == user_id:
        return may(membership, Can.CLAIM)
    return may(membership, Can.MANAGE_PAYMENTS)


def access_amounts_of(user, slug: str, user_id: int) -> Project:
    """The project, if the user may see this person's amounts in it; 404 for a non-member,
    403 for a member who may not."""
    project = access_project(user, slug, Can.VIEW)
    if not may_see_amounts_of(project.membership, user_id):
        raise PermissionDenied("Only the person and the facilitators see what they are paid.")
    return project
