"""Stakeholders to and from CSV: the same headers both ways, so an export imports again."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import StakeholderForm, StakeholderRowForm
from .models import Category, Involvement, Stakeholder

# The form's fields, with each consent as a date ("consent_recorded_at" and "named_consent_at"
# in the database).
HEADERS = [*StakeholderForm.Meta.fields, "consent_recorded", "agreed_to_be_named"]
YES_OR_NO = ["is_organisation", "seldom_heard"]
REQUIRED_HEADERS = ["name", "category"]
MAX_ROWS = 5000
YES = {"yes", "y", "true", "1"}
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


def header_key(header: str) -> str:
    """'Seldom heard ' and 'SELDOM-HEARD' both become 'seldom_heard'."""
    return "_".join(header.strip().lower().replace("-", " ").split())


def choice_value(value: str, choices) -> str:
    """The stored value for a code or a label, in any case ("Co-design" → "co_design")."""
    wanted = value.strip().lower()
    for choice in choices:
        if wanted in (choice.value, str(choice.label).lower(), choice.value.replace("_", "-")):
            return choice.value
    return value.strip()


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
        data[key] = data.get(key, "").strip() or "3"
    for key in YES_OR_NO:
        if data.get(key, "").strip().lower() in YES:
            data[key] = "on"
        else:
            data.pop(key, None)
    return data


def parse_csv(raw: bytes) -> ParsedFile:
    """Check every row; the rows are form data that ``StakeholderRowForm`` accepts."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParsedFile([], [RowError(0, _("The file is not UTF-8. Save it as “CSV UTF-8”."))])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = [header_key(h) for h in next(reader)]
    except StopIteration:
        return ParsedFile([], [RowError(0, _("The file is empty."))])
    except csv.Error as error:
        return ParsedFile([], [RowError(1, _("The file is not valid CSV: %s") % error)])
    missing = [h for h in REQUIRED_HEADERS if h not in headers]
    if missing:
        return ParsedFile(
            [], [RowError(1, _("The first line needs the columns: %s.") % ", ".join(missing))]
        )
    rows, errors, line = [], [], reader.line_num
    try:
        for values in reader:
            start, line = line + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(rows) + len(errors) >= MAX_ROWS:
                errors.append(RowError(start, _("Import at most %d rows at a time.") % MAX_ROWS))
                break
            data = row_to_form_data(dict(zip(headers, values, strict=False)))
            form = StakeholderRowForm(data)
            if form.is_valid():
                rows.append({"line": start, "data": data})
            else:
                errors.extend(RowError(start, message) for message in row_errors(form))
    except csv.Error as error:
        errors.append(RowError(line + 1, _("This line is not valid CSV: %s") % error))
    if not rows and not errors:
        errors.append(RowError(0, _("The file has headers but no stakeholders.")))
    return ParsedFile(rows, errors)


def row_errors(form: StakeholderRowForm) -> Iterable[str]:
    for field, messages in form.errors.items():
        column = field if field != "__all__" else _("row")
        for message in messages:
            yield f"{column}: {message}"


def escape_formula(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def write_csv(stakeholders: Iterable[Stakeholder], out) -> None:
    """Write the stakeholders with the import headers, safe to open in a spreadsheet."""
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for s in stakeholders:
        values = {
            **{field: getattr(s, field) for field in StakeholderForm.Meta.fields},
            **{key: "yes" if getattr(s, key) else "no" for key in YES_OR_NO},
            "consent_recorded": moment(s.consent_recorded_at),
            "agreed_to_be_named": moment(s.named_consent_at),
        }
        writer.writerow([escape_formula(str(values[header])) for header in HEADERS])


def moment(value) -> str:
    return timezone.localtime(value).isoformat() if value else ""
