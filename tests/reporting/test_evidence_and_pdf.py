"""What the parts offer the report (names only with consent, power check totals only as
``disclose`` allows), and the report's PDF made in the background as the charter is."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from powercheck.actions import do_close_round
from powercheck.evidence import power_evidence
from projects.actions import do_delete_project
from projects.models import Perspective
from reporting.actions import do_draft_report, do_request_report_pdf
from reporting.content import get_report, report_content
from reporting.models import ReportFile
from stakeholders.evidence import map_evidence
from tests.factories import RoundFactory, StakeholderFactory
from tests.powercheck.helpers import answer, statements


def test_the_map_names_only_organisations_and_people_who_agreed(project):
    StakeholderFactory(project=project, name="Asha Patel", seldom_heard=True)
    StakeholderFactory(project=project, name="Ben Cole", named_consent_at=timezone.now())
    StakeholderFactory(
        project=project, name="Market Traders", is_organisation=True, category="community_group"
    )
    text = " ".join(e.summary for e in map_evidence(project))
    assert "Asha Patel" not in text
    assert "Ben Cole" in text and "Market Traders" in text
    assert (
        "3 people and organisations (Person with lived experience: 2; Community or voluntary group: 1)"
        in text
    )
    assert "1 of them is among those seldom heard." in text


def test_an_anonymous_round_gives_nothing_until_it_closes_nor_under_three_answers(project):
    round = RoundFactory(project=project, title="Spring", anonymous=True)
    for _ in range(3):
        answer(round, {q: 3 for q in statements(1)}, perspective=Perspective.COMMUNITY)
    assert power_evidence(project) == []
    do_close_round(round=round)
    summaries = [e.summary for e in power_evidence(project)]
    assert len(summaries) == 1 and "scored 75 out of 100 overall" in summaries[0]
    few = RoundFactory(
        project=project, title="Summer", closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    answer(few, {q: 1 for q in statements(1)})
    last = power_evidence(project)[-1]
    assert last.key == str(few.pk)
    assert "too few answers for its scores to be shown (1)" in last.summary


def test_the_pdf_is_made_in_the_background_and_holds_the_report(
    project, facilitator, observer, as_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    project.aim = "Safer crossings <b>for</b> children"
    project.save()
    do_draft_report(project=project, by=facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(facilitator).post(
            reverse("reporting-report-pdf-create", args=[project.slug])
        )
    assert response.status_code == 302
    file = ReportFile.objects.get()
    assert file.status == ReportFile.Status.READY
    download = as_user(observer).get(reverse("reporting-report-pdf", args=[project.slug]))
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Public involvement in Healthy Streets" in text
    assert "Safer crossings <b>for</b> children" in text
    assert "No impact has been recorded yet" in text
    # Asked again without a change: the same file, no new one.
    as_user(facilitator).post(reverse("reporting-report-pdf-create", args=[project.slug]))
    assert ReportFile.objects.count() == 1
    assert get_report(project).files.count() == 1


def test_deleting_the_project_deletes_its_pdfs(
    project, facilitator, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        report = get_report(project)
        do_request_report_pdf(report=report, content=report_content(report), by=facilitator)
    file = ReportFile.objects.get()
    storage, name = file.pdf.storage, file.pdf.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        do_delete_project(project=project, by=facilitator)
    assert not storage.exists(name)
