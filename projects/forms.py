import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.forms import DateField, DateInput, ModelForm

from .models import Goal, Membership, Perspective, Project


class ProjectForm(ModelForm):
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

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        return cleaned


class AimForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Project
        fields = ["aim"]
        labels = {"aim": _("What are we trying to achieve?")}
        widgets = {"aim": forms.Textarea(attrs={"rows": 5})}


class GoalForm(ModelForm):
    class Meta:
        model = Goal
        fields = ["text", "measure"]
        labels = {"text": _("Goal"), "measure": _("How we will know")}
        help_texts = {"measure": _("What you will see or count when this goal is met.")}


class MembershipForm(ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "perspective"]


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
            "language",
            "share_map_positions",
            "facilitators_need_two_factor",
        ]
        labels = {
            "title": _("Project title"),
            "organisation": _("Lead organisation"),
            "status": _("Status"),
            "language": _("Language of the project’s emails"),
            "review_date": _("Charter review date"),
            "share_map_positions": _(
                "Show participants, observers and the charter where the people who agreed to be "
                "named sit on the power and interest grid"
            ),
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

    def __init__(self, *args, editor=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.editor = editor
        # A form posted without it (an older page) keeps the project's language.
        self.fields["language"].required = False

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or self.instance.language

    def clean_facilitators_need_two_factor(self) -> bool:
        """Turning it on asks the facilitator turning it on to use two-factor first, so that
        nobody locks themselves out of their own project by a tick."""
        wanted = self.cleaned_data["facilitators_need_two_factor"]
        if (
            wanted
            and not self.instance.facilitators_need_two_factor
            and self.editor is not None
            and not self.editor.has_two_factor()
        ):
            raise forms.ValidationError(
                _(
                    "Turn on two-factor sign-in for your own account first (Your account, "
                    "then Two-factor sign-in), then tick this."
                )
            )
        return wanted

    def get_fields(self) -> dict:
        """The cleaned values to save, without the version."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
