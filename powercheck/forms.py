import datetime
import re
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.dates import end_of_day
from coproduce.forms import DateField, DateInput, Form

from .actions import AnswerInput
from .models import DONT_KNOW, SCALE, Answer, Checklist, Question, Section

DONT_KNOW_VALUE = "dont-know"
ANSWER_CHOICES = [(str(value), label) for value, label in SCALE] + [(DONT_KNOW_VALUE, DONT_KNOW)]
QUESTION_FIELD = re.compile(r"^q(\d+)$")


class RoundForm(Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “Spring check” or “Six months in”."),
    )
    closes_on = DateField(
        label=_("Closing date"),
        widget=DateInput(),
        help_text=_("Answers are accepted until the end of this day."),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous: nobody, including facilitators, can see who answered what"),
        help_text=_(
            "The results are shown once the round has closed, if at least 3 people answered. "
            "Everyone who can answer gets the same reminder before it closes, whether or not "
            "they have answered."
        ),
        required=False,
        initial=True,
    )

    def __init__(self, *args, zone: ZoneInfo, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone

    def clean_closes_on(self) -> datetime.date:
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate(timezone=self.zone):
            raise forms.ValidationError(_("The closing date must be today or later."))
        return closes_on

    @property
    def closes_at(self) -> datetime.datetime:
        """The end of the closing day, in the project's time zone."""
        return end_of_day(self.cleaned_data["closes_on"], self.zone)


class SectionForm(Form):
    """The statements of one section: a score (or "don't know") and a comment for each."""

    error_messages = {
        "foreign": _(
            "Some answers were for statements that are not part of this round. Nothing was saved."
        ),
        "comment_only": _(
            "Choose an answer, or “Don’t know”, for this statement so that your comment is kept."
        ),
    }

    def __init__(self, *args, questions: list[Question], answers: dict[int, Answer], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            answer = answers.get(question.pk)
            self.fields[question.field_name] = forms.ChoiceField(
                label=question.shown_text,
                choices=ANSWER_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=None if answer is None else answer_value(answer),
                error_messages={
                    "invalid_choice": _(
                        "Choose one of the answers, from “Not at all” to “Fully”, or “Don’t know”."
                    )
                },
            )
            self.fields[question.comment_field_name] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial="" if answer is None else answer.comment,
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        asked = {q.pk for q in self.questions}
        posted = {int(m[1]) for key in self.data if (m := QUESTION_FIELD.match(key))}
        if posted - asked:
            raise forms.ValidationError(self.error_messages["foreign"], code="foreign")
        for q in self.questions:
            comment = cleaned.get(q.comment_field_name, "").strip()
            if comment and not cleaned.get(q.field_name) and q.field_name not in self.errors:
                self.add_error(q.field_name, self.error_messages["comment_only"])
        return cleaned

    def statements(self) -> list[tuple[Question, forms.BoundField, forms.BoundField]]:
        return [(q, self[q.field_name], self[q.comment_field_name]) for q in self.questions]

    def answers(self) -> list[AnswerInput]:
        """The statements that were answered, as inputs for ``do_save_answers``."""
        result = []
        for q in self.questions:
            value = self.cleaned_data.get(q.field_name)
            comment = self.cleaned_data.get(q.comment_field_name, "").strip()
            if value:
                score = None if value == DONT_KNOW_VALUE else int(value)
                result.append(AnswerInput(question_id=q.pk, score=score, comment=comment))
        return result


def answer_value(answer: Answer) -> str:
    return DONT_KNOW_VALUE if answer.score is None else str(answer.score)


class ReflectionsForm(Form):
    helped = forms.CharField(
        label=_("What has helped co-production in this project so far?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    hindered = forms.CharField(
        label=_("What has got in the way?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class StatementForm(Form):
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the four sections.")},
    )
    text = forms.CharField(
        label=_("Statement"),
        max_length=300,
        help_text=_("Something people can agree with from “Not at all” to “Fully”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(checklist=Checklist.default())


class SuggestionForm(Form):
    suggestion = forms.ChoiceField(
        error_messages={
            "invalid_choice": _("That is not one of the suggested actions for this round.")
        }
    )

    def __init__(self, *args, suggestions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggestion"].choices = [(text, text) for text in suggestions]
