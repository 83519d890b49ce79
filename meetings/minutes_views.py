"""A meeting's minutes (drafted, corrected, approved), its actions and its printable papers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.pages import private_download, render_form, saved_unless_conflict
from projects.access import Can, access_project, check_assigned

from .actions import (
    do_add_action,
    do_approve_minutes,
    do_ask_correction,
    do_circulate_minutes,
    do_mark_action_done,
    do_request_paper,
    do_save_minutes,
    do_update_action,
)
from .approval import minutes_rule, who_approves
from .forms import ActionDoneForm, ActionForm, CirculateForm, CorrectionForm, MinutesForm
from .models import Action, Attendance, MeetingPaper, Minutes
from .views import get_meeting

ACTIONS_PER_PAGE = 25


def back_to(meeting) -> HttpResponse:
    return redirect("meetings-detail", slug=meeting.project.slug, meeting_id=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    meeting = get_meeting(project, meeting_id)
    check_assigned(project, assigned={meeting.note_taker_id}, can=Can.EDIT)
    if meeting.minutes_locked:
        messages.error(request, _("These minutes are approved and can no longer be changed."))
        return back_to(meeting)
    initial = {"minutes": meeting.minutes, "version": meeting.version}
    form = MinutesForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved_unless_conflict(
            form,
            meeting,
            lambda: do_save_minutes(
                meeting=meeting,
                text=form.cleaned_data["minutes"],
                version=form.cleaned_data["version"],
                by=request.user,
            ),
        )
    ):
        messages.success(request, _("Minutes saved."))
        return back_to(meeting)
    corrections = meeting.corrections.filter(resolved=False).select_related("by")
    context = {"project": project, "meeting": meeting, "form": form, "corrections": corrections}
    return render_form(request, "meetings/minutes_form.html", context, form)


@login_required
@require_POST
def minutes_circulate(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    meeting = get_meeting(project, meeting_id)
    check_assigned(project, assigned={meeting.note_taker_id}, can=Can.EDIT)
    form = CirculateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose between 1 and 60 days for corrections."))
        return back_to(meeting)
    try:
        do_circulate_minutes(meeting=meeting, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The minutes are open for corrections."))
    return back_to(meeting)


@login_required
@require_POST
def minutes_correct(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    meeting = get_meeting(project, meeting_id)
    came = meeting.attendance.filter(status=Attendance.Status.CAME)
    check_assigned(
        project, assigned=set(came.values_list("membership_id", flat=True)), can=Can.EDIT
    )
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what should be corrected."))
        return back_to(meeting)
    try:
        do_ask_correction(meeting=meeting, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Thank you. The note-taker will see your correction."))
    return back_to(meeting)


@login_required
@require_POST
def minutes_approve(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    meeting = get_meeting(project, meeting_id)
    rule = minutes_rule(project)
    check_assigned(project, assigned=who_approves(meeting, project.membership, rule), can=None)
    try:
        version = int(request.POST.get("version", ""))
        do_approve_minutes(
            meeting=meeting,
            version=version,
            by=request.user,
            under=rule.as_sentence() if rule else "",
        )
    except ValueError:
        messages.error(request, _("Open the meeting again and approve the minutes from there."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The minutes are approved. They can no longer be changed."))
    return back_to(meeting)


@login_required
def minutes_history(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    meeting = get_meeting(project, meeting_id)
    edits = meeting.minutes_edits.select_related("by")
    if meeting.minutes_status == Minutes.DRAFT and not project.membership.is_facilitator:
        edits = edits.none()
    page = Paginator(edits, 20).get_page(request.GET.get("page"))
    context = {"project": project, "meeting": meeting, "page": page}
    return render(request, "meetings/minutes_history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    meeting = get_meeting(project, meeting_id)
    form = ActionForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        do_add_action(meeting=meeting, by=request.user, **form.changes())
        messages.success(request, _("Action added. Its owner will be reminded."))
        return back_to(meeting)
    context = {"project": project, "meeting": meeting, "form": form}
    return render_form(request, "meetings/action_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def action_update(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    action = get_object_or_404(
        Action.objects.select_related("meeting"), pk=action_id, project=project
    )
    form = ActionForm(request.POST or None, instance=action, project=project)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        if saved_unless_conflict(
            form,
            action,
            lambda: do_update_action(
                action=action, version=version, by=request.user, **form.changes()
            ),
        ):
            messages.success(request, _("Action saved."))
            return redirect("meetings-actions", slug=project.slug)
    context = {"project": project, "meeting": action.meeting, "form": form, "action": action}
    return render_form(request, "meetings/action_form.html", context, form)


@login_required
@require_POST
def action_done(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    action = get_object_or_404(
        Action.objects.select_related("meeting"), pk=action_id, project=project
    )
    check_assigned(project, assigned={action.owner_id}, can=Can.EDIT)
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Enter the time it took as a number of hours, or leave it empty.")
        )
        return redirect("meetings-actions", slug=project.slug)
    try:
        do_mark_action_done(action=action, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Marked as done. Thank you."))
    return redirect("meetings-actions", slug=project.slug)


@login_required
def action_list(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    actions = Action.objects.filter(project=project).select_related(
        "owner__user", "meeting", "project"
    )
    today = timezone.localdate(timezone=project.zone)
    mine = list(actions.open().filter(owner=project.membership))
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "mine": mine,
        "page": page,
        "today": today,
        "overdue": list(actions.overdue(today)[:50]) if project.membership.is_facilitator else [],
    }
    return render(request, "meetings/action_list.html", context)


@login_required
@require_POST
def paper_request(request: HttpRequest, slug: str, meeting_id: int, kind: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    meeting = get_meeting(project, meeting_id)
    if kind not in MeetingPaper.Kind.values:
        raise Http404("No such paper.")
    try:
        do_request_paper(meeting=meeting, kind=kind, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The PDF is being made. It will appear below in a moment."))
    return back_to(meeting)


@login_required
@private_download
def paper_download(request: HttpRequest, slug: str, paper_id: int) -> FileResponse:
    project = access_project(request.user, slug, Can.VIEW)
    paper = get_object_or_404(
        MeetingPaper.objects.select_related("meeting"),
        pk=paper_id,
        meeting__project=project,
        status=MeetingPaper.Status.READY,
    )
    if paper.kind == MeetingPaper.Kind.MINUTES and paper.meeting.minutes_status == Minutes.DRAFT:
        check_assigned(project, assigned={paper.meeting.note_taker_id}, can=Can.EDIT)
    return FileResponse(
        paper.pdf.open("rb"),
        as_attachment=True,
        filename=f"{paper.kind}-{paper.meeting.local_start:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )
