"""Downloads holding people's data are never kept by a browser cache or a proxy."""

import pytest
from django.urls import reverse

from tests.factories import CharterFactory

DOWNLOADS = {
    "the project export": lambda p: reverse("projects-export", args=[p.slug]),
    "a person's own data": lambda p: reverse("account-data"),
    "the stakeholder map as CSV": lambda p: reverse("stakeholders-export", args=[p.slug]),
    "the latest charter": lambda p: reverse("charter-pdf", args=[p.slug]),
    "a charter version": lambda p: reverse("charter-version-pdf", args=[p.slug, 1]),
    "the self-assessments as CSV": lambda p: reverse("reporting-assessments-csv", args=[p.slug]),
    "the report as Word": lambda p: reverse("reporting-report-download", args=[p.slug, "docx"]),
    "the report as Markdown": lambda p: reverse("reporting-report-download", args=[p.slug, "md"]),
    "the finance export": lambda p: reverse("reciprocity-finance-csv", args=[p.slug]),
    "a statement as CSV": lambda p: reverse(
        "reciprocity-statement-csv", args=[p.slug, p.facilitators().get().user_id]
    ),
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("download", DOWNLOADS, ids=list(DOWNLOADS))
def test_downloads_of_personal_data_are_private_and_never_stored(
    as_user, facilitator, project, download
):
    CharterFactory(project=project, version=1)
    response = as_user(facilitator).get(DOWNLOADS[download](project))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives
