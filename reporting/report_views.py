"""The report on involvement (GRIPP2): the draft, editing an item, its versions, downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.pages import private_download, render_form
from projects.access import Can, access_project, may

from .actions import do_draft_report, do_edit_report_item, do_request_report_pdf, do_set_report_form
from .content import find_report, get_report, item_versions, report_content
from .exports import report_docx, report_markdown
from .forms import ReportFormForm, ReportItemForm
from .models import ReportFile
from .standards import ITEM_BY_KEY, report_items


def file_name(project, extension: str) -> str:
    return f"{slugify(project.title) or 'project'}-involvement-report.{extension}"


@login_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    report = find_report(project)
    files = report.files.all() if report.pk else ReportFile.objects.none()
    context = {
        "project": project,
        "report": report,
        "content": report_content(report),
        "file": files.first(),
        "ready_file": files.filter(status=ReportFile.Status.READY).exclude(pdf="").first(),
        "form_form": ReportFormForm(initial={"long_form": report.long_form}),
        "can_edit": may(project.membership, Can.EDIT),
    }
    if request.htmx and request.GET.get("part") == "pdf":
        return render(request, "reporting/report.html#pdf-status", context)
    return render(request, "reporting/report.html", context)


@login_required
@require_POST
def report_draft(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    do_draft_report(project=project, by=request.user)
    messages.success(request, _("The report is drafted from what the project holds now."))
    return redirect("reporting-report", slug=project.slug)


@login_required
@require_POST
def report_form(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = ReportFormForm(request.POST)
    if form.is_valid():
        do_set_report_form(report=get_report(project), by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved. Draft the report again to fill any new items."))
    return redirect("reporting-report", slug=project.slug)


@login_required
@require_http_methods(["GET", "POST"])
def report_item_update(request: HttpRequest, slug: str, item: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    report = get_report(project)
    if item not in ITEM_BY_KEY or ITEM_BY_KEY[item] not in report_items(report.long_form):
        raise Http404("No such item.")
    history = item_versions(report).get(item, [])
    current = history[0] if history else None
    initial = {
        "text": current.text if current else "",
        "based_on": current.number if current else 0,
    }
    form = ReportItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"] = form.cleaned_data["text"].replace("\r\n", "\n")
        if (
            current is not None
            and text == current.text
            and form.cleaned_data["based_on"] == current.number
        ):
            messages.success(request, _("Nothing changed."))
            return redirect(f"{request.path}")
        try:
            do_edit_report_item(report=report, item=item, by=request.user, **form.cleaned_data)
        except ValidationError as conflict:
            form.data = form.data.copy()
            form.data["based_on"] = current.number if current else 0
            form.add_error(None, conflict)
            history = item_versions(report).get(item, [])
        else:
            messages.success(request, _("Saved as a new version."))
            return redirect("reporting-report", slug=project.slug)
    context = {
        "project": project,
        "item": ITEM_BY_KEY[item],
        "form": form,
        "current": current,
        "history": history,
    }
    return render_form(request, "reporting/report_item_form.html", context, form)


@login_required
@private_download
def report_download(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.VIEW)
    content = report_content(find_report(project))
    if extension == "docx":
        data = report_docx(content)
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif extension == "md":
        data, kind = report_markdown(content), "text/markdown; charset=utf-8"
    else:
        raise Http404("No such format.")
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{file_name(project, extension)}"'
    return response


@login_required
@require_POST
def report_pdf_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    report = get_report(project)
    file = do_request_report_pdf(report=report, content=report_content(report), by=request.user)
    if file.is_ready:
        messages.success(request, _("The PDF is ready: nothing changed since the last one."))
    else:
        messages.success(request, _("The PDF is being made. This page shows when it is ready."))
    return redirect("reporting-report", slug=project.slug)


@login_required
@private_download
def report_pdf(request: HttpRequest, slug: str) -> FileResponse:
    project = access_project(request.user, slug, Can.VIEW)
    file = (
        ReportFile.objects.filter(report__project=project, status=ReportFile.Status.READY)
        .exclude(pdf="")
        .first()
    )
    if file is None:
        raise Http404("No PDF has been made yet.")
    return FileResponse(
        file.pdf.open("rb"),
        as_attachment=True,
        filename=file_name(project, "pdf"),
        content_type="application/pdf",
    )
