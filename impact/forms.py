"""Forms for what members put in and what changed because of it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.forms import DateField, DateInput, Form, ModelForm, VersionedModelForm
from decisions.models import Proposal
from meetings.forms import MemberChoiceField, members_of
from projects.models import Project

from .models import Contribution, ImpactEntry


class ContributionForm(ModelForm):
    """A contribution typed in, or a power check comment chosen from those shown."""

    power_comment = forms.ChoiceField(
        label=_("Or choose a comment from the power check"),
        required=False,
        help_text=_("Comments are shown as on the results page; nobody is named."),
    )

    proposal = forms.ModelChoiceField(
        label=_("Or choose a proposal"),
        queryset=Proposal.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("Proposals are made under their proposer's name."),
    )

    class Meta:
        model = Contribution
        fields = ["kind", "text", "member", "consent", "meeting"]
        labels = {"meeting": _("Raised at the meeting")}
        help_texts = {
            "member": _("Leave it empty to record it without a name."),
            "consent": _("Tick only if they said they are happy to be named."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"member": MemberChoiceField}

    def __init__(self, *args, project: Project, comments: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.comments = dict(comments)
        self.fields["power_comment"].choices = [("", _("None"))] + [
            (source, text[:120]) for source, text in comments
        ]
        self.fields["member"].queryset = members_of(project)
        self.fields["member"].empty_label = _("Nobody named")
        self.fields["meeting"].queryset = project.meetings.order_by("-starts_at")
        self.fields["meeting"].empty_label = _("Not from a meeting")
        self.fields["text"].required = False
        self.fields["proposal"].queryset = project.proposals.select_related("proposed_by").order_by(
            "-created_at"
        )
        self.project = project

    def clean(self) -> dict:
        data = super().clean()
        source = data.get("power_comment")
        proposal = data.get("proposal")
        if proposal is not None:
            source = f"decisions.proposal:{proposal.pk}"
            data["kind"], data["text"] = Contribution.Kind.PROPOSAL, proposal.title
            data["member"] = self.project.memberships.filter(user=proposal.proposed_by).first()
            data["consent"] = data["member"] is not None
        elif source:
            data["kind"] = Contribution.Kind.POWER_COMMENT
            data["text"] = self.comments[source]
            data["member"], data["consent"] = None, False
        elif not data.get("text"):
            self.add_error("text", _("Write what was said or suggested, or choose a comment."))
        point = data.get("kind") == Contribution.Kind.MEETING_POINT
        if data.get("member") and point and not data.get("consent"):
            self.add_error(
                "consent",
                _(
                    "A point from a meeting is named only with consent. Tick the box, or "
                    "leave the name empty."
                ),
            )
        if not data.get("member"):
            data["consent"] = False
        data["source"] = source or ""
        return data

    def changes(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in [*self._meta.fields, "source"]}


class OutcomeForm(Form):
    outcome = forms.ChoiceField(
        label=_("What happened"), choices=Contribution.Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Why it was not taken forward"), max_length=500, required=False
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("outcome") == Contribution.Outcome.NOT_TAKEN and not data.get("reason"):
            self.add_error("reason", _("Say why, so that the member knows."))
        return data


class ContributionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Contribution) -> str:
        return obj.text[:120]


class ImpactEntryForm(VersionedModelForm):
    link = forms.URLField(
        label=_("Link to the evidence"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = ImpactEntry
        fields = ["what_changed", "for_whom", "changed_on", "evidence", "link", "contributions"]
        help_texts = {
            "for_whom": _("For example “wheelchair users crossing Market Street”."),
            "contributions": _("Tick what members said or did that led to it."),
        }
        widgets = {
            "what_changed": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "changed_on": DateInput(),
            "contributions": forms.CheckboxSelectMultiple,
        }
        field_classes = {"changed_on": DateField, "contributions": ContributionChoiceField}

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contributions"].queryset = project.contributions.order_by("-created_at")


class DigestForm(Form):
    enabled = forms.BooleanField(required=False)
