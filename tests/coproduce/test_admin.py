"""The admin works for staff on real data, and keeps the timeline a record."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from projects.models import AuditEvent

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def staff_client(client, db):
    call_command("seed_demo", force=True, verbosity=0)
    client.force_login(get_user_model().objects.create_superuser("admin@example.org", "pw"))
    return client


def admin_request():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(email="admin@example.org")
    return request


def test_every_admin_list_search_and_change_page_opens(staff_client):
    broken = []
    for model in REGISTERED:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        urls = [(changelist, {})]
        if admin.site._registry[model].search_fields:
            urls.append((changelist, {"q": "a"}))
        # What the admin lists (it leaves out anonymous rounds' responses and answers).
        first = admin.site._registry[model].get_queryset(admin_request()).first()
        if first is not None:
            name = f"admin:{opts.app_label}_{opts.model_name}_change"
            urls.append((reverse(name, args=[first.pk]), {}))
        broken += [url for url, query in urls if staff_client.get(url, query).status_code != 200]
    assert not broken
    assert len(REGISTERED) >= 15, "every app's models are registered"


def test_nobody_can_edit_or_delete_the_timeline_in_the_admin(staff_client):
    event = AuditEvent.objects.first()
    change = reverse("admin:projects_auditevent_change", args=[event.pk])
    page = staff_client.get(change).content.decode()
    assert event.summary in page and 'name="summary"' not in page
    delete = reverse("admin:projects_auditevent_delete", args=[event.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
