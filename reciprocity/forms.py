from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.forms import DateField, Form, ModelForm, VersionedModelForm

from .choices import Activity, Expense, Method, Return
from .models import Contributor, Policy, Rate
from .receipts import check_receipt

CURRENCIES = [("GBP", _("Pounds sterling (£)")), ("EUR", _("Euros (€)"))]


def money_field(label, *, minimum: str, message) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=10,
        decimal_places=2,
        min_value=Decimal(minimum),
        max_value=Decimal("99999.99"),
        error_messages={
            "min_value": message,
            "max_value": _("Enter an amount under 100,000."),
            "invalid": _("Enter an amount in numbers, like 12.50."),
            "max_decimal_places": _("Enter the amount to the penny, like 12.50."),
            "max_digits": _("Enter an amount under 100,000."),
            "required": _("Enter the amount."),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def ticks(label, choices, help_text="") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class PolicyForm(VersionedModelForm):
    methods = ticks(_("How people can be paid"), Method)
    expenses = ticks(_("Expenses covered"), Expense)
    returns = ticks(_("What else people get back"), Return)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES)
    source_url = forms.URLField(
        label=_("Where the guidance is published"), required=False, assume_scheme="https"
    )
    source_effective = DateField(label=_("Date of that version"), required=False)

    class Meta:
        model = Policy
        fields = [
            *("currency", "methods", "expenses", "returns", "how_to_claim"),
            *("respond_within_days", "pay_within_days"),
            *("source_title", "source_url", "source_version", "source_effective"),
        ]
        labels = {
            "respond_within_days": _(
                "Days within which a facilitator approves or asks about a claim"
            ),
            "pay_within_days": _("Days within which an approved claim is paid"),
        }
        help_texts = {
            "how_to_claim": _("What contributors need to do, in plain words."),
            "source_title": _("If the policy follows published guidance, its title."),
        }
        widgets = {"how_to_claim": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        for name in ("respond_within_days", "pay_within_days"):
            if data.get(name) is not None and data[name] > 365:
                self.add_error(name, _("Enter a number of days up to 365."))
        return data


class RateForm(ModelForm):
    amount = money_field(
        _("Amount"), minimum="0", message=_("Enter an amount of 0 or more, not a negative one.")
    )
    effective_from = DateField(
        label=_("Applies to work from"),
        help_text=_("Work done before this date keeps the rate it had."),
    )

    class Meta:
        model = Rate
        fields = ["activity", "unit", "amount", "effective_from", "source"]
        help_texts = {
            "source": _("Where the figure comes from, such as the guidance and its version.")
        }


class ChoiceForm(Form):
    choice = forms.ChoiceField(
        label=_("What would you like?"),
        choices=[c for c in Contributor.Choice.choices if c[0] != Contributor.Choice.UNDECIDED],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you want to be paid.")},
    )
    method = forms.ChoiceField(label=_("How would you like to be paid?"), required=False)
    read_note = forms.BooleanField(
        label=_("I have read the note about benefits above"),
        error_messages={"required": _("Tick the box to say you have read the note on benefits.")},
    )

    def __init__(self, *args, methods: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        known = dict(Method.choices)
        offered = [m for m in methods if m in known] or list(known)
        self.fields["method"].choices = [("", _("Choose one"))] + [(m, known[m]) for m in offered]
        self.fields["method"].needed_for = _("needed if you want to be paid")

    def clean(self):
        data = super().clean()
        if data.get("choice") == Contributor.Choice.PAID and not data.get("method"):
            self.add_error("method", _("Choose how you would like to be paid."))
        return data


class EligibilityForm(VersionedModelForm):
    class Meta:
        model = Contributor
        fields = ["not_eligible", "not_eligible_reason"]
        help_texts = {
            "not_eligible": _(
                "People paid a salary by a public-sector body for this work are not usually "
                "paid again for their time. Their expenses can still be covered."
            )
        }


class TimeForm(Form):
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices)
    date = DateField(label=_("Date"))
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.25"),
        max_value=Decimal("24"),
        help_text=_("For example 1.5 for an hour and a half."),
        error_messages={
            "min_value": _("Enter at least a quarter of an hour (0.25), not a negative number."),
            "max_value": _("Enter no more than 24 hours for one day."),
            "invalid": _("Enter the hours as a number, like 1.5."),
            "max_decimal_places": _("Enter the hours to two decimal places at most."),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    description = forms.CharField(label=_("What you did"), max_length=300)


class ReceiptField(forms.FileField):
    def __init__(self, **kwargs) -> None:
        super().__init__(
            help_text=_("A photo (JPEG or PNG) or a PDF, up to 10 MB."),
            widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
            **kwargs,
        )

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            upload.sniffed_type = check_receipt(upload)
        return upload


class ClaimForm(Form):
    kind = forms.ChoiceField(label=_("What was it for?"))
    description = forms.CharField(label=_("Description"), max_length=300)
    spent_on = DateField(label=_("Date of the expense"))
    amount = money_field(
        _("Amount"), minimum="0.01", message=_("Enter an amount more than 0, not a negative one.")
    )
    receipt = ReceiptField(
        label=_("Receipt"), error_messages={"required": _("Choose a photo or PDF of the receipt.")}
    )

    def __init__(self, *args, covered: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        known = dict(Expense.choices)
        self.fields["kind"].choices = [(k, known[k]) for k in covered or Expense.values]


class QuestionForm(Form):
    question = forms.CharField(
        label=_("What do you need to know?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    receipt = ReceiptField(label=_("A new receipt"), required=False)


class RecognitionForm(VersionedModelForm):
    class Meta:
        model = Contributor
        fields = ["recognition_note"]
        labels = {"recognition_note": _("What you would like to add about them")}
        help_texts = {
            "recognition_note": _(
                "A few sentences for the certificate and reference letter. They see it and "
                "approve it before either can be downloaded."
            )
        }
        widgets = {"recognition_note": forms.Textarea(attrs={"rows": 5})}
