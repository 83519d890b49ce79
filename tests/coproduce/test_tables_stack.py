"""Every data table on a web page keeps its column headings on a phone: a table of three or
more columns is a "table--stack" (static/css/site.css), and each of its cells says which
column it is in with data-label="…" (empty for an actions column with a hidden heading).

Read from the templates themselves, so a new table is checked without a page to visit."""

import re
from fnmatch import fnmatch
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# Templates that are not web pages, or not ours to change: their tables are left as they are.
SKIPPED = [
    "charter/*",  # the charter PDF and its sections (but see WEB_PAGES below)
    "*/charter_*.html",  # each part's section of the charter PDF
    "*/paper.html",  # printed agendas and minutes (PDF)
    "*/document.html",  # PDF documents' layouts
    "reciprocity/statement.html",  # a member's statement of time and claims (PDF)
    "reciprocity/certificate.html",  # certificate of involvement (PDF)
    "reciprocity/reference.html",  # reference letter (PDF)
    "*/email/*",  # emails: layout tables (role="presentation")
    "allauth/elements/table.html",  # allauth's table element, filled by allauth's templates
]
# Web pages inside a skipped directory: checked all the same.
WEB_PAGES = ["charter/charter.html"]

TABLE = re.compile(r'<table\b[^>]*\bclass="table\b[^"]*"[^>]*>.*?</table>', re.DOTALL)
COLUMN_HEADING = '<th scope="col">'
CELL = re.compile(r"<td\b[^>]*>")
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")


def web_page_templates() -> list[Path]:
    paths = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name in WEB_PAGES or not any(fnmatch(name, pattern) for pattern in SKIPPED):
            paths.append(path)
    return paths


def tables(path: Path) -> list[str]:
    return TABLE.findall(path.read_text())


def opening_tag(table: str) -> str:
    return table[: table.index(">") + 1]


def unlabelled_cells(source: str) -> list[str]:
    return [cell for cell in CELL.findall(source) if "data-label=" not in cell]


def test_the_templates_have_tables_to_check():
    stacked = [t for path in web_page_templates() for t in tables(path) if "table--stack" in t]
    assert len(stacked) > 10


def test_a_table_of_three_or_more_columns_stacks_on_a_phone():
    flat = [
        f"{path.relative_to(TEMPLATES)}: {opening_tag(table)}"
        for path in web_page_templates()
        for table in tables(path)
        if table.count(COLUMN_HEADING) >= 3 and "table--stack" not in opening_tag(table)
    ]
    assert not flat, "Add table--stack (and data-label on each cell) to:\n" + "\n".join(flat)


def test_every_cell_of_a_stacked_table_has_a_label():
    unlabelled = set()  # a partial's rows may be included by several tables
    for path in web_page_templates():
        for table in tables(path):
            if "table--stack" not in opening_tag(table):
                continue
            # The table's own cells, and those of the rows it includes from a partial.
            sources = {path: table}
            for name in INCLUDE.findall(table):
                sources[TEMPLATES / name] = (TEMPLATES / name).read_text()
            for source_path, source in sources.items():
                unlabelled |= {
                    f"{source_path.relative_to(TEMPLATES)}: {cell}"
                    for cell in unlabelled_cells(source)
                }
    assert not unlabelled, "Give these cells data-label=…:\n" + "\n".join(sorted(unlabelled))
