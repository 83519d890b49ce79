"""Every view × every role gets what docs/design.md's access table ("Roles and rights") says."""

import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import UserFactory

from . import (
    rows_agreements,
    rows_charter,
    rows_decisions,
    rows_impact,
    rows_meetings,
    rows_partners,
    rows_powercheck,
    rows_projects,
    rows_reciprocity,
    rows_reminders,
    rows_reporting,
    rows_site,
    rows_stakeholders,
)
from .matrix import LOGIN, ROLES, Row, World

ROWS: list[Row] = (
    rows_site.ROWS
    + rows_projects.ROWS
    + rows_agreements.ROWS
    + rows_stakeholders.ROWS
    + rows_powercheck.ROWS
    + rows_partners.ROWS
    + rows_charter.ROWS
    + rows_reminders.ROWS
    + rows_decisions.ROWS
    + rows_meetings.ROWS
    + rows_impact.ROWS
    + rows_reciprocity.ROWS
    + rows_reporting.ROWS
)


def url_names(patterns=None, namespace: str | None = None) -> set[str]:
    """Every named URL in the project, outside the Django admin."""
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            names |= url_names(pattern.url_patterns, pattern.namespace)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_has_a_row():
    missing = url_names() - {row.name for row in ROWS}
    assert not missing, f"Add access-matrix rows for: {sorted(missing)}"


@pytest.fixture
def world(project, facilitator, participant, observer, outsider) -> World:
    users = {
        "facilitator": facilitator,
        "participant": participant,
        "observer": observer,
        "outsider": outsider,
    }
    return World(project=project, users=users)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_access(client, world, row: Row, role: str):
    url = reverse(row.name, kwargs=row.kwargs(world))
    if role != "anonymous":
        client.force_login(world.users[role])
    response = getattr(client, row.method)(url, row.data(world))
    expected = row.expected[role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    else:
        assert response.status_code == expected, (
            f"{role} {row.id}: got {response.status_code}, expected {expected}"
        )
        if expected == 302:
            assert not response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_an_anonymous_visitor_is_never_shown_a_project_title(client, world):
    response = client.get(reverse("projects-detail", args=[world.project.slug]), follow=True)
    assert world.project.title not in response.content.decode()


def test_a_guessed_slug_and_a_real_one_look_the_same_to_an_outsider(client, world):
    client.force_login(UserFactory())
    real = client.get(reverse("projects-detail", args=[world.project.slug]))
    guessed = client.get(reverse("projects-detail", args=["no-such-project"]))
    assert real.status_code == guessed.status_code == 404
    csrf = re.compile(rb'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"')
    assert csrf.sub(b"", real.content) == csrf.sub(b"", guessed.content)
    assert world.project.title.encode() not in real.content
