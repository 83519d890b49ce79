import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from charter.actions import do_request_charter
from powercheck.scoring import get_results
from projects.models import AuditEvent, Membership, Project, Role
from tests.factories import (
    GoalFactory,
    MembershipFactory,
    ResponseFactory,
    RoundFactory,
    answer_every_statement,
)


def test_export_holds_the_projects_data_and_is_recorded(as_user, facilitator, participant, project):
    GoalFactory(project=project, text="Safer crossings")
    response = as_user(facilitator).get(reverse("projects-export", args=[project.slug]))
    assert response["Content-Disposition"] == f'attachment; filename="{project.slug}.json"'
    data = json.loads(response.content)
    assert data["project"]["title"] == project.title
    assert {m["email"] for m in data["members"]} == {facilitator.email, participant.email}
    assert [g["text"] for g in data["goals"]] == ["Safer crossings"]
    assert AuditEvent.objects.filter(project=project, verb="exported", actor=facilitator).exists()


def test_deleting_a_project_needs_its_name_typed(as_user, facilitator, project):
    client = as_user(facilitator)
    url = reverse("projects-delete", args=[project.slug])
    response = client.post(url, {"confirm": "healthy"})
    assert response.status_code == 422
    assert "does not match" in response.content.decode()
    assert Project.objects.filter(pk=project.pk).exists()
    assert client.post(url, {"confirm": project.title}).status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


def test_timeline_records_role_changes_without_sensitive_values(
    as_user, facilitator, participant, project
):
    membership = Membership.objects.get(user=participant)
    client = as_user(facilitator)
    client.post(
        reverse("projects-member-update", args=[project.slug, membership.pk]),
        {"role": Role.OBSERVER, "perspective": "community"},
    )
    page = client.get(reverse("projects-events", args=[project.slug])).content.decode()
    assert escape(f"{participant.display_name} is now an observer.") in page
    assert participant.email not in page


def test_personal_data_download(as_user, participant, project):
    response = as_user(participant).get(reverse("account-data"))
    data = json.loads(response.content)
    assert data["account"]["email"] == participant.email
    assert data["memberships"][0]["project"] == project.title


def test_sole_facilitator_cannot_delete_their_account(as_user, facilitator, project):
    response = as_user(facilitator).post(reverse("account-delete"), {"confirm": facilitator.email})
    assert response.status_code == 422
    assert project.title in response.content.decode()
    assert get_user_model().objects.filter(pk=facilitator.pk).exists()


def test_deleting_an_account_removes_the_person_and_their_name(
    as_user, facilitator, participant, project
):
    membership = Membership.objects.get(user=participant)
    as_user(facilitator).post(
        reverse("projects-member-update", args=[project.slug, membership.pk]),
        {"role": Role.OBSERVER, "perspective": "community"},
    )
    name = participant.display_name
    client = as_user(participant)
    response = client.post(reverse("account-delete"), {"confirm": participant.email})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(email=participant.email).exists()
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    assert name not in summaries
    assert "A member deleted their account." in summaries
    assert client.get(reverse("projects-list")).status_code == 302


def test_deleting_an_account_keeps_the_power_check_scores(as_user, participant, project):
    round = RoundFactory(project=project, anonymous=False)
    answer_every_statement(
        ResponseFactory(round=round, member=Membership.objects.get(user=participant)), 4
    )
    for n in range(3):
        answer_every_statement(
            ResponseFactory(round=round, member=MembershipFactory(project=project)), n
        )
    before = get_results(round)
    as_user(participant).post(reverse("account-delete"), {"confirm": participant.email})
    after = get_results(round)
    assert not get_user_model().objects.filter(email=participant.email).exists()
    assert (
        (after.overall, after.submitted) == (before.overall, before.submitted) == (after.overall, 4)
    )


def test_asking_for_a_charter_is_on_the_timeline_once_per_version(as_user, facilitator, project):
    do_request_charter(project=project, by=facilitator, enqueue=False)
    do_request_charter(project=project, by=facilitator, enqueue=False)  # already on its way
    page = as_user(facilitator).get(reverse("projects-events", args=[project.slug]))
    assert "Asked for version 1 of the charter." in page.content.decode()
    assert AuditEvent.objects.filter(verb="charter requested").count() == 1


@pytest.mark.parametrize("count", [5, 120])
def test_the_timeline_is_paginated_in_the_same_queries_however_long(
    as_user, facilitator, project, count, django_assert_num_queries
):
    AuditEvent.objects.bulk_create(
        AuditEvent(project=project, actor=facilitator, verb="rules changed", summary=f"Event {n}")
        for n in range(count)
    )
    client = as_user(facilitator)
    with django_assert_num_queries(5):
        page = client.get(reverse("projects-events", args=[project.slug])).content.decode()
    assert page.count('<tr><td data-label="When">') == min(count, 50)
    assert ("?page=2" in page) == (count > 50)


@pytest.mark.parametrize(
    ("role", "sentence"),
    [
        (Role.FACILITATOR, "is now a facilitator."),
        (Role.PARTICIPANT, "is now a participant."),
        (Role.OBSERVER, "is now an observer."),
    ],
)
def test_timeline_says_each_new_role_in_a_whole_sentence(
    as_user, facilitator, project, role, sentence
):
    first = Role.OBSERVER if role == Role.PARTICIPANT else Role.PARTICIPANT
    other = MembershipFactory(project=project, role=first)
    as_user(facilitator).post(
        reverse("projects-member-update", args=[project.slug, other.pk]),
        {"role": role, "perspective": "community"},
    )
    page = as_user(facilitator).get(reverse("projects-events", args=[project.slug])).content
    assert escape(f"{other.user.display_name} {sentence}") in page.decode()
