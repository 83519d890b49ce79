"""The pages a person invited opens: the link, their answer, and where a reminder points.

Invitation links are opened by people who are not members yet, so these views do not go
through access_project: the token (then the session it was exchanged for) is the credential.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from coproduce.accounts import do_set_preferences
from coproduce.context_processors import EASY_READ_SESSION_KEY
from coproduce.ratelimit import allow, client_ip, too_many_requests

from .actions import (
    do_accept_invitation,
    do_decline_invitation,
    get_invitation_by_token,
    is_invitee,
)
from .models import Invitation

ATTEMPTS_PER_IP = 20  # opening or answering invitation links, per 10 minutes
INVITATION_SESSION_KEY = "invitation_id"
RATE_LIMITED = "rate-limited"


@never_cache
@csrf_exempt
def invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """Swap the token for a session entry and redirect, so the token leaves the address bar.

    Always a redirect, whatever the method: a 4xx here (a 405, a CSRF failure) would write
    the path, and so the token, to the logs. Nothing is consumed until the person answers.
    """
    if not allow(f"invitation:{client_ip(request)}", limit=ATTEMPTS_PER_IP, period=600):
        request.session[INVITATION_SESSION_KEY] = RATE_LIMITED
    else:
        invitation = get_invitation_by_token(token)
        request.session[INVITATION_SESSION_KEY] = invitation.pk if invitation else None
    return redirect("invitations-respond")


@require_GET
def invitation_waiting(request: HttpRequest) -> HttpResponse:
    """Where an invitation's reminder points: it cannot carry the invitation's own link."""
    return render(request, "stakeholders/invitation_waiting.html")


def get_held_invitation(request: HttpRequest) -> Invitation | HttpResponse:
    """The invitation whose link this browser opened, or the page to show instead."""
    held = request.session.get(INVITATION_SESSION_KEY, "missing")
    if held == RATE_LIMITED:
        return too_many_requests(request)
    invitation = (
        Invitation.objects.select_related("stakeholder__project", "invited_by")
        .filter(pk=held)
        .first()
        if isinstance(held, int)
        else None
    )
    if invitation is None:
        context = {"status": "unknown"}
        return render(request, "stakeholders/invitation_closed.html", context, status=404)
    if request.method == "POST" and not allow(
        f"invitation:{client_ip(request)}", limit=ATTEMPTS_PER_IP, period=600
    ):
        return too_many_requests(request)
    return invitation


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_respond(request: HttpRequest) -> HttpResponse:
    """Show the invitation held in the session, and accept it."""
    invitation = get_held_invitation(request)
    if isinstance(invitation, HttpResponse):
        return invitation
    if request.method == "POST":
        return accept_invitation(request, invitation)
    if not invitation.is_open:
        return invitation_closed(request, invitation)
    if request.GET.get("easy") in ("0", "1"):
        # Chosen here before the person has an account; kept on it once they accept.
        request.session[EASY_READ_SESSION_KEY] = request.GET["easy"] == "1"
    respond_url = reverse("invitations-respond")
    context = {
        "invitation": invitation,
        "project": invitation.stakeholder.project,
        "invitee": is_invitee(request.user, invitation),
        "login_url": reverse("account_login") + "?" + urlencode({"next": respond_url}),
        "next": respond_url,
    }
    return render(request, "stakeholders/invitation_respond.html", context)


def accept_invitation(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    if request.POST.get("answer") == "decline":  # the form of an earlier version of the page
        return redirect("invitations-decline")
    if request.POST.get("answer") != "accept" or not request.user.is_authenticated:
        return redirect("invitations-respond")
    try:
        do_accept_invitation(invitation=invitation, user=request.user)
    except ValidationError:
        invitation.refresh_from_db()
        return invitation_closed(request, invitation)
    del request.session[INVITATION_SESSION_KEY]
    # What they chose on the invitation, before they had an account, becomes their own.
    easy = bool(request.session.get(EASY_READ_SESSION_KEY)) or request.user.easy_read
    language = request.user.language or (
        request.LANGUAGE_CODE if settings.LANGUAGE_COOKIE_NAME in request.COOKIES else ""
    )
    if (easy, language) != (request.user.easy_read, request.user.language):
        do_set_preferences(user=request.user, language=language, easy_read=easy)
    project = invitation.stakeholder.project
    messages.success(request, _("Welcome to “%(project)s”.") % {"project": project.title})
    return redirect(project)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_decline(request: HttpRequest) -> HttpResponse:
    """Ask "decline?" first; only the button (a POST) declines, never opening a link."""
    invitation = get_held_invitation(request)
    if isinstance(invitation, HttpResponse):
        return invitation
    if request.method == "POST":
        try:
            do_decline_invitation(invitation=invitation)
        except ValidationError:
            invitation.refresh_from_db()
            return invitation_closed(request, invitation)
        del request.session[INVITATION_SESSION_KEY]
        return render(request, "stakeholders/invitation_declined.html")
    if not invitation.is_open:
        return invitation_closed(request, invitation)
    context = {"invitation": invitation, "project": invitation.stakeholder.project}
    return render(request, "stakeholders/invitation_decline.html", context)


def invitation_closed(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """Why the link no longer works, without naming the project to whoever holds it."""
    if (
        invitation.status == Invitation.Status.ACCEPTED
        and request.user.is_authenticated
        and invitation.accepted_by_id == request.user.pk
    ):
        return redirect(invitation.stakeholder.project)
    context = {"status": invitation.status}
    return render(request, "stakeholders/invitation_closed.html", context, status=410)
