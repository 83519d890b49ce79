import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.urls import reverse

from coproduce.tasks import ping
from tests.conftest import ROOT, wait_for


def test_home_explains_co_production_with_sources(client):
    page = client.get(reverse("home")).content.decode()
    assert "What is co-production?" in page
    for source in ["Hickey", "Ostrom", "Involve"]:
        assert source in page
    assert reverse("account_signup") in page


def test_healthz_reports_database_and_broker(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "in-process"}


def test_healthz_is_503_when_the_broker_is_down(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"] == "down"


def test_production_settings_pass_the_deploy_check():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    } | {
        "DEBUG": "0",
        "SECRET_KEY": "x7!kq2-a-long-random-production-secret-key-for-the-check-9f3Lz0",
        "ALLOWED_HOSTS": "coproduce.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_refuse_to_start_without_a_secret_key_in_production():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.services
def test_a_real_worker_runs_a_task_from_redis(celery_worker):
    cache.delete("ping-test")
    ping.delay("ping-test")

    def answered():
        """the worker to store its answer"""
        return cache.get("ping-test")

    assert wait_for(answered) == "pong"
