from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address."""

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The pages and every email we send you. Empty: the project’s language."),
    )
    easy_read = models.BooleanField(
        _("easy read"),
        default=False,
        help_text=_("Short sentences, one idea per line, with pictures."),
    )
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def language_for(self, project=None) -> str:
        """The language to write to them in: their own, else the project's, else the site's."""
        return self.language or getattr(project, "language", "") or settings.LANGUAGE_CODE

    def get_short_name(self) -> str:
        return self.name or self.email.split("@")[0]

    def has_verified_email(self) -> bool:
        """Whether this account has shown that it reads the mailbox of its address (a code
        or link emailed to it, an invitation sent to it and accepted, or an organisation's
        single sign-on saying so). Until then nothing is matched to it by address, it is sent
        no reminders, and nobody can make it a facilitator of their project."""
        from allauth.account.models import EmailAddress

        return EmailAddress.objects.filter(
            user_id=self.pk, email__iexact=self.email, verified=True
        ).exists()

    def has_two_factor(self) -> bool:
        """Whether this account signs in with a second factor (an authenticator app)."""
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(
            user_id=self.pk, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()
