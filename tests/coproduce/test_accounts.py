"""Signing up and logging in: by emailed code or password, never saying whether an address has
an account, with codes that work once, for one address, for a while."""

import re
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import UserFactory

from .accounts_helpers import (
    ask_for_code,
    code_in,
    enter_login_code,
    enter_signup_code,
    last_code,
    logged_in_as,
    sign_up,
)

User = get_user_model()


def test_signing_up_without_a_password_confirms_the_address_and_logs_in(client, db):
    response = sign_up(client, "New@Example.org", name="New Person")
    assert response["Location"] == reverse("account_email_verification_sent")
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    assert message.subject == "Coproduce: Your code to confirm your email address"
    assert logged_in_as(client) is None, "nothing works until the code is entered"
    response = enter_signup_code(client, last_code())
    assert response["Location"] == reverse("projects-list")
    user = logged_in_as(client)
    assert (user.email, user.name) == ("new@example.org", "New Person")
    assert not user.has_usable_password()
    assert user.has_verified_email()


def test_sign_up_comes_back_to_the_page_it_was_asked_from(client, db):
    sign_up(client, "new@example.org", next="/invitations/respond/")
    response = enter_signup_code(client, last_code())
    assert response["Location"] == "/invitations/respond/"


def test_sign_up_never_sends_anyone_off_the_site(client, db):
    sign_up(client, "new@example.org", next="https://evil.example/")
    assert enter_signup_code(client, last_code())["Location"] == reverse("projects-list")


def test_a_password_chosen_at_sign_up_logs_in_later(client, db):
    sign_up(client, "new@example.org", password1="a long unusual passphrase")
    enter_signup_code(client, last_code())
    other = Client()
    response = other.post(
        reverse("account_login"),
        {"login": "new@example.org", "password": "a long unusual passphrase"},
    )
    assert response["Location"] == reverse("projects-list")


def without_tokens(html: str, *addresses: str) -> str:
    html = re.sub(r'(X-CSRFToken": "|value=")[^"]+', "", html)
    for address in addresses:
        html = html.replace(address, "ADDRESS")
    return html


def answer(path: str, data: dict, address: str, follow_to_page: bool = True) -> dict:
    """What a stranger notices on posting this: status, where it sends them, the page there,
    how many emails go out and how many passwords are hashed (the slow part of any answer)."""
    client = Client()
    sent = len(mail.outbox)
    with mock.patch.object(
        PBKDF2PasswordHasher, "encode", autospec=True, side_effect=PBKDF2PasswordHasher.encode
    ) as hashing:
        response = client.post(path, data)
    page = client.get(response["Location"]) if response.status_code == 302 else response
    return {
        "status": response.status_code,
        "location": response.get("Location", ""),
        "page": (page.status_code, without_tokens(page.content.decode(), address)),
        "emails": [m.to for m in mail.outbox[sent:]] and len(mail.outbox[sent:]),
        "hashed": hashing.call_count,
    }


@pytest.fixture
def real_hasher(settings):
    # The suite hashes with MD5 for speed; the equal-work checks need the real one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


@pytest.fixture
def existing(db, real_hasher):
    return UserFactory(email="taken@example.org", password=PASSWORD)


def test_signing_up_with_a_taken_address_looks_the_same(existing):
    path = reverse("account_signup")
    taken = answer(
        path, {"email": existing.email, "password1": "x7 long passphrase"}, existing.email
    )
    free = answer(
        path, {"email": "free@example.org", "password1": "x7 long passphrase"}, "free@example.org"
    )
    assert taken == free
    assert taken["hashed"] == 1 and taken["emails"] == 1
    to_owner = next(m for m in mail.outbox if m.to == [existing.email])
    assert to_owner.subject == "Coproduce: You already have a Coproduce account"
    assert User.objects.get(email=existing.email).check_password(PASSWORD), "left untouched"


def test_asking_for_a_code_looks_the_same_for_any_address(existing):
    path = reverse("account_request_login_code")
    known = answer(path, {"email": existing.email}, existing.email)
    unknown = answer(path, {"email": "nobody@example.org"}, "nobody@example.org")
    assert known == unknown and known["emails"] == 1
    assert "If there is an account for ADDRESS" in known["page"][1]
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Coproduce: There is no account with this email address",
        "Coproduce: Your code to log in",
    ]


def test_resetting_a_password_looks_the_same_for_any_address(existing):
    path = reverse("account_reset_password")
    known = answer(path, {"email": existing.email}, existing.email)
    unknown = answer(path, {"email": "nobody@example.org"}, "nobody@example.org")
    assert known == unknown and known["emails"] == 1
    assert "If there is an account with that address" in known["page"][1]


def test_a_wrong_password_looks_the_same_for_any_address(existing):
    path = reverse("account_login")
    known = answer(path, {"login": existing.email, "password": "wrong guess"}, existing.email)
    unknown = answer(
        path, {"login": "nobody@example.org", "password": "wrong guess"}, "nobody@example.org"
    )
    assert known == unknown
    assert known["status"] == 200 and known["hashed"] >= 1


def test_a_code_logs_in_once(client, outsider):
    ask_for_code(client, outsider.email)
    code = last_code()
    assert enter_login_code(client, code)["Location"] == reverse("projects-list")
    assert logged_in_as(client) == outsider
    client.post(reverse("account_logout"))
    again = enter_login_code(client, code)
    assert again.status_code == 302 and logged_in_as(client) is None


def test_a_pasted_code_with_spaces_and_lower_case_works(client, outsider):
    ask_for_code(client, outsider.email)
    code = last_code().replace("-", "")
    pasted = f"  {code[:3].lower()} - {code[3:].lower()} \n"
    enter_login_code(client, pasted)
    assert logged_in_as(client) == outsider


def test_a_code_stops_working_after_its_time(outsider, settings):
    timeout = settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT
    for wait, works in [(timeout - 30, True), (timeout + 1, False)]:
        client = Client()
        ask_for_code(client, outsider.email)
        code = last_code()
        with mock.patch("time.time", return_value=time.time() + wait):
            enter_login_code(client, code)
        assert (logged_in_as(client) == outsider) is works


def test_a_code_for_one_address_never_logs_in_another(outsider, db):
    other = UserFactory(email="other@example.org")
    asker, thief = Client(), Client()
    ask_for_code(asker, outsider.email)
    outsiders_code = last_code()
    ask_for_code(thief, other.email)
    enter_login_code(thief, outsiders_code)
    assert logged_in_as(thief) is None
    assert logged_in_as(asker) is None


def test_three_wrong_codes_end_the_attempt(client, outsider):
    ask_for_code(client, outsider.email)
    code = last_code()
    for _ in range(3):
        page = enter_login_code(client, "WRONG1")
    enter_login_code(client, code)
    assert logged_in_as(client) is None
    assert page.status_code in (200, 302)


def test_codes_for_one_address_are_limited(outsider, db):
    statuses = [ask_for_code(Client(), outsider.email).status_code for _ in range(5)]
    assert statuses == [302] * 3 + [200] * 2
    assert len(mail.outbox) == 3
    page = ask_for_code(Client(), outsider.email).content.decode()
    assert "You have tried this too many times in a short while" in page


def test_codes_for_an_unknown_address_are_limited_alike(db):
    statuses = [ask_for_code(Client(), "nobody@example.org").status_code for _ in range(5)]
    assert statuses == [302] * 3 + [200] * 2


def test_resets_for_one_address_are_limited_from_many_clients(outsider):
    statuses = [
        Client()
        .post(
            reverse("account_reset_password"), {"email": outsider.email}, REMOTE_ADDR=f"192.0.2.{n}"
        )
        .status_code
        for n in range(5)
    ]
    assert statuses == [302] * 3 + [429] * 2
    assert len(mail.outbox) == 3


def test_sign_ups_from_one_client_are_limited(db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    statuses = [sign_up(Client(), f"new{n}@example.org").status_code for n in range(3)]
    assert statuses == [302, 302, 429]


def test_login_with_a_password(client, outsider):
    response = client.post(
        reverse("account_login"), {"login": outsider.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("projects-list")


def test_an_address_not_confirmed_is_asked_for_a_code_before_logging_in(client, db):
    UserFactory(email="unconfirmed@example.org", verified_email=False)
    response = client.post(
        reverse("account_login"), {"login": "unconfirmed@example.org", "password": PASSWORD}
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert logged_in_as(client) is None
    enter_signup_code(client, code_in(mail.outbox[-1]))
    assert logged_in_as(client).has_verified_email()


def test_a_session_from_before_allauth_keeps_working(client, outsider):
    client.force_login(outsider, backend="django.contrib.auth.backends.ModelBackend")
    assert logged_in_as(client) == outsider


def test_password_reset_sends_a_working_link(client, outsider):
    client.post(reverse("account_reset_password"), {"email": outsider.email})
    [message] = mail.outbox
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", message.body)
    form_page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "another long passphrase", "password2": "another long passphrase"},
    )
    outsider.refresh_from_db()
    assert outsider.check_password("another long passphrase")


def test_reset_and_confirmation_links_are_hidden_in_the_logs():
    from coproduce.logfilters import hide

    assert hide("GET /accounts/password/reset/key/1-abc-def/ 302") == (
        "GET /accounts/password/reset/key/[hidden]/ 302"
    )
    assert hide("GET /accounts/confirm-email/Mjk:1x:abc/ 302") == (
        "GET /accounts/confirm-email/[hidden]/ 302"
    )


def test_a_new_account_has_one_confirmed_primary_address(client, db):
    sign_up(client, "new@example.org")
    enter_signup_code(client, last_code())
    [address] = EmailAddress.objects.all()
    assert (address.email, address.verified, address.primary) == ("new@example.org", True, True)
