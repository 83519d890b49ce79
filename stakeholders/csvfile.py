"""Stakeholders to and from spreadsheets: the same headers both ways, so an export imports
again (and, matched as the same people, updates rather than duplicates)."""

import csv
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .forms import StakeholderForm
from .importing import Table, UnreadableFile, read_table
from .models import Category, Involvement, Stakeholder

# The form's fields, with each consent as a date ("consent_recorded_at" and "named_consent_at"
# in the database).
HEADERS = [*StakeholderForm.Meta.fields, "consent_recorded", "agreed_to_be_named"]
YES_OR_NO = ["is_organisation", "seldom_heard"]
REQUIRED_HEADERS = ["name", "category"]
MAX_ROWS = 5000
YES = {"yes", "y", "true", "1", "x"}
# Spreadsheets run cells starting with these as formulas; exports prefix them with '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class ParsedFile:
    rows: list[dict]
    errors: list[RowError]
    # The columns the file has (an update changes only these), and what was read.
    columns: list[str] = field(default_factory=list)
    how_read: str = ""
    sheets: list[str] = field(default_factory=list)
    sheet: str = ""
    unknown: list[str] = field(default_factory=list)


def header_key(header: str) -> str:
    """'Seldom heard ' and 'SELDOM-HEARD' both become 'seldom_heard'."""
    return "_".join(header.strip().lower().replace("-", " ").split())


def choice_value(value: str, choices) -> str:
    """The stored value for a code or a label, in any case ("Co-design" → "co_design")."""
    wanted = value.strip().lower()
    return choice_spellings(choices, get_language()).get(wanted, value.strip())


@functools.cache
def choice_spellings(choices, language: str) -> dict[str, str]:
    """Every way of writing each choice, in the language: its code with underscores,
    hyphens or spaces, and its label; translated once rather than once a row."""
    spellings = {}
    for choice in choices:
        for spelling in (
            choice.value,
            choice.value.replace("_", "-"),
            choice.value.replace("_", " "),
            str(choice.label).lower(),
        ):
            spellings.setdefault(spelling, choice.value)
    return spellings


def is_yes(value: str) -> bool:
    return str(value).strip().lower() in YES


def unescape_formula(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def row_to_form_data(row: dict[str, str]) -> dict[str, str]:
    data = {key: unescape_formula(value or "") for key, value in row.items() if key in HEADERS}
    data["category"] = choice_value(data.get("category", ""), Category)
    for key in ("current_involvement", "intended_involvement"):
        if data.get(key, "").strip():
            data[key] = choice_value(data[key], Involvement)
        else:
            data[key] = Stakeholder._meta.get_field(key).default
    for key in ("power", "interest"):
        # Blank is "not rated yet"; spreadsheets may write 4 as 4.0.
        data[key] = data.get(key, "").strip().removesuffix(".0")
    for key in YES_OR_NO:
        if is_yes(data.get(key, "")):
            data[key] = "on"
        else:
            data.pop(key, None)
    return data


def parse_file(raw: bytes, sheet: str = "") -> ParsedFile:
    """Read a CSV file or .xlsx workbook and check every row; the rows are form data that
    ``StakeholderRowForm`` accepts."""
    try:
        table = read_table(raw, sheet)
    except UnreadableFile as error:
        return ParsedFile([], [RowError(0, str(error))])
    parsed = ParsedFile(
        [],
        [],
        columns=[c for c in table.columns if c],
        how_read=table.how_read,
        sheets=table.sheets,
        sheet=table.sheet,
        unknown=table.unknown,
    )
    missing = [h for h in REQUIRED_HEADERS if h not in parsed.columns]
    if missing:
        parsed.errors.append(
            RowError(1, _("The first line needs the columns: %s.") % ", ".join(missing))
        )
        return parsed
    check_rows(table, parsed)
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(RowError(0, _("The file has headers but no stakeholders.")))
    return parsed


# Kept for callers that read CSV only.
parse_csv = parse_file


def check_rows(table: Table, parsed: ParsedFile) -> None:
    from .rows import RowChecker

    rows, errors, line = parsed.rows, parsed.errors, 1
    checker = RowChecker()
    try:
        for start, values in table.rows:
            line = start
            if not any(str(v).strip() for v in values):
                continue
            if len(rows) + len(errors) >= MAX_ROWS:
                errors.append(RowError(start, _("Import at most %d rows at a time.") % MAX_ROWS))
                break
            cells = {c: v for c, v in zip(table.columns, values, strict=False) if c}
            data = row_to_form_data(cells)
            fields, problems = checker.check(data)
            if fields is not None:
                rows.append({"line": start, "data": data})
            else:
                errors.extend(RowError(start, message) for message in row_errors(problems))
    except csv.Error as error:
        errors.append(RowError(line + 1, _("This line is not valid CSV: %s") % error))


def row_errors(errors: dict[str, list[str]]) -> Iterable[str]:
    for name, messages in errors.items():
        column = name if name != "__all__" else _("row")
        for message in messages:
            yield f"{column}: {message}"


def escape_formula(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def export_rows(stakeholders: Iterable[Stakeholder], escape=None) -> Iterable[list[str]]:
    """Each stakeholder as the cells of the import's columns, safe to open in a spreadsheet:
    power and interest blank while not rated, each consent as the moment it was recorded.
    CSV cells that a spreadsheet would run as formulas start with ' (a workbook's text
    cells are never run, so ``escape`` may be ``str``)."""
    escape = escape or escape_formula
    for s in stakeholders:
        values = {
            **{field: getattr(s, field) for field in StakeholderForm.Meta.fields},
            **{key: "yes" if getattr(s, key) else "no" for key in YES_OR_NO},
            "consent_recorded": moment(s.consent_recorded_at),
            "agreed_to_be_named": moment(s.named_consent_at),
        }
        yield [escape("" if values[h] is None else str(values[h])) for h in HEADERS]


def write_csv(stakeholders: Iterable[Stakeholder], out) -> None:
    """Write the stakeholders with the import headers, safe to open in a spreadsheet."""
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(export_rows(stakeholders))


# The template's example row, which the import page describes column by column.
EXAMPLE = {
    "name": "Asha Patel",
    "organisation": "Northbridge Carers Network",
    "is_organisation": "no",
    "email": "asha@example.org",
    "category": "Carer or family member",
    "power": "2",
    "interest": "5",
    "seldom_heard": "yes",
    "current_involvement": "Consult",
    "intended_involvement": "Co-produce",
    "access_needs": "Step-free access",
    "notes": "Met at the market stall",
    "consent_recorded": "31/03/2025",
    "agreed_to_be_named": "",
}


def moment(value) -> str:
    return timezone.localtime(value).isoformat() if value else ""
