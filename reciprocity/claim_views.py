"""A contributor's own log (time, suggestions from the record, claims, totals), claims step by
step, receipts, statements and the facilitators' finance export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.pages import private_download, render_form
from projects.access import Can, access_amounts_of, access_project, may

from .actions import do_confirm_involvement, do_decide_time, do_log_time
from .claim_actions import (
    do_answer_claim,
    do_approve_claim,
    do_query_claim,
    do_record_claim_paid,
    do_submit_claim,
    do_withdraw_claim,
)
from .forms import AnswerForm, ClaimForm, QuestionForm, TimeForm
from .models import Claim, TimeEntry
from .records import get_contributor, get_policy, get_suggestions
from .statements import finance_csv, get_statement, render_document_pdf, statement_csv
from .views import member_of


@login_required
def mine(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.CLAIM)
    policy = get_policy(project)
    contributor = get_contributor(project, request.user)
    context = {
        "project": project,
        "policy": policy,
        "contributor": contributor,
        "statement": get_statement(project, request.user, contributor, policy.currency),
        "suggestions": get_suggestions(project, request.user.pk),
        "closed": project.status == project.Status.CLOSED,
    }
    return render(request, "reciprocity/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def time_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.CLAIM)
    form = TimeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_log_time(project=project, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your time is logged. A facilitator will approve it."))
            return redirect("reciprocity-mine", slug=project.slug)
    return render_form(
        request, "reciprocity/time_form.html", {"project": project, "form": form}, form
    )


@login_required
@require_POST
def time_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.CLAIM)
    try:
        do_confirm_involvement(project=project, user=request.user, key=request.POST.get("key", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Added to your log. A facilitator will approve it."))
    return redirect("reciprocity-mine", slug=project.slug)


@login_required
@require_POST
def time_review(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.MANAGE_PAYMENTS)
    entry = get_object_or_404(TimeEntry, pk=entry_id, project=project)
    try:
        do_decide_time(
            entry=entry, approve=request.POST.get("decision") != "decline", by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("reciprocity-people", slug=project.slug)


@login_required
@require_http_methods(["GET", "POST"])
def claim_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.CLAIM)
    policy = get_policy(project)
    form = ClaimForm(request.POST or None, request.FILES or None, covered=policy.expenses)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim = do_submit_claim(
                project=project,
                user=request.user,
                kind=data["kind"],
                description=data["description"],
                spent_on=data["spent_on"],
                amount=data["amount"],
                receipt=data["receipt"],
                receipt_type=data["receipt"].sniffed_type,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your claim is sent. This page shows where it is."))
            return redirect(claim)
    context = {
        "project": project,
        "form": form,
        "policy": policy,
        "contributor": get_contributor(project, request.user),
    }
    return render_form(request, "reciprocity/claim_form.html", context, form)


def visible_claim(request: HttpRequest, project, claim_id: int) -> Claim:
    """The claim, if it is the user's own or they manage payments; 404 otherwise (whose
    claims exist is not shown)."""
    claims = Claim.objects.filter(project=project)
    if not may(project.membership, Can.MANAGE_PAYMENTS):
        claims = claims.filter(user=request.user)
    return get_object_or_404(claims.select_related("user", "decided_by"), pk=claim_id)


@login_required
def claim_detail(request: HttpRequest, slug: str, claim_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.CLAIM)
    claim = visible_claim(request, project, claim_id)
    return render_claim(request, project, claim)


def render_claim(request, project, claim, *, question=None, answer=None, status=200):
    context = {
        "project": project,
        "claim": claim,
        "own": claim.user_id == request.user.pk,
        "can_manage": may(project.membership, Can.MANAGE_PAYMENTS),
        "question_form": question or QuestionForm(),
        "answer_form": answer or AnswerForm(),
        "policy": get_policy(project),
    }
    return render(request, "reciprocity/claim.html", context, status=status)


@login_required
@require_POST
def claim_answer(request: HttpRequest, slug: str, claim_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.CLAIM)
    claim = get_object_or_404(Claim, pk=claim_id, project=project, user=request.user)
    form = AnswerForm(request.POST, request.FILES)
    if form.is_valid():
        receipt = form.cleaned_data["receipt"] or None
        try:
            do_answer_claim(
                claim=claim,
                answer=form.cleaned_data["answer"],
                receipt=receipt,
                receipt_type=receipt.sniffed_type if receipt else "",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your answer is sent. The claim waits for a facilitator."))
            return redirect(claim)
    return render_claim(request, project, claim, answer=form, status=422)


@login_required
@require_POST
def claim_review(request: HttpRequest, slug: str, claim_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.MANAGE_PAYMENTS)
    claim = get_object_or_404(Claim.objects.select_related("user"), pk=claim_id, project=project)
    decision = request.POST.get("decision")
    form = QuestionForm(request.POST if decision == "query" else None)
    try:
        if decision == "approve":
            do_approve_claim(claim=claim, by=request.user)
            messages.success(request, _("Approved. It is now in the finance export."))
        elif decision == "paid":
            do_record_claim_paid(claim=claim, by=request.user)
            messages.success(request, _("Recorded as paid."))
        elif decision == "query" and form.is_valid():
            do_query_claim(claim=claim, question=form.cleaned_data["question"], by=request.user)
            messages.success(request, _("Your question is sent. They are told by email."))
        else:
            return render_claim(request, project, claim, question=form, status=422)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(claim)


@login_required
@require_http_methods(["GET", "POST"])
def claim_withdraw(request: HttpRequest, slug: str, claim_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.CLAIM)
    claim = get_object_or_404(Claim, pk=claim_id, project=project, user=request.user)
    if request.method == "POST":
        try:
            do_withdraw_claim(claim=claim, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(claim)
        messages.success(request, _("The claim is withdrawn and its receipt deleted."))
        return redirect("reciprocity-mine", slug=project.slug)
    return render(request, "reciprocity/claim_withdraw.html", {"project": project, "claim": claim})


@login_required
@private_download
def receipt(request: HttpRequest, slug: str, claim_id: int) -> FileResponse:
    project = access_project(request.user, slug, Can.CLAIM)
    claim = visible_claim(request, project, claim_id)
    if not claim.receipt:
        raise Http404("No receipt.")
    extension = claim.receipt.name.rsplit(".", 1)[-1]
    return FileResponse(
        claim.receipt.open("rb"),
        as_attachment=True,
        filename=f"receipt-{claim.pk}.{extension}",
        content_type=claim.receipt_type,
    )


def statement_of(request: HttpRequest, slug: str, user_id: int):
    project = access_amounts_of(request.user, slug, user_id)
    person = member_of(project, user_id)
    policy = get_policy(project)
    return project, get_statement(
        project, person, get_contributor(project, person), policy.currency
    )


@login_required
@private_download
def statement_pdf(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    project, statement = statement_of(request, slug, user_id)
    pdf = render_document_pdf("reciprocity/statement.html", {"statement": statement})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{project.slug}-statement-{user_id}.pdf"'
    )
    return response


@login_required
@private_download
def statement_csv_download(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    project, statement = statement_of(request, slug, user_id)
    response = HttpResponse(statement_csv(statement), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{project.slug}-statement-{user_id}.csv"'
    )
    return response


@login_required
@private_download
def finance_export(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.MANAGE_PAYMENTS)
    response = HttpResponse(finance_csv(project), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-payments.csv"'
    return response
