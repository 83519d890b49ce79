"""Asking for a charter when the broker is away, and how often it may be asked for."""

import datetime
import logging

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable
from redis.exceptions import ConnectionError as RedisConnectionError

from charter import tasks
from charter.actions import do_request_charter
from charter.models import Charter
from coproduce import ratelimit


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise BrokerUnavailable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.render_charter, "apply_async", refuse)


def generate(client, project, **headers):
    return client.post(reverse("charter-generate", args=[project.slug]), **headers)


@pytest.mark.usefixtures("broker_down")
def test_asking_for_a_charter_while_the_broker_is_down_records_it_and_says_it_will_run(
    as_user, project, facilitator, django_capture_on_commit_callbacks, caplog
):
    client = as_user(facilitator)
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.WARNING):
        response = generate(client, project)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "The charter will be made shortly." in page
    assert "Version 1 is waiting to be made. It will start shortly." in page
    assert Charter.objects.get().status == Charter.Status.QUEUED
    assert "left for the next sweep" in caplog.text


def test_a_charter_left_waiting_is_queued_again_and_made_once(project, facilitator):
    charter = do_request_charter(project=project, by=facilitator, enqueue=False)
    assert tasks.requeue_waiting_charters() == 0, "a charter just queued is left alone"

    waited = timezone.now() - tasks.REQUEUE_AFTER - datetime.timedelta(seconds=1)
    Charter.objects.filter(pk=charter.pk).update(updated_at=waited)
    assert tasks.requeue_waiting_charters() == 1  # in-process, the render runs at once
    charter.refresh_from_db()
    assert charter.is_ready and charter.attempts == 1

    Charter.objects.filter(pk=charter.pk).update(updated_at=waited)
    assert tasks.requeue_waiting_charters() == 0, "a ready charter is never queued again"
    assert Charter.objects.count() == 1


def test_asking_for_too_many_charters_in_an_hour_is_refused_politely(
    as_user, project, facilitator, monkeypatch
):
    monkeypatch.setattr("charter.views.CHARTERS_PER_HOUR", 2)
    client = as_user(facilitator)
    assert [generate(client, project).status_code for _ in range(2)] == [302, 302]

    refused = generate(client, project)
    assert refused.status_code == 429
    assert "You have tried this too many times" in refused.content.decode()
    partial = generate(client, project, HTTP_HX_REQUEST="true").content.decode()
    assert "You have asked for a lot of charters this hour." in partial
    assert Charter.objects.count() == 1, "the refused requests made nothing"


def test_rate_limits_let_people_work_while_the_cache_is_unreachable(monkeypatch, caplog):
    def unreachable(*args, **kwargs):
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(ratelimit.cache, "add", unreachable)
    with caplog.at_level(logging.WARNING):
        assert all(ratelimit.allow("anything", limit=1, period=60) for _ in range(3))
    assert "the cache is unreachable" in caplog.text


def test_a_charter_whose_worker_died_while_making_it_is_queued_again(project, facilitator):
    charter = do_request_charter(project=project, by=facilitator, enqueue=False)
    Charter.objects.filter(pk=charter.pk).update(status=Charter.Status.RENDERING, attempts=1)
    assert tasks.requeue_waiting_charters() == 0, "it may still be rendering"

    died = timezone.now() - Charter.STUCK_AFTER - datetime.timedelta(seconds=1)
    Charter.objects.filter(pk=charter.pk).update(updated_at=died)
    assert tasks.requeue_waiting_charters() == 1
    charter.refresh_from_db()
    assert charter.is_ready and charter.attempts == 2
