"""Forms for agreeing at the outset: principles, decision rules, ground rules, communication."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.forms import DateField, DateInput, Form, ModelForm, VersionedModelForm
from projects.models import Membership, Project

from .models import (
    CommunicationItem,
    DecisionMethod,
    DecisionRule,
    Definition,
    Format,
    GroundRule,
    Principle,
)


class PrinciplesForm(Form):
    definitions = forms.MultipleChoiceField(
        label=_("Definitions of co-production we work from"),
        choices=[(d.value, f"{d.label}: {d.text}") for d in Definition],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    own_definition = forms.CharField(
        label=_("Our own definition"),
        help_text=_("Write your own, or add to the ones you chose, in the group's own words."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        principle_fields = {
            key.value: forms.CharField(
                label=_("%(principle)s: what this means for our project")
                % {"principle": key.label},
                help_text=Principle.EXPLANATIONS[key],
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=2000,
                required=False,
            )
            for key in Principle.Key
        }
        self.fields = {**principle_fields, **self.fields}

    @classmethod
    def initial_for(cls, project: Project, principles: list[Principle]) -> dict:
        return {
            "definitions": project.definitions,
            "own_definition": project.own_definition,
            **{p.key: p.meaning for p in principles},
        }

    def changes(self) -> dict:
        """Keyword arguments for ``do_save_principles``."""
        data = self.cleaned_data
        return {
            "meanings": {key: data[key].strip() for key in Principle.Key.values},
            "definitions": data["definitions"],
            "own_definition": data["own_definition"].strip(),
        }


class DecisionRuleForm(VersionedModelForm):
    percentage = forms.IntegerField(
        label=_("Majority needed, as a percentage"),
        help_text=_("Only for a set majority: a number from 51 to 100, such as 67."),
        required=False,
        widget=forms.NumberInput(attrs={"min": 51, "max": 100}),
    )

    class Meta:
        model = DecisionRule
        fields = [
            "area",
            "who",
            "who_name",
            "method",
            "percentage",
            "fallback",
            "quorum",
            "dissent",
        ]
        labels = {
            "area": _("Decisions about"),
            "who": _("Who decides"),
            "who_name": _("Name of the group or organisation that decides"),
            "method": _("How they decide"),
            "fallback": _("If there is no agreement"),
            "quorum": _("How many members must take part"),
            "dissent": _("How disagreement is recorded"),
        }
        help_texts = {
            "area": _("Finish the sentence “Decisions about …”, for example “the budget”."),
            "who_name": _("Only for a named group or a partner organisation."),
            "fallback": _("What happens when the group cannot agree the first way."),
        }
        widgets = {"area": forms.TextInput(attrs={"list": "decision-areas"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fallback"].choices = [("", _("No fall-back")), *DecisionMethod.choices]

    def clean(self) -> dict:
        data = super().clean()
        who, method, fallback = data.get("who"), data.get("method"), data.get("fallback")
        percentage = data.get("percentage")
        if who in (DecisionRule.Who.NAMED_GROUP, DecisionRule.Who.PARTNER):
            if not data.get("who_name", "").strip():
                self.add_error("who_name", _("Give the name of the group or organisation."))
        else:
            data["who_name"] = ""
        uses_majority = DecisionMethod.SUPERMAJORITY in (method, fallback)
        if percentage is not None and not 51 <= percentage <= 100:
            self.add_error("percentage", _("The majority must be between 51% and 100%."))
        elif uses_majority and percentage is None:
            self.add_error("percentage", _("Give the majority needed, from 51% to 100%."))
        elif percentage is not None and not uses_majority:
            self.add_error(
                "percentage",
                _("Leave the majority blank unless the group decides by a set majority."),
            )
        if method and fallback == method:
            self.add_error("fallback", _("The fall-back must be different from how they decide."))
        return data


class GroundRuleForm(ModelForm):
    class Meta:
        model = GroundRule
        fields = ["text"]
        labels = {"text": _("Ground rule")}


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.user.display_name


class CommunicationItemForm(VersionedModelForm):
    formats = forms.MultipleChoiceField(
        label=_("Accessible formats"),
        help_text=_("Tick every format this needs to be available in."),
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = CommunicationItem
        fields = ["audience", "purpose", "channel", "formats", "frequency", "owner", "next_due"]
        labels = {
            "audience": _("Who it is for"),
            "purpose": _("What it is for, or what it says"),
            "channel": _("How it reaches them"),
            "frequency": _("How often"),
            "owner": _("Who sends it"),
            "next_due": _("Next due"),
        }
        help_texts = {"audience": _("For example “all members” or “residents of Market Street”.")}
        widgets = {"purpose": forms.Textarea(attrs={"rows": 2}), "next_due": DateInput()}
        field_classes = {"owner": OwnerChoiceField, "next_due": DateField}

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = project.memberships.select_related("user").order_by("user__email")
        owner.required = True
        owner.empty_label = _("Choose a member")
