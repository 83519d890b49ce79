import re
import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from projects.overview import get_steps
from stakeholders.actions import do_invite_stakeholder
from stakeholders.grid import MAX_RADIUS, get_grid
from stakeholders.models import Category, Invitation, Stakeholder
from tests.factories import MembershipFactory, StakeholderFactory

NEW = {
    "name": "Northbridge Carers Network",
    "organisation": "Carers Trust",
    "email": "hello@carers.example.org",
    "category": "community_group",
    "power": "2",
    "interest": "5",
    "seldom_heard": "on",
    "current_involvement": "consult",
    "intended_involvement": "co_design",
    "access_needs": "Meetings after school hours",
    "notes": "Met at the market day",
    "consent_recorded": "on",
}


def list_url(project) -> str:
    return reverse("stakeholders-list", args=[project.slug])


def test_facilitator_adds_a_stakeholder_without_javascript(as_user, facilitator, project):
    response = as_user(facilitator).post(reverse("stakeholders-create", args=[project.slug]), NEW)
    assert response.status_code == 302
    stakeholder = Stakeholder.objects.get()
    assert (stakeholder.name, stakeholder.power, stakeholder.interest) == (NEW["name"], 2, 5)
    assert stakeholder.seldom_heard and stakeholder.consent_recorded_at is not None
    page = as_user(facilitator).get(list_url(project)).content.decode()
    assert "was added to the map" in page and NEW["name"] in page


def test_facilitator_adds_a_stakeholder_with_htmx(as_user, facilitator, project):
    response = as_user(facilitator).post(
        reverse("stakeholders-create", args=[project.slug]), NEW, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert response["HX-Retarget"] == "#stakeholder-section"
    assert "Northbridge Carers Network was added to the map." in page
    assert Stakeholder.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "  "}, "This field is required."),
        ({"category": "alien"}, "Select a valid choice."),
        ({"power": "6"}, "Select a valid choice."),
        ({"interest": "0"}, "Select a valid choice."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_stakeholder_input_is_explained_and_nothing_saved(
    as_user, facilitator, project, change, message, htmx
):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = as_user(facilitator).post(
        reverse("stakeholders-create", args=[project.slug]), {**NEW, **change}, **headers
    )
    assert response.status_code == (200 if htmx else 422)
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "Met at the market day" in page  # what was typed is kept
    assert not Stakeholder.objects.exists()


def test_edit_inline_returns_the_updated_row(as_user, facilitator, project):
    stakeholder = StakeholderFactory(project=project, name="Old name")
    url = reverse("stakeholders-update", args=[project.slug, stakeholder.pk])
    client = as_user(facilitator)
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert form.lstrip().startswith("<tr") and 'value="Old name"' in form
    response = client.post(url, {**NEW, "name": "New name"}, HTTP_HX_REQUEST="true")
    row = response.content.decode()
    assert row.lstrip().startswith("<tr") and "New name" in row and "Saved" in row
    stakeholder.refresh_from_db()
    assert stakeholder.name == "New name"


def test_edit_keeps_the_date_consent_was_first_recorded(as_user, facilitator, project):
    stakeholder = StakeholderFactory(project=project)
    url = reverse("stakeholders-update", args=[project.slug, stakeholder.pk])
    as_user(facilitator).post(url, NEW)
    first = Stakeholder.objects.get().consent_recorded_at
    as_user(facilitator).post(url, {**NEW, "notes": "Changed"})
    assert Stakeholder.objects.get().consent_recorded_at == first
    withdrawn = {k: v for k, v in NEW.items() if k != "consent_recorded"}
    as_user(facilitator).post(url, {**withdrawn, "access_needs": "", "notes": ""})
    assert Stakeholder.objects.get().consent_recorded_at is None


@pytest.mark.parametrize("field", ["access_needs", "notes"])
def test_access_needs_and_notes_are_kept_only_with_consent(as_user, facilitator, project, field):
    url = reverse("stakeholders-create", args=[project.slug])
    without_consent = {k: v for k, v in NEW.items() if k not in ("consent_recorded", "notes")}
    response = as_user(facilitator).post(url, {**without_consent, "access_needs": "", field: "x"})
    assert response.status_code == 422
    assert "kept only with their consent" in response.content.decode()
    assert not Stakeholder.objects.exists()


def test_bad_edit_without_javascript_shows_the_page_with_errors(as_user, facilitator, project):
    stakeholder = StakeholderFactory(project=project, name="Kept")
    url = reverse("stakeholders-update", args=[project.slug, stakeholder.pk])
    response = as_user(facilitator).post(url, {**NEW, "power": "0"})
    assert response.status_code == 422
    assert "There is a problem" in response.content.decode()
    assert Stakeholder.objects.get().name == "Kept"


def test_erase_asks_first_then_deletes(as_user, facilitator, project):
    stakeholder = StakeholderFactory(project=project, name="Temporary")
    url = reverse("stakeholders-delete", args=[project.slug, stakeholder.pk])
    client = as_user(facilitator)
    assert "Erase Temporary?" in client.get(url).content.decode()
    assert Stakeholder.objects.exists()
    client.post(url)
    assert not Stakeholder.objects.exists()


def test_stakeholder_of_another_project_is_not_found(as_user, facilitator, project):
    elsewhere = StakeholderFactory()
    url = reverse("stakeholders-detail", args=[project.slug, elsewhere.pk])
    assert as_user(facilitator).get(url).status_code == 404


def test_access_needs_and_notes_are_shown_only_to_facilitators(
    as_user, facilitator, participant, observer, project
):
    stakeholder = StakeholderFactory(
        project=project,
        access_needs="Needs a BSL interpreter",
        notes="Recently homeless",
        named_consent_at=timezone.now(),
    )
    project.share_map_positions = True
    project.save()
    url = stakeholder.get_absolute_url()
    page = as_user(facilitator).get(url).content.decode()
    assert "Needs a BSL interpreter" in page and "Recently homeless" in page
    for member in (participant, observer):
        page = as_user(member).get(url).content.decode()
        assert "BSL" not in page and "homeless" not in page and stakeholder.email not in page
    for name in ["stakeholders-list", "stakeholders-grid"]:
        page = as_user(participant).get(reverse(name, args=[project.slug])).content.decode()
        assert escape(stakeholder.name) in page and "BSL" not in page


def test_empty_map_says_what_to_do(as_user, facilitator, participant, project):
    assert (
        "Nobody is on the map yet" in as_user(facilitator).get(list_url(project)).content.decode()
    )
    page = as_user(participant).get(list_url(project)).content.decode()
    assert "The facilitators have not mapped anyone yet." in page
    assert "Add a stakeholder" not in page


def test_list_is_paginated_and_shows_invitation_status(as_user, facilitator, project):
    StakeholderFactory.create_batch(60, project=project)
    first = Stakeholder.objects.order_by("name", "pk").first()
    do_invite_stakeholder(stakeholder=first, role="participant", invited_by=facilitator)
    page = as_user(facilitator).get(list_url(project)).content.decode()
    assert "Page 1 of 2" in page
    assert len(re.findall(r'<tr id="stakeholder-\d+"', page)) == 50
    assert re.search(r'status--sent">Sent<', page)


def make_many(project, count: int) -> None:
    categories = list(Category)
    Stakeholder.objects.bulk_create(
        Stakeholder(
            project=project,
            name=f"Person {n}",
            email=f"p{n}@example.org",
            category=categories[n % len(categories)],
            power=n % 5 + 1,
            interest=n * 7 % 5 + 1,
            organisation=f"Org {n % 9}",
        )
        for n in range(count)
    )
    for stakeholder in Stakeholder.objects.filter(project=project)[:3]:
        Invitation.objects.create(
            stakeholder=stakeholder,
            role="participant",
            token_hash=secrets.token_hex(32),
            expires_at="2099-01-01T00:00Z",
        )


@pytest.mark.parametrize("name", ["stakeholders-list", "stakeholders-grid"])
def test_query_count_does_not_grow_with_the_map(
    as_user, facilitator, project, name, django_assert_num_queries
):
    client = as_user(facilitator)
    url = reverse(name, args=[project.slug])
    make_many(project, 10)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    make_many(project, 990)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.status_code == 200
    if name == "stakeholders-grid":
        assert "1000 stakeholders placed" in response.content.decode()


def test_grid_draws_every_point_as_a_link_with_colour_and_shape(as_user, facilitator, project):
    carer = StakeholderFactory(project=project, name="Cara", category="carer", power=5, interest=5)
    StakeholderFactory(project=project, name="Rae", category="researcher", power=1, interest=1)
    page = as_user(facilitator).get(reverse("stakeholders-grid", args=[project.slug])).content
    page = page.decode()
    assert '<title id="grid-title">' in page and '<desc id="grid-desc">' in page
    for words in ["Manage closely", "Keep satisfied", "Keep informed", "Monitor"]:
        assert words in page
    assert f'<a href="{carer.get_absolute_url()}" aria-label="Cara: Carer or family member' in page
    assert "(diamond)" in page and "(upside-down triangle)" in page
    assert "<caption>Everyone on the grid, by where they sit</caption>" in page


def test_grid_filters_by_category(as_user, facilitator, project):
    StakeholderFactory(project=project, name="Cara", category="carer")
    StakeholderFactory(project=project, name="Rae", category="researcher")
    url = reverse("stakeholders-grid", args=[project.slug])
    page = as_user(facilitator).get(url, {"category": "carer"}).content.decode()
    assert "Cara" in page and "Rae" not in page
    page = as_user(facilitator).get(url, {"category": "policymaker"}).content.decode()
    assert "Nobody has been mapped in the category “Policymaker” yet." in page
    assert as_user(facilitator).get(url, {"category": "nonsense"}).status_code == 200


def test_points_in_the_same_cell_never_overlap(project):
    people = StakeholderFactory.create_batch(40, project=project, power=4, interest=4)
    grid = get_grid(people, links=False)
    starts = [point.path.split(" ")[0] for point in grid.points]
    assert len(set(starts)) == 40
    assert get_grid(reversed(people), links=False).points == grid.points  # the same every time


def test_a_crowded_cell_keeps_its_marks_24_px_and_links_to_the_rest(project):
    people = StakeholderFactory.create_batch(40, project=project, power=4, interest=2)
    grid = get_grid(people)
    assert len(grid.points) == 8 and len(grid.rows) == 40
    (more,) = grid.more
    assert more.count == 32
    assert more.url.endswith("?power=4&interest=2")
    assert "+32" in grid.more_markup and "32 more with power 4 and interest 2" in grid.more_markup
    # Each mark is at least 24 units across, and the grid is never drawn smaller than that.
    xs = [float(n) for n in re.findall(r"M([\d.]+),", grid.points[0].path)]
    assert MAX_RADIUS * 2 >= 24 and xs


def test_people_not_rated_are_listed_beside_the_grid_not_placed(as_user, facilitator, project):
    StakeholderFactory(project=project, name="Rated Rae", power=2, interest=4)
    StakeholderFactory(project=project, name="Unrated Una", power=None, interest=None)
    StakeholderFactory(project=project, name="Half Hal", power=5, interest=None)
    page = as_user(facilitator).get(reverse("stakeholders-grid", args=[project.slug]))
    html = page.content.decode()
    chart = html.split('<svg class="grid-chart"')[1].split("</svg>")[0]
    assert "Rated Rae" in chart and "Una" not in chart and "Hal" not in chart
    listed = html.split('id="not-rated-heading"')[1].split("</section>")[0]
    assert "2 stakeholders have no power or interest rating yet" in listed
    assert "Unrated Una" in listed and "Half Hal" in listed and "Rae" not in listed


def test_overview_step_follows_the_map(as_user, facilitator, project):
    def state() -> str:
        return next(s for s in get_steps(project) if s.title == "Who is involved").state

    assert state() == "not started"
    for category in Category:
        StakeholderFactory(project=project, category=category, seldom_heard=True)
    assert state() == "in progress"
    for stakeholder in Stakeholder.objects.all():
        invitation = do_invite_stakeholder(
            stakeholder=stakeholder, role="participant", invited_by=facilitator
        )
    assert state() == "in progress"
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at="2025-01-01T00:00Z")
    assert state() == "done"
    page = as_user(facilitator).get(project.get_absolute_url()).content.decode()
    assert reverse("stakeholders-list", args=[project.slug]) in page


def test_overview_lists_reach_shortfalls_to_facilitators_only(as_user, project, client):
    facilitator = MembershipFactory(project=project, role="facilitator").user
    observer = MembershipFactory(project=project, role="observer").user
    StakeholderFactory(project=project, category="researcher")
    page = as_user(facilitator).get(project.get_absolute_url()).content.decode()
    assert "Nobody with lived experience has been mapped yet." in page
    # The setting-up notes are the facilitators' work, not a member's to-do.
    client.force_login(observer)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Nobody with lived experience has been mapped yet." not in page
