"""Reminders seen by facilitators, each member's own settings, one-click stop links, calendar feeds."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects.access import Can, access_project
from projects.actions import do_change_role
from projects.models import Membership, Project

from .actions import do_renew_calendar_feed, do_revoke_calendar_feed, do_set_reminders_enabled
from .calendar import get_feed_membership, render_feed
from .forms import CalendarFeedForm, PerspectiveForm, ReminderSettingsForm
from .models import CalendarFeed, Reminder
from .sweep import get_membership_id_from_stop_token

LISTS = {
    "upcoming": ([Reminder.Status.PENDING], ["due_at", "id"]),
    "sent": (
        [Reminder.Status.SENT, Reminder.Status.SKIPPED, Reminder.Status.CANCELLED],
        ["-updated_at", "-id"],
    ),
    "stopped": ([Reminder.Status.FAILED], ["-updated_at", "-id"]),
}


@login_required
def project_reminders(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    show = request.GET.get("show") if request.GET.get("show") in LISTS else "upcoming"
    statuses, order = LISTS[show]
    reminders = project.reminders.filter(status__in=statuses).select_related("recipient")
    page = Paginator(reminders.order_by(*order), 25).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "page": page,
        "show": show,
        "query": f"show={show}",
        "stopped": project.reminders.filter(status=Reminder.Status.FAILED).count(),
    }
    return render(request, "reminders/reminders.html", context)


def render_my_settings(
    request: HttpRequest,
    project: Project,
    *,
    form=None,
    calendar_form=None,
    perspective_form=None,
    feed_url: str = "",
) -> HttpResponse:
    """The member's own settings page; 422 if one of its forms has errors."""
    membership = project.membership
    forms = (form, calendar_form, perspective_form)
    context = {
        "project": project,
        "form": form or ReminderSettingsForm(instance=membership),
        "perspective_form": perspective_form or PerspectiveForm(instance=membership),
        "calendar_form": calendar_form or CalendarFeedForm(),
        "has_feed": CalendarFeed.objects.filter(membership=membership).exists(),
        "feed_url": feed_url,
    }
    status = 422 if any(f is not None and f.errors for f in forms) else 200
    return render(request, "reminders/my_settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def my_settings(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    # An unticked box posts nothing at all, so "request.POST or None" would not bind the form.
    data = request.POST if request.method == "POST" else None
    form = ReminderSettingsForm(data, instance=project.membership)
    if request.method == "POST" and form.is_valid():
        enabled = form.cleaned_data["reminders_enabled"]
        do_set_reminders_enabled(membership=project.membership, enabled=enabled)
        messages.success(
            request, _("Reminders turned on.") if enabled else _("Reminders turned off.")
        )
        return redirect("reminders-my-settings", slug=project.slug)
    return render_my_settings(request, project, form=form)


@login_required
@require_POST
def my_perspective(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    membership = project.membership
    form = PerspectiveForm(request.POST, instance=Membership.objects.get(pk=membership.pk))
    if not form.is_valid():
        return render_my_settings(request, project, perspective_form=form)
    perspective = form.cleaned_data["perspective"]
    do_change_role(
        membership=membership, role=membership.role, perspective=perspective, by=request.user
    )
    messages.success(request, _("Your perspective was saved."))
    return redirect("reminders-my-settings", slug=project.slug)


@never_cache
@login_required
@require_POST
def my_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    form = CalendarFeedForm(request.POST)
    if not form.is_valid():
        return render_my_settings(request, project, calendar_form=form)
    if form.cleaned_data["action"] == CalendarFeedForm.REVOKE:
        do_revoke_calendar_feed(membership=project.membership)
        messages.success(request, _("Your calendar address no longer works."))
        return redirect("reminders-my-settings", slug=project.slug)
    token = do_renew_calendar_feed(membership=project.membership)
    # Shown once, in this response only: the secret is not stored, so it is not redirected.
    feed_url = settings.SITE_URL + reverse("calendar-feed", args=[token])
    return render_my_settings(request, project, feed_url=feed_url)


@csrf_exempt  # RFC 8058 one-click: mail clients post without a session; the signed token is the authority.
@never_cache
@require_http_methods(["GET", "POST"])
def reminders_stop(request: HttpRequest, token: str) -> HttpResponse:
    membership_id = get_membership_id_from_stop_token(token)
    membership = (
        Membership.objects.select_related("project").filter(pk=membership_id).first()
        if membership_id is not None
        else None
    )
    if membership is None:
        raise Http404("No such link.")
    if request.method == "POST":
        do_set_reminders_enabled(membership=membership, enabled=False)
    context = {"project": membership.project, "done": request.method == "POST"}
    return render(request, "reminders/reminders_stop.html", context)


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    membership = get_feed_membership(token)
    if membership is None:
        raise Http404("No such calendar.")
    response = HttpResponse(render_feed(membership), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{membership.project.slug}.ics"'
    return response
