from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coproduce.forms import DateField, Form, ModelForm
from projects.models import Membership, Project
from projects.parts import member_name

from .logos import MAX_BYTES, check_size, clean_logo
from .models import Partner


class MemberChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, membership: Membership) -> str:
        return str(member_name(membership.user))


class OneMemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, membership: Membership) -> str:
        return str(member_name(membership.user))


class PartnerForm(ModelForm):
    website = forms.URLField(
        label=_("Website"),
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text=_("For example https://www.northbridge.gov.uk"),
    )
    upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_(
            "A PNG, JPEG or SVG file of at most 2 MB and 4000 pixels on each side. It is "
            "printed on the charter's cover."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/svg+xml"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    stakeholders = forms.ModelMultipleChoiceField(
        label=_("People and groups on the stakeholder map from this organisation"),
        help_text=_("Those the map says are from it, by the organisation's name."),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members = MemberChoice(
        label=_("Members from this organisation"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["name", "kind", "website", "upload", "logo_alt", "remove_logo"]

    class Meta:
        model = Partner
        fields = ["name", "kind", "website", "logo_alt"]
        help_texts = {
            "logo_alt": _(
                "For people who cannot see it, in the page and the PDF: usually the "
                "organisation's name as the logo shows it."
            ),
        }

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = project.memberships.select_related("user")
        if self.instance.pk:
            # Those from the organisation by what the map says of them, and those linked: a
            # map of a thousand is not a list to tick through.
            name = self.instance.name
            self.fields["stakeholders"].queryset = project.stakeholders.filter(
                Q(organisation__iexact=name) | Q(name__iexact=name) | Q(partners=self.instance)
            ).distinct()
            self.initial.setdefault("stakeholders", list(self.instance.stakeholders.all()))
            self.initial.setdefault("members", list(self.instance.members.all()))
        else:
            del self.fields["stakeholders"]
        if not self.instance.logo:
            del self.fields["remove_logo"]
        self.logo = None

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        check_size(upload.size)  # before reading it: a 20 MB file is refused unread
        self.logo = clean_logo(upload.read(MAX_BYTES + 1))
        return upload

    def clean(self):
        cleaned = super().clean()
        has_logo = self.logo is not None or (self.instance.logo and not cleaned.get("remove_logo"))
        if has_logo and not cleaned.get("logo_alt"):
            self.add_error(
                "logo_alt",
                _("Describe the logo for people who cannot see it, such as the name it shows."),
            )
        return cleaned

    def changes(self) -> dict:
        """The fields, logo and links, as keyword arguments for the add or update action."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["logo"] = self.logo
        if "stakeholders" in self.fields:
            data["stakeholders"] = list(self.cleaned_data["stakeholders"])
        data["members"] = list(self.cleaned_data["members"])
        return data


class SignatoryForm(Form):
    membership = OneMemberChoice(
        label=_("A member of the project"), queryset=None, required=False, empty_label="—"
    )
    name = forms.CharField(label=_("Or their name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("and their email address"),
        required=False,
        help_text=_(
            "They are invited to join the project as an observer, and sign once they have."
        ),
    )
    role = forms.CharField(
        label=_("Their role in the organisation"),
        max_length=200,
        required=False,
        help_text=_("For example Director of Public Health"),
    )

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = project.memberships.select_related("user")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("membership") is None:
            if not cleaned.get("email") and "email" not in self.errors:
                raise ValidationError(
                    _("Choose a member, or give the name and email address of who signs.")
                )
            if cleaned.get("email") and not cleaned.get("name"):
                self.add_error("name", _("Give the name of who signs."))
        return cleaned


class SendForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SignForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Your name"), max_length=200)
    role = forms.CharField(label=_("Your role"), max_length=200)
    organisation = forms.CharField(label=_("Organisation you sign for"), max_length=200)
    signed_on = DateField(label=_("Date"))
    statement = forms.CharField(
        label=_("What you sign for"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say in your own words, if you wish, what your organisation agrees to."),
    )


class DeclineForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why you are not signing this version"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The facilitators see this, so that they can change the charter or talk to you."
        ),
    )
