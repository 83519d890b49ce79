"""Forms for proposing, responding, commenting, revising and deciding."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.choices import Channel, Frequency
from agreements.forms import DecisionRuleForm
from agreements.models import DecisionRule
from coproduce.forms import DateField, Form
from projects.models import Project
from stakeholders.models import Category

from .engine import NEEDS_REASON, Terms
from .models import Answer, Kind, Proposal

NO_SUCH_AREA = _(
    "That decision area does not exist in this project (it may have been removed). Choose one "
    "of the areas listed."
)
NO_SUCH_THING = _("That no longer exists in this project (it may have been removed). Choose again.")
DEFAULT_DAYS = 14
# Kinds whose change is one line of text (the goal or the ground rule).
TEXT_KINDS = {Kind.NEW_GOAL, Kind.CHANGE_GOAL, Kind.NEW_GROUND_RULE, Kind.CHANGE_GROUND_RULE}
TEXT_LABELS = {
    Kind.NEW_GOAL: _("The goal"),
    Kind.CHANGE_GOAL: _("The goal as it would read"),
    Kind.NEW_GROUND_RULE: _("The ground rule"),
    Kind.CHANGE_GROUND_RULE: _("The ground rule as it would read"),
}
TARGETS = {
    Kind.CHANGE_GOAL: ("goal", _("The goal to change")),
    Kind.CHANGE_GROUND_RULE: ("ground_rule", _("The ground rule to change")),
    Kind.REMOVE_GROUND_RULE: ("ground_rule", _("The ground rule to remove")),
    Kind.CHANGE_DECISION_RULE: ("decision_rule", _("The decision rule to change")),
    Kind.CHANGE_COMMUNICATION: ("communication_item", _("The item of the plan to change")),
}


def target_choices(project: Project, name: str):
    return {
        "goal": project.goals.all(),
        "ground_rule": project.ground_rules.all(),
        "decision_rule": project.decision_rules.all(),
        "communication_item": project.communication_items.open(),
    }[name]


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, rule: DecisionRule) -> str:
        return rule.area


class ProposalForm(Form):
    """A proposal of one kind: what it changes, the decision area it falls under, a deadline."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    background = forms.CharField(
        label=_("Background"),
        help_text=_("Why you propose it, and anything members should know before they respond."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    rule = RuleChoiceField(
        label=_("Decisions about"),
        queryset=DecisionRule.objects.none(),
        required=False,
        empty_label=_("Anything no other rule covers"),
        help_text=_("The decision rule of this area says who decides and how."),
        error_messages={"invalid_choice": NO_SUCH_AREA},
    )
    closes_on = DateField(
        label=_("Members can respond until the end of"),
        help_text=_("A date, today or later."),
    )

    def __init__(self, *args, project: Project, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.project, self.kind = project, kind
        self.fields["rule"].queryset = project.decision_rules.all()
        self.fields["closes_on"].initial = timezone.localdate(
            timezone=project.zone
        ) + datetime.timedelta(days=DEFAULT_DAYS)
        fields = {}
        if kind in TARGETS:
            name, label = TARGETS[kind]
            fields[name] = forms.ModelChoiceField(
                label=label,
                queryset=target_choices(project, name),
                error_messages={"invalid_choice": NO_SUCH_THING},
            )
        if kind in TEXT_KINDS:
            fields["text"] = forms.CharField(label=TEXT_LABELS[kind], max_length=300)
        if kind in (Kind.NEW_GOAL, Kind.CHANGE_GOAL):
            fields["measure"] = forms.CharField(
                label=_("How we will know"), max_length=300, required=False
            )
        if kind == Kind.CHANGE_COMMUNICATION:
            fields["audience"] = forms.CharField(label=_("Who it is for"), max_length=200)
            fields["purpose"] = forms.CharField(label=_("What it is for or says"), max_length=500)
            fields["channel"] = forms.ChoiceField(label=_("How it reaches them"), choices=Channel)
            fields["frequency"] = forms.ChoiceField(label=_("How often"), choices=Frequency)
        if kind == Kind.INVITE:
            fields["name"] = forms.CharField(label=_("Name"), max_length=200)
            fields["organisation"] = forms.CharField(
                label=_("Organisation"), max_length=200, required=False
            )
            fields["is_organisation"] = forms.BooleanField(
                label=_("This is an organisation or group, not one person"), required=False
            )
            fields["category"] = forms.ChoiceField(label=_("Category"), choices=Category)
            fields["email"] = forms.EmailField(
                label=_("Email address"),
                required=False,
                help_text=_("If you give one, they are invited once the group agrees."),
            )
        if kind == Kind.FREE:
            self.fields["title"].required = True
            self.fields["title"].label = _("What should the group decide?")
            self.fields["background"].required = True
        self.fields = {**fields, **self.fields}

    def clean_closes_on(self) -> datetime.date:
        day = self.cleaned_data["closes_on"]
        if day < timezone.localdate(timezone=self.project.zone):
            raise forms.ValidationError(_("Choose a deadline that is today or later."))
        return day

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("title"):
            derived = self.derived_title(data)
            if derived:
                data["title"] = str(derived)[:200]
            elif not self.errors:
                self.add_error("title", _("Give the proposal a title."))
        return data

    def derived_title(self, data: dict) -> str:
        """A title from what the proposal changes, when none was typed."""
        if self.kind == Kind.REMOVE_GROUND_RULE and data.get("ground_rule"):
            return _("Remove the ground rule “%(text)s”") % {"text": data["ground_rule"]}
        if self.kind == Kind.INVITE and data.get("name"):
            return _("Invite %(name)s") % {"name": data["name"]}
        if self.kind == Kind.CHANGE_COMMUNICATION and data.get("communication_item"):
            return _("Change “%(item)s” in the communication plan") % {
                "item": data["communication_item"].purpose
            }
        if self.kind == Kind.CHANGE_DECISION_RULE and data.get("decision_rule"):
            return _("Change how decisions about %(area)s are made") % {
                "area": data["decision_rule"].area_words
            }
        return data.get("text", "")

    def proposal_fields(self) -> dict:
        """Keyword arguments for ``do_propose`` (without the decision rule change)."""
        data = self.cleaned_data
        change = {
            name: data[name]
            for name in (
                *("text", "measure", "audience", "purpose", "channel", "frequency"),
                *("name", "organisation", "is_organisation", "category", "email"),
            )
            if name in data
        }
        targets = {name: data[name] for name, _label in TARGETS.values() if name in data}
        return {
            "kind": self.kind,
            "title": data["title"],
            "background": data["background"],
            "rule": data["rule"],
            "closes_on": data["closes_on"],
            "change": change,
            **targets,
        }


def rule_change_form(data=None, *, rule: DecisionRule | None) -> DecisionRuleForm:
    """How a decision rule would read after the change, checked as the rule's own form checks
    it (without its area, which stays)."""
    instance = rule or DecisionRule(area="-")
    if data is not None:
        data = data.copy()
        data["rule-area"] = instance.area
    form = DecisionRuleForm(data, prefix="rule", instance=instance)
    form.fields["area"].widget = forms.HiddenInput()
    form.fields.pop("version", None)
    return form


class ResponseForm(Form):
    answer = forms.ChoiceField(label=_("Your response"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Your reason"),
        help_text=_("Needed if you block or object, so the proposer knows what to change."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
    )

    def __init__(self, *args, terms: Terms, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = [(a, Answer(a).label) for a in terms.answers()]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("answer") in NEEDS_REASON and not data.get("reason", "").strip():
            self.add_error(
                "reason",
                _("Say why you block it, so the proposer knows what to change.")
                if data["answer"] == Answer.BLOCK
                else _("Say why you object, so the proposer knows what to change."),
            )
        return data


class CommentForm(Form):
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )


class ReviseForm(Form):
    """The proposer changes an open proposal: everyone is asked again."""

    title = forms.CharField(label=_("Title"), max_length=200)
    background = forms.CharField(
        label=_("Background"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    closes_on = DateField(label=_("Members can respond until the end of"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, proposal: Proposal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        if "text" in proposal.change:
            self.fields["text"] = forms.CharField(
                label=TEXT_LABELS.get(proposal.kind, _("The text")), max_length=300
            )

    def changed_anything(self) -> bool:
        return any(
            self.initial.get(name) != self.cleaned_data.get(name)
            for name in ("title", "background", "closes_on", "text")
            if name in self.fields
        )


class DecideForm(Form):
    result = forms.TypedChoiceField(
        label=_("What was decided"),
        choices=[("adopted", _("Adopted")), ("rejected", _("Not adopted"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("The reason for the decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )


class LogFilterForm(Form):
    area = forms.ChoiceField(label=_("Decisions about"), required=False)

    def __init__(self, *args, areas: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Every area")), *[(a, a) for a in areas]]
        self.fields["area"].error_messages["invalid_choice"] = NO_SUCH_AREA


class SettingsForm(Form):
    responses_private = forms.BooleanField(
        label=_("Show members only how many responded each way, never who"), required=False
    )
