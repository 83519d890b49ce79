"""The shared form kit: how every form renders, dates, confirmations and edit versions; and
the account forms."""

import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .models import User


class FormRenderer(TemplatesSetting):
    """Every form renders with an error summary and GOV.UK-style field groups."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


class DateInput(forms.DateInput):
    input_type = "date"


# Wider than any plan needs, and far enough inside Python's calendar (years 1 to 9999) that
# working from a date (a week before, the day after, a month on) never falls off its ends.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)
DATE_RANGE_MESSAGE = _("Enter a date between 1900 and 2999.")


class DateField(forms.DateField):
    """A date typed or picked in a form, from EARLIEST_DATE to LATEST_DATE."""

    widget = DateInput
    default_validators = [
        MinValueValidator(EARLIEST_DATE, message=DATE_RANGE_MESSAGE),
        MaxValueValidator(LATEST_DATE, message=DATE_RANGE_MESSAGE),
    ]


class ConfirmNameForm(forms.Form):
    """Type a name exactly to confirm something that cannot be undone."""

    confirm = forms.CharField(label=_("Type the name to confirm"), max_length=300)

    def __init__(self, *args, expected: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected
        self.fields["confirm"].help_text = _("Type “%(name)s” exactly.") % {"name": expected}

    def clean_confirm(self) -> str:
        typed = self.cleaned_data["confirm"]
        if typed.strip() != self.expected.strip():
            raise forms.ValidationError(_("What you typed does not match. Nothing was deleted."))
        return typed


class VersionForm(forms.Form):
    """The version of a row (or set of rows) the person read before acting on it."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionedModelForm(forms.ModelForm):
    """Editing an existing row carries the version it was read at (optimistic locking)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            self.initial.setdefault("version", self.instance.version)

    def changes(self) -> dict:
        """The edited fields, as keyword arguments for the add or update action."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class SignupForm(forms.Form):
    """The first step: the address to send the link to (whether it has an account is never
    said here)."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We will email you a link to choose your name and password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class FinishSignupForm(UserCreationForm):
    """The second step, from the emailed link: name and password for the confirmed address."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        help_text=_("How other members will see you. You can leave this blank."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    class Meta:
        model = User
        fields = ["name"]

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Set before validation, so that a password too like the address is refused.
        self.instance.email = email.strip().lower()


class LoginForm(AuthenticationForm):
    """Django's login form, also refusing an address longer than any account can have.

    Django sets the field's ``max_length`` only after building it, so without this the
    over-long address reaches the failed-login record, whose column it does not fit.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
