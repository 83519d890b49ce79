import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stakeholders.forms import StakeholderForm
from stakeholders.models import Stakeholder
from tests.factories import StakeholderFactory

GOOD = (
    "Name , ORGANISATION,Email,category,Power,interest,Seldom heard,current involvement,"
    "intended-involvement,access needs,notes,consent recorded\n"
    "Asha Patel,Carers Network,asha@example.org,Carer or family member,2,5,yes,Consult,"
    'co_design,Step-free access,"Met at market, keen",2025-03-31\n'
    "Dr Lee,University,,researcher,4,3,no,,,,,\n"
)


def upload(client, project, content: bytes | str, name: str = "map.csv"):
    raw = content.encode() if isinstance(content, str) else content
    return client.post(
        reverse("stakeholders-import", args=[project.slug]),
        {"file": SimpleUploadedFile(name, raw, content_type="text/csv")},
    )


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_import_previews_then_saves_everything(as_user, facilitator, project, bom):
    client = as_user(facilitator)
    response = upload(client, project, bom + GOOD.encode())
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "2 new stakeholders will be added." in preview and "Asha Patel" in preview
    assert not Stakeholder.objects.exists()
    response = client.post(response["Location"])
    assert response["Location"] == reverse("stakeholders-list", args=[project.slug])
    asha = Stakeholder.objects.get(name="Asha Patel")
    assert (asha.category, asha.power, asha.interest, asha.seldom_heard) == ("carer", 2, 5, True)
    assert (asha.current_involvement, asha.intended_involvement) == ("consult", "co_design")
    assert asha.notes == "Met at market, keen"
    assert timezone.localtime(asha.consent_recorded_at).date() == datetime.date(2025, 3, 31)
    lee = Stakeholder.objects.get(name="Dr Lee")
    assert (lee.email, lee.current_involvement, lee.intended_involvement) == (
        "",
        "inform",
        "co_produce",
    )
    # Confirming twice does not add the rows twice.
    assert client.post(response.request["PATH_INFO"]).status_code == 302
    assert Stakeholder.objects.count() == 2


def test_a_bad_file_lists_every_bad_row_and_saves_nothing(as_user, facilitator, project):
    content = (
        "name,category,power,interest,email,consent_recorded\n"
        "Good One,researcher,3,3,,\n"
        ",researcher,3,3,,\n"
        "Bad Power,carer,9,3,,\n"
        '"Multi\nline",alien,3,3,,\n'
        "Bad Email,carer,3,3,nope,\n"
        "Bad Date,carer,3,3,,last week\n"
    )
    response = upload(as_user(facilitator), project, content)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "Line 3: name: This field is required." in page
    assert "Line 4: power: Select a valid choice." in page
    assert "Line 5: category: Select a valid choice." in page
    assert "Line 7: email: Enter a valid email address." in page
    assert "Line 8: consent_recorded: Write a date such as 31/03/2025 or 2025-03-31" in page
    assert "Line 2" not in page
    assert not Stakeholder.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"name,category\n", "The file has headers but no stakeholders."),
        (b"who,kind\nA,carer\n", "The first line needs the columns: name, category."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "This is an old Excel workbook (.xls)."),
    ],
)
def test_unusable_files_are_explained(as_user, facilitator, project, content, message):
    response = upload(as_user(facilitator), project, content)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Stakeholder.objects.exists()


def test_upload_without_a_file_shows_the_form_error(as_user, facilitator, project):
    response = as_user(facilitator).post(reverse("stakeholders-import", args=[project.slug]))
    assert response.status_code == 422
    assert "There is a problem" in response.content.decode()


def test_import_page_documents_the_headers(as_user, facilitator, project):
    page = as_user(facilitator).get(reverse("stakeholders-import", args=[project.slug]))
    for header in ["seldom_heard", "consent_recorded", "intended_involvement", "Policymaker"]:
        assert header in page.content.decode()
    for header in ["is_organisation", "agreed_to_be_named"]:
        assert f'<th scope="row">{header}</th>' in page.content.decode()


def test_import_records_who_may_be_named(as_user, facilitator, project):
    client = as_user(facilitator)
    preview = upload(
        client,
        project,
        b"name,category,is_organisation,agreed_to_be_named\n"
        b"Wheels for All,community_group,yes,\n"
        b"Asha Patel,lived_experience,,2025-03-31\n"
        b"Derek Hall,lived_experience,no,no\n",
    )
    page = client.get(preview["Location"]).content.decode()
    for shown in ["Yes, an organisation or group", "Yes, they agreed", "No, only counted"]:
        assert shown in page
    client.post(preview["Location"])
    saved = {s.name: s for s in Stakeholder.objects.all()}
    assert saved["Wheels for All"].is_organisation and not saved["Asha Patel"].is_organisation
    assert timezone.localtime(saved["Asha Patel"].named_consent_at).date() == datetime.date(
        2025, 3, 31
    )
    assert saved["Derek Hall"].named_consent_at is None
    assert not saved["Derek Hall"].may_be_named


def test_export_round_trips_through_import(as_user, facilitator, project):
    StakeholderFactory(
        project=project,
        name='=HYPERLINK("http://evil")',
        organisation="Acme, Ltd",
        category="policymaker",
        power=5,
        interest=1,
        seldom_heard=True,
        access_needs="Large print",
        notes="Line one\nLine two",
        consent_recorded_at=datetime.datetime(2025, 1, 2, 10, 30, tzinfo=datetime.UTC),
        named_consent_at=datetime.datetime(2025, 1, 3, 9, 0, tzinfo=datetime.UTC),
        current_involvement="engage",
    )
    StakeholderFactory(project=project, name="Plain", category="other", email="")
    StakeholderFactory(project=project, name="Wheels for All", is_organisation=True)
    fields = [*StakeholderForm.Meta.fields, "consent_recorded_at", "named_consent_at"]
    before = list(Stakeholder.objects.order_by("name").values(*fields))
    client = as_user(facilitator)
    response = client.get(reverse("stakeholders-export", args=[project.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    exported = response.content
    assert b"'=HYPERLINK" in exported  # a spreadsheet will not run it as a formula
    Stakeholder.objects.all().delete()
    preview = upload(client, project, exported)
    client.post(preview["Location"])
    assert list(Stakeholder.objects.order_by("name").values(*fields)) == before


def test_an_import_cannot_be_confirmed_in_another_project(as_user, facilitator, project):
    from tests.factories import MembershipFactory, ProjectFactory

    other = ProjectFactory()
    MembershipFactory(project=other, user=facilitator, role="facilitator")
    client = as_user(facilitator)
    preview = upload(client, project, GOOD)
    key = preview["Location"].rstrip("/").rsplit("/", 1)[-1]
    client.post(reverse("stakeholders-import-preview", args=[other.slug, key]))
    assert not Stakeholder.objects.exists()
