import io
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from coproduce.pages import private_download, render_form
from coproduce.ratelimit import allow, too_many_requests
from projects.access import Can, access_project
from projects.models import Project

from .actions import (
    check_can_invite,
    do_add_stakeholder,
    do_erase_stakeholder,
    do_import_stakeholders,
    do_invite_stakeholder,
    do_resend_invitation,
    do_revoke_invitation,
    do_update_stakeholder,
)
from .csvfile import HEADERS, parse_csv, write_csv
from .forms import (
    CategoryFilterForm,
    EraseStakeholderForm,
    ImportForm,
    InvitationForm,
    StakeholderForm,
    parse_consent,
)
from .grid import count_not_on_grid, get_grid, stakeholders_on_grid
from .models import Category, Invitation, Involvement, Stakeholder
from .reach import get_reach
from .visibility import get_map_view

PER_PAGE = 50
INVITES_PER_HOUR = 30
IMPORT_SESSION_PREFIX = "stakeholder-import:"


def get_stakeholder(project: Project, stakeholder_id: int) -> Stakeholder:
    """A stakeholder the member may see: someone they may not see by name is not found,
    exactly as if there were nobody with that id."""
    stakeholders = get_map_view(project).named(project.stakeholders.all())
    return get_object_or_404(stakeholders, pk=stakeholder_id)


def list_context(request: HttpRequest, project: Project, **extra) -> dict:
    view = get_map_view(project)
    stakeholders = view.named(project.stakeholders.with_invitations())
    page = Paginator(stakeholders, PER_PAGE).get_page(request.GET.get("page"))
    for stakeholder in page.object_list:
        stakeholder.placed = view.may_place(stakeholder)
    reach = get_reach(project)
    return {
        "project": project,
        "view": view,
        "page": page,
        "reach": reach,
        "not_named": reach.total - page.paginator.count,
        **extra,
    }


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
        "grid": get_grid(stakeholders),
    }
    return render(request, "stakeholders/stakeholder_grid.html", context)


@login_required
@require_GET
@private_download
def stakeholder_export(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EXPORT)
    out = io.StringIO()
    write_csv(project.stakeholders.all(), out)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-stakeholders.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_import(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    errors = []
    if request.method == "POST" and form.is_valid():
        parsed = parse_csv(form.cleaned_data["file"].read())
        if not parsed.errors:
            key = secrets.token_urlsafe(12)
            request.session[IMPORT_SESSION_PREFIX + key] = {
                "project": project.pk,
                "rows": parsed.rows,
            }
            return redirect("stakeholders-import-preview", slug=project.slug, key=key)
        errors = parsed.errors
    context = {
        "project": project,
        "form": form,
        "errors": errors,
        "headers": HEADERS,
        "categories": Category.choices,
        "involvements": Involvement.choices,
    }
    status = 422 if errors or form.errors else 200
    return render(request, "stakeholders/stakeholder_import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_import_preview(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    stored = request.session.get(IMPORT_SESSION_PREFIX + key)
    if not stored or stored["project"] != project.pk:
        messages.error(request, _("That import has finished or expired. Upload the file again."))
        return redirect("stakeholders-import", slug=project.slug)
    if request.method == "POST":
        # A double click posts the same import twice: the database lets only the first save.
        try:
            added = do_import_stakeholders(
                project=project, rows=stored["rows"], key=key, by=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("stakeholders-import", slug=project.slug)
        request.session.pop(IMPORT_SESSION_PREFIX + key, None)
        if added is not None:
            count = {"count": len(added)}
            messages.success(request, _("%(count)s stakeholders were added.") % count)
        return redirect("stakeholders-list", slug=project.slug)
    labels = dict(Category.choices)
    rows = [
        {
            **row["data"],
            "line": row["line"],
            "category_label": labels[row["data"]["category"]],
            "named": parse_consent(row["data"].get("agreed_to_be_named", "")) is not None,
        }
        for row in stored["rows"]
    ]
    context = {"project": project, "rows": rows, "key": key}
    return render(request, "stakeholders/stakeholder_import_preview.html", context)


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
                stakeholder=stakeholder, role=form.cleaned_data["role"], invited_by=request.user
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
