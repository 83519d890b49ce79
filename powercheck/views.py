from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from agreements.actions import do_add_ground_rule
from coproduce.pages import render_form
from projects.access import Can, access_project, may
from projects.actions import do_add_goal
from projects.models import Project

from .actions import (
    do_add_statement,
    do_close_round,
    do_open_round,
    do_save_answers,
    do_submit_response,
    get_response,
)
from .comments import get_comments, get_reflections
from .forms import ReflectionsForm, RoundForm, SectionForm, StatementForm, SuggestionForm
from .models import Checklist, Round
from .results import SectionResult
from .scoring import MIN_GROUP, get_results, sections_with_questions, with_submitted_counts


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    rounds = with_submitted_counts(project.power_rounds.order_by("-opens_at", "-id"))
    page = Paginator(rounds, 20).get_page(request.GET.get("page"))
    current = project.power_rounds.still_open().first()
    response = current and get_response(round=current, member=project.membership)
    context = {
        "project": project,
        "page": page,
        "current": current,
        "response": response,
        "resume_url": response and get_resume_url(current, response),
        "can_respond": may(project.membership, Can.RESPOND),
    }
    return render(request, "powercheck/index.html", context)


def get_resume_url(round: Round, response) -> str:
    """Where a member who saved some answers carries on: the first section with a statement
    they have not answered, or checking their answers if they answered them all."""
    answered = set(response.answers.values_list("question_id", flat=True))
    sections = sections_with_questions(round.checklist_id, round.project_id)
    for step, section in enumerate(sections, start=1):
        if any(q.pk not in answered for q in section.round_questions):
            return reverse("powercheck-respond", args=[round.project.slug, round.pk, step])
    return reverse("powercheck-check", args=[round.project.slug, round.pk])


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = RoundForm(request.POST or None, zone=project.zone)
    if request.method == "POST" and form.is_valid():
        try:
            do_open_round(
                project=project,
                by=request.user,
                title=form.cleaned_data["title"],
                closes_at=form.closes_at,
                anonymous=form.cleaned_data["anonymous"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The round is open. Members can answer it now."))
            return redirect("powercheck-index", slug=project.slug)
    return render_form(
        request, "powercheck/round_form.html", {"project": project, "form": form}, form
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_close(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    round = get_object_or_404(Round, pk=round_id, project=project)
    if request.method == "POST":
        do_close_round(round=round, by=request.user)
        messages.success(request, _("The round is closed. Here are its results."))
        return redirect(round)
    return render(request, "powercheck/round_close.html", {"project": project, "round": round})


def open_round_or_none(request: HttpRequest, project: Project, round_id: int) -> Round | None:
    """The round, or None (with a message saying why) when it no longer takes answers."""
    round = get_object_or_404(Round, pk=round_id, project=project)
    if round.is_open():
        return round
    messages.error(
        request,
        _("“%(title)s” has closed. Answers can no longer be given or changed.")
        % {"title": round.title},
    )
    return None


@login_required
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, slug: str, round_id: int, step: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.RESPOND)
    round = open_round_or_none(request, project, round_id)
    if round is None:
        return redirect("powercheck-index", slug=project.slug)
    sections = sections_with_questions(round.checklist_id, round.project_id)
    if not 1 <= step <= len(sections) + 1:
        raise Http404("No such step.")
    response = get_response(round=round, member=project.membership)
    data = request.POST if request.method == "POST" else None
    if step <= len(sections):
        answers = {a.question_id: a for a in response.answers.all()} if response else {}
        form = SectionForm(data, questions=sections[step - 1].round_questions, answers=answers)
    else:
        initial = {"helped": response.helped, "hindered": response.hindered} if response else {}
        form = ReflectionsForm(data, initial=initial)
    if data is not None and form.is_valid():
        try:
            if isinstance(form, SectionForm):
                do_save_answers(round=round, member=project.membership, answers=form.answers())
            else:
                do_save_answers(round=round, member=project.membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if "later" in request.POST:
                messages.success(
                    request,
                    _("Your answers are saved. Come back to finish them before the round closes."),
                )
                return redirect("powercheck-index", slug=project.slug)
            if step <= len(sections):
                return redirect(
                    "powercheck-respond", slug=project.slug, round_id=round.pk, step=step + 1
                )
            return redirect("powercheck-check", slug=project.slug, round_id=round.pk)
    context = {
        "project": project,
        "round": round,
        "form": form,
        "step": step,
        "steps": len(sections) + 1,
        "section": sections[step - 1] if step <= len(sections) else None,
        "sections": len(sections),
        "response": response,
    }
    return render_form(request, "powercheck/respond.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def check_answers(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.RESPOND)
    round = open_round_or_none(request, project, round_id)
    if round is None:
        return redirect("powercheck-index", slug=project.slug)
    error = None
    if request.method == "POST":
        try:
            do_submit_response(round=round, member=project.membership)
        except ValidationError as e:
            error = e.messages[0]
        else:
            messages.success(
                request,
                _(
                    "Thank you. Your answers are submitted. You can change them until the round closes."
                ),
            )
            return redirect("powercheck-index", slug=project.slug)
    response = get_response(round=round, member=project.membership)
    answers = {a.question_id: a for a in response.answers.all()} if response else {}
    sections = sections_with_questions(round.checklist_id, round.project_id)
    missing = []
    for step, section in enumerate(sections, start=1):
        section.answered = [(q, answers.get(q.pk)) for q in section.round_questions]
        missing += [(step, q) for q, a in section.answered if a is None]
    context = {
        "project": project,
        "round": round,
        "sections": sections,
        "response": response,
        "unanswered": len(missing),
        "missing": missing,
        "error": error,
    }
    return render(request, "powercheck/check.html", context, status=422 if error else 200)


@login_required
def results(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.SEE_RESULTS)
    round = get_object_or_404(Round, pk=round_id, project=project)
    round.project = project
    round_results = get_results(round)
    context = {
        "project": project,
        "round": round,
        "results": round_results,
        "min_group": MIN_GROUP,
        "show_names": not round.anonymous and project.membership.is_facilitator,
        "comments": Paginator(get_comments(round_results), 50).get_page(
            request.GET.get("comments")
        ),
        "reflections": Paginator(get_reflections(round_results), 50).get_page(
            request.GET.get("reflections")
        ),
        "targets": ADOPT_TARGETS,
    }
    return render(request, "powercheck/results.html", context)


@dataclass(frozen=True)
class AdoptTarget:
    """Somewhere a suggested action can be added with one click."""

    button: str
    done: str
    add: Callable[..., object]


def add_as_goal(*, project: Project, section: SectionResult, text: str, by) -> None:
    measure = _("The “%(section)s” score rises in the next power dynamics check.") % {
        "section": section.section.title
    }
    do_add_goal(project=project, text=text, measure=measure, by=by)


def add_as_ground_rule(*, project: Project, section: SectionResult, text: str, by) -> None:
    do_add_ground_rule(project=project, text=text, by=by)


# Each target is one entry: a button label, the message shown after it, and the action.
ADOPT_TARGETS: dict[str, AdoptTarget] = {
    "goal": AdoptTarget(
        gettext_lazy("Make it a goal"),
        gettext_lazy("Added to the project’s goals."),
        add_as_goal,
    ),
    "ground-rule": AdoptTarget(
        gettext_lazy("Make it a ground rule"),
        gettext_lazy("Added to the ground rules. Members are asked to agree to the new set."),
        add_as_ground_rule,
    ),
}


@login_required
@require_POST
def adopt_suggestion(request: HttpRequest, slug: str, round_id: int, target: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    round = get_object_or_404(Round, pk=round_id, project=project)
    if target not in ADOPT_TARGETS:
        raise Http404("No such target.")
    lowest = get_results(round).lowest
    form = SuggestionForm(request.POST, suggestions=[t for s in lowest for t in s.suggestions])
    if form.is_valid():
        text = form.cleaned_data["suggestion"]
        section = next(s for s in lowest if text in s.suggestions)
        ADOPT_TARGETS[target].add(project=project, section=section, text=text, by=request.user)
        messages.success(request, ADOPT_TARGETS[target].done)
    else:
        messages.error(request, form.errors["suggestion"][0])
    return redirect(round)


@login_required
@require_http_methods(["GET", "POST"])
def statements(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT if request.method == "POST" else Can.VIEW)
    form = StatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_add_statement(project=project, by=request.user, **form.cleaned_data)
        messages.success(request, _("Statement added. It will be asked in this and future rounds."))
        return redirect("powercheck-statements", slug=project.slug)
    checklist = Checklist.default()
    context = {
        "project": project,
        "checklist": checklist,
        "sections": sections_with_questions(checklist.pk, project.pk),
        "form": form,
    }
    return render_form(request, "powercheck/statements.html", context, form)
