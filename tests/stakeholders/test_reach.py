from projects.overview import get_progress
from stakeholders.actions import (
    do_accept_invitation,
    do_add_stakeholder,
    do_erase_stakeholder,
    do_invite_stakeholder,
    do_update_stakeholder,
)
from stakeholders.models import Category, Stakeholder
from stakeholders.reach import fingerprint_of, get_reach
from tests.factories import StakeholderFactory, UserFactory


def test_empty_map_says_to_start_mapping(project):
    reach = get_reach(project)
    assert reach.total == 0
    assert reach.shortfalls == [
        "Nobody has been mapped yet. Start with the people the project affects most, "
        "then the groups and organisations around them."
    ]


def test_usual_suspects_are_called_out(project, facilitator):
    for _ in range(4):
        StakeholderFactory(project=project, category="practitioner", organisation="City Council")
    StakeholderFactory(project=project, category="researcher", organisation="University")
    reach = get_reach(project)
    text = " ".join(reach.shortfalls)
    assert "Nobody with lived experience has been mapped yet." in text
    assert (
        "Nobody has been mapped as: community or voluntary group, commissioner or funder, policymaker."
        in text
    )
    assert "Only 0% of the people mapped are seldom heard." in text
    assert "80% of the people mapped are from City Council." in text
    assert "5 people on the map have never been invited." in text
    assert not reach.is_done


def test_a_broad_map_with_everyone_invited_has_no_shortfalls(project, facilitator):
    for category in Category:
        StakeholderFactory(
            project=project, category=category, seldom_heard=True, organisation=category.value
        )
    StakeholderFactory(project=project, category="lived_experience")
    for stakeholder in project.stakeholders.all():
        do_invite_stakeholder(stakeholder=stakeholder, role="participant", invited_by=facilitator)
    reach = get_reach(project)
    assert reach.shortfalls == []
    assert (reach.total, reach.lived_experience, reach.invited, reach.accepted) == (9, 3, 9, 0)
    assert reach.seldom_heard_percent == 89


def test_low_shares_are_reported_with_percentages(project):
    StakeholderFactory(project=project, category="lived_experience", seldom_heard=True)
    for category in [c for c in Category if c not in Category.lived_experience()] * 2:
        StakeholderFactory(project=project, category=category, email="")
    text = " ".join(get_reach(project).shortfalls)
    assert "Only 8% of the people mapped have lived experience." in text
    assert "Only 8% of the people mapped are seldom heard." in text
    assert "Nobody has been mapped as: carer or family member." in text


def test_largest_organisation_ignores_case_and_spaces(project):
    for name in ["Acme Trust", "acme trust ", "ACME TRUST", "Other", "Another"]:
        StakeholderFactory(project=project, organisation=name)
    reach = get_reach(project)
    assert reach.largest_organisation_count == 3
    assert reach.largest_organisation.strip().lower() == "acme trust"


def test_reach_takes_two_queries_however_big_the_map(project, django_assert_num_queries):
    StakeholderFactory.create_batch(30, project=project)
    with django_assert_num_queries(2):
        get_reach(project)


def test_the_overview_reach_check_follows_every_change_to_the_map(
    as_user, facilitator, project, django_assert_num_queries
):
    client = as_user(facilitator)

    def overview() -> str:
        return " ".join(client.get(project.get_absolute_url()).content.decode().split())

    assert "Nobody has been mapped yet." in overview()
    asha = do_add_stakeholder(
        project=project, name="Asha", email="asha@example.org", category=Category.CARER
    )
    assert "1 person on the map has never been invited." in overview()
    # The reach check comes from the cache while unchanged (the rest: the member's to-do).
    with django_assert_num_queries(16):
        assert "1 person on the map has never been invited." in overview()

    do_update_stakeholder(stakeholder=asha, category=Category.RESEARCHER)
    assert "Nobody with lived experience has been mapped yet." in overview()
    invitation = do_invite_stakeholder(stakeholder=asha, role="participant", invited_by=facilitator)
    assert "never been invited" not in overview()
    before = fingerprint_of(get_progress(project))
    do_accept_invitation(invitation=invitation, user=UserFactory())
    assert fingerprint_of(get_progress(project)) != before, (
        "joining counts towards the check: recount"
    )
    do_erase_stakeholder(stakeholder=Stakeholder.objects.get(pk=asha.pk), by=facilitator)
    assert "Nobody has been mapped yet." in overview()
