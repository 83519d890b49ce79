"""Who sees whom on the map, tried as a participant or observer would try it.

Organisations and groups are named to every member; people only once they agreed to be named;
where people sit on the grid (the facilitators' power and interest scores) only if the project
shares it, and then only for people who agreed to be named.
"""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from charter.content import gather_charter
from charter.models import Charter
from stakeholders.models import Stakeholder
from tests.factories import CharterFactory, StakeholderFactory

AGREED_ON = datetime.datetime(2026, 2, 3, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(project):
    """A person who has not agreed to be named, one who has, and an organisation."""
    return {
        "unnamed": StakeholderFactory(
            project=project,
            name="Rowan Quill",
            category="lived_experience",
            seldom_heard=True,
            power=5,
            interest=2,
            organisation="",
        ),
        "named": StakeholderFactory(
            project=project,
            name="Nia Fairweather",
            category="lived_experience",
            power=4,
            interest=1,
            named_consent_at=AGREED_ON,
        ),
        "group": StakeholderFactory(
            project=project,
            name="Mind Northbridge",
            organisation="Mind Northbridge",
            category="community_group",
            power=2,
            interest=5,
            is_organisation=True,
        ),
    }


def row_of(page: str, stakeholder: Stakeholder) -> str:
    match = re.search(rf'<tr id="stakeholder-{stakeholder.pk}">(.*?)</tr>', page, re.S)
    assert match, f"no row for {stakeholder.name}"
    return match.group(1)


def get(client, name: str, project, *args, **query) -> str:
    response = client.get(reverse(name, args=[project.slug, *args]), query)
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


@pytest.fixture(params=["participant", "observer"])
def member(request, participant, observer):
    return {"participant": participant, "observer": observer}[request.param]


def test_the_list_names_only_groups_and_people_who_agreed(as_user, member, project, people):
    page = get(as_user(member), "stakeholders-list", project)
    assert "Rowan Quill" not in page
    assert "Nia Fairweather" in page and "Mind Northbridge" in page
    assert "1 more person on the map has not agreed to be named." in page
    assert "3 people and groups mapped" in page, "everyone is still counted"
    # Scores about a person are the facilitators' notes; an organisation's are shown.
    assert '">4</td>' not in row_of(page, people["named"])
    assert "Power and interest not shared" in row_of(page, people["named"])
    assert '">2</td>' in row_of(page, people["group"])
    assert "Seldom heard" not in page


def test_guessing_the_id_of_someone_not_named_finds_nobody(as_user, member, project, people):
    client = as_user(member)
    url = reverse("stakeholders-detail", args=[project.slug, people["unnamed"].pk])
    missing = reverse("stakeholders-detail", args=[project.slug, people["group"].pk + 1000])
    hidden, absent = client.get(url), client.get(missing)
    assert hidden.status_code == absent.status_code == 404
    assert without_tokens(hidden.content) == without_tokens(absent.content)
    assert b"Rowan" not in hidden.content


def without_tokens(page: bytes) -> str:
    """The page as a person reads it: CSRF tokens differ from one response to the next."""
    return re.sub(r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', "", page.decode())


def test_a_named_persons_page_has_no_scores_or_working_notes(as_user, member, project, people):
    page = get(as_user(member), "stakeholders-detail", project, people["named"].pk)
    assert "<h1>Nia Fairweather</h1>" in page
    assert "out of 5" not in page and "Seldom heard" not in page
    assert "Where people sit on the grid is kept by the facilitators." in page
    group = get(as_user(member), "stakeholders-detail", project, people["group"].pk)
    assert "2 out of 5" in group and "Keep informed" in group


def test_the_grid_places_only_organisations_by_default(as_user, member, project, people):
    page = get(as_user(member), "stakeholders-grid", project)
    assert "Rowan Quill" not in page and "Nia Fairweather" not in page
    assert "Mind Northbridge: Community or voluntary group, power 2, interest 5" in page
    assert "1 stakeholder placed" in page
    assert "Where people sit is kept by the facilitators: 2 more people on the map" in page
    only_people = get(as_user(member), "stakeholders-grid", project, category="lived_experience")
    assert "Rowan" not in only_people and "Nia" not in only_people


def test_a_project_may_share_where_named_people_sit(as_user, member, project, people):
    project.share_map_positions = True
    project.save()
    page = get(as_user(member), "stakeholders-grid", project)
    assert "Nia Fairweather: Person with lived experience, power 4, interest 1" in page
    assert "Rowan" not in page, "someone not named is never placed"
    assert "1 more person on the map is not shown" in page
    listing = get(as_user(member), "stakeholders-list", project)
    assert '">4</td>' in row_of(listing, people["named"]) and "Rowan" not in listing
    assert "4 out of 5" in get(as_user(member), "stakeholders-detail", project, people["named"].pk)


def test_the_overview_and_its_reach_check_name_nobody(as_user, member, project, people):
    page = as_user(member).get(project.get_absolute_url()).content.decode()
    assert "Rowan" not in page and "Nia" not in page


def test_only_facilitators_download_the_map(as_user, member, facilitator, project, people):
    url = reverse("stakeholders-export", args=[project.slug])
    response = as_user(member).get(url)
    assert response.status_code == 403 and b"Rowan" not in response.content
    assert b"Rowan Quill" in as_user(facilitator).get(url).content


def test_facilitators_see_everyone_and_who_is_named(as_user, facilitator, project, people):
    client = as_user(facilitator)
    page = get(client, "stakeholders-list", project)
    assert "No, only counted" in row_of(page, people["unnamed"])
    assert '">5</td>' in row_of(page, people["unnamed"])
    assert "Yes, they agreed" in row_of(page, people["named"])
    assert "Yes, an organisation or group" in row_of(page, people["group"])
    detail = get(client, "stakeholders-detail", project, people["named"].pk)
    assert "Yes: they agreed on 3 February 2026" in detail
    grid = get(client, "stakeholders-grid", project)
    assert "Rowan Quill: Person with lived experience, power 5" in grid


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def test_the_charter_observers_download_names_nobody_who_did_not_agree(
    as_user, facilitator, observer, project, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(facilitator).post(reverse("charter-generate", args=[project.slug]))
    assert Charter.objects.get().status == Charter.Status.READY
    response = as_user(observer).get(reverse("charter-pdf", args=[project.slug]))
    text = pdf_text(b"".join(response.streaming_content))
    assert "Rowan" not in text and "Nia Fairweather" in text and "Mind Northbridge" in text
    assert "1 person on the map has not agreed to be named" in text
    assert "3 people and groups mapped" in text
    # No score of a person: her row says so, and the grid places only the organisation.
    assert "Nia Fairweather — Keep informed" not in text
    assert "Not shared" in text
    people_section = next(s for s in gather_charter(project)["sections"] if s["id"] == "people")
    assert "Rowan" not in str(people_section)
    assert [p["label"].split(":")[0] for p in people_section["data"]["grid"]["points"]] == [
        "Mind Northbridge"
    ]


def test_the_charter_preview_names_nobody_who_did_not_agree(
    as_user, facilitator, participant, project, people
):
    url = reverse("charter-preview", args=[project.slug])
    assert as_user(participant).get(url).status_code == 403
    page = as_user(facilitator).get(url).content.decode()
    assert "Rowan" not in page and "Nia Fairweather" in page
    assert "power 4" not in page, "where she sits is not shared"


def test_agreeing_to_be_named_is_recorded_with_its_date(as_user, facilitator, project, people):
    client = as_user(facilitator)
    url = reverse("stakeholders-update", args=[project.slug, people["unnamed"].pk])
    form = {
        "name": "Rowan Quill",
        "category": "lived_experience",
        "power": "5",
        "interest": "2",
        "current_involvement": "inform",
        "intended_involvement": "co_produce",
        "agreed_to_be_named": "on",
    }
    assert client.post(url, form).status_code == 302
    agreed = Stakeholder.objects.get(pk=people["unnamed"].pk).named_consent_at
    assert agreed is not None
    client.post(url, {**form, "name": "Rowan Quill-Smith"})
    assert Stakeholder.objects.get(pk=people["unnamed"].pk).named_consent_at == agreed
    page = get(client, "stakeholders-detail", project, people["unnamed"].pk)
    assert f"Yes: they agreed on {timezone.localtime(agreed):%-d %B %Y}" in page
    client.post(url, {key: value for key, value in form.items() if key != "agreed_to_be_named"})
    assert Stakeholder.objects.get(pk=people["unnamed"].pk).named_consent_at is None


def test_withdrawing_agreement_withdraws_the_charters_that_named_them(
    as_user, facilitator, project, people, django_capture_on_commit_callbacks
):
    before = CharterFactory(project=project, version=1, rendered_at=AGREED_ON.replace(day=1))
    naming = CharterFactory(project=project, version=2, rendered_at=AGREED_ON.replace(day=4))
    url = reverse("stakeholders-update", args=[project.slug, people["named"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        as_user(facilitator).post(
            url,
            {
                "name": "Nia Fairweather",
                "category": "lived_experience",
                "power": "4",
                "interest": "1",
                "current_involvement": "inform",
                "intended_involvement": "co_produce",
            },
        )
    statuses = dict(Charter.objects.values_list("version", "status"))
    assert statuses == {1: "ready", 2: "withdrawn", 3: "ready"}
    assert not Charter.objects.get(pk=naming.pk).pdf
    assert Charter.objects.get(pk=before.pk).pdf
    latest = Charter.objects.get(version=3)
    assert "Nia" not in pdf_text(latest.pdf.read())


@pytest.mark.parametrize("name", ["stakeholders-list", "stakeholders-grid"])
def test_members_pages_take_the_same_queries_however_large_the_map(
    as_user, participant, project, name, django_assert_num_queries
):
    def add(count: int, start: int) -> None:
        Stakeholder.objects.bulk_create(
            Stakeholder(
                project=project,
                name=f"Person {n}",
                category="carer",
                named_consent_at=AGREED_ON if n % 2 else None,
                is_organisation=n % 3 == 0,
            )
            for n in range(start, start + count)
        )

    client = as_user(participant)
    url = reverse(name, args=[project.slug])
    add(10, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(500, 10)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_the_project_chooses_whether_to_share_where_named_people_sit(as_user, facilitator, project):
    client = as_user(facilitator)
    url = reverse("projects-edit", args=[project.slug])
    page = client.get(url).content.decode()
    assert "Show participants, observers and the charter where the people who agreed" in page
    assert not project.share_map_positions, "off unless the project chooses"
    details = {"title": project.title, "status": "planning", "time_zone": "Europe/London"}
    client.post(url, {**details, "version": project.version, "share_map_positions": "on"})
    project.refresh_from_db()
    assert project.share_map_positions
    grid = get(client, "stakeholders-grid", project)
    assert "and the people who agreed to be named. Nobody else is shown to them." in grid
