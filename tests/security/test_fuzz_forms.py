"""Arbitrary text, unicode and huge values into every form: never a 500, never half-saved."""

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.models import Goal, Membership, Project

from .fuzz import any_text, post_in_savepoint

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
dates = st.one_of(any_text, st.dates().map(str))


@FUZZ
@given(
    title=any_text,
    organisation=any_text,
    aim=any_text,
    start=dates,
    end=dates,
    perspective=any_text,
)
def test_project_form(as_user, outsider, title, organisation, aim, start, end, perspective):
    data = {
        "title": title,
        "organisation": organisation,
        "aim": aim,
        "start_date": start,
        "end_date": end,
        "perspective": perspective,
    }
    post_in_savepoint(
        as_user(outsider),
        reverse("projects-create"),
        data,
        lambda: (Project.objects.count(), Membership.objects.count()),
    )


@FUZZ
@given(text=any_text, measure=any_text)
def test_goal_form(as_user, facilitator, project, text, measure):
    url = reverse("projects-goal-create", args=[project.slug])
    post_in_savepoint(
        as_user(facilitator), url, {"text": text, "measure": measure}, Goal.objects.count
    )


@FUZZ
@given(aim=any_text, version=any_text)
def test_aim_form(as_user, facilitator, project, aim, version):
    url = reverse("projects-aim", args=[project.slug])
    post_in_savepoint(
        as_user(facilitator),
        url,
        {"aim": aim, "version": version},
        lambda: Project.objects.values_list("aim", "version").get(),
    )


@FUZZ
@given(role=any_text, perspective=any_text)
def test_member_form(as_user, facilitator, participant, project, role, perspective):
    membership = Membership.objects.get(user=participant)
    url = reverse("projects-member-update", args=[project.slug, membership.pk])
    post_in_savepoint(
        as_user(facilitator),
        url,
        {"role": role, "perspective": perspective},
        lambda: Membership.objects.values_list("role", "perspective").get(pk=membership.pk),
    )


@FUZZ
@given(email=any_text, name=any_text, password=any_text)
def test_signup_form(client, db, email, name, password):
    data = {"email": email, "name": name, "password1": password, "password2": password}
    from django.contrib.auth import get_user_model

    post_in_savepoint(client, reverse("signup"), data, get_user_model().objects.count)
    client.logout()
