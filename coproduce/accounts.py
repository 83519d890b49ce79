"""Making an account without telling anyone whether an address already has one.

Signing up asks only for an email address and always answers "check your email". The address
gets one of two emails: a link to finish making the account (choose a name and password), or,
if it already has an account, a note saying so with links to log in and to reset the password.
So only whoever reads that mailbox learns which, and every account's address is confirmed.
The link is signed (nothing is stored) and works for a day.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

SIGNUP_SALT = "coproduce.accounts.signup"
SIGNUP_LINK_HOURS = 24


def signup_url(email: str, next_url: str) -> str:
    token = signing.dumps({"email": email, "next": next_url}, salt=SIGNUP_SALT, compress=True)
    return settings.SITE_URL + reverse("signup-confirm", args=[token])


def read_signup_token(token: str) -> dict | None:
    """The address and next page a sign-up link was made for, or None if it is not ours or
    has expired."""
    try:
        held = signing.loads(token, salt=SIGNUP_SALT, max_age=SIGNUP_LINK_HOURS * 3600)
    except signing.BadSignature:
        return None
    if not isinstance(held, dict) or not isinstance(held.get("email"), str):
        return None
    return {"email": held["email"], "next": str(held.get("next") or "")}


def has_account(email: str) -> bool:
    return get_user_model().objects.filter(email__iexact=email).exists()


def do_send_signup_email(*, email: str, next_url: str = "") -> None:
    """Email the address a link to finish signing up, or a note that it has an account."""
    login = reverse("login") + ("?" + urlencode({"next": next_url}) if next_url else "")
    context = {
        "login_url": settings.SITE_URL + login,
        "reset_url": settings.SITE_URL + reverse("password_reset"),
        "hours": SIGNUP_LINK_HOURS,
    }
    if has_account(email):
        subject = _("You already have a Coproduce account")
        body = render_to_string("registration/signup_exists_email.txt", context)
    else:
        subject = _("Finish creating your Coproduce account")
        context["url"] = signup_url(email, next_url)
        body = render_to_string("registration/signup_email.txt", context)
    send_mail(subject, body, None, [email])


@transaction.atomic
def do_set_preferences(*, user, language: str, easy_read: bool) -> None:
    """Save the language and reading level this person chose for themselves."""
    user.language = language
    user.easy_read = easy_read
    user.save(update_fields=["language", "easy_read"])
