"""Accounts on django-allauth: how it finds the client, words its errors, names people from
single sign-on, and what an account must have confirmed before the site trusts its address.

allauth does sign-up, login (by password, by emailed code, or single sign-on), two-factor,
password reset and email verification. With enumeration prevention on, sign-up, login by
code and password reset always answer the same way, and the address gets an email saying
either what it asked for or that it has (or has no) account: only whoever reads that mailbox
learns which. What stays here is what the site decides for itself.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .ratelimit import client_ip


class TwoFactorRequired(PermissionDenied):
    """A project asks its facilitators to use two-factor sign-in, and this one does not yet
    (answered with a page sending them to turn it on, ``views.permission_denied``)."""

    def __init__(self, project_title: str) -> None:
        super().__init__("Turn on two-factor sign-in to open this project as a facilitator.")
        self.project_title = project_title


class AccountAdapter(DefaultAccountAdapter):
    # In plain words, saying what to do next.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "The email address or the password is not right. Check them, or get a code by "
            "email instead."
        ),
        "incorrect_code": _(
            "That code is not right. Check it against the email, or ask for a new one."
        ),
        "too_many_login_attempts": _(
            "You have tried this too many times in a short while. Wait 15 minutes and try "
            "again. Nothing you did has been lost."
        ),
        "rate_limited": _(
            "You have tried this too many times in a short while. Wait a few minutes and try again."
        ),
    }

    def get_client_ip(self, request: HttpRequest) -> str:
        """The client's address, found as login throttling and every other rate limit find it
        (``TRUSTED_PROXY_COUNT``), so that allauth's limits count the same clients."""
        return client_ip(request)

    def save_user(self, request, user, form, commit=True):
        """allauth's, with the address stored in lower case as every account's is."""
        user = super().save_user(request, user, form, commit=False)
        user.email = (user.email or "").strip().lower()
        if commit:
            user.save()
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        """The person's name as their organisation's provider gives it."""
        user = super().populate_user(request, sociallogin, data)
        claims = sociallogin.account.extra_data or {}
        userinfo = claims.get("userinfo", claims)
        name = userinfo.get("name") or " ".join(
            part for part in (userinfo.get("given_name"), userinfo.get("family_name")) if part
        )
        user.name = str(name or "")[:150]
        user.email = (user.email or "").strip().lower()
        return user


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The address a login attempt was for, as django-axes records it: allauth passes it as
    ``email``, the admin's login form as ``username``."""
    if credentials:
        return credentials.get("email") or credentials.get("username")
    data = getattr(request, "POST", {})
    return data.get("login") or data.get("username")


def verified_email(user_ref: str = "pk", email_ref: str = "email") -> Exists:
    """An expression true when the account at ``user_ref`` has verified its address at
    ``email_ref`` (for annotating querysets; ``User.has_verified_email`` for one account)."""
    from allauth.account.models import EmailAddress

    return Exists(
        EmailAddress.objects.filter(
            user_id=OuterRef(user_ref), verified=True, email__iexact=OuterRef(email_ref)
        )
    )


def do_confirm_email(*, user, email: str) -> None:
    """Record that this account reads the mailbox of ``email`` (an invitation sent there was
    accepted with it): the address the account has becomes verified."""
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    if not email or email != (user.email or "").lower():
        return
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        primary = not EmailAddress.objects.filter(user=user, primary=True).exists()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=primary)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


def do_vouch_for_addresses(*, users) -> int:
    """Record the addresses of these accounts as verified, where they have no address record
    yet: for accounts whoever runs the site made (the demo data), as the migration did for
    every account made before addresses were verified by code. Returns how many."""
    from allauth.account.models import EmailAddress

    missing = users.exclude(emailaddress__isnull=False).exclude(email="")
    return len(
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user_id=pk, email=email.lower(), verified=True, primary=True)
                for pk, email in missing.values_list("pk", "email").distinct()
            ],
            batch_size=1000,
        )
    )


def do_set_preferences(*, user, language: str, easy_read: bool) -> None:
    """Save the language and reading level this person chose for themselves."""
    user.language = language
    user.easy_read = easy_read
    user.save(update_fields=["language", "easy_read"])
