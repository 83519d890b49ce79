"""Inviting many stakeholders at once: those ticked on the list, or all matching its filter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from coproduce.pages import render_form
from coproduce.ratelimit import allow, too_many_requests
from projects.access import Can, access_project
from projects.models import Project

from .actions import do_invite_stakeholders
from .filters import filter_stakeholders
from .forms import InvitationForm
from .models import Stakeholder
from .visibility import get_map_view

AT_MOST = 500  # invitations in one go
BULK_SENDS_PER_HOUR = 10


def get_selection(project: Project, data: QueryDict) -> list[Stakeholder]:
    """The stakeholders chosen: the ids ticked, or with ``all`` everyone matching the
    list's filter as ``data`` holds it; only ever among those the member may see."""
    view = get_map_view(project)
    named = view.named(project.stakeholders.all())
    if data.get("all"):
        filterset = filter_stakeholders(data, named, view)
        chosen = filterset.qs if filterset.is_valid() else named.none()
    else:
        ids = [int(value) for value in data.getlist("s") if value.isdigit()]
        chosen = named.filter(pk__in=ids)
    return list(chosen.select_related("project").order_by("name", "pk")[: AT_MOST + 1])


def split_selection(project: Project, chosen: list[Stakeholder]) -> dict:
    """Who will be emailed, who has no address (to be reached another way), and who is
    already a member; in one query."""
    members = project.memberships.values_list("user_id", "user__email")
    member_ids = {user_id for user_id, _email in members}
    member_emails = {email.lower() for _user_id, email in members if email}
    emailed, no_email, joined = [], [], []
    for stakeholder in chosen[:AT_MOST]:
        if stakeholder.user_id in member_ids or stakeholder.email.lower() in member_emails:
            joined.append(stakeholder)
        elif not stakeholder.email:
            no_email.append(stakeholder)
        else:
            emailed.append(stakeholder)
    return {"emailed": emailed, "no_email": no_email, "joined": joined}


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_bulk_invite(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.MANAGE_MEMBERS)
    data = request.POST if request.method == "POST" else request.GET
    chosen = get_selection(project, data)
    groups = split_selection(project, chosen)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and groups["emailed"]:
        if not allow(f"bulk-invite:{request.user.pk}", limit=BULK_SENDS_PER_HOUR, period=3600):
            return too_many_requests(request, retry_after=3600)
        result = do_invite_stakeholders(
            stakeholders=groups["emailed"], invited_by=request.user, **form.cleaned_data
        )
        messages.success(request, sent_message(result))
        for stakeholder, reason in result.not_sent:
            messages.error(request, f"{stakeholder.name}: {reason}")
        return redirect("stakeholders-list", slug=project.slug)
    selection = [(key, value) for key, values in data.lists() for value in values]
    selection = [
        (k, v) for k, v in selection if k not in ("csrfmiddlewaretoken", "role", "message")
    ]
    context = {
        "project": project,
        "form": form,
        "selection": selection,
        "too_many": len(chosen) > AT_MOST,
        "at_most": AT_MOST,
        **groups,
    }
    return render_form(request, "stakeholders/stakeholder_bulk_invite.html", context, form)


def sent_message(result) -> str:
    return ngettext(
        "An invitation was emailed to %(count)s person, each their own.",
        "Invitations were emailed to %(count)s people, each their own.",
        len(result.invited),
    ) % {"count": len(result.invited)}
