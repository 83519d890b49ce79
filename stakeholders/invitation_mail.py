"""The invitation email: the only message that carries an invitation's link (its token is
never stored, so it is sent once, here, when the invitation is made)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from coproduce.text import one_line

from .models import Invitation


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("invitations-open", args=[token])


def send_invitation_email(invitation: Invitation, token: str, connection=None) -> None:
    """The invitation, in the project's language (the person invited has chosen none yet)."""
    with translation.override(invitation.stakeholder.project.language):
        build_invitation_email(invitation, token, connection).send()


def build_invitation_email(
    invitation: Invitation, token: str, connection=None
) -> EmailMultiAlternatives:
    """The invitation, from the site's address with replies going to the facilitator who sent
    it, with their personal message (escaped in the HTML part, as all user text is)."""
    stakeholder = invitation.stakeholder
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "stakeholder": stakeholder,
        "project": stakeholder.project,
        "inviter": invitation.invited_by,
        "url": invitation_url(token),
        "expires_at": invitation.expires_at,
    }
    subject = one_line(
        _("%(name)s invites you to join “%(project)s”")
        % {
            "name": invitation.invited_by.display_name if invitation.invited_by else _("Someone"),
            "project": stakeholder.project.title,
        }
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("stakeholders/email/invitation.txt", context),
        to=[stakeholder.email],
        reply_to=[inviter.email] if inviter and inviter.email else None,
        connection=connection,
    )
    message.attach_alternative(
        render_to_string("stakeholders/email/invitation.html", context), "text/html"
    )
    return message
