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
