"""Writes to the stakeholder map and its invitations. One transaction each.

The ``*_invitation`` actions and ``do_invite_stakeholder`` are the only places an
invitation is created or changes state.
"""

import logging
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from charter.actions import do_request_charter, do_withdraw_charters
from coproduce.accounts import do_confirm_email
from projects.actions import do_add_member, do_remove_member
from projects.models import Membership, Project, Role
from projects.timeline import do_forget_in_timeline, do_record_event
from reminders.outbox import do_cancel_reminders, do_forget_reminder_addresses

from .csvfile import HEADERS
from .invitations import (  # noqa: F401 (the names callers know them by)
    INVITATION_CHASE_AFTER,
    INVITATION_LIFETIME,
    answered_key,
    cancel_chaser,
    chaser_key,
    check_can_invite,
    check_invitation_open,
    get_invitation_by_token,
    invited_many,
    is_invitee,
    issue_invitation,
    schedule_chaser,
    tell_inviter,
)
from .matching import ADD, ON_MAP, apply_updates, plan_import
from .models import Import, Invitation, Stakeholder
from .rows import RowChecker

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    added: list[Stakeholder]
    updated: list[Stakeholder]
    skipped: int


@transaction.atomic
def do_add_stakeholder(*, project: Project, by=None, **fields) -> Stakeholder:
    """Add one stakeholder to the project's map."""
    stakeholder = Stakeholder.objects.create(project=project, **fields)
    do_record_event(
        project=project,
        actor=by,
        verb="map changed",
        summary=_("Added %(name)s to the stakeholder map."),
        people={"name": stakeholder},
    )
    return stakeholder


@transaction.atomic
def do_update_stakeholder(*, stakeholder: Stakeholder, by=None, **fields) -> Stakeholder:
    """Save changed fields of a stakeholder; if any changed, the timeline says so (not what:
    some of them, such as access needs, are never recorded there).

    If they may no longer be named (they withdrew their agreement, or are no longer taken for
    an organisation), the charter versions made since they could be are withdrawn and the
    charter is asked for again without them.
    """
    stored = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    changed = any(getattr(stored, name) != value for name, value in fields.items())
    for name, value in fields.items():
        setattr(stakeholder, name, value)
    stakeholder.save()
    if changed:
        do_record_event(
            project=stakeholder.project,
            actor=by,
            verb="map changed",
            summary=_("Changed the details of %(name)s on the stakeholder map."),
            people={"name": stakeholder},
        )
    if stored.may_be_named and not stakeholder.may_be_named:
        named_since = stored.created_at if stored.is_organisation else stored.named_consent_at
        project = stakeholder.project
        if do_withdraw_charters(project=project, made_since=named_since):
            do_request_charter(project=project, by=by)
    return stakeholder


@transaction.atomic
def do_erase_stakeholder(*, stakeholder: Stakeholder, by, remove_member: bool = False) -> int:
    """Erase a stakeholder everywhere the project recorded them; return charters withdrawn.

    Their details, invitations and reminders go; the timeline no longer names them; charter
    versions made since they were mapped are withdrawn and, if any were, the charter is asked
    for again (an earlier version without them stays current if nothing else changed). With ``remove_member`` they also leave the project: their power-check answers
    stay in the scores, no longer linked to anyone.
    """
    project = stakeholder.project
    # Who they joined as, as stored now (the instance may have been read before they joined).
    joined_as = Stakeholder.objects.select_related("user").get(pk=stakeholder.pk).user
    if remove_member and joined_as is not None:
        membership = project.memberships.filter(user=joined_as).first()
        if membership is not None:
            do_remove_member(membership=membership, by=by)
    for invitation_id in stakeholder.invitations.values_list("pk", flat=True):
        do_forget_reminder_addresses(key=chaser_key(invitation_id))
        do_cancel_reminders(key=answered_key(invitation_id))
    # Lines name people by reference: exactly the lines about them change, nobody else's.
    do_forget_in_timeline(project=project, person=stakeholder)
    if joined_as is not None:
        # What they did or had done to them once they joined, in this project, too.
        do_forget_in_timeline(project=project, person=joined_as, shown_as=Stakeholder)
    stakeholder.delete()
    withdrawn = do_withdraw_charters(project=project, made_since=stakeholder.created_at)
    summary = _("Erased a stakeholder's details.")
    if withdrawn:
        summary = ngettext(
            "Erased a stakeholder's details and withdrew a charter version that named them.",
            "Erased a stakeholder's details and withdrew %(count)s charter versions that "
            "named them.",
            withdrawn,
        ) % {"count": withdrawn}
    do_record_event(project=project, actor=by, verb="erased", summary=summary)
    if withdrawn:
        do_request_charter(project=project, by=by)
    return withdrawn


@transaction.atomic
def do_import_stakeholders(
    *,
    project: Project,
    rows: list[dict],
    key: str = "",
    by=None,
    columns: list[str] | None = None,
    update: bool = False,
) -> ImportResult | None:
    """Check every row again and save them all, or none if any fails.

    Rows matching someone on the map (``matching.plan_import``) are skipped, or with
    ``update`` change that person's details in the file's ``columns`` only; rows repeating
    an earlier row of the file are skipped. Importing the same file twice changes nothing.
    ``key`` names this import: confirming the same one again (a double click, even one that
    reached another web process) saves nothing and returns None. The database decides, so
    this holds without the shared cache. A fixed number of queries, however many rows.
    """
    planned = plan_import(project, rows)
    new, changes, checker = [], {}, RowChecker()
    for item in planned:
        fields, errors = checker.check(item.data)
        if errors:
            raise ValidationError(_("Line %(line)s is no longer valid.") % {"line": item.line})
        if item.action == ADD:
            new.append(Stakeholder(project=project, **fields))
        elif item.action == ON_MAP and update:
            changes[item.match_pk] = (fields, item.data)
    try:
        # A second confirmation waits here for the first to commit, then finds its key taken.
        with transaction.atomic():
            Import.objects.create(
                project=project,
                key=key or secrets.token_urlsafe(12),
                imported_by=by if by and by.is_authenticated else None,
                count=len(new),
            )
    except IntegrityError:
        return None
    added = Stakeholder.objects.bulk_create(new)
    updated = apply_updates(project, changes, columns if columns is not None else HEADERS)
    if added:
        do_record_event(
            project=project,
            actor=by,
            verb="map changed",
            summary=ngettext(
                "Imported %(count)s stakeholder from a file.",
                "Imported %(count)s stakeholders from a file.",
                len(added),
            )
            % {"count": len(added)},
        )
    if not added and not updated:
        do_record_event(
            project=project,
            actor=by,
            verb="map changed",
            summary=_("Imported a file whose rows were all on the map already: nothing changed."),
        )
    if updated:
        do_record_event(
            project=project,
            actor=by,
            verb="map changed",
            summary=ngettext(
                "Updated %(count)s stakeholder from a file.",
                "Updated %(count)s stakeholders from a file.",
                len(updated),
            )
            % {"count": len(updated)},
        )
    return ImportResult(
        added=added, updated=updated, skipped=len(planned) - len(added) - len(updated)
    )


# One whole sentence per role offered: a role word dropped into a sentence breaks its grammar.
INVITED_AS = {
    Role.PARTICIPANT: gettext_lazy("Invited %(name)s to join as a participant."),
    Role.OBSERVER: gettext_lazy("Invited %(name)s to join as an observer."),
}
JOINED_AS = {
    Role.FACILITATOR: gettext_lazy("%(name)s accepted the invitation and joined as a facilitator."),
    Role.PARTICIPANT: gettext_lazy("%(name)s accepted the invitation and joined as a participant."),
    Role.OBSERVER: gettext_lazy("%(name)s accepted the invitation and joined as an observer."),
}
JOINED_ELSEWHERE_AS = {
    Role.FACILITATOR: gettext_lazy(
        "%(name)s joined as a facilitator with an invitation sent to another email address; "
        "nothing recorded about the person invited was linked to them."
    ),
    Role.PARTICIPANT: gettext_lazy(
        "%(name)s joined as a participant with an invitation sent to another email address; "
        "nothing recorded about the person invited was linked to them."
    ),
    Role.OBSERVER: gettext_lazy(
        "%(name)s joined as an observer with an invitation sent to another email address; "
        "nothing recorded about the person invited was linked to them."
    ),
}


@transaction.atomic
def do_invite_stakeholder(
    *, stakeholder: Stakeholder, role: str, invited_by, message: str = ""
) -> Invitation:
    """Email the stakeholder a link to join the project with the role offered."""
    invitation = issue_invitation(
        stakeholder=stakeholder, role=role, invited_by=invited_by, message=message
    )
    do_record_event(
        project=stakeholder.project,
        actor=invited_by,
        verb="invited",
        summary=str(INVITED_AS[role]),
        people={"name": stakeholder},
    )
    return invitation


@dataclass(frozen=True)
class BulkInvitation:
    invited: list[Stakeholder]
    not_sent: list[tuple[Stakeholder, str]]


@transaction.atomic
def do_invite_stakeholders(
    *, stakeholders: list[Stakeholder], role: str, invited_by, message: str = ""
) -> BulkInvitation:
    """Email each of these stakeholders their own invitation, over one mail connection.

    Each is its own step: someone who cannot be invited (no email address, already a
    member) or whose email the mail server refuses is listed with the reason, and the
    others are still invited. One timeline line says how many were invited.
    """
    invited, not_sent = [], []
    connection = get_connection()
    try:
        for stakeholder in stakeholders:
            try:
                with transaction.atomic():
                    issue_invitation(
                        stakeholder=stakeholder,
                        role=role,
                        invited_by=invited_by,
                        message=message,
                        connection=connection,
                    )
            except ValidationError as error:
                not_sent.append((stakeholder, error.messages[0]))
            except Exception:  # the mail server refused it; the others still go
                logger.warning("Invitation to stakeholder %s not sent", stakeholder.pk)
                not_sent.append((stakeholder, _("The email could not be sent. Try again later.")))
            else:
                invited.append(stakeholder)
    finally:
        connection.close()
    if invited:
        do_record_event(
            project=invited[0].project,
            actor=invited_by,
            verb="invited",
            summary=invited_many(role, len(invited)),
        )
    return BulkInvitation(invited=invited, not_sent=not_sent)


@transaction.atomic
def do_resend_invitation(*, invitation: Invitation, invited_by) -> Invitation:
    """Send a new link for the same role; the old link stops working."""
    stakeholder = invitation.stakeholder
    invitation = issue_invitation(
        stakeholder=stakeholder, role=invitation.role, invited_by=invited_by
    )
    do_record_event(
        project=stakeholder.project,
        actor=invited_by,
        verb="invitation resent",
        summary=_("Sent %(name)s a new invitation link."),
        people={"name": stakeholder},
    )
    return invitation


@transaction.atomic
def do_revoke_invitation(*, invitation: Invitation, by=None) -> Invitation:
    """Stop the invitation's link from working, and its chaser from being sent."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("stakeholder__project")
        .get(pk=invitation.pk)
    )
    if not invitation.is_open:
        raise ValidationError(
            _("This invitation can no longer be used, so there is nothing to revoke.")
        )
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    cancel_chaser(invitation.pk)
    stakeholder = invitation.stakeholder
    do_record_event(
        project=stakeholder.project,
        actor=by,
        verb="invitation revoked",
        summary=_("Withdrew the invitation to %(name)s."),
        people={"name": stakeholder},
    )
    return invitation


@transaction.atomic
def do_accept_invitation(*, invitation: Invitation, user) -> Membership:
    """Make the user a member with the role offered.

    Anyone holding the link may join with it (links get forwarded), but only an account with
    the invited address becomes the stakeholder: linked to their record on the map (so it is
    in their data download and erased with their account) and given the perspective of its
    category. Anyone else joins with nothing recorded about the invitee, and the facilitators
    see who joined.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("stakeholder__project")
        .get(pk=invitation.pk)
    )
    check_invitation_open(invitation)
    stakeholder = invitation.stakeholder
    invitee = is_invitee(user, invitation)
    membership = do_add_member(
        project=stakeholder.project,
        user=user,
        role=invitation.role,
        perspective=stakeholder.perspective if invitee else "",
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    cancel_chaser(invitation.pk)
    tell_inviter(invitation, accepted=True)
    if invitee:
        do_confirm_email(user=user, email=stakeholder.email)
        stakeholder.user = user
        stakeholder.save(update_fields=["user", "updated_at"])
        summary = JOINED_AS[membership.role]
    else:
        # The line names only who joined: it is in the joiner's own data download.
        summary = JOINED_ELSEWHERE_AS[membership.role]
    do_record_event(
        project=stakeholder.project,
        actor=user,
        verb="joined",
        summary=str(summary),
        people={"name": user},
    )
    return membership


@transaction.atomic
def do_decline_invitation(*, invitation: Invitation) -> Invitation:
    """Record that the person said no; the link stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_invitation_open(invitation)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    do_record_event(
        project=invitation.stakeholder.project,
        actor=None,
        verb="declined",
        summary=_("%(name)s declined the invitation."),
        people={"name": invitation.stakeholder},
    )
    cancel_chaser(invitation.pk)
    tell_inviter(invitation, accepted=False)
    return invitation
