from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.forms import DateField, Form, ModelForm
from projects.parts import Evidence

from .evidence import evidence_key
from .models import Assessment
from .standards import RATINGS, STANDARD_LIST, Standard

NOT_RATED = [("", _("Not rated yet"))]


def rating_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=NOT_RATED + [(str(value), label) for value, label in RATINGS],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class AssessmentForm(ModelForm):
    due_on = DateField(
        label=_("To be done by"),
        required=False,
        help_text=Assessment._meta.get_field("due_on").help_text,
    )

    class Meta:
        model = Assessment
        fields = ["title", "stage", "due_on"]
        labels = {"title": _("Name"), "stage": _("When in the project")}
        help_texts = {"title": _("For example “At the start, spring 2027”.")}


class EntryForm(Form):
    """The project's answer for one standard."""

    rating = rating_field(_("How are we doing?"))
    going_well = forms.CharField(
        label=_("What is going well"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    to_improve = forms.CharField(
        label=_("What to improve"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Each thing to improve can become one of the project’s goals in one click."),
    )
    evidence = forms.MultipleChoiceField(
        label=_("Evidence held in the project"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What shows how the project is doing on this standard."),
    )

    def __init__(
        self, *args, standard: Standard, evidence: list[Evidence], chosen=(), **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        # Not the self-assessments themselves: an answer points to the record, not to answers.
        evidence = [e for e in evidence if not e.kind.startswith("assessment")]
        relevant = [e for e in evidence if standard.key in e.standards]
        relevant += [e for e in evidence if e not in relevant and evidence_key(e) in chosen]
        choices = [(evidence_key(e), f"{e.title}: {e.summary}") for e in relevant]
        # Kept when the row it pointed to has gone, so that saving unchanged loses nothing.
        known = {key for key, _label in choices}
        choices += [
            (key, _("Something no longer held (%(key)s)") % {"key": key})
            for key in chosen
            if key not in known
        ]
        self.fields["evidence"].choices = choices


class ViewForm(Form):
    """A member's own view: a rating and a comment for each standard."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for standard in STANDARD_LIST:
            self.fields[f"{standard.key}_rating"] = rating_field(
                _("%(number)s. %(title)s: how are we doing?")
                % {"number": standard.number, "title": standard.title}
            )
            self.fields[f"{standard.key}_comment"] = forms.CharField(
                label=_("Anything you want to say about %(title)s") % {"title": standard.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def ratings(self) -> dict[str, tuple[int | None, str]]:
        data = self.cleaned_data
        return {s.key: (data[f"{s.key}_rating"], data[f"{s.key}_comment"]) for s in STANDARD_LIST}

    @staticmethod
    def initial_from(view) -> dict:
        if view is None:
            return {}
        initial = {}
        for rating in view.ratings.all():
            initial[f"{rating.standard}_rating"] = (
                "" if rating.rating is None else str(rating.rating)
            )
            initial[f"{rating.standard}_comment"] = rating.comment
        return initial


class ReportItemForm(Form):
    text = forms.CharField(
        label=_("Text of this item"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Saving keeps this as a new version; every earlier version stays below."),
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput)


class ReportFormForm(Form):
    long_form = forms.BooleanField(
        label=_("Use the GRIPP2 long form"),
        required=False,
        help_text=_("For projects where involvement is the main focus of what is reported."),
    )
