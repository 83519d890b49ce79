"""Forms for meetings: scheduling, the agenda, replies, attendance, minutes and actions."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import DecisionMethod, DecisionRule
from coproduce.forms import DateField, DateInput, Form, ModelForm, VersionedModelForm
from decisions.models import Proposal, Result
from projects.models import Membership, Project

from .models import Action, AgendaItem, Arrangement, Attendance, Meeting, Reply


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.user.display_name


def members_of(project: Project):
    return project.memberships.select_related("user").order_by("user__name", "user__email")


TIME_FORMAT = "%H:%M"


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format=TIME_FORMAT)


class MeetingForm(VersionedModelForm):
    """A meeting: its day and times in the project's time zone; never ends before it starts,
    and a new (or moved) meeting is never in the past."""

    day = DateField(label=_("Date"))
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    arrangements = forms.MultipleChoiceField(
        label=_("What the meeting offers"),
        help_text=_("Tick everything you will provide so that everyone can take part."),
        choices=Arrangement.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Meeting
        fields = ["title", "place", "directions", "link", "arrangements", "chair", "note_taker"]
        help_texts = {
            "place": _("Leave it empty for a meeting only online."),
            "directions": _("How to get there, and what the building is like inside."),
            "link": _("The video call's address, if people can join online."),
        }
        widgets = {
            "place": forms.Textarea(attrs={"rows": 2}),
            "directions": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"chair": MemberChoiceField, "note_taker": MemberChoiceField}

    link = forms.URLField(
        label=_("Online link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("The video call's address, if people can join online."),
    )

    field_order = ["title", "day", "start_time", "end_time"]

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        for name in ("chair", "note_taker"):
            self.fields[name].queryset = members_of(project)
            self.fields[name].empty_label = _("Nobody yet")
        if self.instance.pk:
            start, end = self.instance.local_start, self.instance.local_end
            self.initial.setdefault("day", start.date())
            self.initial.setdefault("start_time", start.time().replace(second=0, microsecond=0))
            self.initial.setdefault("end_time", end.time().replace(second=0, microsecond=0))

    def clean(self) -> dict:
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day is None or start is None or end is None:
            return data
        zone = self.project.zone
        starts_at = datetime.datetime.combine(day, start, tzinfo=zone)
        ends_at = datetime.datetime.combine(day, end, tzinfo=zone)
        if ends_at <= starts_at:
            self.add_error("end_time", _("The meeting must end after it starts."))
        moved = not self.instance.pk or starts_at != self.instance.starts_at
        if moved and starts_at < timezone.now():
            self.add_error(
                "day", _("This is in the past. Choose a date and time that has not happened yet.")
            )
        if not data.get("place") and not data.get("link"):
            self.add_error("place", _("Give an address, an online link, or both."))
        data["starts_at"], data["ends_at"] = starts_at, ends_at
        return data

    def changes(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        return {
            **fields,
            "starts_at": self.cleaned_data["starts_at"],
            "ends_at": self.cleaned_data["ends_at"],
        }


class AgendaItemForm(ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "lead", "minutes"]
        labels = {"minutes": _("How long (minutes)")}
        field_classes = {"lead": MemberChoiceField}

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = members_of(project)
        self.fields["lead"].empty_label = _("Nobody yet")
        self.fields["minutes"].min_value = 1
        self.fields["minutes"].widget.attrs["min"] = 1


class SuggestItemForm(ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title"]
        labels = {"title": _("What should the meeting talk about?")}


class DeclineItemForm(Form):
    reason = forms.CharField(
        label=_("Why it is not on the agenda"), max_length=300, help_text=_("The member sees this.")
    )


class ReplyForm(ModelForm):
    class Meta:
        model = Reply
        fields = ["answer", "needs"]
        help_texts = {
            "needs": _(
                "For example a lift, a quiet room, large print or a break every hour. Only the "
                "facilitators see this."
            )
        }
        widgets = {"answer": forms.RadioSelect, "needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = Reply.Answer.choices


class AttendanceForm(Form):
    """Who came, one choice per member."""

    def __init__(self, *args, members: list[Membership], current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"member-{member.pk}"] = forms.ChoiceField(
                label=member.user.display_name,
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                initial=current.get(member.pk, Attendance.Status.ABSENT),
            )

    def statuses(self) -> dict[int, str]:
        return {member.pk: self.cleaned_data[f"member-{member.pk}"] for member in self.members}


class MinutesForm(Form):
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 14}), max_length=50000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CirculateForm(Form):
    days = forms.IntegerField(
        label=_("Days for corrections"),
        min_value=1,
        max_value=60,
        initial=7,
        help_text=_("Everyone who came can ask for corrections until then."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CorrectionForm(Form):
    text = forms.CharField(
        label=_("What should be corrected?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class ActionForm(VersionedModelForm):
    class Meta:
        model = Action
        fields = ["text", "owner", "due"]
        widgets = {"due": DateInput()}
        field_classes = {"owner": MemberChoiceField, "due": DateField}

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = members_of(project)
        owner.required = True
        owner.empty_label = _("Choose a member")
        owner.error_messages["required"] = _("Choose who will do it.")


class ActionDoneForm(Form):
    hours = forms.DecimalField(
        label=_("Time it took (hours)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Optional. It can be counted in the time you gave."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProposalAgendaForm(Form):
    proposal = forms.ModelChoiceField(
        label=_("Put an open proposal on the agenda"),
        queryset=Proposal.objects.none(),
        empty_label=_("Choose a proposal"),
    )

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = project.proposals.open().order_by("closes_at")


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DecisionRule) -> str:
        return obj.area


class MeetingDecisionForm(Form):
    """A decision taken at a meeting, for the decision log."""

    text = forms.CharField(
        label=_("What was decided"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    rule = RuleChoiceField(
        label=_("Decisions about"),
        queryset=DecisionRule.objects.none(),
        required=False,
        empty_label=_("Anything else"),
    )
    method = forms.ChoiceField(label=_("How it was decided"), choices=DecisionMethod.choices)
    result = forms.ChoiceField(
        label=_("The result"), choices=Result.choices, widget=forms.RadioSelect
    )
    dissent = forms.CharField(
        label=_("Disagreement recorded"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
        help_text=_("As the decision rule says disagreement is recorded."),
    )

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = project.decision_rules.all()
