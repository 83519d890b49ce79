"""Emails about accounts cannot be used to flood an inbox, and limits count real clients."""

import os
import subprocess
import sys

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.conftest import ROOT

BEHIND_ONE_PROXY = override_settings(
    AXES_IPWARE_PROXY_COUNT=0,
    AXES_IPWARE_META_PRECEDENCE_ORDER=("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
)
PROXY = "10.0.0.1"


def ask_to_reset(client, email: str, **headers) -> int:
    return client.post(reverse("password_reset"), {"email": email}, **headers).status_code


@pytest.mark.parametrize("address", ["outsider@example.org", "nobody@example.org"])
def test_ten_reset_requests_for_one_address_send_three_emails(client, outsider, address):
    statuses = [ask_to_reset(client, address) for _ in range(10)]
    assert statuses == [302] * 3 + [429] * 7, "the same answers whether or not it has an account"
    expected = 3 if address == outsider.email else 0
    assert len(mail.outbox) == expected


def test_the_limit_per_address_holds_from_many_clients(client, outsider):
    for n in range(10):
        ask_to_reset(client, outsider.email, REMOTE_ADDR=f"192.0.2.{n}")
    assert len(mail.outbox) == 3


def test_ten_sign_ups_for_someone_elses_address_send_three_emails(client, outsider):
    statuses = [
        client.post(reverse("signup"), {"email": outsider.email}).status_code for _ in range(10)
    ]
    assert statuses == [200] * 3 + [429] * 7
    assert len(mail.outbox) == 3


def test_one_client_cannot_email_many_addresses(client, db, monkeypatch):
    monkeypatch.setattr("coproduce.ratelimit.EMAILS_PER_CLIENT", 5)
    statuses = [ask_to_reset(client, f"person{n}@example.org") for n in range(8)]
    assert statuses == [302] * 5 + [429] * 3


@BEHIND_ONE_PROXY
def test_behind_a_proxy_each_client_has_its_own_limit(client, db, monkeypatch):
    monkeypatch.setattr("coproduce.ratelimit.EMAILS_PER_CLIENT", 2)
    first = [
        ask_to_reset(
            client, f"a{n}@example.org", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="81.2.69.160"
        )
        for n in range(3)
    ]
    second = ask_to_reset(
        client, "b@example.org", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="81.2.69.161"
    )
    assert first == [302, 302, 429] and second == 302


@BEHIND_ONE_PROXY
def test_a_client_writing_its_own_forwarded_for_gains_nothing(client, db, monkeypatch):
    monkeypatch.setattr("coproduce.ratelimit.EMAILS_PER_CLIENT", 2)
    # The proxy adds the real address after whatever the client sent.
    statuses = [
        ask_to_reset(
            client,
            f"a{n}@example.org",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"8.8.{n}.8, 81.2.69.160",
        )
        for n in range(4)
    ]
    assert statuses == [302, 302, 429, 429]


def test_without_a_proxy_forwarded_for_is_ignored(client, db, monkeypatch):
    monkeypatch.setattr("coproduce.ratelimit.EMAILS_PER_CLIENT", 2)
    statuses = [
        ask_to_reset(client, f"a{n}@example.org", HTTP_X_FORWARDED_FOR=f"8.8.{n}.8")
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]


CLIENT_IP = """
from django.test import RequestFactory
from coproduce.ratelimit import client_ip
for header in ["81.2.69.160", "8.8.8.8, 81.2.69.160", "81.2.69.160, 10.0.0.2"]:
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=header, REMOTE_ADDR="10.0.0.1")
    print(client_ip(request))
"""


@pytest.mark.parametrize(
    ("proxies", "seen"),
    [
        ("0", ["10.0.0.1", "10.0.0.1", "10.0.0.1"]),
        # One proxy: the address it added; a longer header was written by the client.
        ("1", ["81.2.69.160", "10.0.0.1", "10.0.0.1"]),
        # Two: the first proxy's addition is the client, the second's the first proxy.
        ("2", ["10.0.0.1", "8.8.8.8", "81.2.69.160"]),
    ],
)
def test_trusted_proxy_count_is_how_many_proxies_add_to_the_header(proxies, seen):
    env = {**os.environ, "TRUSTED_PROXY_COUNT": proxies, "SECRET_KEY": "x", "DEBUG": "1"}
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", CLIENT_IP],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == seen
