"""Compile the translations (``locale/<language>/LC_MESSAGES/django.po``) into the ``.mo``
files Django reads, with Babel: no GNU gettext needed, so ``make run`` and ``make test`` do it
on a machine that has only Python. ``python -m coproduce.translations``.

Only entries with a translation are compiled; a fuzzy entry counts as none.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def compile_translations(locale: Path = LOCALE) -> list[Path]:
    """Write a ``.mo`` beside every ``.po`` that is newer than it; returns those written."""
    written = []
    for po_path in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_translations():
        print(f"Compiled {path.relative_to(LOCALE.parent)}")
