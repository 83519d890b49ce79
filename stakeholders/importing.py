"""Reading the spreadsheets people have: CSV in any of the separators and encodings Excel and
LibreOffice write, and .xlsx workbooks. Gives rows of text keyed by column names as
``csvfile.HEADERS`` spells them, whatever the file called its columns."""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What the facilitator is told was read.
UTF8 = gettext_lazy("UTF-8")
UTF8_BOM = gettext_lazy("UTF-8 (with a byte order mark, as Excel saves “CSV UTF-8”)")
UTF16 = gettext_lazy("UTF-16 (as Excel saves “Unicode text”)")
CP1252 = gettext_lazy("Windows-1252 (Western European, as Excel saves “CSV” on Windows)")
SEPARATORS = {
    ",": gettext_lazy("commas"),
    ";": gettext_lazy("semicolons"),
    "\t": gettext_lazy("tabs"),
}

# Column names as people write them, after ``column_key``, and the column each one means.
ALIASES = {
    "name": "name",
    "full name": "name",
    "fullname": "name",
    "stakeholder": "name",
    "stakeholder name": "name",
    "contact": "name",
    "contact name": "name",
    "person": "name",
    "name of the person or group": "name",
    "organisation": "organisation",
    "organization": "organisation",
    "org": "organisation",
    "organisation org": "organisation",
    "organization org": "organisation",
    "organisation name": "organisation",
    "organization name": "organisation",
    "company": "organisation",
    "employer": "organisation",
    "is organisation": "is_organisation",
    "is organization": "is_organisation",
    "organisation or group": "is_organisation",
    "organization or group": "is_organisation",
    "email": "email",
    "e mail": "email",
    "email address": "email",
    "e mail address": "email",
    "mail": "email",
    "category": "category",
    "type": "category",
    "stakeholder type": "category",
    "power": "power",
    "influence": "power",
    "power influence": "power",
    "power or influence": "power",
    "interest": "interest",
    "seldom heard": "seldom_heard",
    "current involvement": "current_involvement",
    "involved now": "current_involvement",
    "involvement now": "current_involvement",
    "intended involvement": "intended_involvement",
    "involvement we aim for": "intended_involvement",
    "aim": "intended_involvement",
    "access needs": "access_needs",
    "notes": "notes",
    "note": "notes",
    "comments": "notes",
    "consent recorded": "consent_recorded",
    "consent": "consent_recorded",
    "consent date": "consent_recorded",
    "agreed to be named": "agreed_to_be_named",
    "named consent": "agreed_to_be_named",
    "agreed to be named to members": "agreed_to_be_named",
}


class UnreadableFile(ValueError):
    """The file cannot be read as a table; the message says why and what to do."""


@dataclass
class Table:
    """A sheet read from a file: column names (as ``HEADERS`` spells them, or None for a
    column nobody uses), and each row's cells as text with its line (or row) number."""

    columns: list[str | None]
    rows: Iterator[tuple[int, list[str]]]
    encoding: str = ""
    separator: str = ""
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def how_read(self) -> str:
        """What was read, in a sentence for the preview."""
        if self.sheet:
            return _("Read the sheet “%(sheet)s” of the workbook.") % {"sheet": self.sheet}
        return _("Read as %(encoding)s, with columns separated by %(separator)s.") % {
            "encoding": self.encoding,
            "separator": SEPARATORS.get(self.separator, self.separator),
        }


def column_key(header: str) -> str:
    """'E-mail', 'Organisation/Org', ' FULL_NAME ' → 'e mail', 'organisation org', 'full name'."""
    text = str(header).strip().lower().replace("\ufeff", "")
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


def match_columns(headers: list[str]) -> tuple[list[str | None], list[str]]:
    """Each header's column (first use wins), and the headers that matched none."""
    columns, seen, unknown = [], set(), []
    for header in headers:
        column = ALIASES.get(column_key(header))
        if column is None and "_".join(column_key(header).split()) in set(ALIASES.values()):
            column = "_".join(column_key(header).split())
        if column in seen:
            column = None
        if column is None and str(header).strip():
            unknown.append(str(header).strip())
        seen.add(column)
        columns.append(column)
    return columns, unknown


def decode(raw: bytes) -> tuple[str, str]:
    """The text and which encoding it was read as: UTF-8 with or without its byte order mark,
    UTF-16 with one, else Windows-1252 (what Excel on Windows calls "CSV")."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), str(UTF8_BOM)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), str(UTF16)
    try:
        return raw.decode("utf-8"), str(UTF8)
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), str(CP1252)
    except UnicodeDecodeError:
        # Five bytes have no character in Windows-1252: read as Latin-1, its older subset.
        return raw.decode("latin-1"), str(CP1252)


def sniff_separator(text: str) -> str:
    """Comma, semicolon or tab, from the first lines; the header line's commonest if the
    sniffer cannot tell, and a comma if nothing else."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = text.splitlines()[0] if text.strip() else ""
        counts = {separator: first.count(separator) for separator in SEPARATORS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def read_csv(raw: bytes) -> Table:
    text, encoding = decode(raw)
    if not text.strip():
        raise UnreadableFile(_("The file is empty."))
    separator = sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        headers = next(reader)
    except csv.Error as error:
        raise UnreadableFile(_("The file is not valid CSV: %s") % error) from error
    columns, unknown = match_columns(headers)

    def rows() -> Iterator[tuple[int, list[str]]]:
        line = reader.line_num
        for values in reader:
            start, line = line + 1, reader.line_num
            yield start, values

    return Table(columns, rows(), encoding=encoding, separator=separator, unknown=unknown)


def cell_text(value) -> str:
    """A cell as the text a CSV of it would hold: dates as ISO, 4.0 as 4."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(raw: bytes, sheet: str = "") -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFile(
            _("The workbook could not be read. Save it again as .xlsx or as CSV.")
        ) from error
    names = workbook.sheetnames
    wanted = next((n for n in names if n.strip().lower() == sheet.strip().lower()), None)
    if sheet and wanted is None:
        raise UnreadableFile(
            _("The workbook has no sheet called “%(sheet)s”. Its sheets are: %(sheets)s.")
            % {"sheet": sheet, "sheets": ", ".join(f"“{n}”" for n in names)}
        )
    worksheet = workbook[wanted or names[0]]
    cells = worksheet.iter_rows(values_only=True)
    headers = next(cells, None)
    if headers is None:
        raise UnreadableFile(_("The file is empty."))
    columns, unknown = match_columns([cell_text(h) for h in headers])

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, values in enumerate(cells, start=2):
            yield number, [cell_text(v) for v in values]
        workbook.close()

    return Table(columns, rows(), sheet=worksheet.title, sheets=names, unknown=unknown)


def read_table(raw: bytes, sheet: str = "") -> Table:
    """The file as a table: an .xlsx workbook (its first sheet, or ``sheet``) or CSV."""
    if raw.startswith(b"PK\x03\x04"):
        return read_xlsx(raw, sheet)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(
            _("This is an old Excel workbook (.xls). Save it as .xlsx or as CSV and try again.")
        )
    return read_csv(raw)
