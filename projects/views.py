from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from .access import Can, access_project
from .actions import (
    do_add_goal,
    do_change_role,
    do_create_project,
    do_move_goal,
    do_remove_member,
    do_update_project,
)
from .forms import AimForm, GoalForm, MembershipForm, ProjectDetailsForm, ProjectForm
from .models import Goal, Membership, Project
from .overview import get_steps


def render_form(request: HttpRequest, template: str, context: dict, form) -> HttpResponse:
    """Render a page whose form may carry errors: 422 without htmx, 200 for an htmx swap."""
    status = 422 if form.errors and not request.htmx else 200
    return render(request, template, context, status=status)


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("project")
        .order_by("project__title")
    )
    page = Paginator(memberships, 25).get_page(request.GET.get("page"))
    return render(request, "projects/project_list.html", {"page": page})


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
    return render(
        request, "projects/project_detail.html", {"project": project, "steps": get_steps(project)}
    )


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
    if request.method == "POST" and form.is_valid():
        try:
            do_update_project(
                project=project, version=form.cleaned_data["version"], aim=form.cleaned_data["aim"]
            )
        except ValidationError as conflict:
            show_conflict(form, project, conflict)
        else:
            if not request.htmx:
                messages.success(request, _("Aim saved."))
                return redirect("projects-goals", slug=project.slug)
            form, saved = AimForm(instance=project, initial={"version": project.version}), True
    template = "projects/aim_form.html#aim-form" if request.htmx else "projects/aim_form.html"
    context = {"project": project, "aim_form": form, "saved": saved}
    return render_form(request, template, context, form)


def show_conflict(form, project: Project, conflict: ValidationError) -> None:
    """Reload the other person's version and explain, keeping what this person typed.

    The form's version becomes the current one, so saving again knowingly replaces theirs.
    """
    project.refresh_from_db()
    form.data = form.data.copy()
    form.data["version"] = project.version
    form.add_error(None, conflict)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    initial = {"version": project.version}
    form = ProjectDetailsForm(request.POST or None, instance=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_project(
                project=project, version=form.cleaned_data["version"], **form.get_fields()
            )
        except ValidationError as conflict:
            show_conflict(form, project, conflict)
        else:
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
        do_add_goal(project=project, **form.cleaned_data)
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
        form.save()
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
        goal.delete()
        if not request.htmx:
            messages.success(request, _("Goal deleted."))
        return goal_list_response(request, project)
    return render(request, "projects/goal_delete.html", {"project": project, "goal": goal})


@login_required
@require_POST
def goal_move(request: HttpRequest, slug: str, goal_id: int, direction: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    goal = get_object_or_404(Goal, pk=goal_id, project=project)
    do_move_goal(goal=goal, direction=direction)
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
            do_change_role(membership=membership, **form.cleaned_data)
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
            do_remove_member(membership=membership)
        except ValidationError as e:
            error = e.messages[0]
        else:
            messages.success(
                request, _("%(name)s was removed from the project.") % {"name": membership.user}
            )
            return redirect("projects-members", slug=project.slug)
    context = {"project": project, "membership": membership, "error": error}
    return render(request, "projects/member_remove.html", context, status=422 if error else 200)
