"""Forms for agreeing at the outset: principles, decision rules, ground rules, communication."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.forms import DateField, DateInput, Form, ModelForm, VersionedModelForm
from projects.models import Membership, Project

from .choices import FALLBACK_CHOICES, Decider
from .models import (
    CommunicationItem,
    DecisionMethod,
    DecisionRule,
    Definition,
    Format,
    GroundRule,
    Principle,
)
from .wording import area_phrase, method_phrase


def agreement_needed(method: str, percentage: int | None) -> int:
    """How much agreement a way of deciding needs: a majority of 100% is a unanimous vote."""
    if method == DecisionMethod.SUPERMAJORITY and percentage == 100:
        method = DecisionMethod.UNANIMITY
    return DecisionMethod(method).needs_agreement


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
    """A decision rule; refuses the combinations that cannot be a rule (see ``clean``)."""

    percentage = forms.IntegerField(
        label=_("Majority needed, as a percentage"),
        help_text=_(
            "For a set majority, as the way they decide or as the fall-back: a whole number "
            "from 51 to 100, such as 67 for two-thirds."
        ),
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
            "who": _(
                "When one person or a few decide after hearing from everyone, choose them here "
                "(for example the project lead) and “After asking everyone” below."
            ),
            "who_name": _(
                "For example “the steering group” or “Northbridge City Council”. A name without "
                "“the” is written in quotation marks, so that the rule always reads correctly."
            ),
            "method": _(
                "From the way that needs the most agreement to the one that needs the least. "
                "“After asking everyone” is for a few people who decide for the group, so it "
                "cannot be how the whole group decides."
            ),
            "fallback": _(
                "What happens when they cannot decide the first way. It must need less agreement "
                "than the first way, so choose one further down the list. There is no fall-back "
                "after asking everyone: that way always ends in a decision."
            ),
        }
        widgets = {"area": forms.TextInput(attrs={"list": "decision-areas"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fallback"].choices = [("", _("No fall-back")), *FALLBACK_CHOICES]
        # Not "(optional)": each is needed in some rules, and the label says which.
        self.fields["who_name"].needed_for = _("needed for a named group or a partner organisation")
        self.fields["percentage"].needed_for = _("needed for a set majority")

    def clean(self) -> dict:
        data = super().clean()
        if self.has_error("who") or self.has_error("method"):
            return data
        who, method, fallback = data.get("who"), data.get("method"), data.get("fallback")
        if not area_phrase(data.get("area", "")) and not self.has_error("area"):
            self.add_error("area", _("Write what the decisions are about, such as “the budget”."))
        if who in Decider.named():
            if not data.get("who_name", "").strip():
                self.add_error("who_name", _("Give the name of the group or organisation."))
        else:
            data["who_name"] = ""
        self.check_method(who, method)
        percentage = None if self.has_error("percentage") else data.get("percentage")
        if fallback is not None:
            self.check_fallback(method, fallback, percentage)
        self.check_percentage(method, fallback, percentage)
        return data

    def check_method(self, who: str, method: str) -> None:
        if who == Decider.LEAD and method != DecisionMethod.LEAD:
            self.add_error(
                "method",
                _(
                    "The project lead is one person, so they cannot vote or reach a consensus: "
                    "choose “After asking everyone”."
                ),
            )
        elif who == Decider.WHOLE_GROUP and method == DecisionMethod.LEAD:
            self.add_error(
                "method",
                _(
                    "“After asking everyone” is for a few people who decide for the group. "
                    "Choose who decides after asking everyone (such as the project lead), or "
                    "another way for the whole group to decide."
                ),
            )

    def check_fallback(self, method: str, fallback: str, percentage: int | None) -> None:
        if not fallback:
            return
        if method == DecisionMethod.LEAD:
            self.add_error(
                "fallback",
                _(
                    "Deciding after asking everyone always ends in a decision, so there is no "
                    "fall-back: choose “No fall-back”."
                ),
            )
        elif fallback == method:
            self.add_error("fallback", _("The fall-back must be different from how they decide."))
        elif agreement_needed(fallback, percentage) >= agreement_needed(method, percentage):
            self.add_error(
                "fallback",
                _(
                    "If they cannot decide %(method)s, they cannot decide %(fallback)s either: "
                    "it needs at least as much agreement. Choose a fall-back further down the "
                    "list, such as a simple majority or the project lead deciding."
                )
                % {
                    "method": method_phrase(method, percentage),
                    "fallback": method_phrase(fallback, percentage),
                },
            )

    def check_percentage(self, method: str, fallback: str | None, percentage: int | None) -> None:
        if self.has_error("percentage"):
            return
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


class GroundRuleForm(ModelForm):
    class Meta:
        model = GroundRule
        fields = ["text"]
        labels = {"text": _("Ground rule")}


class GroundRuleEditForm(GroundRuleForm):
    """A ground rule's new wording, and whether it corrects the wording or changes the rule."""

    CORRECTION, CHANGE = "correction", "change"

    kind = forms.ChoiceField(
        label=_("Is this a correction or a change?"),
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, version: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.original_text = self.instance.text
        kind = self.fields["kind"]
        kind.needed_for = _("needed when you change the wording")
        kind.help_text = _(
            "A correction is for spelling, punctuation or grammar. A change makes version "
            "%(next)s: the members who agreed are emailed and asked to agree again."
        ) % {"next": version + 1}
        kind.choices = [
            (
                self.CORRECTION,
                _("A correction of wording: it means the same, and agreements stand"),
            ),
            (
                self.CHANGE,
                _("A change: it means something different, and members agree again"),
            ),
        ]

    def clean(self) -> dict:
        data = super().clean()
        text = data.get("text")
        if text is not None and text != self.original_text and not data.get("kind"):
            self.add_error(
                "kind", _("Choose whether this corrects the wording or changes the rule.")
            )
        return data

    @property
    def is_correction(self) -> bool:
        return self.cleaned_data.get("kind") == self.CORRECTION


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
