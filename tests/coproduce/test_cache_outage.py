"""With Redis unreachable, as the shared cache or as the broker, people keep working.

The cache is pointed at an address where nothing listens (a settings override, so the real
Django Redis backend is the one failing), and every view of the access matrix is asked as a
facilitator; the broker likewise, for the one path that sends a task from a request.
"""

import logging

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from kombu import pools as kombu_pools
from redis.exceptions import RedisError

from charter.models import Charter
from coproduce.celery import app as celery_app
from powercheck.actions import do_close_round
from projects.models import AuditEvent
from stakeholders.models import Stakeholder
from tests.access.matrix import LOGIN, World
from tests.access.test_access import ROWS
from tests.factories import RoundFactory
from tests.powercheck.helpers import answer, statements

NOWHERE = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


@pytest.fixture
def cache_unreachable(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": NOWHERE,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with pytest.raises(RedisError):
        cache.get("anything")


def reset_broker_connections() -> None:
    """Close every broker connection and forget the pools, so that the next task sent opens
    new ones to whatever broker is configured then. (kombu keeps its pools in module-wide
    registries: a pool closed but left there would refuse every later send in this process.)"""
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_unreachable():
    previous = celery_app.conf.broker_url
    reset_broker_connections()
    celery_app.conf.broker_url = NOWHERE
    celery_app.conf.task_always_eager = False  # put back by tasks_run_in_process
    yield
    celery_app.conf.broker_url = previous
    reset_broker_connections()


@pytest.fixture
def world(project, facilitator, participant, observer, outsider, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    users = {
        "facilitator": facilitator,
        "participant": participant,
        "observer": observer,
        "outsider": outsider,
    }
    return World(project=project, users=users)


CSV = "name,category,power,interest\nAsha Patel,carer,2,5\nDr Lee,researcher,4,3\n"


@pytest.mark.usefixtures("cache_unreachable")
def test_confirming_an_import_saves_it_once_without_the_cache(as_user, facilitator, project):
    client = as_user(facilitator)
    upload = client.post(
        reverse("stakeholders-import", args=[project.slug]),
        {"file": SimpleUploadedFile("map.csv", CSV.encode(), content_type="text/csv")},
    )
    preview = upload["Location"]
    assert "2 new stakeholders will be added." in client.get(preview).content.decode()
    # A double click: the second request carries the session as it was before the first.
    held = dict(client.session)

    first = client.post(preview, follow=True)
    session = client.session
    session.update(held)
    session.save()
    second = client.post(preview, follow=True)

    assert first.status_code == second.status_code == 200
    assert "2 stakeholders were added." in first.content.decode()
    assert "2 stakeholders were added." not in second.content.decode()
    assert sorted(Stakeholder.objects.values_list("name", flat=True)) == ["Asha Patel", "Dr Lee"]
    assert AuditEvent.objects.filter(summary="Imported 2 stakeholders from a file.").count() == 1


@pytest.mark.usefixtures("cache_unreachable")
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_every_page_and_form_works_without_the_cache(client, world, row, caplog):
    url = reverse(row.name, kwargs=row.kwargs(world))
    client.force_login(world.users["facilitator"])
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = getattr(client, row.method)(url, row.data(world))
    expected = row.expected["facilitator"]
    assert response.status_code == (302 if expected == LOGIN else expected), caplog.text
    assert response.status_code < 500


@pytest.mark.usefixtures("cache_unreachable")
def test_a_closed_rounds_results_are_counted_without_the_cache(as_user, facilitator, project):
    round = RoundFactory(project=project, title="Spring check")
    for score in (1, 2, 3):
        answer(round, {statements(1)[0]: score})
    do_close_round(round=round)
    url = reverse("powercheck-results", args=[project.slug, round.pk])
    for _ in range(2):  # counted, then (with a cache) read back: counted again here
        page = as_user(facilitator).get(url).content.decode()
        assert "3 of 4 members who can answer" in page


@pytest.mark.usefixtures("cache_unreachable")
def test_the_overview_checks_the_reach_without_the_cache(as_user, facilitator, project):
    page = as_user(facilitator).get(reverse("projects-detail", args=[project.slug]))
    assert page.status_code == 200 and "Who is involved" in page.content.decode()


@pytest.mark.usefixtures("broker_unreachable")
def test_asking_for_a_charter_while_the_broker_is_unreachable_keeps_the_request(
    as_user, facilitator, project, django_capture_on_commit_callbacks, caplog
):
    client = as_user(facilitator)
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.WARNING):
        response = client.post(reverse("charter-generate", args=[project.slug]))
    assert response.status_code == 302
    assert Charter.objects.get().status == Charter.Status.QUEUED
    assert "left for the next sweep" in caplog.text
    page = client.get(response["Location"]).content.decode()
    assert "Version 1 is waiting to be made. It will start shortly." in page
