import datetime
import functools
import re

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from coproduce.forms import DATE_RANGE_MESSAGE, EARLIEST_DATE, LATEST_DATE, Form, ModelForm
from projects.models import Role

from .models import Category, Invitation, Stakeholder


def kept_or_now(ticked: bool, recorded: datetime.datetime | None) -> datetime.datetime | None:
    """When a consent was recorded: kept if it already was, now if newly ticked."""
    if not ticked:
        return None
    return recorded or timezone.now()


# Each step of the 1–5 scales says what it means, so that the choices read on their own (on a
# phone they wrap onto lines of their own).
SCALE_CHOICES = [
    ("", _("Not rated yet")),
    (1, _("1 – very little")),
    (2, _("2 – a little")),
    (3, _("3 – some")),
    (4, _("4 – a lot")),
    (5, _("5 – a great deal")),
]


def scale_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "scale-choice"}),
        help_text=_("Leave it as “Not rated yet” until you know: they are not placed on the grid."),
    )


class StakeholderForm(ModelForm):
    power = scale_field(_("How much power or influence do they have?"))
    interest = scale_field(_("How interested are they in the project?"))
    consent_recorded = forms.BooleanField(
        label=_("They have agreed to be on the map"),
        required=False,
        help_text=_("Tick when you have recorded their consent. The date is kept."),
    )
    agreed_to_be_named = forms.BooleanField(
        label=_("They have agreed to be named to members and in the charter"),
        required=False,
        help_text=_(
            "Without this, participants, observers and the charter see them only in counts. "
            "The date is kept. Organisations and groups are named without it."
        ),
    )

    class Meta:
        model = Stakeholder
        fields = [
            "name",
            "organisation",
            "is_organisation",
            "email",
            "category",
            "power",
            "interest",
            "seldom_heard",
            "current_involvement",
            "intended_involvement",
            "access_needs",
            "notes",
        ]
        labels = {
            "name": _("Name of the person or group"),
            "email": _("Email address"),
            "seldom_heard": _("Seldom heard: they rarely take part in consultations"),
            "current_involvement": _("How involved are they now?"),
            "intended_involvement": _("How involved do we want them to be?"),
            "access_needs": _("Access needs"),
            "is_organisation": _("This is an organisation or group, not one person"),
        }
        help_texts = {
            "email": _("Needed to invite them to join the project."),
            "access_needs": _(
                "For example a hearing loop, step-free access or papers in easy read. "
                "Only facilitators can see this, and the person in their own data download."
            ),
            "notes": _(
                "Only facilitators can see these, and the person in their own data download."
            ),
            "is_organisation": _(
                "Organisations and groups are shown by name to members and in the charter."
            ),
        }
        widgets = {
            "access_needs": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        if self.instance.pk:
            self.initial.setdefault("consent_recorded", bool(self.instance.consent_recorded_at))
            self.initial.setdefault("agreed_to_be_named", bool(self.instance.named_consent_at))

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_consent_recorded(self) -> datetime.datetime | None:
        return kept_or_now(self.cleaned_data["consent_recorded"], self.instance.consent_recorded_at)

    def clean_agreed_to_be_named(self) -> datetime.datetime | None:
        return kept_or_now(self.cleaned_data["agreed_to_be_named"], self.instance.named_consent_at)

    def clean(self) -> dict:
        cleaned = super().clean()
        sensitive = cleaned.get("access_needs") or cleaned.get("notes")
        if sensitive and not cleaned.get("consent_recorded") and "consent_recorded" in cleaned:
            self.add_error(
                "consent_recorded",
                _(
                    "Access needs and notes about a person are kept only with their consent: "
                    "tick this once they have agreed, or leave those boxes empty."
                ),
            )
        return cleaned

    def stakeholder_fields(self) -> dict:
        """The cleaned values as model field names, ready for an action."""
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        fields["consent_recorded_at"] = self.cleaned_data["consent_recorded"]
        fields["named_consent_at"] = self.cleaned_data["agreed_to_be_named"]
        return fields


class StakeholderRowForm(StakeholderForm):
    """One imported CSV row: each consent is a date, "yes" or blank rather than a tick box."""

    consent_recorded = forms.CharField(required=False)
    agreed_to_be_named = forms.CharField(required=False)

    def _post_clean(self) -> None:
        # The model's check constraints (power and interest from 1 to 5) are the fields' own
        # choices here; checking them again in the database would cost two queries a row,
        # ten thousand for a file of five thousand.
        self.instance.full_clean = functools.partial(
            self.instance.full_clean, validate_constraints=False
        )
        try:
            super()._post_clean()
        finally:
            del self.instance.full_clean

    def clean_consent_recorded(self) -> datetime.datetime | None:
        return parse_consent(self.cleaned_data["consent_recorded"])

    def clean_agreed_to_be_named(self) -> datetime.datetime | None:
        return parse_consent(self.cleaned_data["agreed_to_be_named"])


UK_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


def parse_uk_date(value: str) -> datetime.date | None:
    """A day-first date as UK spreadsheets write it (12/05/2025 is 12 May), or None; a time
    after it, as Excel adds, is left out. Raises ValueError for a day that does not exist."""
    match = UK_DATE.match(value.strip())
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    return datetime.date(year, month, day)


def parse_consent(value: str) -> datetime.datetime | None:
    """A consent column of the CSV: a date or a moment, "yes" (now), or blank and "no"."""
    value = value.strip().lower()
    if value in ("", "no", "n", "false", "0"):
        return None
    if value in ("yes", "y", "true", "1"):
        return timezone.now()
    try:
        day = parse_date(value) or parse_uk_date(value)
        # A bare date means midday, so that it stays the same day in any time zone nearby.
        moment = datetime.datetime.combine(day, datetime.time(12)) if day else parse_datetime(value)
    except ValueError:  # written like a date but not one, such as 2025-02-30
        moment = None
    if moment is None:
        raise forms.ValidationError(
            _("Write a date such as 31/03/2025 or 2025-03-31, “yes”, or leave it blank.")
        )
    # Near the ends of the calendar the time in UTC can fall outside what can be read back.
    if not EARLIEST_DATE <= moment.date() <= LATEST_DATE:
        raise forms.ValidationError(DATE_RANGE_MESSAGE)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class CategoryFilterForm(Form):
    category = forms.ChoiceField(
        label=_("Show"),
        choices=[("", _("Every category")), *Category.choices],
        required=False,
    )


class InvitationForm(Form):
    role = forms.ChoiceField(
        label=_("Invite them as"),
        choices=Invitation.ROLES,
        initial=Role.PARTICIPANT,
        widget=forms.RadioSelect,
        help_text=_(
            "Participants take part: they answer the power checklist and agree to ground "
            "rules. Observers can read the project but not change it."
        ),
    )
    message = forms.CharField(
        label=_("A personal message (optional)"),
        help_text=_(
            "Added to the invitation email above the link. Replies to the email come to you."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ImportForm(Form):
    file = forms.FileField(
        label=_("Spreadsheet file"),
        help_text=_(
            "An Excel or LibreOffice workbook (.xlsx), or a CSV file with commas, semicolons "
            "or tabs between the columns, at most 5 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values"}
        ),
    )
    sheet = forms.CharField(
        label=_("Which sheet of the workbook (optional)"),
        help_text=_("Leave blank to read the first sheet. CSV files have only one."),
        required=False,
        max_length=100,
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Split it into parts."))
        return upload


class ImportConfirmForm(Form):
    SKIP, UPDATE = "skip", "update"
    on_map = forms.ChoiceField(
        label=_("People already on the map"),
        choices=[
            (SKIP, _("Skip them: leave them as they are on the map")),
            (UPDATE, _("Update them with the details in the file")),
        ],
        initial=SKIP,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Only the file's columns are changed. Rows repeating an earlier row of the file "
            "are always skipped."
        ),
    )


class EraseStakeholderForm(Form):
    remove_member = forms.BooleanField(
        label=_("Also remove them from the project"),
        help_text=_(
            "They will no longer see the project. Their power-check answers stay in the "
            "scores, no longer linked to them."
        ),
        required=False,
    )
