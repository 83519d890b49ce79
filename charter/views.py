"""The charter page: asking for a new version, watching it being made, downloading it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.pages import private_download
from coproduce.ratelimit import allow, too_many_requests
from projects.access import Can, access_project
from projects.models import Project

from .actions import do_request_charter
from .content import gather_charter
from .freshness import get_charter_out_of_date
from .models import Charter
from .render import preview_stylesheet_url, render_charter_html

# Each render takes a worker for seconds; nobody needs more than this many in an hour.
CHARTERS_PER_HOUR = 20


def charter_context(project: Project, page_number: str | None = None, **extra) -> dict:
    """What the charter page and its status partial show: the latest version and the list.

    A withdrawn version (it named someone since erased) is listed but is never the current
    one: the version before it, or the one made to replace it, is. ``out_of_date`` says how
    the project changed since the latest ready version was made, if it did.
    """
    charters = project.charters.select_related("requested_by")
    latest_ready = charters.filter(status=Charter.Status.READY).first()
    return {
        "project": project,
        "latest": charters.exclude(status=Charter.Status.WITHDRAWN).first(),
        "latest_ready": latest_ready,
        "out_of_date": get_charter_out_of_date(project, latest_ready),
        "page": Paginator(charters, 20).get_page(page_number),
        **extra,
    }


@login_required
def charter(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.DOWNLOAD_CHARTER)
    context = charter_context(project, request.GET.get("page"))
    template = "charter/charter.html#charter-status" if request.htmx else "charter/charter.html"
    return render(request, template, context)


@login_required
@require_POST
def charter_generate(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.GENERATE_CHARTER)
    if not allow(f"charter:{request.user.pk}", limit=CHARTERS_PER_HOUR, period=3600):
        if not request.htmx:
            return too_many_requests(request)
        notice = _("You have asked for a lot of charters this hour. Please try again later.")
        return render(
            request, "charter/charter.html#charter-status", charter_context(project, notice=notice)
        )
    charter = do_request_charter(project=project, by=request.user)
    notice = ""
    if charter.is_ready:
        notice = _(
            "Nothing has changed since version %(version)s was made, so it is still the current charter."
        ) % {"version": charter.version}
    if not request.htmx:
        messages.info(
            request, notice or _("The charter will be made shortly. This page shows its progress.")
        )
        return redirect("charter-index", slug=project.slug)
    return render(
        request, "charter/charter.html#charter-status", charter_context(project, notice=notice)
    )


@login_required
@private_download
def charter_pdf(request: HttpRequest, slug: str, version: int | None = None) -> FileResponse:
    project = access_project(request.user, slug, Can.DOWNLOAD_CHARTER)
    charters = project.charters.filter(status=Charter.Status.READY)
    charter = (charters.filter(version=version) if version else charters).first()
    if charter is None or not charter.pdf:
        raise Http404("No charter has been made yet.")
    return FileResponse(
        charter.pdf.open("rb"),
        as_attachment=True,
        filename=charter.filename,
        content_type="application/pdf",
    )


@login_required
def charter_preview(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.GENERATE_CHARTER)
    html = render_charter_html(
        gather_charter(project),
        version=None,
        generated_at=timezone.now(),
        stylesheet_url=preview_stylesheet_url(),
        preview=True,
        back_url=reverse("charter-index", args=[project.slug]),
    )
    return HttpResponse(html)
