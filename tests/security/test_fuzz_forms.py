"""Arbitrary text, unicode and huge values into every project form: never a 500, never half-saved."""

import zoneinfo
from urllib.parse import quote

import pytest
from django import forms
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from projects.models import Goal, Membership, Perspective, Project, Role
from reminders.calendar import get_token_hash
from reminders.models import CalendarFeed
from reminders.sweep import get_stop_token
from tests.factories import GoalFactory

from .fuzz import (
    FUZZ,
    choices,
    dates,
    mostly,
    post_in_savepoint,
    texts,
    url_parts,
    versions,
)

perspectives = choices(Perspective.values)
# The first forms fuzzed, with the number of examples they have always had.
FOUNDATION = settings(FUZZ, max_examples=max(FUZZ.max_examples, 40))


def as_date(text: str):
    """The date a valid date input means (the form's own parsing, as documented by Django)."""
    return forms.DateField(required=False).clean(text)


@FOUNDATION
@given(
    title=texts,
    organisation=texts,
    aim=texts,
    start=dates,
    end=dates,
    perspective=perspectives,
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
        lambda: (
            list(
                Project.objects.values_list(
                    "title", "organisation", "aim", "start_date", "end_date"
                )
            ),
            list(Membership.objects.values_list("user", "role", "perspective")),
        ),
        saved=lambda d: (
            [
                (
                    d["title"].strip(),
                    d["organisation"].strip(),
                    d["aim"].strip(),
                    as_date(d["start_date"]),
                    as_date(d["end_date"]),
                )
            ],
            [(outsider.pk, Role.FACILITATOR, d["perspective"])],
        ),
    )


@FUZZ
@given(
    title=texts,
    organisation=texts,
    status=choices(Project.Status.values),
    start=dates,
    end=dates,
    review=dates,
    time_zone=choices(sorted(zoneinfo.available_timezones())),
    version=versions,
)
# A week before the review date was before the year 1: a 500 until dates were kept in range.
@example(
    title="T",
    organisation="",
    status="planning",
    start="",
    end="",
    review="0001-01-01",
    time_zone="Europe/London",
    version="1",
)
def test_project_details_form(
    as_user,
    facilitator,
    project,
    title,
    organisation,
    status,
    start,
    end,
    review,
    time_zone,
    version,
):
    data = {
        "title": title,
        "organisation": organisation,
        "status": status,
        "start_date": start,
        "end_date": end,
        "review_date": review,
        "time_zone": time_zone,
        "version": version,
    }
    fields = ["title", "organisation", "status", "start_date", "end_date", "review_date"]
    post_in_savepoint(
        as_user(facilitator),
        reverse("projects-edit", args=[project.slug]),
        data,
        lambda: Project.objects.values_list(*fields, "time_zone", "version").get(),
        saved=lambda d: (
            d["title"].strip(),
            d["organisation"].strip(),
            d["status"],
            as_date(d["start_date"]),
            as_date(d["end_date"]),
            as_date(d["review_date"]),
            d["time_zone"],
            2,
        ),
    )


@FOUNDATION
@given(text=texts, measure=texts)
def test_goal_form(as_user, facilitator, project, text, measure):
    url = reverse("projects-goal-create", args=[project.slug])
    post_in_savepoint(
        as_user(facilitator),
        url,
        {"text": text, "measure": measure},
        lambda: list(Goal.objects.values_list("text", "measure")),
        saved=lambda d: [(d["text"].strip(), d["measure"].strip())],
    )


@pytest.fixture
def goals(project) -> list[Goal]:
    return [GoalFactory(project=project, order=n) for n in range(3)]


@FUZZ
@given(text=texts, measure=texts)
def test_goal_edit_form(as_user, facilitator, project, goals, text, measure):
    goal = goals[0]
    post_in_savepoint(
        as_user(facilitator),
        reverse("projects-goal-update", args=[project.slug, goal.pk]),
        {"text": text, "measure": measure},
        lambda: Goal.objects.values_list("text", "measure").get(pk=goal.pk),
        saved=lambda d: (d["text"].strip(), d["measure"].strip()),
    )


@FOUNDATION
@given(aim=texts, version=versions)
def test_aim_form(as_user, facilitator, project, aim, version):
    url = reverse("projects-aim", args=[project.slug])
    post_in_savepoint(
        as_user(facilitator),
        url,
        {"aim": aim, "version": version},
        lambda: Project.objects.values_list("aim", "version").get(),
        saved=lambda d: (d["aim"].strip(), 2),
    )


@FOUNDATION
@given(role=choices(Role.values), perspective=perspectives)
def test_member_form(as_user, facilitator, participant, project, role, perspective):
    membership = Membership.objects.get(user=participant)
    url = reverse("projects-member-update", args=[project.slug, membership.pk])
    post_in_savepoint(
        as_user(facilitator),
        url,
        {"role": role, "perspective": perspective},
        lambda: Membership.objects.values_list("role", "perspective").get(pk=membership.pk),
        saved=lambda d: (d["role"], d["perspective"]),
    )


@FUZZ
@given(direction=mostly(st.sampled_from(["up", "down"]), url_parts))
def test_goal_move_with_any_direction(as_user, facilitator, project, goals, direction):
    """Up swaps with the goal above; anything else means down; never a 500."""
    url = f"/projects/{project.slug}/goals/{goals[1].pk}/move/{quote(direction, safe='')}/"
    expected = [1, 0, 2] if direction == "up" else [0, 2, 1]
    post_in_savepoint(
        as_user(facilitator),
        url,
        {},
        lambda: list(Goal.objects.values_list("pk", flat=True)),
        saved=lambda d: [goals[n].pk for n in expected],
    )


@FUZZ
@given(confirm=choices(["Healthy Streets", " Healthy Streets\n"]))
def test_project_delete_confirmation(as_user, facilitator, project, confirm):
    post_in_savepoint(
        as_user(facilitator),
        reverse("projects-delete", args=[project.slug]),
        {"confirm": confirm},
        lambda: Project.objects.filter(pk=project.pk).exists(),
        saved=lambda d: d["confirm"].strip() != project.title,
    )


@FUZZ
@given(enabled=st.one_of(st.none(), choices(["on", "true", "false", "False"])))
def test_reminder_settings_form(as_user, participant, project, enabled):
    membership = Membership.objects.get(user=participant)
    data = {} if enabled is None else {"reminders_enabled": enabled}
    post_in_savepoint(
        as_user(participant),
        reverse("reminders-my-settings", args=[project.slug]),
        data,
        lambda: Membership.objects.values_list("reminders_enabled", flat=True).get(
            pk=membership.pk
        ),
        # A checkbox: left out, empty or "false" (any case) is off; anything else is on.
        saved=lambda d: d.get("reminders_enabled", "").lower() not in ("", "false"),
    )


@FUZZ
@given(action=choices(["renew", "revoke"]))
def test_calendar_address_form(as_user, participant, project, action):
    membership = Membership.objects.get(user=participant)
    old = get_token_hash("the address they have now")
    CalendarFeed.objects.get_or_create(membership=membership, token_hash=old)
    post_in_savepoint(
        as_user(participant),
        reverse("reminders-my-calendar", args=[project.slug]),
        {"action": action},
        lambda: [h == old for h in CalendarFeed.objects.values_list("token_hash", flat=True)],
        # Renewing replaces the address with a new one; revoking leaves none.
        saved=lambda d: [] if d["action"] == "revoke" else [False],
    )


@FUZZ
@given(token=url_parts, method=st.sampled_from(["get", "post"]))
def test_stop_links_and_calendar_addresses_with_any_token(
    client, participant, project, token, method
):
    membership = Membership.objects.get(user=participant)
    path = quote(token, safe="")
    real_stop_link = get_stop_token(membership.pk)
    for url in [
        f"/reminders/stop/{path}/",
        f"/calendar/{path}.ics",
        f"/reminders/stop/{real_stop_link}{path}/",
    ]:
        response = getattr(client, method)(url)
        assert response.status_code in (404, 405), (url, response.status_code)
    assert Membership.objects.get(pk=membership.pk).reminders_enabled


@pytest.mark.parametrize("day", ["1899-12-31", "3000-01-01", "0001-01-01", "9999-12-31"])
def test_dates_outside_1900_to_2999_are_explained(as_user, facilitator, project, day):
    """Far enough for any plan; beyond it, working out "a week before" could leave the calendar."""
    client = as_user(facilitator)
    details = {"title": "Healthy Streets", "status": "planning", "time_zone": "Europe/London"}
    forms_with_a_date = [
        ("projects-edit", {**details, "review_date": day, "version": "1"}),
        (
            "projects-create",
            {"title": "Quiet Streets", "perspective": "researcher", "end_date": day},
        ),
        ("powercheck-round-create", {"title": "Spring check", "closes_on": day}),
    ]
    for name, data in forms_with_a_date:
        args = [] if name == "projects-create" else [project.slug]
        response = client.post(reverse(name, args=args), data)
        assert response.status_code == 422, name
        assert "Enter a date between 1900 and 2999." in response.content.decode(), name
    assert Project.objects.get().review_date is None
