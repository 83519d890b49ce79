"""The pages a signatory opens: read the version sent to sign, then sign it or decline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.pages import render_form
from projects.access import Can, access_project
from projects.models import Project

from .actions import do_decline, do_sign
from .forms import DeclineForm, SignForm
from .models import Answer, Signatory, SigningRequest
from .standing import get_current_request, get_request_standings


def get_own_signatory(request: HttpRequest, slug: str, signatory_id: int) -> Signatory:
    """The signatory record, if it is the person asking (another member's: 403)."""
    project = access_project(request.user, slug, Can.SIGN_FOR_A_PARTNER)
    signatory = get_object_or_404(
        Signatory.objects.select_related("partner__project", "user", "stakeholder__user"),
        pk=signatory_id,
        partner__project=project,
    )
    if not signatory.is_for(request.user):
        raise PermissionDenied("Only the person named signs for the partner.")
    signatory.partner.project = project  # with the membership access_project set
    return signatory


def statement_for(signatory: Signatory, version: int) -> str:
    return _(
        "On behalf of %(partner)s I agree to this charter (version %(version)s) and to work "
        "with the project as it sets out."
    ) % {"partner": signatory.partner.name, "version": version}


def answer_context(signatory: Signatory, current: SigningRequest | None) -> dict:
    project: Project = signatory.partner.project
    answer = partner_signed = None
    if current is not None:
        answer = Answer.objects.filter(signatory=signatory, charter=current.charter).first()
        standing = next(
            s
            for s in get_request_standings(current, project)
            if s.partner.pk == signatory.partner_id
        )
        partner_signed = standing.signed[0] if standing.signed else None
    return {
        "project": project,
        "signatory": signatory,
        "current": current,
        "answer": answer,
        "partner_signed": partner_signed,
    }


@login_required
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, slug: str, signatory_id: int) -> HttpResponse:
    signatory = get_own_signatory(request, slug, signatory_id)
    project = signatory.partner.project
    current = get_current_request(project)
    version = current.charter.version if current else None
    initial = {
        "version": version,
        "name": request.user.name,
        "role": signatory.role,
        "organisation": signatory.partner.name,
        "signed_on": timezone.localdate(),
        "statement": statement_for(signatory, version) if version else "",
    }
    form = SignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        asked = project.charters.filter(version=fields.pop("version")).first()
        try:
            if asked is None:
                raise ValidationError(_("There is no such version of the charter."))
            do_sign(signatory=signatory, charter=asked, by=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("You signed version %(version)s for %(partner)s. Thank you.")
                % {"version": asked.version, "partner": signatory.partner.name},
            )
            return redirect("partners-list", slug=project.slug)
    context = answer_context(signatory, current) | {"form": form}
    return render_form(request, "partners/sign.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, slug: str, signatory_id: int) -> HttpResponse:
    signatory = get_own_signatory(request, slug, signatory_id)
    project = signatory.partner.project
    current = get_current_request(project)
    initial = {"version": current.charter.version if current else None}
    form = DeclineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        asked = project.charters.filter(version=form.cleaned_data["version"]).first()
        try:
            if asked is None:
                raise ValidationError(_("There is no such version of the charter."))
            do_decline(
                signatory=signatory,
                charter=asked,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("You declined to sign version %(version)s. The facilitators can see why.")
                % {"version": asked.version},
            )
            return redirect("partners-list", slug=project.slug)
    context = answer_context(signatory, current) | {"form": form}
    return render_form(request, "partners/decline.html", context, form)
