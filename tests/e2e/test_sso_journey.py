"""Single sign-on against a real OpenID Connect provider (django-oauth-toolkit's) started on
loopback in a process of its own: a person of the organisation logs in and lands on "My
projects"; a provider whose issuer is wrong, whose signature is bad or whose token has
expired is refused with a page saying so."""

import copy
import os
import socket
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from jwcrypto import jwk
from playwright.sync_api import expect

from tests.conftest import ROOT, stop_process, wait_for

pytestmark = pytest.mark.browser

CLIENT_ID = "coproduce-tests"
CLIENT_SECRET = "a-client-secret-for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def start_provider(live_server, settings, tmp_path):
    """Start the provider with a fault (or none) and point single sign-on at it."""
    started = []

    def start(fault: str = "") -> None:
        port = free_port()
        env = {
            **os.environ,
            "PROVIDER_DB": str(tmp_path / f"provider-{port}.sqlite3"),
            "PROVIDER_KEY": jwk.JWK.generate(kty="RSA", size=2048)
            .export_to_pem(private_key=True, password=None)
            .decode(),
            "PROVIDER_FAULT": fault,
            "PROVIDER_REDIRECT_URI": f"{live_server.url}/accounts/oidc/sso/login/callback/",
            "PROVIDER_CLIENT_ID": CLIENT_ID,
            "PROVIDER_CLIENT_SECRET": CLIENT_SECRET,
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.sso.provider", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(tmp_path / f"provider-{port}.log", "w"),  # noqa: SIM115
        )
        started.append(process)
        wait_for(lambda: answers(port) or process.poll() is not None, timeout=60)
        assert process.poll() is None, (tmp_path / f"provider-{port}.log").read_text()
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"].append(f"http://127.0.0.1:{port}")
        settings.CONTENT_SECURITY_POLICY = policy
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": "sso",
                        "name": "Northbridge Council",
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {"server_url": f"http://127.0.0.1:{port}/o"},
                    }
                ],
            }
        }

    yield start
    for process in started:
        stop_process(process)


def sign_in_at_the_provider(page) -> None:
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Log in with Northbridge Council").click()
    expect(page.get_by_role("heading", name="Northbridge Council sign-in")).to_be_visible()
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("sam-password")
    page.get_by_role("button", name="Sign in").click()


def test_a_person_of_the_organisation_signs_in_and_lands_on_my_projects(
    page, start_provider, axe_check
):
    start_provider()
    page.goto("/accounts/login/")
    axe_check(page)
    sign_in_at_the_provider(page)
    expect(page.get_by_role("heading", name="My projects")).to_be_visible()
    axe_check(page)
    user = get_user_model().objects.get(email="sam@northbridge.example")
    assert user.name == "Sam Okoro"
    assert user.has_verified_email(), "the provider said the address is verified"
    # The second time (the provider remembers them), the same account.
    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Log in with Northbridge Council").click()
    expect(page.get_by_role("heading", name="My projects")).to_be_visible()
    assert get_user_model().objects.filter(email="sam@northbridge.example").count() == 1


@pytest.mark.parametrize("fault", ["wrong-issuer", "bad-signature", "expired"])
def test_a_token_that_cannot_be_trusted_is_refused_with_a_clear_page(
    page, start_provider, axe_check, fault
):
    start_provider(fault)
    sign_in_at_the_provider(page)
    expect(
        page.get_by_role("heading", name="We could not log you in with your organisation’s account")
    ).to_be_visible()
    axe_check(page)
    expect(page.get_by_role("link", name="Try again")).to_be_visible()
    assert not get_user_model().objects.filter(email="sam@northbridge.example").exists()
    page.goto("/projects/")
    expect(page.get_by_role("heading", name="Log in", exact=True)).to_be_visible()
