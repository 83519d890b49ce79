"""Importing a spreadsheet (upload, preview, confirm), the template, and the map's export."""

import csv
import io
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from coproduce.pages import private_download
from projects.access import Can, access_project

from .actions import do_import_stakeholders
from .csvfile import EXAMPLE, HEADERS, parse_file, write_csv
from .forms import ImportConfirmForm, ImportForm, parse_consent
from .matching import count_plan, plan_import
from .models import Category, Involvement
from .workbook import export_workbook, template_workbook

IMPORT_SESSION_PREFIX = "stakeholder-import:"
PREVIEW_PER_PAGE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
@private_download
def stakeholder_export(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EXPORT)
    out = io.StringIO()
    write_csv(project.stakeholders.all(), out)
    name = f"{project.slug}-stakeholders.csv"
    return attachment("\ufeff" + out.getvalue(), "text/csv; charset=utf-8", name)


@login_required
@require_GET
@private_download
def stakeholder_export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EXPORT)
    workbook = export_workbook(project.stakeholders.all())
    return attachment(workbook, XLSX, f"{project.slug}-stakeholders.xlsx")


@login_required
@require_GET
def stakeholder_import_template(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    access_project(request.user, slug, Can.EDIT)
    if kind == "xlsx":
        return attachment(template_workbook(), XLSX, "stakeholders-template.xlsx")
    if kind != "csv":
        raise Http404
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerow([EXAMPLE[h] for h in HEADERS])
    content = "\ufeff" + out.getvalue()
    return attachment(content, "text/csv; charset=utf-8", "stakeholders-template.csv")


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_import(request: HttpRequest, slug: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    parsed = None
    if request.method == "POST" and form.is_valid():
        parsed = parse_file(form.cleaned_data["file"].read(), form.cleaned_data["sheet"])
        if not parsed.errors:
            key = secrets.token_urlsafe(12)
            request.session[IMPORT_SESSION_PREFIX + key] = {
                "project": project.pk,
                "rows": parsed.rows,
                "columns": parsed.columns,
                "how_read": parsed.how_read,
                "sheet": parsed.sheet,
                "sheets": parsed.sheets,
                "unknown": parsed.unknown,
            }
            return redirect("stakeholders-import-preview", slug=project.slug, key=key)
    context = {
        "project": project,
        "form": form,
        "parsed": parsed,
        "errors": parsed.errors if parsed else [],
        "headers": HEADERS,
        "categories": Category.choices,
        "involvements": Involvement.choices,
    }
    status = 422 if (parsed and parsed.errors) or form.errors else 200
    return render(request, "stakeholders/stakeholder_import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_import_preview(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    project = access_project(request.user, slug, Can.EDIT)
    stored = request.session.get(IMPORT_SESSION_PREFIX + key)
    if not stored or stored["project"] != project.pk:
        messages.error(request, _("That import has finished or expired. Upload the file again."))
        return redirect("stakeholders-import", slug=project.slug)
    form = ImportConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # A double click posts the same import twice: the database lets only the first save.
        try:
            result = do_import_stakeholders(
                project=project,
                rows=stored["rows"],
                key=key,
                by=request.user,
                columns=stored.get("columns"),
                update=form.cleaned_data["on_map"] == ImportConfirmForm.UPDATE,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("stakeholders-import", slug=project.slug)
        request.session.pop(IMPORT_SESSION_PREFIX + key, None)
        if result is not None:
            messages.success(request, imported_message(result))
        return redirect("stakeholders-list", slug=project.slug)
    planned = plan_import(project, stored["rows"])
    page = Paginator(planned, PREVIEW_PER_PAGE).get_page(request.GET.get("page"))
    labels = dict(Category.choices)
    for item in page.object_list:
        item.category_label = labels[item.data["category"]]
        item.named = parse_consent(item.data.get("agreed_to_be_named", "")) is not None
    context = {
        "project": project,
        "key": key,
        "form": form,
        "page": page,
        "plan": count_plan(planned),
        "stored": stored,
        "total": len(planned),
    }
    return render(request, "stakeholders/stakeholder_import_preview.html", context)


def imported_message(result) -> str:
    """What the import did, in sentences."""
    sentences = [
        ngettext(
            "%(count)s stakeholder was added.",
            "%(count)s stakeholders were added.",
            len(result.added),
        )
        % {"count": len(result.added)}
    ]
    if result.updated:
        sentences.append(
            ngettext(
                "%(count)s already on the map was updated.",
                "%(count)s already on the map were updated.",
                len(result.updated),
            )
            % {"count": len(result.updated)}
        )
    if result.skipped:
        sentences.append(
            ngettext("%(count)s row was skipped.", "%(count)s rows were skipped.", result.skipped)
            % {"count": result.skipped}
        )
    return " ".join(sentences)
