import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from coproduce.tasks import ping
from tests.conftest import ROOT, wait_for


def test_home_explains_co_production_with_sources(client):
    page = client.get(reverse("home")).content.decode()
    assert "What is co-production?" in page
    for source in ["Hickey", "Ostrom", "Involve"]:
        assert source in page
    assert reverse("signup") in page


def test_signup_logs_in_and_lands_on_my_projects(client, db):
    response = client.post(
        reverse("signup"),
        {
            "email": "New@Example.org",
            "name": "New Person",
            "password1": "a long unusual passphrase",
            "password2": "a long unusual passphrase",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("projects-list")
    assert get_user_model().objects.get().email == "new@example.org"
    assert response.context["user"].is_authenticated


def test_signup_with_taken_email_keeps_input(client, outsider):
    response = client.post(
        reverse("signup"),
        {
            "email": outsider.email.upper(),
            "name": "Typed name",
            "password1": "a long unusual passphrase",
            "password2": "a long unusual passphrase",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "already exists" in page and "Typed name" in page
    assert get_user_model().objects.count() == 1


def test_signup_never_redirects_off_site(client, db):
    response = client.post(
        reverse("signup"),
        {
            "email": "a@example.org",
            "password1": "a long unusual passphrase",
            "password2": "a long unusual passphrase",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("projects-list")


def test_login_with_email(client, outsider):
    response = client.post(
        reverse("login"), {"username": outsider.email, "password": "correct horse battery staple"}
    )
    assert response.status_code == 302


def test_password_reset_sends_a_working_link(client, outsider):
    client.post(reverse("password_reset"), {"email": outsider.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another long passphrase", "new_password2": "another long passphrase"},
    )
    outsider.refresh_from_db()
    assert outsider.check_password("another long passphrase")


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
