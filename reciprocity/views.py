"""The payment and recognition pages: the policy (everyone reads it, facilitators write it),
each contributor's choice, the facilitators' list of people, and recognition documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.pages import private_download, render_form, saved_unless_conflict
from projects.access import Can, access_amounts_of, access_project, may
from projects.models import Membership

from .actions import (
    do_add_rate,
    do_apply_preset,
    do_approve_recognition,
    do_remove_rate,
    do_save_choice,
    do_save_policy,
    do_save_recognition_note,
    do_set_eligibility,
)
from .forms import ChoiceForm, EligibilityForm, PolicyForm, RateForm, RecognitionForm
from .models import Claim, Contributor, Rate, TimeEntry
from .preset import ADVICE, BENEFITS_NOTE, PRESETS
from .records import get_contributor, get_policy
from .statements import get_activity_totals, get_recognition, render_document_pdf


def policy_context(project) -> dict:
    policy = get_policy(project)
    rates = list(project.rates.all())
    return {"project": project, "policy": policy, "rates": rates}


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    context = policy_context(project)
    membership = project.membership
    context["can_claim"] = may(membership, Can.CLAIM)
    context["can_manage"] = may(membership, Can.MANAGE_PAYMENTS)
    if context["can_claim"]:
        context["contributor"] = get_contributor(project, request.user)
    if context["can_manage"]:
        context["totals"] = get_activity_totals(project)
        context["claims_waiting"] = project.claims.waiting().count()
        context["time_waiting"] = project.time_entries.filter(
            status=TimeEntry.Status.SUBMITTED
        ).count()
    return render(request, "reciprocity/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def policy_update(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    policy = get_policy(project)
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PolicyForm._meta.fields}
        version = form.cleaned_data.get("version")

        def save():
            do_save_policy(project=project, version=version, by=request.user, **fields)

        if saved_unless_conflict(form, policy, save):
            messages.success(request, _("The payment and recognition policy is saved."))
            return redirect("reciprocity-index", slug=project.slug)
    context = {**policy_context(project), "form": form, "presets": PRESETS}
    return render_form(request, "reciprocity/policy_form.html", context, form)


@login_required
@require_POST
def preset(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    name = request.POST.get("preset", "")
    if name not in PRESETS:
        messages.error(request, _("Choose one of the guidance presets."))
    else:
        do_apply_preset(project=project, preset=name, by=request.user)
        messages.success(
            request,
            _(
                "The policy now follows the guidance’s structure and names it as its source. "
                "Add your rates, each with where its figure comes from."
            ),
        )
    return redirect("reciprocity-policy-update", slug=project.slug)


@login_required
@require_http_methods(["GET", "POST"])
def rate_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_add_rate(project=project, by=request.user, **form.cleaned_data)
        messages.success(request, _("The rate is added."))
        return redirect("reciprocity-index", slug=project.slug)
    context = {"project": project, "form": form, "policy": get_policy(project)}
    return render_form(request, "reciprocity/rate_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def rate_delete(request: HttpRequest, slug: str, rate_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    rate = get_object_or_404(Rate, pk=rate_id, project=project)
    if request.method == "POST":
        do_remove_rate(rate=rate, by=request.user)
        messages.success(request, _("The rate is removed."))
        return redirect("reciprocity-index", slug=project.slug)
    context = {"project": project, "rate": rate, "policy": get_policy(project)}
    return render(request, "reciprocity/rate_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def my_choice(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.CLAIM)
    policy = get_policy(project)
    contributor = get_contributor(project, request.user)
    initial = {}
    if contributor.choice != Contributor.Choice.UNDECIDED:
        initial = {"choice": contributor.choice, "method": contributor.method}
    form = ChoiceForm(request.POST or None, initial=initial, methods=policy.methods)
    if request.method == "POST" and form.is_valid():
        do_save_choice(
            project=project,
            user=request.user,
            choice=form.cleaned_data["choice"],
            method=form.cleaned_data["method"],
        )
        messages.success(request, _("Your choice is saved. You can change it at any time."))
        return redirect("reciprocity-mine", slug=project.slug)
    context = {
        "project": project,
        "policy": policy,
        "contributor": contributor,
        "form": form,
        "benefits_note": BENEFITS_NOTE,
        "advice": ADVICE,
    }
    return render_form(request, "reciprocity/choice_form.html", context, form)


def member_of(project, user_id: int):
    membership = Membership.objects.filter(project=project, user_id=user_id).first()
    if membership is None:
        raise Http404("Not a member of this project.")
    return membership.user


@login_required
def people(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.MANAGE_PAYMENTS)
    members = project.memberships.select_related("user").order_by("user__name", "pk")
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    shown = [m.user_id for m in page]
    contributors = {c.user_id: c for c in project.contributors.filter(user_id__in=shown)}
    context = {
        "project": project,
        "page": page,
        "rows": [(m, contributors.get(m.user_id)) for m in page],
        "policy": get_policy(project),
        "claims": project.claims.exclude(status=Claim.Status.PAID).select_related("user"),
        "entries": project.time_entries.filter(status=TimeEntry.Status.SUBMITTED).select_related(
            "user"
        ),
    }
    return render(request, "reciprocity/people.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def eligibility_update(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.MANAGE_PAYMENTS)
    person = member_of(project, user_id)
    contributor = get_contributor(project, person)
    form = EligibilityForm(request.POST or None, instance=contributor)
    if request.method == "POST" and form.is_valid():

        def save():
            do_set_eligibility(
                project=project,
                user=person,
                not_eligible=form.cleaned_data["not_eligible"],
                reason=form.cleaned_data["not_eligible_reason"],
                version=form.cleaned_data.get("version"),
                by=request.user,
            )

        if saved_unless_conflict(form, contributor, save):
            messages.success(request, _("Saved."))
            return redirect("reciprocity-people", slug=project.slug)
    context = {"project": project, "person": person, "form": form}
    return render_form(request, "reciprocity/eligibility_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def recognition_update(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.MANAGE_PAYMENTS)
    person = member_of(project, user_id)
    contributor = get_contributor(project, person)
    form = RecognitionForm(request.POST or None, instance=contributor)
    if request.method == "POST" and form.is_valid():

        def save():
            do_save_recognition_note(
                project=project,
                user=person,
                note=form.cleaned_data["recognition_note"],
                version=form.cleaned_data.get("version"),
                by=request.user,
            )

        if saved_unless_conflict(form, contributor, save):
            messages.success(request, _("Saved. They are asked to approve it."))
            return redirect("reciprocity-people", slug=project.slug)
    context = {
        "project": project,
        "person": person,
        "form": form,
        "recognition": get_recognition(project, person, contributor),
    }
    return render_form(request, "reciprocity/recognition_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def my_recognition(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.CLAIM)
    contributor = get_contributor(project, request.user)
    recognition = get_recognition(project, request.user, contributor)
    if request.method == "POST":
        if request.POST.get("hash") != recognition["hash"]:
            messages.error(
                request, _("What it says changed while you were reading. Read it again.")
            )
        elif not recognition["activities"]:
            messages.error(request, _("There is no approved time to recognise yet."))
        else:
            do_approve_recognition(
                project=project, user=request.user, text_hash=recognition["hash"]
            )
            messages.success(
                request, _("Thank you. Your certificate and letter can be downloaded.")
            )
        return redirect("reciprocity-recognition", slug=project.slug)
    context = {"project": project, "recognition": recognition, "person": request.user}
    return render(request, "reciprocity/recognition.html", context)


def recognition_pdf(request: HttpRequest, slug: str, user_id: int, template: str, name: str):
    project = access_amounts_of(request.user, slug, user_id)
    person = member_of(project, user_id)
    recognition = get_recognition(project, person, get_contributor(project, person))
    if not recognition["approved"]:
        raise Http404("Not approved by the contributor yet.")
    pdf = render_document_pdf(template, {"project": project, "recognition": recognition})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-{name}-{user_id}.pdf"'
    return response


@login_required
@private_download
def certificate(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    return recognition_pdf(request, slug, user_id, "reciprocity/certificate.html", "certificate")


@login_required
@private_download
def reference(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    return recognition_pdf(request, slug, user_id, "reciprocity/reference.html", "reference")
