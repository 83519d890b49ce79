from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from coproduce.ratelimit import allow, too_many_requests

from .access import Can, access_project
from .actions import (
    do_add_goal,
    do_change_role,
    do_create_project,
    do_delete_project,
    do_move_goal,
    do_record_event,
    do_remove_member,
    do_request_charter,
    do_update_project,
)
from .charter import gather_charter, preview_stylesheet_url, render_charter_html
from .export import get_project_export
from .forms import (
    AimForm,
    ConfirmNameForm,
    GoalForm,
    MembershipForm,
    ProjectDetailsForm,
    ProjectForm,
)
from .models import Charter, Goal, Membership, Project
from .overview import get_steps


def render_form(request: HttpRequest, template: str, context: dict, form) -> HttpResponse:
    """Render a page whose form may carry errors: 422 without htmx, 200 for an htmx swap."""
    status = 422 if form.errors and not request.htmx else 200
    return render(request, template, context, status=status)


def saved_unless_conflict(form, instance, save: Callable[[], object]) -> bool:
    """Call ``save``; on an edit conflict keep what was typed and say so on the form.

    ``instance`` is re-read, so the page can show the other person's version, and the form
    takes their version number, so saving again knowingly replaces it.
    """
    try:
        save()
    except ValidationError as conflict:
        instance.refresh_from_db()
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = instance.version
        form.add_error(None, conflict)
        return False
    return True


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
    if (
        request.method == "POST"
        and form.is_valid()
        and saved_unless_conflict(
            form,
            project,
            lambda: do_update_project(
                project=project, version=form.cleaned_data["version"], aim=form.cleaned_data["aim"]
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
    form = ProjectDetailsForm(request.POST or None, instance=project, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved_unless_conflict(
            form,
            project,
            lambda: do_update_project(
                project=project, version=form.cleaned_data["version"], **form.get_fields()
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
    return render(request, "projects/events.html", {"project": project, "page": page})


@login_required
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


# Each render takes a worker for seconds; nobody needs more than this many in an hour.
CHARTERS_PER_HOUR = 20


def charter_context(project: Project, page_number: str | None = None, **extra) -> dict:
    """What the charter page and its status partial show: the latest version and the list.

    A withdrawn version (it named someone since erased) is listed but is never the current
    one: the version before it, or the one made to replace it, is.
    """
    charters = project.charters.select_related("requested_by")
    return {
        "project": project,
        "latest": charters.exclude(status=Charter.Status.WITHDRAWN).first(),
        "latest_ready": charters.filter(status=Charter.Status.READY).first(),
        "page": Paginator(charters, 20).get_page(page_number),
        **extra,
    }


@login_required
def charter(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.DOWNLOAD_CHARTER)
    context = charter_context(project, request.GET.get("page"))
    template = "projects/charter.html#charter-status" if request.htmx else "projects/charter.html"
    return render(request, template, context)


@login_required
@require_POST
def charter_generate(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.GENERATE_CHARTER)
    if not allow(f"charter:{request.user.pk}", limit=CHARTERS_PER_HOUR, period=3600):
        if not request.htmx:
            return too_many_requests(request)
        notice = _("You have asked for a lot of charters this hour. Please try again later.")
        return render(
            request, "projects/charter.html#charter-status", charter_context(project, notice=notice)
        )
    charter = do_request_charter(project=project, by=request.user)
    notice = ""
    if charter.is_ready:
        notice = _(
            "Nothing has changed since version %(version)s was made, so it is still the current charter."
        ) % {"version": charter.version}
    if not request.htmx:
        messages.info(
            request, notice or _("The charter will be made shortly. This page shows its progress.")
        )
        return redirect("projects-charter", slug=project.slug)
    return render(
        request, "projects/charter.html#charter-status", charter_context(project, notice=notice)
    )


@login_required
@cache_control(private=True)
def charter_pdf(request: HttpRequest, slug: str, version: int | None = None) -> FileResponse:
    project = access_project(request.user, slug, Can.DOWNLOAD_CHARTER)
    charters = project.charters.filter(status=Charter.Status.READY)
    charter = (charters.filter(version=version) if version else charters).first()
    if charter is None or not charter.pdf:
        raise Http404("No charter has been made yet.")
    return FileResponse(
        charter.pdf.open("rb"),
        as_attachment=True,
        filename=charter.filename,
        content_type="application/pdf",
    )


@login_required
def charter_preview(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.GENERATE_CHARTER)
    html = render_charter_html(
        gather_charter(project),
        version=None,
        generated_at=timezone.now(),
        stylesheet_url=preview_stylesheet_url(),
        preview=True,
        back_url=reverse("projects-charter", args=[project.slug]),
    )
    return HttpResponse(html)
