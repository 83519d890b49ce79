"""Agreeing at the outset: principles, decision rules, ground rules and the communication plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.forms import VersionForm
from coproduce.pages import render_form, saved_unless_conflict
from projects.access import Can, access_project, may
from projects.models import Project

from .actions import (
    do_add_communication_item,
    do_add_decision_rule,
    do_add_ground_rule,
    do_agree_to_ground_rules,
    do_delete_communication_item,
    do_delete_decision_rule,
    do_delete_ground_rule,
    do_mark_communication_done,
    do_move_decision_rule,
    do_move_ground_rule,
    do_save_principles,
    do_update_communication_item,
    do_update_decision_rule,
    do_update_ground_rule,
)
from .forms import (
    CommunicationItemForm,
    DecisionRuleForm,
    GroundRuleEditForm,
    GroundRuleForm,
    PrinciplesForm,
)
from .models import (
    CommunicationItem,
    DecisionRule,
    GroundRule,
    GroundRuleAgreement,
    GroundRuleEdit,
    Principle,
    chosen_definitions,
)

# How many of the latest edits to the ground rules their page lists, for everyone and for a
# member as what changed since they agreed.
HISTORY_LENGTH = 10
UNSEEN_LENGTH = 50

DECISION_AREAS = [
    gettext_lazy("the research questions"),
    gettext_lazy("the budget"),
    gettext_lazy("who we recruit"),
    gettext_lazy("publications"),
    gettext_lazy("how we spend our time"),
]


@login_required
@require_http_methods(["GET", "POST"])
def principles(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT if request.method == "POST" else Can.VIEW)
    rows = Principle.all_for(project)
    form = PrinciplesForm(request.POST or None, initial=PrinciplesForm.initial_for(project, rows))
    if request.method == "POST" and form.is_valid():
        do_save_principles(project=project, by=request.user, **form.changes())
        messages.success(request, _("Principles saved."))
        return redirect("agreements-principles", slug=project.slug)
    context = {
        "project": project,
        "principles": rows,
        "form": form,
        "definitions": chosen_definitions(project),
    }
    return render_form(request, "agreements/principles.html", context, form)


def delete_after_asking(
    request: HttpRequest, project: Project, *, thing: str, back: str, delete, done: str
) -> HttpResponse:
    """Show what will be deleted and ask; on POST call ``delete`` and go back to the list."""
    if request.method == "POST":
        delete()
        messages.success(request, done)
        return redirect(back, slug=project.slug)
    context = {"project": project, "thing": thing, "back": back}
    return render(request, "agreements/agreement_delete.html", context)


@login_required
def decisions(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    context = {"project": project, "rules": project.decision_rules.all()}
    return render(request, "agreements/decisions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = DecisionRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_add_decision_rule(project=project, by=request.user, **form.changes())
        messages.success(request, _("Decision rule added."))
        return redirect("agreements-decisions", slug=project.slug)
    context = {"project": project, "form": form, "areas": DECISION_AREAS}
    return render_form(request, "agreements/decision_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def decision_update(request: HttpRequest, slug: str, rule_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    rule = get_object_or_404(DecisionRule, pk=rule_id, project=project)
    form = DecisionRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        if saved_unless_conflict(
            form,
            rule,
            lambda: do_update_decision_rule(
                rule=rule, version=version, by=request.user, **form.changes()
            ),
        ):
            messages.success(request, _("Decision rule saved."))
            return redirect("agreements-decisions", slug=project.slug)
    context = {"project": project, "form": form, "rule": rule, "areas": DECISION_AREAS}
    return render_form(request, "agreements/decision_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def decision_delete(request: HttpRequest, slug: str, rule_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    rule = get_object_or_404(DecisionRule, pk=rule_id, project=project)
    return delete_after_asking(
        request,
        project,
        thing=rule.as_sentence(),
        back="agreements-decisions",
        delete=lambda: do_delete_decision_rule(rule=rule, by=request.user),
        done=_("Decision rule deleted."),
    )


@login_required
@require_POST
def decision_move(request: HttpRequest, slug: str, rule_id: int, direction: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    rule = get_object_or_404(DecisionRule, pk=rule_id, project=project)
    do_move_decision_rule(rule=rule, direction=direction, by=request.user)
    return redirect("agreements-decisions", slug=project.slug)


def ground_rules_context(request: HttpRequest, project: Project, form=None) -> dict:
    """Everything the ground rules page shows, in a fixed number of queries."""
    rules = list(project.ground_rules.all())
    taken = {rule.text.casefold() for rule in rules}
    statuses = GroundRuleAgreement.member_statuses(project)
    counts = GroundRuleAgreement.counts(project)
    mine = project.membership.ground_rule_agreements.first()
    # What changed since this member agreed (the latest, oldest first), and which rules.
    since = project.ground_rule_edits.since(mine) if mine else GroundRuleEdit.objects.none()
    unseen = list(reversed(since.order_by("-made_at", "-id")[:UNSEEN_LENGTH]))
    touched = {edit.rule_id: edit.kind for edit in unseen if not edit.is_correction}
    return {
        "project": project,
        "rules": [(rule, touched.get(rule.pk)) for rule in rules],
        "unseen": unseen,
        "unseen_cut": len(unseen) == UNSEEN_LENGTH,
        "history": project.ground_rule_edits.select_related("by")[:HISTORY_LENGTH],
        "form": form or GroundRuleForm(),
        "suggestions": [str(s) for s in GroundRule.SUGGESTIONS if str(s).casefold() not in taken],
        "page": Paginator(statuses, 50).get_page(request.GET.get("page")),
        "counts": counts,
        "not_agreed": counts["total"] - counts["current"],
        "my_agreement": mine,
        "may_agree": may(project.membership, Can.RESPOND),
        "agree_form": VersionForm(initial={"version": project.ground_rules_version}),
    }


@login_required
def ground_rules(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    return render(request, "agreements/ground_rules.html", ground_rules_context(request, project))


@login_required
@require_POST
def ground_rule_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = GroundRuleForm(request.POST)
    if form.is_valid():
        rule = do_add_ground_rule(project=project, text=form.cleaned_data["text"], by=request.user)
        messages.success(request, _("Ground rule added: “%(text)s”") % {"text": rule.text})
        return redirect("agreements-ground-rules", slug=project.slug)
    context = ground_rules_context(request, project, form)
    return render_form(request, "agreements/ground_rules.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def ground_rule_update(request: HttpRequest, slug: str, rule_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    rule = get_object_or_404(GroundRule, pk=rule_id, project=project)
    form = GroundRuleEditForm(
        request.POST or None, instance=rule, version=project.ground_rules_version
    )
    if request.method == "POST" and form.is_valid():
        rule.refresh_from_db(fields=["text"])  # the form wrote the new text onto it
        text, correction = form.cleaned_data["text"], form.is_correction
        changed = rule.text != text
        do_update_ground_rule(rule=rule, text=text, correction=correction, by=request.user)
        version = rule.project.ground_rules_version  # read again: a change made a new one
        messages.success(request, edit_saved_message(changed, correction, version))
        return redirect("agreements-ground-rules", slug=project.slug)
    counts = GroundRuleAgreement.counts(project)
    context = {"project": project, "rule": rule, "form": form, "counts": counts}
    return render_form(request, "agreements/ground_rule_form.html", context, form)


def edit_saved_message(changed: bool, correction: bool, version: int) -> str:
    if not changed:
        return _("Ground rule saved.")
    if correction:
        return _(
            "Wording corrected. Agreements stand: the ground rules are still version %(version)s."
        ) % {"version": version}
    return _(
        "Ground rule changed. The ground rules are now version %(version)s: members who had "
        "agreed are emailed and asked to agree again."
    ) % {"version": version}


@login_required
@require_http_methods(["GET", "POST"])
def ground_rule_delete(request: HttpRequest, slug: str, rule_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    rule = get_object_or_404(GroundRule, pk=rule_id, project=project)
    return delete_after_asking(
        request,
        project,
        thing=rule.text,
        back="agreements-ground-rules",
        delete=lambda: do_delete_ground_rule(rule=rule, by=request.user),
        done=_("Ground rule deleted."),
    )


@login_required
@require_POST
def ground_rule_move(request: HttpRequest, slug: str, rule_id: int, direction: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    rule = get_object_or_404(GroundRule, pk=rule_id, project=project)
    do_move_ground_rule(rule=rule, direction=direction, by=request.user)
    return redirect("agreements-ground-rules", slug=project.slug)


@login_required
@require_POST
def ground_rules_agree(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.RESPOND)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else -1
    try:
        do_agree_to_ground_rules(membership=project.membership, version=version)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Thank you. You have agreed to the ground rules."))
    return redirect("agreements-ground-rules", slug=project.slug)


@login_required
def communication(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    items = project.communication_items.select_related("owner__user")
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "page": page,
        "today": timezone.localdate(),
        "overdue": project.communication_items.overdue().count(),
    }
    return render(request, "agreements/communication.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def communication_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = CommunicationItemForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        do_add_communication_item(project=project, by=request.user, **form.changes())
        messages.success(request, _("Added to the communication plan."))
        return redirect("agreements-communication", slug=project.slug)
    context = {"project": project, "form": form}
    return render_form(request, "agreements/communication_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def communication_update(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    item = get_object_or_404(CommunicationItem, pk=item_id, project=project)
    form = CommunicationItemForm(request.POST or None, instance=item, project=project)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        if saved_unless_conflict(
            form,
            item,
            lambda: do_update_communication_item(
                item=item, version=version, by=request.user, **form.changes()
            ),
        ):
            messages.success(request, _("Communication item saved."))
            return redirect("agreements-communication", slug=project.slug)
    context = {"project": project, "form": form, "item": item}
    return render_form(request, "agreements/communication_form.html", context, form)


@login_required
@require_POST
def communication_done(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    item = get_object_or_404(CommunicationItem, pk=item_id, project=project)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        do_mark_communication_done(item=item, version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if item.closed:
            messages.success(request, _("Marked as done."))
        else:
            messages.success(
                request,
                _("Marked as done. Next due %(date)s.")
                % {"date": date_format(item.next_due, "j F Y")},
            )
    return redirect("agreements-communication", slug=project.slug)


@login_required
@require_http_methods(["GET", "POST"])
def communication_delete(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    item = get_object_or_404(CommunicationItem, pk=item_id, project=project)
    return delete_after_asking(
        request,
        project,
        thing=str(item),
        back="agreements-communication",
        delete=lambda: do_delete_communication_item(item=item, by=request.user),
        done=_("Removed from the communication plan."),
    )
