"""allauth's account forms in the site's words, with the kit's rules (one-line boxes refuse
line breaks) and even timing whether or not an address has an account.

Separate from ``forms.py``: allauth's sign-up form is built on ``forms.SignupNameForm``, so
importing allauth's forms there would import that module from itself.
"""

from allauth.account import forms as allauth_forms
from django.contrib.auth.hashers import make_password
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .forms import SingleLineMixin

EMAIL_LABEL = _("Email address")
CODE_LABEL = _("Code from the email")
CODE_HINT = _("You can paste it. Spaces and dashes do not matter.")
# The longest address an account can have; a longer one would not fit the failed-login record.
EMAIL_MAX_LENGTH = 254


def set_email_field(field) -> None:
    field.label = EMAIL_LABEL
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs["autocomplete"] = "email"
    field.max_length = EMAIL_MAX_LENGTH
    field.validators.append(MaxLengthValidator(EMAIL_MAX_LENGTH))


def set_code_field(field) -> None:
    field.label = CODE_LABEL
    field.help_text = CODE_HINT
    field.max_length = 64
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update(
        {"autocomplete": "one-time-code", "autocapitalize": "characters", "spellcheck": "false"}
    )


class LoginForm(SingleLineMixin, allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        set_email_field(self.fields["login"])
        self.fields["password"].label = _("Password")
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""


class SignupForm(allauth_forms.SignupForm):  # already on the kit, through SignupNameForm
    """allauth's sign-up. An address that has an account gets an email saying so and the page
    that follows is the same; its password is hashed all the same, so that the answer takes
    as long as making an account does."""

    field_order = ["email", "name", "password1"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        set_email_field(self.fields["email"])
        if "password1" in self.fields:
            password = self.fields["password1"]
            password.label = _("Password")
            password.widget.attrs.pop("placeholder", None)
            password.help_text = _(
                "Only if you want one. Without a password, you log in with a code we email you."
            )

    def try_save(self, request):
        if self.account_already_exists and self.cleaned_data.get("password1"):
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


class RequestLoginCodeForm(SingleLineMixin, allauth_forms.RequestLoginCodeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        set_email_field(self.fields["email"])


class ConfirmLoginCodeForm(SingleLineMixin, allauth_forms.ConfirmLoginCodeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        set_code_field(self.fields["code"])


class ConfirmEmailVerificationCodeForm(
    SingleLineMixin, allauth_forms.ConfirmEmailVerificationCodeForm
):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        set_code_field(self.fields["code"])


class ResetPasswordForm(SingleLineMixin, allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        set_email_field(self.fields["email"])


class AddEmailForm(SingleLineMixin, allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        set_email_field(self.fields["email"])
