from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from coproduce.forms import ConfirmNameForm
from coproduce.pages import private_download, render_form, saved_unless_conflict

from .access import Can, access_project
from .actions import (
    do_add_goal,
    do_change_role,
    do_create_project,
    do_delete_account,
    do_delete_goal,
    do_delete_project,
    do_move_goal,
    do_remove_member,
    do_update_goal,
    do_update_project,
)
from .export import get_personal_export, get_project_export
from .forms import AimForm, GoalForm, MembershipForm, ProjectDetailsForm, ProjectForm
from .models import Goal, Membership, Project
from .overview import get_steps, get_todo
from .parts import get_project_list_panels
from .timeline import do_record_event, get_lines


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("project")
        .order_by("project__title")
    )
    page = Paginator(memberships, 25).get_page(request.GET.get("page"))
    context = {"page": page, "panels": get_project_list_panels(request.user)}
    return render(request, "projects/project_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = do_create_project(by=request.user, **form.cleaned_data)
        messages.success(request, _("Project created. Here is how to begin."))
        return redirect(project)
    return render_form(request, "projects/project_form.html", {"form": form}, form)


@login_required
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    context = {
        "project": project,
        "steps": get_steps(project),
        "todo": get_todo(project.membership),
    }
    return render(request, "projects/project_detail.html", context)


@login_required
def goals(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    context = {
        "project": project,
        "goals": project.goals.all(),
        "form": GoalForm(),
        "aim_form": AimForm(instance=project, initial={"version": project.version}),
    }
    return render(request, "projects/goals.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def aim_update(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = AimForm(request.POST or None, instance=project, initial={"version": project.version})
    saved = False
    if (
        request.method == "POST"
        and form.is_valid()
        and saved_unless_conflict(
            form,
            project,
            lambda: do_update_project(
                project=project,
                version=form.cleaned_data["version"],
                by=request.user,
                aim=form.cleaned_data["aim"],
            ),
        )
    ):
        if not request.htmx:
            messages.success(request, _("Aim saved."))
            return redirect("projects-goals", slug=project.slug)
        form, saved = AimForm(instance=project, initial={"version": project.version}), True
    template = "projects/aim_form.html#aim-form" if request.htmx else "projects/aim_form.html"
    context = {"project": project, "aim_form": form, "saved": saved}
    return render_form(request, template, context, form)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    initial = {"version": project.version}
    form = ProjectDetailsForm(
        request.POST or None, instance=project, initial=initial, editor=request.user
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and saved_unless_conflict(
            form,
            project,
            lambda: do_update_project(
                project=project,
                version=form.cleaned_data["version"],
                by=request.user,
                **form.get_fields(),
            ),
        )
    ):
        messages.success(request, _("Project details saved."))
        return redirect(project)
    return render_form(
        request, "projects/project_edit.html", {"project": project, "form": form}, form
    )


def goal_list_response(request: HttpRequest, project: Project, form: GoalForm | None = None):
    """The goal list as an htmx partial, or a redirect back to the goals page."""
    if not request.htmx:
        return redirect("projects-goals", slug=project.slug)
    context = {"project": project, "goals": project.goals.all(), "form": form or GoalForm()}
    response = render(request, "projects/goals.html#goal-section", context)
    return retarget(reswap(response, "outerHTML"), "#goal-section")


@login_required
@require_POST
def goal_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = GoalForm(request.POST)
    if form.is_valid():
        do_add_goal(project=project, by=request.user, **form.cleaned_data)
        return goal_list_response(request, project)
    context = {"project": project, "goals": project.goals.all(), "form": form}
    template = "projects/goals.html#goal-section" if request.htmx else "projects/goals.html"
    if not request.htmx:
        context["aim_form"] = AimForm(instance=project, initial={"version": project.version})
    return render_form(request, template, context, form)


@login_required
@require_http_methods(["GET", "POST"])
def goal_update(request: HttpRequest, slug: str, goal_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    goal = get_object_or_404(Goal, pk=goal_id, project=project)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        do_update_goal(goal=goal, by=request.user, **form.cleaned_data)
        return goal_list_response(request, project)
    context = {"project": project, "goal": goal, "edit_form": form}
    template = "projects/goal_edit.html#goal-edit" if request.htmx else "projects/goal_edit.html"
    return render_form(request, template, context, form)


@login_required
@require_http_methods(["GET", "POST"])
def goal_delete(request: HttpRequest, slug: str, goal_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    goal = get_object_or_404(Goal, pk=goal_id, project=project)
    if request.method == "POST":
        do_delete_goal(goal=goal, by=request.user)
        if not request.htmx:
            messages.success(request, _("Goal deleted."))
        return goal_list_response(request, project)
    return render(request, "projects/goal_delete.html", {"project": project, "goal": goal})


@login_required
@require_POST
def goal_move(request: HttpRequest, slug: str, goal_id: int, direction: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    goal = get_object_or_404(Goal, pk=goal_id, project=project)
    do_move_goal(goal=goal, direction=direction, by=request.user)
    return goal_list_response(request, project)


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    memberships = project.memberships.select_related("user").order_by("role", "user__email")
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    return render(request, "projects/members.html", {"project": project, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def member_update(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.MANAGE_MEMBERS)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=member_id, project=project
    )
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            do_change_role(membership=membership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(request, _("%(name)s’s role was changed.") % {"name": membership.user})
            return redirect("projects-members", slug=project.slug)
    context = {"project": project, "membership": membership, "form": form}
    return render_form(request, "projects/member_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.MANAGE_MEMBERS)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=member_id, project=project
    )
    error = None
    if request.method == "POST":
        try:
            do_remove_member(membership=membership, by=request.user)
        except ValidationError as e:
            error = e.messages[0]
        else:
            messages.success(
                request, _("%(name)s was removed from the project.") % {"name": membership.user}
            )
            return redirect("projects-members", slug=project.slug)
    context = {"project": project, "membership": membership, "error": error}
    return render(request, "projects/member_remove.html", context, status=422 if error else 200)


@login_required
def events(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    page = Paginator(project.events.select_related("actor"), 50).get_page(request.GET.get("page"))
    page.object_list = get_lines(page.object_list)
    return render(request, "projects/events.html", {"project": project, "page": page})


@login_required
@private_download
def project_export(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EXPORT)
    do_record_event(
        project=project,
        actor=request.user,
        verb="exported",
        summary=_("Exported the project's data."),
    )
    response = JsonResponse(get_project_export(project), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{project.slug}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def project_delete(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.DELETE)
    form = ConfirmNameForm(request.POST or None, expected=project.title)
    if request.method == "POST" and form.is_valid():
        do_delete_project(project=project, by=request.user)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": project.title})
        return redirect("projects-list")
    return render_form(
        request, "projects/project_delete.html", {"project": project, "form": form}, form
    )


@login_required
@private_download
def account_data(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(get_personal_export(request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-coproduce-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = ConfirmNameForm(request.POST or None, expected=request.user.email)
    if request.method == "POST" and form.is_valid():
        try:
            do_delete_account(user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(
                request,
                _(
                    "Your account and everything held about you were deleted. The scores of "
                    "checklist answers you sent stay in the group's results, without your name."
                ),
            )
            return redirect("home")
    return render_form(request, "coproduce/account_delete.html", {"form": form}, form)
