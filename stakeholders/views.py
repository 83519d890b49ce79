import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from coproduce.pages import render_form
from coproduce.ratelimit import allow, too_many_requests
from projects.access import Can, access_project
from projects.models import Project

from .actions import (
    check_can_invite,
    do_add_stakeholder,
    do_erase_stakeholder,
    do_invite_stakeholder,
    do_resend_invitation,
    do_revoke_invitation,
    do_update_stakeholder,
)
from .filters import filter_stakeholders
from .forms import (
    CategoryFilterForm,
    EraseStakeholderForm,
    InvitationForm,
    StakeholderForm,
)
from .grid import count_not_on_grid, get_grid, not_rated_yet, stakeholders_on_grid
from .models import Category, Invitation, Stakeholder
from .reach import get_reach
from .visibility import get_map_view

PER_PAGE = 50
ANSWERED_SHOWN_FOR = datetime.timedelta(days=14)
INVITES_PER_HOUR = 30


def get_stakeholder(project: Project, stakeholder_id: int) -> Stakeholder:
    """A stakeholder the member may see: someone they may not see by name is not found,
    exactly as if there were nobody with that id."""
    stakeholders = get_map_view(project).named(project.stakeholders.all())
    return get_object_or_404(stakeholders, pk=stakeholder_id)


def list_context(request: HttpRequest, project: Project, **extra) -> dict:
    view = get_map_view(project)
    named = view.named(project.stakeholders.all())
    filterset = filter_stakeholders(request.GET, named, view)
    stakeholders = filterset.qs.with_invitations() if filterset.is_valid() else named.none()
    page = Paginator(stakeholders, PER_PAGE).get_page(request.GET.get("page"))
    for stakeholder in page.object_list:
        stakeholder.placed = view.may_place(stakeholder)
    reach = get_reach(project)
    filtering = any(value for key, value in request.GET.items() if key not in ("page", "sort"))
    return {
        "project": project,
        "view": view,
        "page": page,
        "filter": filterset,
        "filtering": filtering,
        "query": query_without(request, "page"),
        "sorts": sort_links(request, filterset),
        "reach": reach,
        "not_named": reach.total - (named.count() if filtering else page.paginator.count),
        "answered": recently_answered(project) if view.everyone else [],
        **extra,
    }


def query_without(request: HttpRequest, *names: str) -> str:
    """The page's query string less ``names``, to carry the filter into other links."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def sort_links(request: HttpRequest, filterset) -> dict[str, dict]:
    """For each column the list may be sorted by: the address that sorts by it (the other way
    if it already is), and how it is sorted now (for ``aria-sort``)."""
    current = request.GET.get("sort", "")
    links = {}
    for param in filterset.filters["sort"].param_map:
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{param}" if current == param else param
        state = {param: "ascending", f"-{param}": "descending"}.get(current, "none")
        if not current and param == "name":
            state = "ascending"
        links[param] = {"url": "?" + query.urlencode(), "state": state}
    return links


def recently_answered(project: Project) -> list[Invitation]:
    """Invitations answered in the last fortnight, newest first, for the facilitators."""
    since = timezone.now() - ANSWERED_SHOWN_FOR
    return list(
        Invitation.objects.filter(stakeholder__project=project)
        .filter(Q(accepted_at__gte=since) | Q(declined_at__gte=since))
        .select_related("stakeholder")
        .order_by("-pk")[:10]
    )


@login_required
def stakeholder_list(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    context = list_context(request, project, form=StakeholderForm())
    return render(request, "stakeholders/stakeholder_list.html", context)


# Error reports (should one ever be mailed or shown) print these form fields as stars.
hide_sensitive_fields = sensitive_post_parameters("access_needs", "notes", "email")


@login_required
@require_POST
@hide_sensitive_fields
def stakeholder_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = StakeholderForm(request.POST)
    added = None
    if form.is_valid():
        added = do_add_stakeholder(project=project, by=request.user, **form.stakeholder_fields())
        if not request.htmx:
            messages.success(request, _("%(name)s was added to the map.") % {"name": added})
            return redirect("stakeholders-list", slug=project.slug)
        form = StakeholderForm()
    context = list_context(request, project, form=form, added=added)
    if request.htmx:
        response = render(
            request, "stakeholders/stakeholder_list.html#stakeholder-section", context
        )
        return retarget(reswap(response, "outerHTML"), "#stakeholder-section")
    return render_form(request, "stakeholders/stakeholder_list.html", context, form)


@login_required
def stakeholder_detail(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    stakeholder = get_stakeholder(project, stakeholder_id)
    view = get_map_view(project)
    invitations = stakeholder.invitations.select_related("invited_by", "accepted_by")
    context = {
        "project": project,
        "stakeholder": stakeholder,
        "view": view,
        "placed": view.may_place(stakeholder),
        "invitations": invitations,
    }
    return render(request, "stakeholders/stakeholder_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@hide_sensitive_fields
def stakeholder_update(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    stakeholder = get_stakeholder(project, stakeholder_id)
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    if request.method == "POST" and form.is_valid():
        do_update_stakeholder(stakeholder=stakeholder, by=request.user, **form.stakeholder_fields())
        if not request.htmx:
            messages.success(request, _("%(name)s was saved.") % {"name": stakeholder})
            return redirect("stakeholders-list", slug=project.slug)
        stakeholder = project.stakeholders.with_invitations().get(pk=stakeholder.pk)
        context = {"project": project, "stakeholder": stakeholder, "saved": True}
        context["view"] = get_map_view(project)
        return render(request, "stakeholders/stakeholder_list.html#stakeholder-row", context)
    context = {"project": project, "stakeholder": stakeholder, "edit_form": form}
    template = "stakeholders/stakeholder_edit.html"
    return render_form(
        request, template + ("#stakeholder-edit" if request.htmx else ""), context, form
    )


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_delete(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    stakeholder = get_stakeholder(project, stakeholder_id)
    form = EraseStakeholderForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            withdrawn = do_erase_stakeholder(
                stakeholder=stakeholder, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("remove_member", error)
        else:
            messages.success(request, erased_message(stakeholder.name, withdrawn))
            return redirect("stakeholders-list", slug=project.slug)
    member = project.memberships.filter(user_id=stakeholder.user_id).exists()
    context = {"project": project, "stakeholder": stakeholder, "form": form, "member": member}
    return render_form(request, "stakeholders/stakeholder_delete.html", context, form)


def erased_message(name: str, withdrawn: int) -> str:
    message = _("%(name)s was erased from the project.") % {"name": name}
    if withdrawn:
        message += " " + ngettext(
            "A charter version that named them was withdrawn; the current charter does not "
            "name them.",
            "%(count)s charter versions that named them were withdrawn; the current charter "
            "does not name them.",
            withdrawn,
        ) % {"count": withdrawn}
    return message


@login_required
def stakeholder_grid(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    filter_form = CategoryFilterForm(request.GET)
    category = filter_form.cleaned_data["category"] if filter_form.is_valid() else ""
    view = get_map_view(project)
    stakeholders = stakeholders_on_grid(project, category, view)
    context = {
        "project": project,
        "view": view,
        "filter_form": filter_form,
        "category": Category(category).label if category else "",
        "stakeholders": stakeholders,
        "not_shown": count_not_on_grid(project, category, view),
        "not_rated": not_rated_yet(project, category, view),
        "grid": get_grid(stakeholders),
    }
    return render(request, "stakeholders/stakeholder_grid.html", context)


def may_send_invitation(request: HttpRequest) -> bool:
    """Count one invitation sent by this facilitator; False once they reach the hourly limit."""
    return allow(f"invite:{request.user.pk}", limit=INVITES_PER_HOUR, period=3600)


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_invite(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.MANAGE_MEMBERS)
    stakeholder = get_stakeholder(project, stakeholder_id)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not may_send_invitation(request):
            return too_many_requests(request, retry_after=3600)
        try:
            do_invite_stakeholder(
                stakeholder=stakeholder, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("An invitation was emailed to %(email)s.") % {"email": stakeholder.email}
            )
            return redirect(stakeholder)
    problem = None
    try:
        check_can_invite(stakeholder)
    except ValidationError as error:
        problem = error.messages[0]
    context = {"project": project, "stakeholder": stakeholder, "form": form, "problem": problem}
    return render_form(request, "stakeholders/stakeholder_invite.html", context, form)


def get_invitation(project: Project, invitation_id: int) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("stakeholder"),
        pk=invitation_id,
        stakeholder__project=project,
    )


@login_required
@require_POST
def invitation_resend(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.MANAGE_MEMBERS)
    invitation = get_invitation(project, invitation_id)
    if not may_send_invitation(request):
        return too_many_requests(request, retry_after=3600)
    try:
        do_resend_invitation(invitation=invitation, invited_by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("A new link was emailed. The old one no longer works."))
    return redirect(invitation.stakeholder)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.MANAGE_MEMBERS)
    invitation = get_invitation(project, invitation_id)
    if request.method == "POST":
        try:
            do_revoke_invitation(invitation=invitation, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The invitation was revoked. Its link no longer works."))
        return redirect(invitation.stakeholder)
    context = {"project": project, "invitation": invitation}
    return render(request, "stakeholders/invitation_revoke.html", context)
