"""Checking imported rows exactly as ``StakeholderRowForm`` does, fast enough for a file of
five thousand: one form's fields check every row, rather than a new form (a deep copy of
every field, bound fields, the model's own checks) for each."""

from django import forms
from django.forms.utils import ErrorDict

from coproduce.forms import is_single_line, refuse_line_breaks

from .forms import StakeholderRowForm


class RowChecker:
    """``check(data)`` gives what ``StakeholderRowForm(data)`` would: the fields of a valid
    row ready for the model (``stakeholder_fields()``), or its errors, field by field, in the
    same order and words."""

    def __init__(self) -> None:
        self.form = StakeholderRowForm()
        for field in self.form.fields.values():
            if is_single_line(field) and refuse_line_breaks not in field.validators:
                field.validators.append(refuse_line_breaks)
            if isinstance(field, forms.ChoiceField):
                # The same answer as ChoiceField.valid_value (the choices here are flat), from
                # a set made once rather than by walking the translated choices each time.
                field.valid_value = frozenset(
                    str(key) for key, _label in field.choices
                ).__contains__

    def check(self, data: dict) -> tuple[dict | None, dict[str, list[str]]]:
        form = self.form
        cleaned: dict = {}
        errors: dict[str, list[str]] = {}
        form.cleaned_data = cleaned
        for name, field in form.fields.items():
            try:
                value = field.clean(field.widget.value_from_datadict(data, {}, name))
                cleaned[name] = value
                method = getattr(form, f"clean_{name}", None)
                if method is not None:
                    cleaned[name] = method()
            except forms.ValidationError as error:
                cleaned.pop(name, None)
                errors[name] = list(error.messages)
        form._errors = ErrorDict()
        try:
            form.clean()
        except forms.ValidationError as error:
            errors.setdefault("__all__", []).extend(error.messages)
        for name, messages in form._errors.items():
            errors.setdefault(name, []).extend(messages)
        if errors:
            return None, errors
        return form.stakeholder_fields(), {}
