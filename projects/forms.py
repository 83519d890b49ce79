import datetime
import zoneinfo

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .models import Goal, Membership, Perspective, Project


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


class ProjectForm(forms.ModelForm):
    perspective = forms.ChoiceField(
        label=_("Your own perspective in this project"),
        choices=Perspective.choices,
        initial=Perspective.RESEARCHER,
        help_text=_("Used to compare how different groups see power in the project."),
    )

    class Meta:
        model = Project
        fields = ["title", "organisation", "aim", "start_date", "end_date"]
        labels = {
            "title": _("Project title"),
            "organisation": _("Lead organisation"),
            "aim": _("What are we trying to achieve?"),
        }
        help_texts = {
            "aim": _("One or two plain sentences. You can change this later."),
            "organisation": _("Shown on the charter. Leave blank if there is none."),
        }
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "aim": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"start_date": DateField, "end_date": DateField}

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Enter a project title."))
        return title

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        return cleaned


class AimForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Project
        fields = ["aim"]
        labels = {"aim": _("What are we trying to achieve?")}
        widgets = {"aim": forms.Textarea(attrs={"rows": 5})}


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["text", "measure"]
        labels = {"text": _("Goal"), "measure": _("How we will know")}
        help_texts = {"measure": _("What you will see or count when this goal is met.")}

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Enter the goal."))
        return text


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "perspective"]


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


def get_time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class ProjectDetailsForm(ProjectForm):
    perspective = None
    version = forms.IntegerField(widget=forms.HiddenInput)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=get_time_zone_choices,
        help_text=_("Dates and times in reminders and calendars are shown in this time zone."),
    )

    class Meta(ProjectForm.Meta):
        fields = [
            "title",
            "organisation",
            "status",
            "start_date",
            "end_date",
            "review_date",
            "time_zone",
        ]
        labels = {
            "title": _("Project title"),
            "organisation": _("Lead organisation"),
            "status": _("Status"),
            "review_date": _("Charter review date"),
        }
        help_texts = {
            "organisation": ProjectForm.Meta.help_texts["organisation"],
            "review_date": _("Facilitators get a reminder a week before."),
        }
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "review_date": DateInput(),
        }
        field_classes = {"start_date": DateField, "end_date": DateField, "review_date": DateField}

    def get_fields(self) -> dict:
        """The cleaned values to save, without the version."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["reminders_enabled"]
        labels = {"reminders_enabled": _("Email me reminders about this project")}
        help_texts = {
            "reminders_enabled": _(
                "Before checklist rounds close, before things you own are due and before reviews."
            )
        }


class CalendarFeedForm(forms.Form):
    RENEW, REVOKE = "renew", "revoke"

    action = forms.ChoiceField(
        choices=[
            (RENEW, _("Make a new calendar address")),
            (REVOKE, _("Stop my calendar address")),
        ],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose whether to make or stop a calendar address.")},
    )
