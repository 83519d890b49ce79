"""Every string marked for translation has a Welsh translation, with the same placeholders and
every plural form Welsh needs; the Welsh catalogue holds every string the code marks."""

import re
import shutil

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command

from coproduce.translations import LOCALE

WELSH = LOCALE / "cy" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}|%[sd]")


def catalog(path=WELSH):
    with path.open("rb") as po_file:
        return read_po(po_file, locale="cy")


def ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def placeholders(text: str) -> set[str]:
    return {m.group(0).replace(" ", "") for m in PLACEHOLDER.finditer(text)}


def test_every_string_in_the_welsh_catalogue_is_translated():
    untranslated = [
        ids(m)[0] for m in catalog() if m.id and (m.fuzzy or not all(s.strip() for s in strings(m)))
    ]
    assert not untranslated, (
        f"{len(untranslated)} strings have no Welsh translation in {WELSH}:\n"
        + "\n".join(f"  msgid {text!r}" for text in untranslated)
    )


def test_welsh_plurals_have_all_four_forms_and_keep_the_placeholders():
    wrong = []
    for message in catalog():
        if not message.id:
            continue
        if message.pluralizable and len(strings(message)) != 4:
            wrong.append(f"{ids(message)[0]!r}: {len(strings(message))} plural forms, not 4")
        for form, text in enumerate(strings(message)):
            # Welsh's first form is for one, like English's singular; the others are plurals.
            expected = placeholders(ids(message)[min(form, len(ids(message)) - 1)])
            missing = expected - placeholders(text)
            if text and missing:
                wrong.append(f"{ids(message)[0]!r}: {sorted(missing)} missing in {text!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs GNU gettext")
def test_the_welsh_catalogue_holds_every_string_the_code_marks(tmp_path, settings, monkeypatch):
    # makemessages writes into the locale folder nearest each file: extract from a copy, so
    # that the catalogue in the repository is only read.
    root = LOCALE.parent
    copy = tmp_path / "copy"
    skip = {".venv", "staticfiles", "var", "tests", "locale", ".git", "node_modules"}
    for entry in root.iterdir():
        if entry.name in skip or entry.name.startswith("."):
            continue
        if entry.is_dir():
            shutil.copytree(entry, copy / entry.name, ignore=shutil.ignore_patterns("*.pyc"))
        elif entry.suffix == ".py":
            copy.mkdir(exist_ok=True)
            shutil.copy(entry, copy / entry.name)
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["cy"], no_location=True, verbosity=0)
    marked = {ids(m) for m in catalog(copy / "locale" / "cy" / "LC_MESSAGES" / "django.po") if m.id}
    held = {ids(m) for m in catalog() if m.id}
    missing = sorted(marked - held)
    assert not missing, (
        f"{len(missing)} strings marked for translation are not in {WELSH} (run "
        "`python manage.py makemessages -l cy --no-location --ignore=.venv --ignore=tests "
        "--ignore=staticfiles --ignore=var` and translate them):\n"
        + "\n".join(f"  msgid {text[0]!r}" for text in missing)
    )
