"""Meetings: the list, scheduling, a meeting's page, the agenda, replies and attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.pages import render_form, saved_unless_conflict
from decisions.models import Decision
from projects.access import Can, access_project, may
from projects.models import Project

from .actions import (
    do_add_agenda_item,
    do_answer_suggestion,
    do_cancel_meeting,
    do_record_attendance,
    do_remove_agenda_item,
    do_reply_to_meeting,
    do_schedule_meeting,
    do_suggest_agenda_item,
    do_update_meeting,
)
from .approval import minutes_rule, who_approves
from .forms import (
    ActionForm,
    AgendaItemForm,
    AttendanceForm,
    DeclineItemForm,
    MeetingForm,
    ProposalAgendaForm,
    ReplyForm,
    SuggestItemForm,
)
from .models import Action, AgendaItem, Attendance, Meeting, MeetingPaper, Minutes, Reply

PAST_PER_PAGE = 20


def get_meeting(project: Project, meeting_id: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("chair__user", "note_taker__user"),
        pk=meeting_id,
        project=project,
    )
    meeting.project = project
    return meeting


@login_required
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    meetings = project.meetings.select_related("project")
    now = timezone.now()
    past = Paginator(meetings.past(now), PAST_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "upcoming": list(meetings.upcoming(now)[:50]),
        "page": past,
        "overdue": Action.objects.filter(project=project).overdue().count()
        if project.membership.is_facilitator
        else 0,
    }
    return render(request, "meetings/meeting_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = MeetingForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        meeting = do_schedule_meeting(project=project, by=request.user, **changes)
        messages.success(request, _("Meeting scheduled. Every member has been sent an invitation."))
        return redirect("meetings-detail", slug=project.slug, meeting_id=meeting.pk)
    return render_form(
        request, "meetings/meeting_form.html", {"project": project, "form": form}, form
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_update(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    meeting = get_meeting(project, meeting_id)
    form = MeetingForm(request.POST or None, instance=meeting, project=project)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        if saved_unless_conflict(
            form,
            meeting,
            lambda: do_update_meeting(
                meeting=meeting, version=version, by=request.user, **form.changes()
            ),
        ):
            messages.success(request, _("Meeting saved."))
            return redirect("meetings-detail", slug=project.slug, meeting_id=meeting.pk)
    context = {"project": project, "form": form, "meeting": meeting}
    return render_form(request, "meetings/meeting_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    meeting = get_meeting(project, meeting_id)
    if request.method == "POST":
        do_cancel_meeting(meeting=meeting, by=request.user)
        messages.success(request, _("The meeting was cancelled."))
        return redirect("meetings-list", slug=project.slug)
    return render(request, "meetings/meeting_cancel.html", {"project": project, "meeting": meeting})


def detail_context(request: HttpRequest, project: Project, meeting: Meeting, **forms) -> dict:
    """Everything a meeting's page shows, in a fixed number of queries."""
    membership = project.membership
    is_facilitator = membership.is_facilitator
    items = list(meeting.agenda.select_related("lead__user", "suggested_by", "proposal"))
    replies = list(meeting.replies.select_related("membership__user"))
    mine = next((r for r in replies if r.membership_id == membership.pk), None)
    attendance = list(meeting.attendance.select_related("membership__user"))
    papers = list(meeting.papers.all()[:4])
    came = {a.membership_id for a in attendance if a.status == Attendance.Status.CAME}
    show_minutes = meeting.minutes_status in (Minutes.CORRECTIONS, Minutes.APPROVED) or (
        meeting.minutes_status == Minutes.DRAFT
        and (is_facilitator or membership.pk == meeting.note_taker_id)
    )
    return {
        "project": project,
        "meeting": meeting,
        "agenda": [i for i in items if i.status == AgendaItem.Status.ACCEPTED],
        "suggested": [i for i in items if i.status == AgendaItem.Status.SUGGESTED],
        "declined": [i for i in items if i.status == AgendaItem.Status.DECLINED],
        "replies": replies if is_facilitator else [],
        "counts": {answer: sum(r.answer == answer for r in replies) for answer in Reply.Answer},
        "mine": mine,
        "reply_form": forms.get("reply_form")
        or ReplyForm(instance=mine, initial={} if mine else {"answer": Reply.Answer.YES}),
        "suggest_form": forms.get("suggest_form") or SuggestItemForm(),
        "item_form": forms.get("item_form") or AgendaItemForm(project=project),
        "may_respond": may(membership, Can.RESPOND),
        "is_facilitator": is_facilitator,
        "came": [a for a in attendance if a.status == Attendance.Status.CAME],
        "apologies": [a for a in attendance if a.status == Attendance.Status.APOLOGIES],
        "show_minutes": show_minutes,
        "may_write_minutes": is_facilitator or membership.pk == meeting.note_taker_id,
        "may_correct": membership.pk in came or is_facilitator,
        "may_approve": membership.pk in who_approves(meeting, membership),
        "rule": minutes_rule(project),
        "corrections": list(meeting.corrections.select_related("by"))
        if meeting.minutes_status == Minutes.CORRECTIONS
        else [],
        "actions": list(meeting.actions.select_related("owner__user", "project")),
        "action_form": ActionForm(project=project),
        "papers": papers,
        "making_papers": any(p.status == MeetingPaper.Status.QUEUED for p in papers),
        "proposal_form": ProposalAgendaForm(project=project) if is_facilitator else None,
        "decisions": list(
            Decision.objects.filter(project=project, source_url=meeting.get_absolute_url())
        ),
        "is_past": meeting.is_past(),
    }


@login_required
def meeting_detail(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    meeting = get_meeting(project, meeting_id)
    context = detail_context(request, project, meeting)
    if request.htmx and request.GET.get("part") == "papers":
        return render(request, "meetings/meeting_detail.html#papers", context)
    return render(request, "meetings/meeting_detail.html", context)


@login_required
@require_POST
def meeting_reply(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.RESPOND)
    meeting = get_meeting(project, meeting_id)
    mine = meeting.replies.filter(membership=project.membership).first()
    form = ReplyForm(request.POST, instance=mine)
    if form.is_valid():
        do_reply_to_meeting(meeting=meeting, membership=project.membership, **form.cleaned_data)
        messages.success(request, _("Thank you. Your reply is saved."))
        return redirect("meetings-detail", slug=project.slug, meeting_id=meeting.pk)
    context = detail_context(request, project, meeting, reply_form=form)
    return render_form(request, "meetings/meeting_detail.html", context, form)


@login_required
@require_POST
def agenda_add(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    meeting = get_meeting(project, meeting_id)
    form = AgendaItemForm(request.POST, project=project)
    if form.is_valid():
        do_add_agenda_item(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, _("Added to the agenda."))
        return redirect("meetings-detail", slug=project.slug, meeting_id=meeting.pk)
    context = detail_context(request, project, meeting, item_form=form)
    return render_form(request, "meetings/meeting_detail.html", context, form)


@login_required
@require_POST
def agenda_suggest(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.RESPOND)
    meeting = get_meeting(project, meeting_id)
    form = SuggestItemForm(request.POST)
    if form.is_valid():
        do_suggest_agenda_item(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you. A facilitator will look at your suggestion."))
        return redirect("meetings-detail", slug=project.slug, meeting_id=meeting.pk)
    context = detail_context(request, project, meeting, suggest_form=form)
    return render_form(request, "meetings/meeting_detail.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_answer(request: HttpRequest, slug: str, meeting_id: int, item_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    meeting = get_meeting(project, meeting_id)
    item = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)
    accept = request.POST.get("accept") == "yes"
    form = DeclineItemForm(request.POST if request.method == "POST" and not accept else None)
    if request.method == "POST" and (accept or form.is_valid()):
        reason = "" if accept else form.cleaned_data["reason"]
        do_answer_suggestion(item=item, by=request.user, accept=accept, reason=reason)
        messages.success(request, _("Your answer to the suggestion is saved."))
        return redirect("meetings-detail", slug=project.slug, meeting_id=meeting.pk)
    context = {"project": project, "meeting": meeting, "item": item, "form": form}
    return render_form(request, "meetings/agenda_answer.html", context, form)


@login_required
@require_POST
def agenda_remove(request: HttpRequest, slug: str, meeting_id: int, item_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    meeting = get_meeting(project, meeting_id)
    item = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)
    do_remove_agenda_item(item=item, by=request.user)
    messages.success(request, _("Taken off the agenda."))
    return redirect("meetings-detail", slug=project.slug, meeting_id=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    meeting = get_meeting(project, meeting_id)
    members = list(project.memberships.select_related("user").order_by("user__name", "user__email"))
    current = dict(meeting.attendance.values_list("membership_id", "status"))
    if not current:
        apologies = meeting.replies.filter(answer=Reply.Answer.NO)
        current = dict.fromkeys(apologies.values_list("membership_id", flat=True), "apologies")
    form = AttendanceForm(request.POST or None, members=members, current=current)
    if request.method == "POST" and form.is_valid():
        do_record_attendance(meeting=meeting, statuses=form.statuses(), by=request.user)
        messages.success(request, _("Attendance saved."))
        return redirect("meetings-detail", slug=project.slug, meeting_id=meeting.pk)
    context = {"project": project, "meeting": meeting, "form": form}
    return render_form(request, "meetings/attendance.html", context, form)
