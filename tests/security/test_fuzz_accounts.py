"""Arbitrary input into the account pages: sign-up, login by password and by code, codes,
passwords, resets, addresses, two-factor and deleting an account."""

from urllib.parse import quote, urljoin, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import PASSWORD

from .fuzz import FUZZ, any_text, choices, mostly, post_in_savepoint, url_parts

User = get_user_model()
NEW_PASSWORD = "a new long passphrase"
passwords = choices([PASSWORD, NEW_PASSWORD])
addresses = choices(["outsider@example.org", " OUTSIDER@example.org ", "new@example.org"])
# Where a page may be asked to go next: our own pages, other sites, and anything at all.
next_urls = choices(
    ["/projects/", "//evil.example.org/", "https://evil.example.org/", "javascript:alert(1)"]
)
codes = mostly(st.sampled_from(["ABCD-EFGH", "abcd efgh", "0000-0000", ""]))


def stays_on_this_site(response) -> bool:
    """Whether a browser following the redirect stays here (browsers read \\ as /)."""
    location = response["Location"].replace("\\", "/")
    target = urlsplit(urljoin("http://testserver/accounts/login/", location))
    return target.scheme == "http" and target.netloc == "testserver"


def password_is(user, password: str) -> bool:
    return User.objects.get(pk=user.pk).check_password(password)


def accounts() -> list:
    return list(User.objects.order_by("email").values_list("email", "name"))


@pytest.fixture(autouse=True)
def fresh_allauth_limits(settings):
    # Rate limits live in the cache, which no savepoint undoes; they are tested elsewhere.
    settings.ACCOUNT_RATE_LIMITS = False


@FUZZ
@given(login=addresses, password=passwords, next_url=next_urls)
# Longer than any account's address: a 500 (the failed-login record could not hold it).
@example(login="x" * 250 + "@example.org", password=PASSWORD, next_url="/projects/")
def test_login_form(client, outsider, login, password, next_url):
    data = {"login": login, "password": password, "next": next_url}
    response = post_in_savepoint(client, reverse("account_login"), data, lambda: None)
    if response.status_code == 302:
        assert stays_on_this_site(response), response["Location"]
    client.logout()


@FUZZ
@given(email=addresses, name=mostly(st.just("New Person")), password=choices(["", NEW_PASSWORD]))
@example(email="x" * 250 + "@example.org", name="", password="")
def test_signup_form(client, outsider, email, name, password):
    data = {"email": email, "name": name, "password1": password, "next": "/projects/"}
    response = post_in_savepoint(client, reverse("account_signup"), data, accounts)
    assert response.status_code in (200, 302)
    assert password_is(outsider, PASSWORD), "signing up never changes an existing account"


@FUZZ
@given(email=addresses)
@example(email="x" * 250 + "@example.org")
def test_request_login_code_form(client, outsider, email):
    sent = len(mail.outbox)
    response = post_in_savepoint(
        client, reverse("account_request_login_code"), {"email": email}, lambda: None
    )
    assert response.status_code in (200, 302)
    assert len(mail.outbox) - sent <= 1


@FUZZ
@given(code=codes)
def test_confirm_login_code_form(client, outsider, code):
    client.post(reverse("account_request_login_code"), {"email": outsider.email})
    response = post_in_savepoint(
        client, reverse("account_confirm_login_code"), {"code": code}, lambda: None
    )
    assert response.status_code in (200, 302)
    assert not client.session.get("_auth_user_id"), "a guessed code never logs in"


@FUZZ
@given(code=codes)
def test_confirm_email_code_form(client, db, code):
    client.post(reverse("account_signup"), {"email": "new@example.org"})
    response = post_in_savepoint(
        client,
        reverse("account_email_verification_sent"),
        {"code": code},
        lambda: list(EmailAddress.objects.filter(verified=True).values_list("email")),
    )
    assert response.status_code in (200, 302)


@FUZZ
@given(old=passwords, new1=passwords, new2=mostly(st.just(NEW_PASSWORD)))
def test_password_change_form(as_user, outsider, old, new1, new2):
    post_in_savepoint(
        as_user(outsider),
        reverse("account_change_password"),
        {"oldpassword": old, "password1": new1, "password2": new2},
        lambda: (password_is(outsider, PASSWORD), password_is(outsider, new1)),
        saved=lambda d: (d["password1"] == PASSWORD, True),
    )


@FUZZ
@given(email=mostly(st.sampled_from(["outsider@example.org", "OUTSIDER@example.org "])))
def test_password_reset_form(client, outsider, email):
    sent = len(mail.outbox)
    response = post_in_savepoint(
        client, reverse("account_reset_password"), {"email": email}, lambda: None
    )
    # The page never says whether an account exists; only the address typed gets an email.
    assert len(mail.outbox) - sent <= 1
    assert response.status_code in (200, 302)


@FUZZ
@given(uidb36=url_parts, key=url_parts)
def test_password_reset_links_with_any_key(client, outsider, uidb36, key):
    url = f"/accounts/password/reset/key/{quote(uidb36, safe='')}-{quote(key, safe='')}/"
    response = client.get(url, follow=True)
    assert response.status_code in (200, 404)
    assert "<h1>Choose a new password</h1>" not in response.content.decode()


@FUZZ
@given(email=mostly(st.just("second@example.org"), any_text))
def test_add_email_form(as_user, outsider, email):
    post_in_savepoint(
        as_user(outsider),
        reverse("account_email"),
        {"action_add": "", "email": email},
        lambda: list(EmailAddress.objects.filter(verified=True).values_list("email")),
    )


@FUZZ
@given(code=codes)
def test_two_factor_setup_form(as_user, outsider, code):
    client = as_user(outsider)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    post_in_savepoint(
        client,
        reverse("mfa_activate_totp"),
        {"code": code},
        lambda: Authenticator.objects.count(),
    )
    assert not Authenticator.objects.exists(), "a guessed code never turns two-factor on"


@FUZZ
@given(confirm=choices(["part@example.org", " part@example.org\t"]))
def test_account_delete_confirmation(as_user, facilitator, participant, project, confirm):
    post_in_savepoint(
        as_user(participant),
        reverse("account-delete"),
        {"confirm": confirm},
        lambda: list(User.objects.values_list("email", flat=True)),
        saved=lambda d: [facilitator.email],
    )


@FUZZ
@given(confirm=choices(["fac@example.org"]))
def test_the_only_facilitator_cannot_delete_their_account(as_user, facilitator, project, confirm):
    post_in_savepoint(
        as_user(facilitator),
        reverse("account-delete"),
        {"confirm": confirm},
        lambda: list(User.objects.values_list("email", flat=True)),
        saved=lambda d: pytest.fail("the project's only facilitator deleted their account"),
    )
