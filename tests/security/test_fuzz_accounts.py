"""Arbitrary input into the account pages: login, passwords, deleting an account."""

from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import PASSWORD

from .fuzz import FUZZ, choices, count_attempts_from_zero, mostly, post_in_savepoint, url_parts

User = get_user_model()
NEW_PASSWORD = "a new long passphrase"
passwords = choices([PASSWORD, NEW_PASSWORD])
# Where a page may be asked to go next: our own pages, other sites, and anything at all.
next_urls = choices(
    ["/projects/", "//evil.example.org/", "https://evil.example.org/", "javascript:alert(1)"]
)


def stays_on_this_site(response) -> bool:
    """Whether a browser following the redirect stays here (browsers read \\ as /)."""
    location = response["Location"].replace("\\", "/")
    target = urlsplit(urljoin("http://testserver/accounts/login/", location))
    return target.scheme == "http" and target.netloc == "testserver"


def password_is(user, password: str) -> bool:
    return User.objects.get(pk=user.pk).check_password(password)


@FUZZ
@given(
    username=choices(["outsider@example.org", " OUTSIDER@example.org "]),
    password=passwords,
    next_url=next_urls,
)
# Longer than any account's address: a 500 (the failed-login record could not hold it).
@example(username="x" * 250 + "@example.org", password=PASSWORD, next_url="/projects/")
def test_login_form(client, outsider, username, password, next_url):
    data = {"username": username, "password": password, "next": next_url}
    response = post_in_savepoint(client, reverse("login"), data, lambda: None)
    if response.status_code == 302:
        assert stays_on_this_site(response), response["Location"]
    client.logout()


@FUZZ
@given(old=passwords, new1=passwords, new2=mostly(st.just(NEW_PASSWORD)))
def test_password_change_form(as_user, outsider, old, new1, new2):
    post_in_savepoint(
        as_user(outsider),
        reverse("password_change"),
        {"old_password": old, "new_password1": new1, "new_password2": new2},
        lambda: (password_is(outsider, PASSWORD), password_is(outsider, new1)),
        saved=lambda d: (d["new_password1"] == PASSWORD, True),
    )


@FUZZ
@given(email=mostly(st.sampled_from(["outsider@example.org", "OUTSIDER@example.org "])))
def test_password_reset_form(client, outsider, monkeypatch, email):
    count_attempts_from_zero(monkeypatch)
    sent = len(mail.outbox)
    response = post_in_savepoint(client, reverse("password_reset"), {"email": email}, lambda: None)
    # The page never says whether an account exists; only its owner gets an email.
    assert len(mail.outbox) - sent <= 1
    assert all(message.to == [outsider.email] for message in mail.outbox[sent:])
    assert response.status_code in (200, 302)


@FUZZ
@given(uidb64=url_parts, token=url_parts)
def test_password_reset_links_with_any_token(client, outsider, uidb64, token):
    url = f"/accounts/reset/{quote(uidb64, safe='')}/{quote(token, safe='')}/"
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert response.status_code == 404 or not response.context["validlink"]


@FUZZ
@given(new1=passwords, new2=mostly(st.just(NEW_PASSWORD)))
def test_set_password_form(client, outsider, new1, new2):
    uidb64 = urlsafe_base64_encode(force_bytes(outsider.pk))
    link = reverse(
        "password_reset_confirm", args=[uidb64, default_token_generator.make_token(outsider)]
    )
    form_url = client.get(link)["Location"]
    post_in_savepoint(
        client,
        form_url,
        {"new_password1": new1, "new_password2": new2},
        lambda: (password_is(outsider, PASSWORD), password_is(outsider, new1)),
        saved=lambda d: (d["new_password1"] == PASSWORD, True),
    )


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
