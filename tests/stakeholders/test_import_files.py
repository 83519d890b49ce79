"""Importing the files spreadsheets make, recognising who is already on the map, and the
round trip export → edit → import."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from stakeholders.models import Stakeholder
from tests.factories import StakeholderFactory

FILES = Path(__file__).parent / "files"


def upload(client, project, raw: bytes, name: str, **fields):
    return client.post(
        reverse("stakeholders-import", args=[project.slug]),
        {"file": SimpleUploadedFile(name, raw), **fields},
    )


def import_file(client, project, raw: bytes, name: str = "map.csv", on_map="skip", **fields):
    """Upload, read the preview, confirm; the preview's text."""
    response = upload(client, project, raw, name, **fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    preview = client.get(response["Location"]).content.decode()
    assert client.post(response["Location"], {"on_map": on_map}).status_code == 302
    return preview


@pytest.mark.parametrize(
    ("name", "read_as"),
    [
        ("excel-csv-utf8.csv", "Read as UTF-8 (with a byte order mark"),
        ("excel-csv-windows-semicolon.csv", "Read as Windows-1252"),
        ("excel-unicode-text.txt", "Read as UTF-16"),
        ("libreoffice-csv-utf8.csv", "Read as UTF-8, with columns separated by commas"),
    ],
)
def test_each_kind_of_file_imports_the_same_people(as_user, facilitator, project, name, read_as):
    preview = import_file(as_user(facilitator), project, (FILES / name).read_bytes(), name)
    assert read_as in preview
    assert "4 new stakeholders will be added." in preview
    assert "Repeats line 2: skipped" in preview  # "ZOË BRONTË, café society"
    zoe = Stakeholder.objects.get(email="zoe@example.org")
    assert (zoe.name, zoe.organisation, zoe.category) == (
        "Zoë Brontë",
        "Café Society",
        "lived_experience",
    )
    assert (zoe.power, zoe.interest, zoe.seldom_heard) == (2, 5, True)
    # 12/05/2025 is the 12th of May, as UK spreadsheets write it.
    assert timezone.localtime(zoe.consent_recorded_at).date() == datetime.date(2025, 5, 12)
    sian = Stakeholder.objects.get(name="Siân O'Neill")
    assert (sian.power, sian.interest, sian.quadrant) == (None, None, "Not rated yet")
    assert Stakeholder.objects.count() == 4


def test_a_workbook_reads_the_sheet_chosen(as_user, facilitator, project):
    client = as_user(facilitator)
    raw = (FILES / "workbook-two-sheets.xlsx").read_bytes()
    first = upload(client, project, raw, "map.xlsx")
    assert first.status_code == 422  # the first sheet is a note, with no columns to read
    assert "The first line needs the columns: name, category." in first.content.decode()
    wrong = upload(client, project, raw, "map.xlsx", sheet="Volunteers")
    assert "no sheet called “Volunteers”. Its sheets are: “Read me”, “Stakeholders”" in (
        wrong.content.decode()
    )
    preview = import_file(client, project, raw, "map.xlsx", sheet="stakeholders")
    assert "Read the sheet “Stakeholders” of the workbook." in preview
    assert "4 new stakeholders will be added." in preview
    zoe = Stakeholder.objects.get(email="zoe@example.org")
    assert (zoe.power, zoe.interest) == (2, 5)  # 5.0 in the cell
    assert timezone.localtime(zoe.consent_recorded_at).date() == datetime.date(2025, 5, 12)


def test_the_same_file_twice_changes_nothing(as_user, facilitator, project):
    client = as_user(facilitator)
    raw = (FILES / "excel-csv-utf8.csv").read_bytes()
    import_file(client, project, raw)
    before = list(Stakeholder.objects.order_by("pk").values())
    for on_map in ["skip", "update"]:
        preview = import_file(client, project, raw, on_map=on_map)
        assert "0 new stakeholders will be added." in preview
        assert "4 rows are people already on the map" in preview
        assert "Already on the map as Zoë Brontë" in preview
        assert list(Stakeholder.objects.order_by("pk").values()) == before


def test_people_on_the_map_are_skipped_or_updated_as_chosen(as_user, facilitator, project):
    client = as_user(facilitator)
    kept = StakeholderFactory(
        project=project, name="Asha Patel", email="asha@example.org", power=1, notes="Keep me"
    )
    same_name = StakeholderFactory(
        project=project, name="Dr Lee", organisation="Northbridge University", email=""
    )
    raw = (
        b"name,email,category,power\n"
        b"Asha P.,ASHA@example.org,carer,5\n"
        b"dr  lee,,researcher,4\n"
        b"New Person,new@example.org,carer,\n"
        b"New Person again,new@example.org,carer,2\n"
    )
    preview = import_file(client, project, raw, on_map="skip")
    assert "Already on the map as Asha Patel" in preview
    assert "Repeats line 4: skipped" in preview
    assert "Already on the map as Dr Lee" not in preview  # a different organisation
    kept.refresh_from_db()
    assert (kept.name, kept.power) == ("Asha Patel", 1)
    assert Stakeholder.objects.filter(email="new@example.org").count() == 1
    import_file(client, project, raw, on_map="update")
    kept.refresh_from_db()
    # The file's columns change; the rest (notes) stays.
    assert (kept.name, kept.power, kept.category, kept.notes) == ("Asha P.", 5, "carer", "Keep me")
    assert Stakeholder.objects.filter(email="new@example.org").count() == 1
    same_name.refresh_from_db()
    assert Stakeholder.objects.filter(name__iexact="dr  lee").count() == 1


def test_export_edit_import_updates_rather_than_duplicates(as_user, facilitator, project):
    client = as_user(facilitator)
    StakeholderFactory(project=project, name="Asha Patel", power=None, interest=None)
    StakeholderFactory(project=project, name='=cmd|" /C calc"!A0', organisation="Acme")
    workbook = client.get(reverse("stakeholders-export-xlsx", args=[project.slug]))
    assert workbook["Content-Disposition"].endswith('-stakeholders.xlsx"')
    book = load_workbook(io.BytesIO(workbook.content))
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    assert "f" not in {c.data_type for row in rows for c in row}  # text, never formulas
    asha = next(row for row in rows if row[0].value == "Asha Patel")
    assert asha[headers.index("power")].value in (None, "")  # not rated yet
    asha[headers.index("power")].value = "4"
    asha[headers.index("interest")].value = "5"
    out = io.BytesIO()
    book.save(out)
    preview = import_file(client, project, out.getvalue(), "edited.xlsx", on_map="update")
    assert "0 new stakeholders will be added." in preview
    assert Stakeholder.objects.count() == 2
    asha = Stakeholder.objects.get(name="Asha Patel")
    assert (asha.power, asha.interest, asha.quadrant) == (4, 5, "Manage closely")
    assert Stakeholder.objects.filter(name='=cmd|" /C calc"!A0').exists()


def test_csv_export_imports_again_as_the_same_people(as_user, facilitator, project):
    client = as_user(facilitator)
    StakeholderFactory.create_batch(3, project=project, consent_recorded_at=timezone.now())
    csv = client.get(reverse("stakeholders-export", args=[project.slug])).content
    before = list(Stakeholder.objects.order_by("pk").values())
    preview = import_file(client, project, csv, on_map="update")
    assert "3 rows are people already on the map" in preview
    assert list(Stakeholder.objects.order_by("pk").values()) == before


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_has_every_column_and_an_example_that_imports(
    as_user, facilitator, project, kind
):
    client = as_user(facilitator)
    url = reverse("stakeholders-import-template", args=[project.slug, kind])
    response = client.get(url)
    assert response.status_code == 200
    if kind == "xlsx":
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Stakeholders", "Allowed values"]
        allowed = {row[0]: row[1] for row in book["Allowed values"].iter_rows(values_only=True)}
        assert "Policymaker" in allowed["category"]
        assert "not rated yet" in allowed["power"]
    preview = import_file(client, project, response.content, f"template.{kind}")
    assert "1 new stakeholder will be added." in preview
    asha = Stakeholder.objects.get()
    assert (asha.name, asha.category, asha.intended_involvement) == (
        "Asha Patel",
        "carer",
        "co_produce",
    )
    assert timezone.localtime(asha.consent_recorded_at).date() == datetime.date(2025, 3, 31)


def test_a_day_that_does_not_exist_is_a_row_error(as_user, facilitator, project):
    raw = b"name,category,consent recorded\nAsha,carer,31/02/2025\nBen,carer,12/05/2025 14:30\n"
    response = upload(as_user(facilitator), project, raw, "map.csv")
    assert response.status_code == 422
    page = response.content.decode()
    assert "Line 2: consent_recorded: Write a date such as 31/03/2025" in page
    assert "Line 3" not in page
    assert not Stakeholder.objects.exists()


@pytest.mark.parametrize("size", [10, 300])
def test_saving_an_import_takes_the_same_queries_however_many_rows(
    as_user, facilitator, project, size, django_assert_num_queries
):
    client = as_user(facilitator)
    StakeholderFactory.create_batch(5, project=project)
    lines = [f"Person {n},p{n}@example.org,carer,{n % 5 + 1}" for n in range(size)]
    existing = [f"{s.name},{s.email},carer,5" for s in project.stakeholders.all()]
    raw = ("name,email,category,power\n" + "\n".join(lines + existing) + "\n").encode()
    response = upload(client, project, raw, "map.csv")
    client.get(response["Location"])
    # Session, user, project, the map, the import's key, the rows, the updates, the timeline.
    with django_assert_num_queries(17):
        client.post(response["Location"], {"on_map": "update"})
    assert Stakeholder.objects.count() == size + 5


@pytest.mark.parametrize(
    "data",
    [
        {"name": "Asha", "category": "carer"},
        {"name": "", "category": "alien", "power": "9", "interest": "0"},
        {"name": "Line\nbreak", "category": "carer", "email": "nope", "power": "2"},
        {"name": "A" * 201, "category": "carer", "notes": "Private", "consent_recorded": ""},
        {"name": "Ben", "category": "funder", "consent_recorded": "31/02/2025"},
        {"name": "Cy", "category": "other", "current_involvement": "lots", "is_organisation": "on"},
        {"name": "Di", "category": "carer", "agreed_to_be_named": "2025-03-31", "power": "5"},
    ],
)
def test_rows_are_checked_exactly_as_the_form_checks_them(data):
    from stakeholders.forms import StakeholderRowForm
    from stakeholders.rows import RowChecker

    full = {"current_involvement": "inform", "intended_involvement": "co_produce", **data}
    form = StakeholderRowForm(full)
    fields, errors = RowChecker().check(full)
    if form.is_valid():
        assert errors == {}
        expected = form.stakeholder_fields()
        assert {k: v for k, v in fields.items() if "consent" not in k} == {
            k: v for k, v in expected.items() if "consent" not in k
        }
    else:
        assert fields is None
        assert errors == {name: list(messages) for name, messages in form.errors.items()}
