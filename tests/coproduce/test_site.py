import os
import re
import subprocess
import sys
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from coproduce.tasks import ping
from tests.conftest import PASSWORD, ROOT, wait_for


def test_home_explains_co_production_with_sources(client):
    page = client.get(reverse("home")).content.decode()
    assert "What is co-production?" in page
    for source in ["Hickey", "Ostrom", "Involve"]:
        assert source in page
    assert reverse("signup") in page


SIGNUP_LINK = re.compile(r"https?://[^/\s]+(/accounts/signup/confirm/[^/\s]+/)")


def sign_up(client, email: str, *, next_url: str = "", **finish) -> object:
    """Ask for a sign-up link, open it from the email, and finish with a name and password."""
    sent = len(mail.outbox)
    page = client.post(reverse("signup"), {"email": email, "next": next_url})
    assert "Check your email" in page.content.decode()
    [message] = mail.outbox[sent:]
    client.get(SIGNUP_LINK.search(message.body).group(1))
    data = {
        "name": "New Person",
        "password1": "a long unusual passphrase",
        "password2": "a long unusual passphrase",
        **finish,
    }
    return client.post(reverse("signup-finish"), data)


def test_signup_confirms_the_address_then_logs_in_and_lands_on_my_projects(client, db):
    response = sign_up(client, "New@Example.org")
    assert response["Location"] == reverse("projects-list")
    assert get_user_model().objects.get().email == "new@example.org"
    assert client.get(response["Location"]).context["user"].is_authenticated


def test_nothing_is_made_until_the_link_is_opened(client, db):
    client.post(reverse("signup"), {"email": "new@example.org"})
    assert not get_user_model().objects.exists()
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    assert message.subject == "Finish creating your Coproduce account"


def signup_answer(email: str) -> tuple[int, str, str]:
    """What a stranger sees on asking to sign up with this address, tokens aside."""
    response = Client().post(reverse("signup"), {"email": email})
    page = re.sub(r'(X-CSRFToken": "|value=")[^"]+', "", response.content.decode())
    return response.status_code, page.replace(email, "ADDRESS"), response.get("Location", "")


def test_signup_never_says_whether_an_address_has_an_account(db, outsider):
    taken, free = signup_answer(outsider.email), signup_answer("nobody@example.org")
    assert taken == free
    assert taken[0] == 200 and "Check your email" in taken[1]
    assert "already" not in taken[1].replace("If the address already has an account", "")
    to_owner, to_nobody = mail.outbox
    assert to_owner.to == [outsider.email] and to_nobody.to == ["nobody@example.org"]
    assert to_owner.subject == "You already have a Coproduce account"
    assert "/accounts/login/" in to_owner.body and "/accounts/password_reset/" in to_owner.body
    assert "/accounts/signup/confirm/" not in to_owner.body
    assert get_user_model().objects.count() == 1
    assert outsider.check_password(PASSWORD), "the existing account is untouched"


def test_a_sign_up_link_cannot_take_over_an_existing_account(client, outsider):
    client.post(reverse("signup"), {"email": "late@example.org"})
    link = SIGNUP_LINK.search(mail.outbox[-1].body).group(1)
    get_user_model().objects.create_user("late@example.org", "first owner's password")
    client.get(link)
    page = client.get(reverse("signup-finish")).content.decode()
    assert "You already have an account" in page
    response = client.post(
        reverse("signup-finish"),
        {"password1": "a long unusual passphrase", "password2": "a long unusual passphrase"},
    )
    assert response.status_code == 200
    user = get_user_model().objects.get(email="late@example.org")
    assert user.check_password("first owner's password")


def test_a_forged_or_expired_sign_up_link_makes_nothing(client, db, settings):
    client.get(reverse("signup-confirm", args=["forged-token"]))
    assert client.get(reverse("signup-finish")).status_code == 404
    client.post(reverse("signup"), {"email": "slow@example.org"})
    link = SIGNUP_LINK.search(mail.outbox[-1].body).group(1)
    later = time.time() + 25 * 3600
    with mock.patch("time.time", return_value=later):
        client.get(link)
    response = client.post(
        reverse("signup-finish"),
        {"password1": "a long unusual passphrase", "password2": "a long unusual passphrase"},
    )
    assert response.status_code == 404 and "does not work" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_signup_never_redirects_off_site(client, db):
    response = sign_up(client, "a@example.org", next_url="https://evil.example/")
    assert response["Location"] == reverse("projects-list")


def test_signup_links_are_hidden_in_the_logs():
    from coproduce.logfilters import hide

    assert hide("GET /accounts/signup/confirm/eyJlbWFpbCI6:1x:abc/ 302") == (
        "GET /accounts/signup/confirm/[hidden]/ 302"
    )


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
