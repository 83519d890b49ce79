"""An out-of-date charter says so wherever it is offered, since when and what changed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from agreements.actions import (
    do_add_communication_item,
    do_add_decision_rule,
    do_add_ground_rule,
    do_agree_to_ground_rules,
    do_move_ground_rule,
    do_save_principles,
)
from agreements.models import (
    Channel,
    DecisionMethod,
    DecisionRule,
    Definition,
    Frequency,
    Principle,
)
from charter.actions import do_request_charter
from charter.content import content_hash, gather_charter
from charter.freshness import get_charter_out_of_date, get_fingerprint
from charter.models import Charter
from decisions.actions import do_record_decision
from powercheck.actions import do_close_round
from projects.actions import do_change_role, do_move_goal, do_update_goal, do_update_project
from projects.models import Perspective, Role
from projects.overview import get_steps
from reporting.actions import do_create_assessment, do_save_entry
from stakeholders.actions import (
    do_accept_invitation,
    do_add_stakeholder,
    do_invite_stakeholder,
    do_update_stakeholder,
)
from stakeholders.models import Stakeholder
from tests.charter.charter_data import fill_in_charter
from tests.factories import (
    CharterFactory,
    GoalFactory,
    MembershipFactory,
    RoundFactory,
    StakeholderFactory,
    UserFactory,
)
from tests.powercheck.helpers import answer, statements

MADE_AT = datetime.datetime(2026, 3, 3, 10, 30, tzinfo=datetime.UTC)
ROLES = ["facilitator", "participant", "observer"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def version_1(project, facilitator, participant, observer):
    """Version 1, made on 3 March 2026 from the project as it is now (every member in it)."""
    return CharterFactory(project=project, version=1, rendered_at=MADE_AT)


def made_on(moment: datetime.datetime, format: str = "j F Y, H:i") -> str:
    return date_format(timezone.localtime(moment), format)


def text_of(response) -> str:
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def charter_step(project):
    return next(step for step in get_steps(project) if str(step.title) == "Charter")


def pages(client, project) -> dict[str, str]:
    """Every page that offers the charter, as text: the charter page, its status partial
    (as htmx polls it) and the overview."""
    charter_url = reverse("charter-index", args=[project.slug])
    return {
        "charter page": text_of(client.get(charter_url)),
        "status partial": text_of(client.get(charter_url, headers={"HX-Request": "true"})),
        "overview": text_of(client.get(project.get_absolute_url())),
    }


def join_and_add_a_ground_rule(project) -> None:
    MembershipFactory(project=project, role=Role.PARTICIPANT)
    MembershipFactory(project=project, role=Role.OBSERVER)
    do_add_ground_rule(project=project, text="Phones away during meetings.")


# --- Where it is offered, for each role --------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_an_unchanged_project_says_nothing_about_being_out_of_date(
    request, as_user, project, version_1, role
):
    client = as_user(request.getfixturevalue(role))
    for where, text in pages(client, project).items():
        assert "out of date" not in text.lower(), where
    assert "Download the charter (PDF, version 1)" in pages(client, project)["charter page"]
    assert charter_step(project).state_label == "Done"


@pytest.mark.parametrize("role", ROLES)
def test_every_place_says_the_charter_is_out_of_date_since_when_and_what_changed(
    request, as_user, project, version_1, role
):
    join_and_add_a_ground_rule(project)
    client = as_user(request.getfixturevalue(role))
    seen = pages(client, project)
    since = f"Version 1, made on {made_on(MADE_AT)}, is out of date. Since it was made:"
    for where in ["charter page", "status partial"]:
        text = seen[where]
        assert "Out of date" in text and since in text, where
        assert "2 members joined." in text and "1 ground rule was added." in text, where
        assert "Download the charter (PDF, version 1, out of date)" in text, where
        assert "Ready" not in text.split("All versions")[0], where
        offers_a_new_version = "Make a new version" in text
        assert offers_a_new_version == (role == "facilitator"), where
        if role != "facilitator":
            assert "A facilitator can make a new version that includes these changes." in text
    assert "of version 1, out of date</span>" in seen["charter page"]
    overview = seen["overview"]
    assert (
        f"Version 1, made on {made_on(MADE_AT, 'j F Y')}, is out of date. Since then:" in overview
    )
    assert "2 members joined." in overview and "1 ground rule was added." in overview
    step = charter_step(project)
    assert (step.state, step.state_label) == ("out of date", "Out of date")


def test_the_overview_step_is_never_done_while_out_of_date(as_user, facilitator, project):
    CharterFactory(project=project, version=1)
    assert charter_step(project).state == "done"
    do_update_project(project=project, version=project.version, title="Safer Streets")
    step = charter_step(project)
    assert step.state == "out of date" and step.state_label != "Done"
    assert "The project's name, organisation or status changed." in step.notes
    html = as_user(facilitator).get(project.get_absolute_url()).content.decode()
    assert "step--out-of-date" in html and "tag--out-of-date" in html


def test_a_new_version_is_current_again(
    as_user, project, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        do_request_charter(project=project, by=facilitator)
    join_and_add_a_ground_rule(project)
    client = as_user(facilitator)
    assert "out of date" in pages(client, project)["charter page"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("charter-generate", args=[project.slug]))
    assert project.charters.filter(status=Charter.Status.READY).count() == 2
    for where, text in pages(client, project).items():
        assert "out of date" not in text.lower(), where
    assert charter_step(project).state == "done"


@pytest.mark.parametrize("made_from", [None, "a member's name changed and changed back"])
def test_asking_again_when_nothing_changed_clears_the_warning(
    as_user, project, facilitator, participant, made_from, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        charter = do_request_charter(project=project, by=facilitator)
    charter.refresh_from_db()
    # A version made before versions kept what they were made from; or one whose record is
    # older than what it shows (the project changed between reading the two, and back).
    stale = None if made_from is None else {**charter.made_from, "members": "1:0000000000"}
    Charter.objects.filter(pk=charter.pk).update(made_from=stale)
    text = pages(as_user(participant), project)["charter page"]
    assert "Out of date" in text
    if made_from is None:
        assert "it may not show the latest changes" in text
    assert charter_step(project).state == "out of date"

    response = as_user(facilitator).post(
        reverse("charter-generate", args=[project.slug]), headers={"HX-Request": "true"}
    )
    assert "Nothing has changed since version 1 was made" in text_of(response)
    assert "out of date" not in text_of(response).lower()
    assert project.charters.count() == 1
    for where, text in pages(as_user(participant), project).items():
        assert "out of date" not in text.lower(), where
    assert charter_step(project).state == "done"


# --- What is compared, and how it is said ------------------------------------------------


def rename_a_member(project):
    user = project.memberships.get(user__name="Pat Morgan").user
    user.name = "Patricia Morgan"
    user.save()


def change_a_role(project):
    membership = project.memberships.get(user__name="Pat Morgan")
    do_change_role(membership=membership, role=Role.OBSERVER, perspective=Perspective.COMMUNITY)


def add_a_member(project):
    MembershipFactory(project=project, role=Role.PARTICIPANT)


def edit_a_goal(project):
    do_update_goal(goal=project.goals.first(), text="Thirty new benches", measure="Counted")


def move_a_goal(project):
    do_move_goal(goal=project.goals.first(), direction="down")


def write_the_aim(project):
    do_update_project(project=project, version=project.version, aim="Streets for everyone.")


def set_the_review_date(project):
    do_update_project(
        project=project, version=project.version, review_date=datetime.date(2027, 6, 1)
    )


def write_what_a_principle_means(project):
    do_save_principles(
        project=project,
        meanings={Principle.Key.RECIPROCITY: "Everyone is paid for their time."},
        definitions=[Definition.OSTROM],
        own_definition="Residents and the council design our streets together.",
    )


def choose_another_definition(project):
    do_save_principles(
        project=project,
        meanings={Principle.Key.SHARING_POWER: "Residents hold half the seats on the board."},
        definitions=[Definition.NIHR],
        own_definition="Residents and the council design our streets together.",
    )


def add_a_decision_rule(project):
    do_add_decision_rule(
        project=project,
        area="who we invite",
        who=DecisionRule.Who.FACILITATORS,
        method=DecisionMethod.MAJORITY,
        percentage=60,
    )


def move_a_ground_rule(project):
    do_move_ground_rule(rule=project.ground_rules.first(), direction="down")


def agree_to_the_ground_rules(project):
    do_agree_to_ground_rules(membership=project.memberships.get(role=Role.FACILITATOR))


def add_a_communication_item(project):
    do_add_communication_item(
        project=project,
        audience="the youth club",
        purpose="A poster about the next workshop",
        channel=Channel.POST,
        formats=[],
        frequency=Frequency.ONCE,
        owner=None,
        next_due=datetime.date(2026, 4, 1),
    )


def map_someone(project):
    do_add_stakeholder(project=project, name="Derek Hall", category="carer", power=2, interest=4)


def move_someone_on_the_grid(project):
    # Someone who agreed to be named: where they sit is in the charter (Kieran's is not).
    do_update_stakeholder(stakeholder=project.stakeholders.get(name="Amina Yusuf"), power=1)


def invite_and_someone_joins(project):
    stakeholder = project.stakeholders.get(name="Kieran Walsh")
    invitation = do_invite_stakeholder(
        stakeholder=stakeholder, role=Role.PARTICIPANT, invited_by=None
    )
    do_accept_invitation(invitation=invitation, user=UserFactory(name="Kieran Walsh"))


def a_new_round_closes(project):
    round = RoundFactory(project=project, title="Second check")
    for _ in range(3):
        answer(round, {q: 0 for q in statements(2)})
    do_close_round(round=round)


def the_open_round_reaches_its_closing_time(project):
    round = RoundFactory(project=project, title="Second check")
    for _ in range(3):
        answer(round, {q: 4 for q in statements(1)})
    charter = project.charters.get()
    charter.made_from = get_fingerprint(project)
    charter.save()
    round.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    round.save()


def the_group_decides(project):
    do_record_decision(
        project=project,
        rule=None,
        text="Meet on Saturdays.",
        method=DecisionMethod.CONSENSUS,
        present=5,
        result="adopted",
        decided_at=timezone.now(),
        source_label="Meeting of 12 May",
    )


def rate_a_standard(project):
    assessment = do_create_assessment(project=project, title="At the start", stage="start")
    entry = assessment.entries.get(standard="impact")
    do_save_entry(entry=entry, rating=2, going_well="", to_improve="", evidence=[])


CHANGES = {
    the_group_decides: "1 decision was made.",
    rename_a_member: "The name, role or perspective of 1 member changed.",
    change_a_role: "The name, role or perspective of 1 member changed.",
    add_a_member: "1 member joined.",
    edit_a_goal: "1 goal was changed or moved.",
    move_a_goal: "2 goals were changed or moved.",
    write_the_aim: "The aim changed.",
    set_the_review_date: "The project's dates changed.",
    write_what_a_principle_means: "What the principles mean for the project changed.",
    choose_another_definition: "The definitions of co-production the group works from changed.",
    add_a_decision_rule: "1 decision rule was added.",
    move_a_ground_rule: "2 ground rules were changed or moved.",
    agree_to_the_ground_rules: "1 member agreed to the ground rules.",
    add_a_communication_item: "The communication plan changed.",
    map_someone: "The stakeholder map changed: it has 3 people and groups now, 2 when this version was made.",
    move_someone_on_the_grid: "The stakeholder map changed: it has 2 people and groups now, 2 when this version was made.",
    invite_and_someone_joins: "1 member joined.",
    a_new_round_closes: "1 power dynamics round was opened.",
    the_open_round_reaches_its_closing_time: "1 power dynamics round closed or has new answers.",
    rate_a_standard: "1 rating was added to the self-assessments.",
}


@pytest.fixture
def agreed_project(project, facilitator, participant):
    GoalFactory(project=project, text="Twenty new benches")
    GoalFactory(project=project, text="Safer crossings")
    fill_in_charter(project, facilitator, participant)
    return project


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_each_change_the_charter_would_show_makes_it_out_of_date_and_is_said(
    agreed_project, change
):
    charter = CharterFactory(project=agreed_project, version=1)
    before = content_hash(gather_charter(agreed_project))
    change(agreed_project)
    agreed_project.refresh_from_db()
    assert content_hash(gather_charter(agreed_project)) != before, "the charter would change"
    out_of_date = get_charter_out_of_date(agreed_project, Charter.objects.get(pk=charter.pk))
    assert out_of_date is not None
    assert CHANGES[change] in out_of_date.changes, out_of_date.changes


def test_what_the_charter_never_shows_does_not_make_it_out_of_date(agreed_project):
    later = RoundFactory(project=agreed_project, title="Second check")
    draft = answer(later, {q: 1 for q in statements(1)}, submitted=False)
    charter = CharterFactory(project=agreed_project, version=1)
    before = content_hash(gather_charter(agreed_project))
    kieran = agreed_project.stakeholders.get(name="Kieran Walsh")
    # Keep the map's last change as it was: what matters is which fields are compared.
    Stakeholder.objects.filter(pk=kieran.pk).update(
        access_needs="Large print", notes="Prefers mornings", email="kieran@example.org"
    )
    membership = agreed_project.memberships.get(user__name="Pat Morgan")
    membership.reminders_enabled = False
    membership.save()
    # Answers to a later round that is still open are not in the charter until it ends.
    draft.submitted_at = timezone.now()
    draft.save()
    assert content_hash(gather_charter(agreed_project)) == before
    assert get_charter_out_of_date(agreed_project, charter) is None


def test_since_when_is_the_day_the_version_was_made(project, version_1):
    add_a_member(project)
    out_of_date = get_charter_out_of_date(project, version_1)
    assert (out_of_date.version, out_of_date.made_at) == (1, MADE_AT)


# --- What it costs ------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 30])
def test_the_overview_costs_one_query_more_with_a_charter_however_big_the_project(
    as_user, facilitator, project, rows, django_assert_num_queries
):
    for n in range(rows):
        MembershipFactory(project=project)
        GoalFactory(project=project)
        StakeholderFactory(project=project)
        do_add_ground_rule(project=project, text=f"Rule {n}")
    client = as_user(facilitator)
    client.get(project.get_absolute_url())  # the reach check is cached from here on
    # The member's to-do costs a query or two for each part with something that may wait for
    # them (rounds, ground rules, the plan, the map, proposals, meetings, partners, payments,
    # self-assessments): the same however big the project.
    with django_assert_num_queries(16):
        client.get(project.get_absolute_url())
    CharterFactory(project=project, version=1)
    with django_assert_num_queries(17):
        assert "out of date" not in client.get(project.get_absolute_url()).content.decode()
    MembershipFactory(project=project)
    with django_assert_num_queries(17):
        assert "1 member joined." in client.get(project.get_absolute_url()).content.decode()
