"""The shared form kit: how every form renders, dates, confirmations and edit versions."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .models import User


class FormRenderer(TemplatesSetting):
    """Every form renders with an error summary and GOV.UK-style field groups."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


# Browsers accept only this in an <input type="date"> and show any other value as empty, so a
# form saved unchanged would send no date at all.
ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A date picker whose value is always ISO (``2027-03-01``), whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None, format=None) -> None:
        super().__init__(attrs, format=format or ISO_DATE)


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


SINGLE_LINE_MESSAGE = _(
    "Write this on one line, without line breaks. Use a longer box for more than a line."
)
# Text boxes of one line: what they hold ends up in email subjects, headings and one-line lists.
SINGLE_LINE_INPUTS = {"text", "search"}


def refuse_line_breaks(value: str) -> None:
    """Raise ValidationError if the value holds a line break of any kind."""
    if isinstance(value, str) and "".join(value.splitlines()) != value:
        raise forms.ValidationError(SINGLE_LINE_MESSAGE, code="line_break")


def is_single_line(field: forms.Field) -> bool:
    return (
        isinstance(field, forms.CharField)
        and not isinstance(field.widget, forms.Textarea)
        and getattr(field.widget, "input_type", None) in SINGLE_LINE_INPUTS
    )


class SingleLineMixin:
    """Every one-line text box of the form refuses line breaks with a clear message.

    Applied when the form is cleaned, so that fields added in ``__init__`` are covered too.
    Every form of the app is built on it (``Form``, ``ModelForm``; a test holds the line).
    """

    def full_clean(self) -> None:
        for field in self.fields.values():
            if is_single_line(field) and refuse_line_breaks not in field.validators:
                field.validators.append(refuse_line_breaks)
        super().full_clean()


class Form(SingleLineMixin, forms.Form):
    """The base of every plain form of the app."""


class ModelForm(SingleLineMixin, forms.ModelForm):
    """The base of every model form of the app."""


class ConfirmNameForm(Form):
    """Type a name exactly to confirm something that cannot be undone."""

    confirm = forms.CharField(label=_("Type the name to confirm"), max_length=300)

    def __init__(self, *args, expected: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected
        self.fields["confirm"].help_text = _("Type “%(name)s” exactly.") % {
            "name": " ".join(expected.split())
        }

    def clean_confirm(self) -> str:
        typed = self.cleaned_data["confirm"]
        # Spaces compared as one, so that a name saved with a line break can still be typed.
        if typed.split() != self.expected.split():
            raise forms.ValidationError(_("What you typed does not match. Nothing was deleted."))
        return typed


class VersionForm(Form):
    """The version of a row (or set of rows) the person read before acting on it."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionedModelForm(ModelForm):
    """Editing an existing row carries the version it was read at (optimistic locking)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            self.initial.setdefault("version", self.instance.version)

    def changes(self) -> dict:
        """The edited fields, as keyword arguments for the add or update action."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class SignupNameForm(Form):
    """What sign-up asks besides the address and the optional password (allauth's sign-up
    form is built on this: ``ACCOUNT_SIGNUP_FORM_CLASS``)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        help_text=_("How other members will see you. You can leave this blank."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user) -> None:
        user.name = self.cleaned_data.get("name", "")
        user.save(update_fields=["name"])


class PreferencesForm(ModelForm):
    """How a person wants us to write to them: which language, and whether in easy read."""

    class Meta:
        model = User
        fields = ["language", "easy_read"]
        labels = {
            "language": _("Language"),
            "easy_read": _("Show me the easy-read version where there is one"),
        }
        help_texts = {
            "language": _("The pages and every email we send you are in this language."),
            "easy_read": _(
                "Short sentences, one idea on each line, with a picture for each point: for "
                "the invitation, the checklist, the ground rules and the results."
            ),
        }
