"""Accounts in a real browser, with the emails read from a real SMTP server on loopback: a new
participant accepts an invitation and logs in with an emailed code, without a password; a
facilitator turns on two-factor sign-in, then has to use it, and asks the project's other
facilitators to."""

import email
import re
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from projects.models import Membership, Project, Role
from stakeholders.actions import do_invite_stakeholder
from tests.conftest import PASSWORD, wait_for
from tests.e2e.conftest import PHONE
from tests.factories import MembershipFactory, StakeholderFactory, UserFactory

pytestmark = pytest.mark.browser
CODE = re.compile(r"\n\n([A-Z0-9]{3,6}(?:-[A-Z0-9]{3,6})*)\n\n")


class Inbox:
    """What the SMTP server on loopback received, as parsed messages."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def wait_for_one_to(self, address: str, subject: str) -> str:
        """The body of the first message to the address with the subject, once it arrives."""

        def found():
            with self.lock:
                return next(
                    (m for m in self.messages if address in m["To"] and subject in m["Subject"]),
                    None,
                )

        message = wait_for(found, timeout=20)
        self.messages.remove(message)
        part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
        return part.get_payload(decode=True).decode().replace("\r\n", "\n")


@pytest.fixture
def inbox(settings, live_server):
    inbox = Inbox()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = live_server.url
    yield inbox
    controller.stop()


def test_a_new_participant_accepts_an_invitation_and_logs_in_with_a_code(
    new_page, inbox, axe_check, facilitator, project
):
    asha = StakeholderFactory(project=project, name="Asha Patel", email="asha@example.org")
    do_invite_stakeholder(stakeholder=asha, role=Role.PARTICIPANT, invited_by=facilitator)
    body = inbox.wait_for_one_to("asha@example.org", "invit")
    link = re.search(r"http://\S+/invitations/[\w-]+/", body)[0]

    phone = new_page(PHONE)
    phone.goto(link)
    expect(
        phone.get_by_role("heading", name="You are invited to join “Healthy Streets”")
    ).to_be_visible()
    axe_check(phone)
    expect(phone.get_by_label("Email address")).to_have_value("asha@example.org")
    phone.get_by_label("Your name").fill("Asha Patel")
    phone.get_by_label("Your name").press("Enter")
    expect(phone.get_by_role("heading", name="Enter the code we emailed you")).to_be_visible()
    axe_check(phone)
    code = CODE.search(inbox.wait_for_one_to("asha@example.org", "confirm"))[1]
    # Pasted as people paste: lower case, with spaces around.
    phone.get_by_label("Code from the email").fill(f"  {code.lower()} ")
    phone.get_by_label("Code from the email").press("Enter")
    expect(phone.get_by_role("button", name="Accept and join")).to_be_visible()
    phone.get_by_role("button", name="Accept and join").click()
    expect(phone.get_by_role("heading", name="Healthy Streets", level=1)).to_be_visible()
    expect(phone.get_by_text("You are a participant in this project.")).to_be_visible()
    user = get_user_model().objects.get(email="asha@example.org")
    assert not user.has_usable_password() and user.has_verified_email()

    # Later, on another phone: log in with a code again, still no password.
    later = new_page(PHONE)
    later.goto("/accounts/login/")
    axe_check(later)
    later.get_by_role("link", name="Email me a code").click()
    later.get_by_label("Email address").fill("asha@example.org")
    later.get_by_role("button", name="Email me a code").click()
    expect(later.get_by_role("heading", name="Enter the code we emailed you")).to_be_visible()
    code = CODE.search(inbox.wait_for_one_to("asha@example.org", "log in"))[1]
    later.get_by_label("Code from the email").fill(code)
    later.get_by_role("button", name="Log in").click()
    expect(later.get_by_role("heading", name="My projects")).to_be_visible()
    expect(later.get_by_role("link", name="Healthy Streets")).to_be_visible()


def totp_code(secret: str, *, ahead: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + ahead))


def log_in_with_password(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def confirm_who_they_are(page) -> None:
    """Turning two-factor on asks for the password again."""
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()


def test_a_facilitator_turns_on_two_factor_and_has_to_use_it(
    new_page, inbox, axe_check, settings, facilitator, project
):
    # Codes of the next half-minute count too, so that the one used to log in is a new one.
    settings.MFA_TOTP_TOLERANCE = 1
    page = new_page()
    log_in_with_password(page, facilitator)
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Turn on two-factor sign-in").click()
    axe_check(page)
    page.get_by_role("link", name="Activate").click()
    confirm_who_they_are(page)
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    axe_check(page)
    secret = page.locator("#authenticator_secret").inner_text()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("Authenticator app activated.")).to_be_visible()
    assert facilitator.has_two_factor()

    # The project now asks every facilitator to use it.
    page.goto(f"/projects/{project.slug}/edit/")
    page.get_by_label("Facilitators must use two-factor sign-in").check()
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("Project details saved.")).to_be_visible()
    assert Project.objects.get(pk=project.pk).facilitators_need_two_factor

    # Logging in again asks for the app's code.
    page.get_by_role("button", name="Log out").click()
    log_in_with_password(page, facilitator)
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    axe_check(page)
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Incorrect code.")).to_be_visible()
    page.get_by_label("Code", exact=True).fill(totp_code(secret, ahead=1))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My projects")).to_be_visible()

    # Another facilitator, without two-factor, is sent to set it up.
    other = UserFactory(email="other-facilitator@example.org")
    MembershipFactory(project=project, user=other, role=Role.FACILITATOR)
    second = new_page(PHONE)
    log_in_with_password(second, other)
    second.goto(f"/projects/{project.slug}/")
    expect(
        second.get_by_role("heading", name="Turn on two-factor sign-in to continue")
    ).to_be_visible()
    axe_check(second)
    second.get_by_role("link", name="Set up two-factor sign-in").click()
    confirm_who_they_are(second)
    expect(second.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    assert Membership.objects.filter(project=project, role=Role.FACILITATOR).count() == 2
