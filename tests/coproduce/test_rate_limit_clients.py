"""Every rate limit, allauth's included, counts real clients: behind the proxies the site is
told about, the address the first proxy added; never an address a client wrote itself."""

import os
import subprocess
import sys

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.conftest import ROOT

BEHIND_ONE_PROXY = override_settings(
    AXES_IPWARE_PROXY_COUNT=0,
    AXES_IPWARE_META_PRECEDENCE_ORDER=("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
)
PROXY = "10.0.0.1"


@pytest.fixture(autouse=True)
def two_resets_per_client(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/h/ip"}


def ask_to_reset(client, email: str, **headers) -> int:
    return client.post(reverse("account_reset_password"), {"email": email}, **headers).status_code


@BEHIND_ONE_PROXY
def test_behind_a_proxy_each_client_has_its_own_limit(client, db):
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
def test_a_client_writing_its_own_forwarded_for_gains_nothing(client, db):
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


def test_without_a_proxy_forwarded_for_is_ignored(client, db):
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
