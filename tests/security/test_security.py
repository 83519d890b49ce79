"""Headers, login throttling and sessions: what protects every page."""

from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD


def test_every_page_carries_a_strict_content_security_policy(client, db):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_scripts_or_styles(as_user, facilitator, project):
    page = as_user(facilitator).get(reverse("projects-goals", args=[project.slug])).content.decode()
    assert "<script>" not in page and "<style" not in page and " style=" not in page


def login(client: Client, email: str, password: str, ip: str):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def test_repeated_wrong_passwords_lock_out_that_address_only(outsider, settings):
    attacker, owner = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(attacker, outsider.email, "wrong guess", "203.0.113.9")
    locked = login(attacker, outsider.email, PASSWORD, "203.0.113.9")
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    assert login(owner, outsider.email, PASSWORD, "198.51.100.7").status_code == 302
    # django-axes saw allauth's failures, under the address typed and the client's address.
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == (outsider.email, "203.0.113.9")
    assert attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_login_rotates_the_session_key(client, outsider):
    client.get(reverse("account_login"))
    client.session["marker"] = "before"
    before = client.session.session_key
    login(client, outsider.email, PASSWORD, "198.51.100.7")
    assert client.session.session_key != before
    assert client.session[SESSION_KEY] == str(outsider.pk)


def test_logout_ends_the_session(as_user, outsider):
    client = as_user(outsider)
    key = client.session.session_key
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("projects-list")).status_code == 302


def test_changing_password_logs_out_every_other_session(outsider):
    phone, laptop = Client(), Client()
    login(phone, outsider.email, PASSWORD, "198.51.100.7")
    login(laptop, outsider.email, PASSWORD, "198.51.100.8")
    laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a new long passphrase",
            "password2": "a new long passphrase",
        },
    )
    assert laptop.get(reverse("projects-list")).status_code == 200
    response = phone.get(reverse("projects-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_idle_session_expires(as_user, outsider, settings):
    client = as_user(outsider)
    client.get(reverse("projects-list"))
    session = Session.objects.get(session_key=client.session.session_key)
    age = (
        session.expire_date - session.expire_date.now(session.expire_date.tzinfo)
    ).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 120 < age <= settings.SESSION_COOKIE_AGE
    Session.objects.filter(pk=session.pk).update(expire_date=session.expire_date.replace(year=2000))
    assert client.get(reverse("projects-list")).status_code == 302
