"""What changed, the contributions behind it, and each member's "What changed because of you"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.pages import render_form, saved_unless_conflict
from decisions.models import Proposal
from meetings.models import AgendaItem
from projects.access import Can, access_project

from .actions import (
    do_delete_impact,
    do_record_contribution,
    do_record_impact,
    do_set_my_digest,
    do_set_outcome,
    do_set_project_digest,
    do_update_impact,
)
from .digest import project_sends_digest
from .forms import ContributionForm, DigestForm, ImpactEntryForm, OutcomeForm
from .models import Contribution, DigestChoice, ImpactEntry
from .sources import my_comment_sources, power_comments

PER_PAGE = 20


@login_required
def impact_list(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    entries = project.impact_entries.prefetch_related("contributions")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    mine = DigestChoice.objects.filter(membership=project.membership, enabled=True).exists()
    context = {
        "project": project,
        "page": page,
        "sends_digest": project_sends_digest(project),
        "my_digest": mine,
    }
    return render(request, "impact/impact_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def impact_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = ImpactEntryForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        do_record_impact(project=project, by=request.user, **form.changes())
        messages.success(request, _("Saved. The members behind it will see what changed."))
        return redirect("impact-list", slug=project.slug)
    context = {"project": project, "form": form}
    return render_form(request, "impact/impact_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def impact_update(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    entry = get_object_or_404(ImpactEntry, pk=entry_id, project=project)
    form = ImpactEntryForm(request.POST or None, instance=entry, project=project)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        if saved_unless_conflict(
            form,
            entry,
            lambda: do_update_impact(
                entry=entry, version=version, by=request.user, **form.changes()
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect("impact-list", slug=project.slug)
    context = {"project": project, "form": form, "entry": entry}
    return render_form(request, "impact/impact_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def impact_delete(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    entry = get_object_or_404(ImpactEntry, pk=entry_id, project=project)
    if request.method == "POST":
        do_delete_impact(entry=entry, by=request.user)
        messages.success(request, _("Deleted."))
        return redirect("impact-list", slug=project.slug)
    return render(request, "impact/impact_delete.html", {"project": project, "entry": entry})


@login_required
def contribution_list(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    contributions = project.contributions.select_related("member__user", "meeting")
    page = Paginator(contributions, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "impact/contribution_list.html", {"project": project, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def contribution_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = ContributionForm(request.POST or None, project=project, comments=power_comments(project))
    if request.method == "POST" and form.is_valid():
        do_record_contribution(project=project, by=request.user, **form.changes())
        messages.success(request, _("Contribution recorded."))
        return redirect("impact-contributions", slug=project.slug)
    context = {"project": project, "form": form}
    return render_form(request, "impact/contribution_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_outcome(request: HttpRequest, slug: str, contribution_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    contribution = get_object_or_404(Contribution, pk=contribution_id, project=project)
    initial = {"outcome": contribution.outcome, "reason": contribution.reason}
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        do_set_outcome(contribution=contribution, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved what happened to it."))
        return redirect("impact-contributions", slug=project.slug)
    context = {"project": project, "form": form, "contribution": contribution}
    return render_form(request, "impact/contribution_outcome.html", context, form)


@login_required
def impact_mine(request: HttpRequest, slug: str) -> HttpResponse:
    """Each of the member's contributions (their own, those attributed to them, and their
    anonymous comments, which only they can see are theirs) with what happened to it."""
    project = access_project(request.user, slug, Can.VIEW)
    membership = project.membership
    sources = my_comment_sources(membership)
    contributions = (
        project.contributions.filter(Q(member=membership) | Q(source__in=sources))
        .select_related("meeting")
        .prefetch_related(Prefetch("impacts", queryset=ImpactEntry.objects.order_by("-changed_on")))
    )
    page = Paginator(contributions, PER_PAGE).get_page(request.GET.get("page"))
    suggestions = AgendaItem.objects.filter(
        meeting__project=project, suggested_by=request.user
    ).select_related("meeting")
    context = {
        "project": project,
        "page": page,
        "sources": sources,
        "proposals": list(
            Proposal.objects.filter(project=project, proposed_by=request.user).order_by(
                "-created_at"
            )[:50]
        ),
        # A facilitator's own agenda items were never suggestions.
        "suggestions": [] if membership.is_facilitator else list(suggestions[:50]),
    }
    return render(request, "impact/impact_mine.html", context)


@login_required
@require_POST
def my_digest(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    form = DigestForm(request.POST)
    enabled = form.is_valid() and form.cleaned_data["enabled"]
    do_set_my_digest(membership=project.membership, enabled=enabled)
    if enabled:
        messages.success(request, _("You will get a short weekly email when something changes."))
    else:
        messages.success(request, _("You will not get the weekly email."))
    return redirect("impact-list", slug=project.slug)


@login_required
@require_POST
def project_digest(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = DigestForm(request.POST)
    enabled = form.is_valid() and form.cleaned_data["enabled"]
    do_set_project_digest(project=project, enabled=enabled, by=request.user)
    messages.success(request, _("Saved."))
    return redirect("impact-list", slug=project.slug)
