"""Sending invitations: the checks, the email and its chaser. The actions in ``actions.py``
call these inside their own transactions."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects.models import Membership, Role
from reminders.models import Reminder
from reminders.outbox import ReminderKey, do_cancel_reminders, do_schedule_reminder

from .invitation_mail import send_invitation_email
from .models import Invitation, Stakeholder, hash_token

INVITATION_LIFETIME = datetime.timedelta(days=14)
INVITATION_CHASE_AFTER = datetime.timedelta(days=7)
# How long the facilitator's email saying an invitation was answered is still worth sending.
ANSWER_NEWS_FOR = datetime.timedelta(days=7)


def check_can_invite(stakeholder: Stakeholder) -> None:
    """Raise ValidationError if this stakeholder cannot be sent an invitation."""
    if not stakeholder.email:
        raise ValidationError(_("Add an email address for them first."))
    if Membership.objects.filter(
        project_id=stakeholder.project_id, user__email__iexact=stakeholder.email
    ).exists() or (
        stakeholder.user_id
        and Membership.objects.filter(
            project_id=stakeholder.project_id, user_id=stakeholder.user_id
        ).exists()
    ):
        raise ValidationError(_("They are already a member of this project."))


def chaser_key(invitation_id: int) -> ReminderKey:
    return ReminderKey(Reminder.Kind.INVITATION_CHASER, invitation_id)


def cancel_chaser(invitation_id: int) -> None:
    """Cancel the invitation's chaser, if it has not been sent."""
    do_cancel_reminders(key=chaser_key(invitation_id))


def schedule_chaser(invitation: Invitation) -> Reminder | None:
    """One chaser 7 days after the invitation was sent, unless it expires first.

    It never carries the invitation's own link (only its hash is stored, and so it stays):
    it links to a page that says to use the link in the invitation or ask for a new one.
    Expiry needs nothing: a reminder is never sent after its event.
    """
    due_at = invitation.sent_at + INVITATION_CHASE_AFTER
    if due_at >= invitation.expires_at:
        return None
    project = invitation.stakeholder.project
    return do_schedule_reminder(
        key=chaser_key(invitation.pk),
        project=project,
        email=invitation.stakeholder.email,
        due_at=due_at,
        event_at=invitation.expires_at,
        title=_("Your invitation to join %(project)s is waiting") % {"project": project.title},
        url=reverse("invitations-waiting"),
    )


def issue_invitation(
    *, stakeholder: Stakeholder, role: str, invited_by, message: str = "", connection=None
) -> Invitation:
    """Revoke any open invitation, then create and email a new one with a fresh token.

    One chaser follows 7 days later if nobody has answered by then.
    """
    check_can_invite(stakeholder)
    now = timezone.now()
    replaced = Invitation.objects.filter(
        stakeholder=stakeholder,
        accepted_at__isnull=True,
        declined_at__isnull=True,
        revoked_at__isnull=True,
    )
    for invitation_id in replaced.values_list("pk", flat=True):
        cancel_chaser(invitation_id)
    replaced.update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        stakeholder=stakeholder,
        role=role,
        token_hash=hash_token(token),
        invited_by=invited_by,
        message=message,
        created_at=now,
        sent_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    schedule_chaser(invitation)
    # Sent inside the transaction: if the mail server refuses, no invitation is left behind.
    send_invitation_email(invitation, token, connection=connection)
    return invitation


def answered_key(invitation_id: int) -> ReminderKey:
    return ReminderKey(Reminder.Kind.INVITATION_ANSWERED, invitation_id)


def tell_inviter(invitation: Invitation, *, accepted: bool) -> Reminder | None:
    """Email whoever sent the invitation that it was accepted or declined, through the outbox.

    The title does not name the person (the outbox keeps titles; people are referenced, not
    copied): it links to their page on the map, which does, for as long as they are on it.
    """
    if invitation.invited_by_id is None:
        return None
    project = invitation.stakeholder.project
    now = timezone.now()
    names = {"project": project.title}
    if accepted:
        title = _("Someone you invited to “%(project)s” accepted and has joined") % names
    else:
        title = _("Someone you invited to “%(project)s” declined the invitation") % names
    return do_schedule_reminder(
        key=answered_key(invitation.pk),
        project=project,
        recipient=invitation.invited_by,
        due_at=now,
        event_at=now + ANSWER_NEWS_FOR,
        title=title,
        url=reverse("stakeholders-detail", args=[project.slug, invitation.stakeholder_id]),
    )


def invited_many(role: str, count: int) -> str:
    """The timeline's line for a bulk invitation, one whole sentence per role."""
    if role == Role.OBSERVER:
        text = ngettext(
            "Invited %(count)s person to join as an observer.",
            "Invited %(count)s people to join as observers.",
            count,
        )
    else:
        text = ngettext(
            "Invited %(count)s person to join as a participant.",
            "Invited %(count)s people to join as participants.",
            count,
        )
    return text % {"count": count}


def get_invitation_by_token(token: str) -> Invitation | None:
    """The invitation whose link carries this token, whatever its status."""
    return Invitation.objects.filter(token_hash=hash_token(token)).first()


def check_invitation_open(invitation: Invitation) -> None:
    """Raise ValidationError unless the invitation can still be accepted or declined."""
    if not invitation.is_open:
        raise ValidationError(invitation.status)


def is_invitee(user, invitation: Invitation) -> bool:
    """Whether this account has the address the invitation was sent to.

    Holding the link shows the person reads that mailbox, so accepting it also confirms the
    address (``do_accept_invitation``); an account whose address is not confirmed is matched
    by nothing else.
    """
    invited = invitation.stakeholder.email.strip().lower()
    return bool(invited) and user.is_authenticated and user.email.lower() == invited
