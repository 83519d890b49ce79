from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.forms import Form, ModelForm
from projects.models import Membership


class ReminderSettingsForm(ModelForm):
    class Meta:
        model = Membership
        fields = ["reminders_enabled"]
        labels = {"reminders_enabled": _("Email me reminders about this project")}
        help_texts = {
            "reminders_enabled": _(
                "Before checklist rounds close, before things you own are due and before "
                "reviews. If ground rules you agreed to change, you are told by email either way."
            )
        }


class CalendarFeedForm(Form):
    RENEW, REVOKE = "renew", "revoke"

    action = forms.ChoiceField(
        choices=[
            (RENEW, _("Make a new calendar address")),
            (REVOKE, _("Stop my calendar address")),
        ],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose whether to make or stop a calendar address.")},
    )


class PerspectiveForm(ModelForm):
    """A member's own perspective, which the power check compares (and they may change)."""

    class Meta:
        model = Membership
        fields = ["perspective"]
        labels = {"perspective": _("Which of these describes you best in this project?")}
        help_texts = {
            "perspective": _(
                "The power dynamics check compares how people with lived experience and "
                "professionals see the project. Your answers stay anonymous if the round is."
            )
        }
