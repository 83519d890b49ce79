from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .models import User


class FormRenderer(TemplatesSetting):
    """Every form renders with an error summary and GOV.UK-style field groups."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        help_text=_("How other members will see you. You can leave this blank."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    class Meta:
        model = User
        fields = ["email", "name"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this email address already exists. Log in instead.")
            )
        return email


class LoginForm(AuthenticationForm):
    """Django's login form, also refusing an address longer than any account can have.

    Django sets the field's ``max_length`` only after building it, so without this the
    over-long address reaches the failed-login record, whose column it does not fit.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
