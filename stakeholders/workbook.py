"""The map and the import template as .xlsx workbooks, with the same columns as the CSV."""

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from .csvfile import EXAMPLE, HEADERS, export_rows
from .models import Category, Involvement, Stakeholder


def text_cells(sheet, values: Iterable[str]) -> list:
    """Cells that hold text and nothing else: a value starting with "=" stays text."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cells.append(cell)
    return cells


def workbook_bytes(rows: Iterable[list[str]], allowed: bool = False) -> bytes:
    """A workbook whose first sheet, "Stakeholders", has the import's columns and ``rows``;
    with ``allowed``, a second sheet says what each column takes."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Stakeholders"))
    sheet.append(text_cells(sheet, HEADERS))
    for row in rows:
        sheet.append(text_cells(sheet, row))
    if allowed:
        notes = workbook.create_sheet(_("Allowed values"))
        notes.append(text_cells(notes, [_("Column"), _("What to write")]))
        for column, text in allowed_values():
            notes.append(text_cells(notes, [column, text]))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def allowed_values() -> list[tuple[str, str]]:
    """What each column takes, in words, for the template."""
    categories = ", ".join(str(c.label) for c in Category)
    involvements = ", ".join(str(i.label) for i in Involvement)
    yes_or_no = _("yes or no; blank means no")
    return [
        ("name", _("Required. The person's or group's name.")),
        ("organisation", _("Optional.")),
        ("is_organisation", yes_or_no),
        ("email", _("Optional. Needed to invite them.")),
        ("category", _("Required. One of: %(values)s.") % {"values": categories}),
        ("power", _("1 to 5, or blank for not rated yet.")),
        ("interest", _("1 to 5, or blank for not rated yet.")),
        ("seldom_heard", yes_or_no),
        ("current_involvement", _("One of: %(values)s.") % {"values": involvements}),
        ("intended_involvement", _("One of: %(values)s.") % {"values": involvements}),
        ("access_needs", _("Optional. Kept only with consent recorded.")),
        ("notes", _("Optional. Kept only with consent recorded.")),
        ("consent_recorded", _("A date such as 31/03/2025, yes for today, or blank.")),
        ("agreed_to_be_named", _("A date such as 31/03/2025, yes for today, or blank.")),
    ]


def export_workbook(stakeholders: Iterable[Stakeholder]) -> bytes:
    """The map as a workbook that imports again."""
    return workbook_bytes(export_rows(stakeholders, escape=str))


def template_workbook() -> bytes:
    """The template: the columns, one example row, and a sheet of allowed values."""
    return workbook_bytes([[EXAMPLE[h] for h in HEADERS]], allowed=True)
