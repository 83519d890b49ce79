"""Proposals on a meeting's agenda, and decisions taken at a meeting for the decision log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.pages import render_form
from projects.access import Can, access_project

from .actions import do_put_proposal_on_agenda, do_record_meeting_decision
from .forms import MeetingDecisionForm, ProposalAgendaForm
from .views import get_meeting


@login_required
@require_POST
def agenda_proposal(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    meeting = get_meeting(project, meeting_id)
    form = ProposalAgendaForm(request.POST, project=project)
    if not form.is_valid():
        messages.error(request, _("Choose one of the open proposals."))
    else:
        try:
            do_put_proposal_on_agenda(
                meeting=meeting, proposal=form.cleaned_data["proposal"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The proposal is on the agenda."))
    return redirect("meetings-detail", slug=project.slug, meeting_id=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_decision(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    meeting = get_meeting(project, meeting_id)
    form = MeetingDecisionForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            do_record_meeting_decision(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision is in the decision log."))
            return redirect("meetings-detail", slug=project.slug, meeting_id=meeting.pk)
    context = {"project": project, "meeting": meeting, "form": form}
    return render_form(request, "meetings/meeting_decision.html", context, form)
