"""The partners page, editing partners and who signs for them, and sending the charter to sign."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from charter.models import Charter
from coproduce.pages import private_download, render_form
from projects.access import Can, access_project, may
from projects.models import Project

from .actions import (
    do_add_partner,
    do_add_signatory,
    do_delete_partner,
    do_remove_signatory,
    do_send_for_signature,
    do_update_partner,
)
from .forms import PartnerForm, SendForm, SignatoryForm
from .models import Partner, Signatory
from .standing import get_current_request, get_request_standings, signatories_of

PER_PAGE = 20


def get_partner(project: Project, partner_id: int) -> Partner:
    return get_object_or_404(Partner, pk=partner_id, project=project)


def latest_ready(project: Project) -> Charter | None:
    return project.charters.filter(status=Charter.Status.READY).first()


@login_required
@require_GET
def partner_list(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    current = get_current_request(project)
    standings = get_request_standings(current, project)
    page = Paginator(standings, PER_PAGE).get_page(request.GET.get("page"))
    ready = latest_ready(project)
    context = {
        "project": project,
        "page": page,
        "current": current,
        "latest_ready": ready,
        "can_send": ready is not None and (current is None or current.charter_id != ready.pk),
        "can_edit": may(project.membership, Can.EDIT),
        "mine": list(signatories_of(request.user, project)),
        "outstanding": [s for s in standings if not s.is_signed and s.signatories],
    }
    return render(request, "partners/partner_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = PartnerForm(request.POST or None, request.FILES or None, project=project)
    if request.method == "POST" and form.is_valid():
        partner = do_add_partner(project=project, by=request.user, **form.changes())
        messages.success(request, _("%(name)s was added as a partner.") % {"name": partner})
        return redirect(partner)
    context = {"project": project, "form": form}
    return render_form(request, "partners/partner_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def partner_update(request: HttpRequest, slug: str, partner_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    partner = get_partner(project, partner_id)
    form = PartnerForm(
        request.POST or None, request.FILES or None, instance=partner, project=project
    )
    if request.method == "POST" and form.is_valid():
        changes = form.changes() | {"remove_logo": form.cleaned_data.get("remove_logo", False)}
        do_update_partner(partner=partner, by=request.user, **changes)
        messages.success(request, _("%(name)s was saved.") % {"name": partner})
        return redirect(partner)
    partner.refresh_from_db()  # the page shows the logo stored, whatever was posted
    context = {"project": project, "form": form, "partner": partner}
    return render_form(request, "partners/partner_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def partner_delete(request: HttpRequest, slug: str, partner_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    partner = get_partner(project, partner_id)
    if request.method == "POST":
        do_delete_partner(partner=partner, by=request.user)
        messages.success(request, _("%(name)s is no longer a partner.") % {"name": partner})
        return redirect("partners-list", slug=project.slug)
    context = {"project": project, "partner": partner}
    return render(request, "partners/partner_delete.html", context)


@login_required
@require_GET
@private_download
def partner_logo(request: HttpRequest, slug: str, partner_id: int) -> FileResponse:
    """The logo, to members only; an SVG is served so that it can run and fetch nothing."""
    project = access_project(request.user, slug, Can.VIEW)
    partner = get_partner(project, partner_id)
    if not partner.logo:
        raise Http404("This partner has no logo.")
    try:
        file = partner.logo.open("rb")
    except OSError:
        raise Http404("The logo's file is missing.") from None
    response = FileResponse(file, content_type=partner.logo_type)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def signatory_add(request: HttpRequest, slug: str, partner_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    partner = get_partner(project, partner_id)
    form = SignatoryForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            do_add_signatory(partner=partner, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Who signs for %(name)s was saved.") % {"name": partner.name}
            )
            return redirect(partner)
    context = {"project": project, "form": form, "partner": partner}
    return render_form(request, "partners/signatory_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def signatory_remove(request: HttpRequest, slug: str, signatory_id: int) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    signatory = get_object_or_404(
        Signatory.objects.select_related("partner", "user", "stakeholder"),
        pk=signatory_id,
        partner__project=project,
    )
    if request.method == "POST":
        do_remove_signatory(signatory=signatory, by=request.user)
        messages.success(
            request, _("They no longer sign for %(name)s.") % {"name": signatory.partner}
        )
        return redirect(signatory.partner)
    context = {"project": project, "signatory": signatory}
    return render(request, "partners/signatory_remove.html", context)


@login_required
@require_POST
def send_for_signature(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = SendForm(request.POST)
    ready = latest_ready(project)
    try:
        if not form.is_valid() or ready is None or form.cleaned_data["version"] != ready.version:
            raise ValidationError(
                _("The charter changed while you were reading. Check the version and send again.")
            )
        do_send_for_signature(project=project, charter=ready, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(version)s was sent to the partners to sign.") % {"version": ready.version},
        )
    return redirect("partners-list", slug=project.slug)
