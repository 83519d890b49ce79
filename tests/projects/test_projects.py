import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from charter.freshness import get_fingerprint
from charter.models import Charter
from powercheck.models import Round
from projects.models import Goal, Membership, Project, Role
from projects.overview import get_steps
from tests.factories import (
    CharterFactory,
    GoalFactory,
    MembershipFactory,
    ProjectFactory,
    RoundFactory,
    UserFactory,
)


def test_creator_becomes_the_first_facilitator(as_user, outsider):
    response = as_user(outsider).post(
        reverse("projects-create"),
        {
            "title": "Parks for All",
            "organisation": "Parks Trust",
            "aim": "Better parks.",
            "perspective": "practitioner",
        },
    )
    project = Project.objects.get(title="Parks for All")
    assert response["Location"] == project.get_absolute_url()
    membership = Membership.objects.get(project=project)
    assert (membership.user, membership.role, membership.perspective) == (
        outsider,
        Role.FACILITATOR,
        "practitioner",
    )


def test_same_title_gets_a_different_slug(as_user, outsider):
    client = as_user(outsider)
    for _ in range(3):
        client.post(reverse("projects-create"), {"title": "Parks", "perspective": "researcher"})
    assert sorted(Project.objects.values_list("slug", flat=True)) == ["parks", "parks-2", "parks-3"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "   "}, "This field is required."),
        ({"title": "x" * 201}, "Ensure this value has at most 200 characters"),
        (
            {"title": "Dates", "start_date": "2026-05-01", "end_date": "2026-04-01"},
            "The end date must be on or after the start date.",
        ),
        ({"title": "Dates", "start_date": "31/31/2026"}, "Enter a valid date."),
    ],
)
def test_bad_project_input_is_explained_and_nothing_saved(as_user, outsider, data, message):
    response = as_user(outsider).post(
        reverse("projects-create"), {"perspective": "researcher", "aim": "Kept aim", **data}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert "Kept aim" in page
    assert not Project.objects.exists()


def test_my_projects_lists_memberships_with_roles(as_user, facilitator, project):
    other = ProjectFactory(title="Someone else's")
    page = as_user(facilitator).get(reverse("projects-list")).content.decode()
    assert project.title in page and "Facilitator" in page
    assert other.title not in page


def test_my_projects_empty_state_says_how_to_start(as_user, outsider):
    page = as_user(outsider).get(reverse("projects-list")).content.decode()
    assert "You are not part of any project yet" in page
    assert reverse("projects-create") in page


@pytest.mark.parametrize("count", [2, 50])
def test_my_projects_query_count_does_not_grow(as_user, outsider, count, django_assert_num_queries):
    for _ in range(count):
        MembershipFactory(user=outsider, role=Role.PARTICIPANT)
    client = as_user(outsider)
    # Session, user, the page of memberships and its count, and the partners they sign for.
    with django_assert_num_queries(5):
        client.get(reverse("projects-list"))


def test_overview_shows_how_to_begin_with_states(as_user, facilitator, project):
    page = as_user(facilitator).get(project.get_absolute_url()).content.decode()
    assert "How do I begin?" in page
    assert "In progress" in page  # aim written, no goals yet
    GoalFactory(project=project)
    page = as_user(facilitator).get(project.get_absolute_url()).content.decode()
    assert "Done" in page


def test_overview_power_and_charter_steps_follow_rounds_and_charters(project):
    def state(title: str) -> str:
        return next(step for step in get_steps(project) if step.title == title).state

    assert (state("Power dynamics"), state("Charter")) == ("not started", "not started")
    round = RoundFactory(project=project)
    charter = CharterFactory(project=project, status=Charter.Status.RENDERING)
    assert (state("Power dynamics"), state("Charter")) == ("in progress", "in progress")
    # Still marked open, but past its closing date.
    Round.objects.filter(pk=round.pk).update(closes_at=timezone.now() - datetime.timedelta(1))
    # Made now (from the project as it is, the round ended), as the render task stores it.
    Charter.objects.filter(pk=charter.pk).update(
        status=Charter.Status.READY, made_from=get_fingerprint(project)
    )
    assert (state("Power dynamics"), state("Charter")) == ("done", "done")


def test_goal_added_with_htmx_returns_the_list(as_user, facilitator, project):
    response = as_user(facilitator).post(
        reverse("projects-goal-create", args=[project.slug]),
        {"text": "More trees", "measure": "Count them"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "More trees" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert response["HX-Retarget"] == "#goal-section"


def test_goal_without_text_keeps_what_was_typed(as_user, facilitator, project):
    response = as_user(facilitator).post(
        reverse("projects-goal-create", args=[project.slug]),
        {"text": " ", "measure": "Typed measure"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the goal." in page or "This field is required." in page
    assert "Typed measure" in page
    assert not Goal.objects.exists()


def test_overlong_goal_is_refused(as_user, facilitator, project):
    response = as_user(facilitator).post(
        reverse("projects-goal-create", args=[project.slug]), {"text": "g" * 301}
    )
    assert response.status_code == 422
    assert not Goal.objects.exists()


def test_goal_posted_to_someone_elses_project_is_not_saved(as_user, facilitator, project):
    other = ProjectFactory()
    goal = GoalFactory(project=other, text="Theirs")
    client = as_user(facilitator)
    assert (
        client.post(reverse("projects-goal-create", args=[other.slug]), {"text": "x"}).status_code
        == 404
    )
    response = client.post(
        reverse("projects-goal-update", args=[project.slug, goal.pk]), {"text": "Hijacked"}
    )
    assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.text == "Theirs"
    assert Goal.objects.count() == 1


def test_goals_reorder_and_keep_their_order(as_user, facilitator, project):
    first, _second, third = (GoalFactory(project=project, text=t) for t in ["one", "two", "three"])
    client = as_user(facilitator)
    client.post(reverse("projects-goal-move", args=[project.slug, third.pk, "up"]))
    client.post(reverse("projects-goal-move", args=[project.slug, first.pk, "down"]))
    assert list(project.goals.values_list("text", flat=True)) == ["three", "one", "two"]
    client.post(reverse("projects-goal-move", args=[project.slug, third.pk, "up"]))
    assert list(project.goals.values_list("text", flat=True)) == ["three", "one", "two"]


def test_goal_delete_asks_first(as_user, facilitator, project):
    goal = GoalFactory(project=project, text="Delete me")
    client = as_user(facilitator)
    page = client.get(
        reverse("projects-goal-delete", args=[project.slug, goal.pk])
    ).content.decode()
    assert "Delete this goal?" in page and "Delete me" in page
    assert Goal.objects.filter(pk=goal.pk).exists()
    client.post(reverse("projects-goal-delete", args=[project.slug, goal.pk]))
    assert not Goal.objects.filter(pk=goal.pk).exists()


def test_goal_edit_without_javascript(as_user, facilitator, project):
    goal = GoalFactory(project=project, text="Old")
    response = as_user(facilitator).post(
        reverse("projects-goal-update", args=[project.slug, goal.pk]),
        {"text": "New", "measure": "M"},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.text, goal.measure) == ("New", "M")


def test_aim_edit_conflict_keeps_both_versions(as_user, facilitator, project):
    version = project.version
    client = as_user(facilitator)
    client.post(
        reverse("projects-aim", args=[project.slug]), {"aim": "First save", "version": version}
    )
    response = client.post(
        reverse("projects-aim", args=[project.slug]), {"aim": "Second save", "version": version}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Someone else changed this project" in page
    assert "First save" in page and "Second save" in page
    project.refresh_from_db()
    assert project.aim == "First save"
    # Saving again knowingly replaces the other version.
    client.post(
        reverse("projects-aim", args=[project.slug]),
        {"aim": "Second save", "version": project.version},
    )
    project.refresh_from_db()
    assert project.aim == "Second save"


def test_facilitator_changes_a_role(as_user, facilitator, participant, project):
    membership = Membership.objects.get(user=participant)
    as_user(facilitator).post(
        reverse("projects-member-update", args=[project.slug, membership.pk]),
        {"role": Role.FACILITATOR, "perspective": "community"},
    )
    membership.refresh_from_db()
    assert membership.role == Role.FACILITATOR


def test_last_facilitator_cannot_step_down(as_user, facilitator, project):
    membership = Membership.objects.get(user=facilitator)
    response = as_user(facilitator).post(
        reverse("projects-member-update", args=[project.slug, membership.pk]),
        {"role": Role.PARTICIPANT, "perspective": "researcher"},
    )
    assert response.status_code == 422
    assert "at least one facilitator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.FACILITATOR


def test_last_facilitator_cannot_be_removed(as_user, facilitator, project):
    membership = Membership.objects.get(user=facilitator)
    response = as_user(facilitator).post(
        reverse("projects-member-remove", args=[project.slug, membership.pk])
    )
    assert response.status_code == 422
    assert "at least one facilitator" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_second_facilitator_can_be_removed(as_user, facilitator, project):
    other = MembershipFactory(project=project, role=Role.FACILITATOR, user=UserFactory())
    as_user(facilitator).post(reverse("projects-member-remove", args=[project.slug, other.pk]))
    assert not Membership.objects.filter(pk=other.pk).exists()


def test_members_page_shows_roles_and_perspectives(as_user, participant, facilitator, project):
    page = (
        as_user(participant).get(reverse("projects-members", args=[project.slug])).content.decode()
    )
    assert "Lived experience or community member" in page
    assert "Facilitator" in page
    assert "Change role" not in page


def test_adding_changing_and_removing_a_goal_are_on_the_timeline(as_user, facilitator, project):
    client = as_user(facilitator)
    goals_url = reverse("projects-goal-create", args=[project.slug])
    client.post(goals_url, {"text": "Twenty new benches", "measure": "Counted in May"})
    goal = Goal.objects.get(project=project)
    update_url = reverse("projects-goal-update", args=[project.slug, goal.pk])
    client.post(update_url, {"text": "Twenty new benches", "measure": "Counted in May"})
    client.post(update_url, {"text": "Thirty new benches", "measure": "Counted in May"})
    client.post(reverse("projects-goal-delete", args=[project.slug, goal.pk]))
    page = client.get(reverse("projects-events", args=[project.slug])).content.decode()
    assert "Added a goal: “Twenty new benches”" in page
    assert page.count("Changed the goal “Twenty new benches”.") == 1, "saved unchanged: no line"
    assert "Removed the goal “Thirty new benches”." in page
    assert not Goal.objects.filter(project=project).exists()


@pytest.mark.parametrize(
    ("role", "sentence"),
    [
        (Role.FACILITATOR, "You are a facilitator in this project."),
        (Role.PARTICIPANT, "You are a participant in this project."),
        (Role.OBSERVER, "You are an observer in this project."),
    ],
)
def test_the_overview_says_your_role_in_a_whole_sentence(as_user, project, role, sentence):
    member = MembershipFactory(project=project, role=role)
    page = as_user(member.user).get(project.get_absolute_url()).content.decode()
    assert sentence in page
    assert "You are a Observer" not in page and "You are a observer" not in page
