"""Self-assessments against the UK Standards for Public Involvement (the report's pages are in
report_views.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.pages import private_download, render_form
from projects.access import Can, access_project, may

from .actions import (
    do_close_assessment,
    do_create_assessment,
    do_delete_assessment,
    do_make_goal,
    do_save_entry,
    do_save_view,
)
from .chart import get_history
from .comparison import get_comparison
from .evidence import by_key, get_evidence
from .exports import assessments_csv
from .forms import AssessmentForm, EntryForm, ViewForm
from .models import Assessment, AssessmentView, StandardEntry
from .standards import STANDARD_BY_KEY, STANDARD_LIST


def get_assessment(project, assessment_id: int) -> Assessment:
    assessment = get_object_or_404(Assessment, pk=assessment_id, project=project)
    assessment.project = project
    return assessment


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    assessments = project.assessments.annotate(
        rated=Count("entries", filter=Q(entries__rating__isnull=False))
    ).order_by("-created_at", "-id")
    context = {
        "project": project,
        "page": Paginator(assessments, 20).get_page(request.GET.get("page")),
        "history": get_history(project),
        "can_edit": may(project.membership, Can.EDIT),
    }
    return render(request, "reporting/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = do_create_assessment(project=project, by=request.user, **form.cleaned_data)
        messages.success(request, _("Self-assessment started. Rate each standard below."))
        return redirect(assessment)
    return render_form(
        request, "reporting/assessment_form.html", {"project": project, "form": form}, form
    )


@login_required
def assessment(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    assessment = get_assessment(project, assessment_id)
    entries = {e.standard: e for e in assessment.entries.select_related("goal")}
    evidence = by_key(get_evidence(project))
    standards = [
        {
            "standard": standard,
            "entry": entries.get(standard.key),
            "evidence": [
                evidence.get(key) for key in getattr(entries.get(standard.key), "evidence", [])
            ],
        }
        for standard in STANDARD_LIST
    ]
    context = {
        "project": project,
        "assessment": assessment,
        "standards": standards,
        "comparison": get_comparison(assessment),
        "can_edit": may(project.membership, Can.EDIT),
        "can_give_view": may(project.membership, Can.RESPOND),
        "my_view": AssessmentView.objects.filter(
            assessment=assessment, member=project.membership
        ).exists(),
    }
    return render(request, "reporting/assessment.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def standard_update(
    request: HttpRequest, slug: str, assessment_id: int, standard: str
) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    assessment = get_assessment(project, assessment_id)
    if standard not in STANDARD_BY_KEY:
        raise Http404("No such standard.")
    entry, _created = StandardEntry.objects.get_or_create(assessment=assessment, standard=standard)
    initial = {
        "rating": "" if entry.rating is None else str(entry.rating),
        "going_well": entry.going_well,
        "to_improve": entry.to_improve,
        "evidence": entry.evidence,
    }
    form = EntryForm(
        request.POST or None,
        initial=initial,
        standard=STANDARD_BY_KEY[standard],
        evidence=get_evidence(project),
        chosen=entry.evidence,
    )
    if request.method == "POST" and form.is_valid():
        do_save_entry(entry=entry, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(f"{assessment.get_absolute_url()}#{standard}")
    context = {
        "project": project,
        "assessment": assessment,
        "standard": STANDARD_BY_KEY[standard],
        "form": form,
    }
    return render_form(request, "reporting/standard_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def my_view(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.RESPOND)
    assessment = get_assessment(project, assessment_id)
    view = AssessmentView.objects.filter(assessment=assessment, member=project.membership).first()
    form = ViewForm(request.POST or None, initial=ViewForm.initial_from(view))
    if request.method == "POST" and form.is_valid():
        try:
            do_save_view(assessment=assessment, member=project.membership, ratings=form.ratings())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your view is saved. You can change it until the self-assessment closes."),
            )
            return redirect(assessment)
    context = {
        "project": project,
        "assessment": assessment,
        "form": form,
        "standards": STANDARD_LIST,
    }
    return render_form(request, "reporting/my_view.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_close(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    assessment = get_assessment(project, assessment_id)
    if request.method == "POST":
        do_close_assessment(assessment=assessment, by=request.user)
        messages.success(request, _("Closed. Members’ views can no longer change."))
        return redirect(assessment)
    return render(
        request, "reporting/assessment_close.html", {"project": project, "assessment": assessment}
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_delete(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    assessment = get_assessment(project, assessment_id)
    if request.method == "POST":
        do_delete_assessment(assessment=assessment, by=request.user)
        messages.success(request, _("Self-assessment deleted."))
        return redirect("reporting-index", slug=project.slug)
    return render(
        request, "reporting/assessment_delete.html", {"project": project, "assessment": assessment}
    )


@login_required
@require_POST
def make_goal(request: HttpRequest, slug: str, assessment_id: int, standard: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    assessment = get_assessment(project, assessment_id)
    entry = get_object_or_404(StandardEntry, assessment=assessment, standard=standard)
    try:
        goal = do_make_goal(entry=entry, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Added the goal “%(goal)s”.") % {"goal": goal.text})
    return redirect(f"{assessment.get_absolute_url()}#{standard}")


@login_required
@private_download
def assessments_download(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    data = assessments_csv(project, by_key(get_evidence(project)))
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    name = slugify(project.title) or "project"
    response["Content-Disposition"] = f'attachment; filename="{name}-self-assessments.csv"'
    return response
