"""The shared form kit: date inputs carry ISO values, one-line boxes refuse line breaks, and
every form of the app is built on the kit."""

import datetime
import importlib
import inspect
import re

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from coproduce.forms import (
    SINGLE_LINE_MESSAGE,
    ConfirmNameForm,
    DateInput,
    SingleLineMixin,
    refuse_line_breaks,
)
from coproduce.text import one_line
from projects.forms import ProjectDetailsForm
from projects.models import Project
from tests.factories import CommunicationItemFactory

OUR_APPS = ["coproduce", "projects", "reminders", "charter", "agreements", "stakeholders"]
OUR_APPS += ["powercheck"]


def our_form_classes() -> list[type]:
    """Every form class defined in the app's own modules."""
    found = set()
    for label in OUR_APPS:
        for module_name in ("forms", "views"):
            try:
                module = importlib.import_module(f"{apps.get_app_config(label).name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                    found.add(value)
    assert len(found) > 20, "the search for forms found too few to be trusted"
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def date_values(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="date" name="([^"]+)" value="([^"]*)"', html))


def test_a_date_input_carries_an_iso_value_in_every_language():
    with translation.override("en-gb"):
        html = DateInput().render("day", datetime.date(2027, 3, 1))
    assert 'type="date"' in html and 'value="2027-03-01"' in html
    assert "01/03/2027" not in html


def test_project_details_render_their_dates_as_iso(project):
    Project.objects.filter(pk=project.pk).update(
        start_date=datetime.date(2027, 3, 1),
        end_date=datetime.date(2027, 12, 20),
        review_date=datetime.date(2027, 6, 30),
    )
    project.refresh_from_db()
    html = str(ProjectDetailsForm(instance=project, initial={"version": 1}))
    assert date_values(html) == {
        "start_date": "2027-03-01",
        "end_date": "2027-12-20",
        "review_date": "2027-06-30",
    }


def test_the_communication_item_page_shows_its_date_as_iso(as_user, project, facilitator):
    item = CommunicationItemFactory(project=project, next_due=datetime.date(2030, 1, 31))
    url = reverse("agreements-communication-update", args=[project.slug, item.pk])
    page = as_user(facilitator).get(url).content.decode()
    assert date_values(page) == {"next_due": "2030-01-31"}


@pytest.mark.parametrize("form_class", our_form_classes(), ids=lambda cls: cls.__name__)
def test_every_form_is_built_on_the_kit(form_class):
    assert issubclass(form_class, SingleLineMixin), (
        f"{form_class.__name__}: build it on coproduce.forms.Form or ModelForm"
    )
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.DateField) or getattr(field.widget, "input_type", "") == "date":
            assert isinstance(field.widget, DateInput), (
                f"{form_class.__name__}.{name}: use coproduce.forms.DateField and DateInput"
            )


@pytest.mark.parametrize("text", ["two\nlines", "two\r\nlines", "a\rb", "a\u2028b", "a\x85b"])
def test_a_line_break_of_any_kind_is_refused(text):
    with pytest.raises(forms.ValidationError):
        refuse_line_breaks(text)


def test_one_line_collapses_every_kind_of_space():
    assert one_line("Update\non\r\nthe  plan\t(all)\u2028") == "Update on the plan (all)"


def test_a_title_with_a_line_break_is_refused_on_the_form(as_user, project, facilitator):
    url = reverse("projects-edit", args=[project.slug])
    data = {
        "title": "Healthy\nStreets",
        "organisation": "Typed organisation",
        "status": "active",
        "time_zone": project.time_zone,
        "version": project.version,
    }
    response = as_user(facilitator).post(url, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page
    assert str(SINGLE_LINE_MESSAGE) in page
    assert "Typed organisation" in page
    project.refresh_from_db()
    assert (project.title, project.organisation, project.version) == (
        "Healthy Streets",
        "Northbridge City Council",
        1,
    )


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("projects-goal-create", {"text": "Go\nal", "measure": ""}),
        ("agreements-ground-rule-create", {"text": "Listen\nwell"}),
        ("stakeholders-create", {"name": "Asha\nPatel", "category": "carer"}),
    ],
)
def test_other_one_line_boxes_refuse_line_breaks(as_user, project, facilitator, url_name, data):
    response = as_user(facilitator).post(reverse(url_name, args=[project.slug]), data)
    assert str(SINGLE_LINE_MESSAGE) in response.content.decode()
    assert response.status_code in (200, 422)


def test_a_longer_box_keeps_its_line_breaks(as_user, project, facilitator):
    response = as_user(facilitator).post(
        reverse("projects-aim", args=[project.slug]),
        {"aim": "First line.\nSecond line.", "version": project.version},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.aim == "First line.\nSecond line."


def test_a_name_saved_with_a_line_break_can_still_be_confirmed(project):
    Project.objects.filter(pk=project.pk).update(title="Healthy\nStreets")
    project.refresh_from_db()
    form = ConfirmNameForm({"confirm": "Healthy Streets"}, expected=project.title)
    assert form.is_valid(), form.errors
    assert "Type “Healthy Streets” exactly." in str(form)
    assert not ConfirmNameForm({"confirm": "Healthy"}, expected=project.title).is_valid()
