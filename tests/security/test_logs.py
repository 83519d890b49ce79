"""Secrets and sensitive personal details never reach the logs."""

import logging

from django.test import Client
from django.urls import reverse
from django.views.debug import ExceptionReporter

from stakeholders import views as stakeholder_views
from tests.factories import StakeholderFactory

SECRETS = [
    "/invitations/SECRETinvite/",
    "/calendar/SECRETfeed.ics",
    "/accounts/password/reset/key/1-SECRETkey/",
    "/accounts/confirm-email/SECRETconfirm/",
]
SENSITIVE = {
    "name": "Rosa Diaz",
    "category": "lived_experience",
    "power": "2",
    "interest": "5",
    "current_involvement": "inform",
    "intended_involvement": "co_produce",
    "access_needs": "Uses a wheelchair; epilepsy",
    "notes": "Recently left hospital",
    "consent_recorded": "on",
}


def test_the_access_log_hides_secret_links(app_server):
    server = app_server()
    for path in SECRETS:
        server.get(path)
    server.stop()
    log = server.log.read_text()
    assert "GET /invitations/[hidden]" in log and "GET /calendar/[hidden]" in log
    assert "SECRET" not in log


def test_adding_and_editing_a_stakeholder_logs_nothing_sensitive(
    as_user, facilitator, project, caplog
):
    client = as_user(facilitator)
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("stakeholders-create", args=[project.slug]), SENSITIVE)
        client.post(
            reverse("stakeholders-create", args=[project.slug]), {**SENSITIVE, "power": "9"}
        )
        stakeholder = StakeholderFactory(project=project)
        client.post(reverse("stakeholders-update", args=[project.slug, stakeholder.pk]), SENSITIVE)
    assert "Unprocessable Entity" in caplog.text, "the refused form was logged"
    assert "wheelchair" not in caplog.text and "hospital" not in caplog.text


def test_an_error_report_shows_sensitive_fields_as_stars(facilitator, project, caplog, monkeypatch):
    def broken(**fields):
        raise RuntimeError("storage failed")

    monkeypatch.setattr(stakeholder_views, "do_add_stakeholder", broken)
    client = Client(raise_request_exception=False)
    client.force_login(facilitator)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post(reverse("stakeholders-create", args=[project.slug]), SENSITIVE)
    assert response.status_code == 500
    record = next(r for r in caplog.records if r.name == "django.request")
    report = ExceptionReporter(record.request, *record.exc_info).get_traceback_text()
    assert "Rosa Diaz" in report, "the report still helps to find the fault"
    assert "wheelchair" not in report and "hospital" not in report
