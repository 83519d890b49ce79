"""A project can ask its facilitators to use two-factor sign-in; they are then sent to set it up
before they can open it, and every other member is unaffected."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from projects.models import AuditEvent, Project


@pytest.fixture
def asks_for_two_factor(project):
    Project.objects.filter(pk=project.pk).update(facilitators_need_two_factor=True)
    return project


def turn_on_two_factor(user) -> None:
    TOTP.activate(user, generate_totp_secret())


def test_a_facilitator_without_two_factor_is_sent_to_set_it_up(
    as_user, facilitator, asks_for_two_factor
):
    response = as_user(facilitator).get(reverse("projects-detail", args=[asks_for_two_factor.slug]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Turn on two-factor sign-in to continue" in page
    assert "asks its facilitators to use two-factor sign-in" in page
    assert reverse("mfa_activate_totp") in page


def test_every_facilitator_page_asks_the_same(as_user, facilitator, asks_for_two_factor):
    client = as_user(facilitator)
    for name in ["projects-goals", "projects-members", "stakeholders-list", "projects-edit"]:
        response = client.get(reverse(name, args=[asks_for_two_factor.slug]))
        assert response.status_code == 403, name
        assert "Set up two-factor sign-in" in response.content.decode()


def test_with_two_factor_on_the_facilitator_opens_the_project(
    as_user, facilitator, asks_for_two_factor
):
    turn_on_two_factor(facilitator)
    response = as_user(facilitator).get(reverse("projects-detail", args=[asks_for_two_factor.slug]))
    assert response.status_code == 200


def test_participants_and_observers_are_not_asked(
    as_user, participant, observer, asks_for_two_factor
):
    for user in (participant, observer):
        url = reverse("projects-detail", args=[asks_for_two_factor.slug])
        assert as_user(user).get(url).status_code == 200


def test_an_outsider_still_gets_404(as_user, outsider, asks_for_two_factor):
    url = reverse("projects-detail", args=[asks_for_two_factor.slug])
    assert as_user(outsider).get(url).status_code == 404


def edit(client, project, **changes):
    data = {
        "title": project.title,
        "organisation": project.organisation,
        "status": project.status,
        "time_zone": project.time_zone,
        "version": project.version,
        **changes,
    }
    return client.post(reverse("projects-edit", args=[project.slug]), data)


def test_turning_it_on_asks_the_facilitator_to_use_two_factor_first(as_user, facilitator, project):
    response = edit(as_user(facilitator), project, facilitators_need_two_factor="on")
    assert "Turn on two-factor sign-in for your own account first" in response.content.decode()
    project.refresh_from_db()
    assert not project.facilitators_need_two_factor


def test_a_facilitator_with_two_factor_turns_it_on_and_the_timeline_says_so(
    as_user, facilitator, project
):
    turn_on_two_factor(facilitator)
    response = edit(as_user(facilitator), project, facilitators_need_two_factor="on")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.facilitators_need_two_factor
    assert AuditEvent.objects.filter(
        project=project, summary="Asked facilitators to use two-factor sign-in."
    ).exists()


def test_opening_a_project_costs_no_more_queries_when_it_does_not_ask(
    as_user, facilitator, project, django_assert_num_queries
):
    from projects.access import access_project

    with django_assert_num_queries(1):
        access_project(facilitator, project.slug)
