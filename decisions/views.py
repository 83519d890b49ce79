"""Proposals any member makes, their pages, responses, comments and the decision log."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.dates import last_day
from coproduce.pages import private_download, render_form
from projects.access import Can, access_project

from .actions import (
    do_comment,
    do_decide_proposal,
    do_propose,
    do_respond,
    do_revise_proposal,
    do_save_decision_settings,
    do_withdraw_proposal,
)
from .engine import Terms
from .forms import (
    CommentForm,
    DecideForm,
    LogFilterForm,
    ProposalForm,
    ResponseForm,
    ReviseForm,
    SettingsForm,
    rule_change_form,
)
from .log import CSV_HEADER, csv_rows, dissent_lines, get_log
from .models import DecisionSettings, Kind, Proposal
from .pages import deadline_day, get_detail, get_list


def get_proposal(project, proposal_id: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("proposed_by"), pk=proposal_id, project=project
    )


@login_required
def proposals(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    status = request.GET.get("status", "")
    context = get_list(request, project, status if status in ("open", "closed") else "")
    return render(request, "decisions/proposals.html", context)


def initial_target(request: HttpRequest, project, kind: str) -> dict:
    """A proposal made from the thing it changes ("Propose a change" beside a ground rule) or
    from a suggestion (the power check's suggested actions) starts filled in."""
    initial = {name: request.GET[name] for name in ("text", "title") if name in request.GET}
    for name in ("goal", "ground_rule", "decision_rule", "communication_item"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    if kind == Kind.CHANGE_GROUND_RULE and "ground_rule" in initial and "text" not in initial:
        rule = project.ground_rules.filter(pk=initial["ground_rule"]).first()
        initial["text"] = rule.text if rule else ""
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.PROPOSE)
    kind = request.POST.get("kind") or request.GET.get("kind", "")
    if kind not in Kind.values:
        context = {"project": project, "kinds": Kind.choices, "bad_kind": bool(kind)}
        return render(request, "decisions/propose.html", context, status=422 if kind else 200)
    form = ProposalForm(
        request.POST or None,
        project=project,
        kind=kind,
        initial=initial_target(request, project, kind),
    )
    rule_form = None
    if kind == Kind.CHANGE_DECISION_RULE:
        chosen = project.decision_rules.filter(pk=request.GET.get("decision_rule") or 0).first()
        rule_form = rule_change_form(request.POST or None, rule=chosen)
    if request.method == "POST" and form.is_valid() and (rule_form is None or rule_form.is_valid()):
        fields = form.proposal_fields()
        if rule_form is not None:
            fields["change"] = {
                name: rule_form.cleaned_data[name] for name in rule_form.fields if name != "area"
            }
        try:
            proposal = do_propose(project=project, by=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Proposal made. Members are asked to respond."))
            return redirect(proposal)
    context = {
        "project": project,
        "form": form,
        "rule_form": rule_form,
        "kind": kind,
        "kind_label": Kind(kind).label,
    }
    errors = form.errors or (rule_form is not None and rule_form.errors)
    return render(
        request,
        "decisions/propose.html",
        context,
        status=422 if errors and not request.htmx else 200,
    )


@login_required
def detail(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    proposal = get_proposal(project, proposal_id)
    context = get_detail(request, project, proposal)
    terms = context["terms"]
    mine = context["mine"]
    initial = {"answer": mine.answer, "reason": mine.reason} if mine else {}
    context["response_form"] = ResponseForm(terms=terms, initial=initial)
    context["comment_form"] = CommentForm()
    return render(request, "decisions/proposal.html", context)


def detail_with_errors(request, project, proposal, **forms) -> HttpResponse:
    context = get_detail(request, project, proposal)
    context["response_form"] = ResponseForm(terms=context["terms"])
    context["comment_form"] = CommentForm()
    context.update(forms)
    return render(request, "decisions/proposal.html", context, status=422)


@login_required
@require_POST
def respond(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.PROPOSE)
    proposal = get_proposal(project, proposal_id)
    form = ResponseForm(request.POST, terms=Terms.load(proposal.terms))
    if form.is_valid():
        try:
            do_respond(proposal=proposal, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your response is saved. You can change it until the deadline.")
            )
            return redirect(proposal)
    return detail_with_errors(request, project, proposal, response_form=form)


@login_required
@require_POST
def comment(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.PROPOSE)
    proposal = get_proposal(project, proposal_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            do_comment(proposal=proposal, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Comment added."))
            return redirect(proposal.get_absolute_url() + "#comments")
    return detail_with_errors(request, project, proposal, comment_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def revise(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.PROPOSE)
    proposal = get_proposal(project, proposal_id)
    if proposal.proposed_by_id != request.user.pk:
        raise PermissionDenied("Only the proposer can revise a proposal.")
    initial = {
        "title": proposal.title,
        "background": proposal.background,
        "closes_on": last_day(proposal.closes_at, project.zone),
        "version": proposal.version,
        "text": proposal.change.get("text", ""),
    }
    form = ReviseForm(request.POST or None, proposal=proposal, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not form.changed_anything():
            messages.info(request, _("Nothing changed, so members are not asked again."))
            return redirect(proposal)
        data = form.cleaned_data
        change = {**proposal.change, "text": data["text"]} if "text" in data else None
        try:
            do_revise_proposal(
                proposal=proposal,
                by=request.user,
                version=data["version"],
                title=data["title"],
                background=data["background"],
                closes_on=data["closes_on"],
                change=change,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Proposal changed. Everyone is asked to respond again."))
            return redirect(proposal)
    context = {"project": project, "proposal": proposal, "form": form}
    return render_form(request, "decisions/revise.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.PROPOSE)
    proposal = get_proposal(project, proposal_id)
    if proposal.proposed_by_id != request.user.pk and not project.membership.is_facilitator:
        raise PermissionDenied("Only the proposer or a facilitator can withdraw a proposal.")
    error = ""
    if request.method == "POST":
        try:
            do_withdraw_proposal(proposal=proposal, by=request.user)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, _("Proposal withdrawn."))
            return redirect(proposal)
    context = {"project": project, "proposal": proposal, "error": error}
    return render(request, "decisions/withdraw.html", context, status=422 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    proposal = get_proposal(project, proposal_id)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_decide_proposal(
                proposal=proposal,
                by=request.user,
                adopted=form.cleaned_data["result"] == "adopted",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(proposal)
    context = {
        "project": project,
        "proposal": proposal,
        "form": form,
        "deadline": deadline_day(proposal),
    }
    return render_form(request, "decisions/decide.html", context, form)


@login_required
def log(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    decisions, areas = get_log(project)
    form = LogFilterForm(request.GET or None, areas=areas)
    area = form.cleaned_data["area"] if form.is_valid() else ""
    if area:
        decisions = decisions.filter(area=area)
    settings_form = None
    if project.membership.is_facilitator:
        stored = DecisionSettings.objects.filter(project=project).first()
        settings_form = SettingsForm(
            initial={"responses_private": bool(stored and stored.responses_private)}
        )
    page = Paginator(decisions, 20).get_page(request.GET.get("page"))
    dissent = dissent_lines(page.object_list)
    for decision in page.object_list:
        decision.dissent_lines = dissent[decision.pk]
    context = {
        "project": project,
        "form": form,
        "area": area,
        "page": page,
        "settings_form": settings_form,
    }
    return render(request, "decisions/log.html", context, status=200 if not form.errors else 422)


@private_download
@login_required
def log_csv(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    decisions, _areas = get_log(project)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-decisions.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(decisions))
    return response


@login_required
@require_POST
def settings(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = SettingsForm(request.POST)
    form.is_valid()
    do_save_decision_settings(
        project=project,
        responses_private=form.cleaned_data.get("responses_private", False),
        by=request.user,
    )
    messages.success(request, _("Saved."))
    return redirect("decisions-log", slug=project.slug)
