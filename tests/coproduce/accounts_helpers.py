"""Signing up and logging in as a person would, reading the codes from the emails sent."""

import re

from django.core import mail
from django.urls import reverse

CODE = re.compile(r"\n\n([A-Z0-9]{3,6}(?:-[A-Z0-9]{3,6})*)\n\n")


def code_in(message) -> str:
    return CODE.search(message.body).group(1)


def last_code() -> str:
    return code_in(mail.outbox[-1])


def ask_for_code(client, email: str, **extra):
    return client.post(reverse("account_request_login_code"), {"email": email}, **extra)


def enter_login_code(client, code: str):
    return client.post(reverse("account_confirm_login_code"), {"code": code})


def sign_up(client, email: str, **fields):
    return client.post(reverse("account_signup"), {"email": email, **fields})


def enter_signup_code(client, code: str):
    return client.post(reverse("account_email_verification_sent"), {"code": code})


def logged_in_as(client):
    user = client.get(reverse("projects-list")).wsgi_request.user
    return user if user.is_authenticated else None
