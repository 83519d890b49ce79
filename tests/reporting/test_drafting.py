"""The report drafted from the record: every sentence traced to a row, gaps said with what to
add, the same evidence giving the same draft, on the demo project and an empty one."""

import io

import docx
import pytest
from django.urls import reverse

from impact.models import ImpactEntry
from reporting.actions import do_draft_report, do_edit_report_item
from reporting.content import current_versions, get_report, report_content
from reporting.evidence import by_key, get_evidence
from reporting.exports import report_docx, report_markdown
from reporting.models import ReportVersion
from tests.factories import GoalFactory

IMPACT_GAP = "No impact has been recorded yet: record what changed after a meeting or decision."


def items(project) -> dict:
    return {item["key"]: item for item in report_content(get_report(project))["items"]}


def test_every_drafted_sentence_of_the_demo_traces_to_a_row(demo_project):
    evidence = by_key(get_evidence(demo_project))
    drafted = items(demo_project)
    assert list(drafted) == ["aim", "methods", "results", "discussion", "reflections"]
    sentences = [s for item in drafted.values() for s in item["sentences"]]
    assert len(sentences) > 15
    for sentence in sentences:
        assert sentence["url"].startswith(f"/projects/{demo_project.slug}/")
        assert sentence["sources"] and all(key in evidence for key in sentence["sources"])
    assert demo_project.aim in drafted["aim"]["sentences"][0]["text"]
    assert any("First month check" in s["text"] for s in drafted["reflections"]["sentences"])
    # The demo has held meetings and recorded what changed because of them: the results say
    # so, each sentence from an impact entry, and no gap asks for it.
    assert IMPACT_GAP not in drafted["results"]["gaps"]
    assert any(
        key.startswith("impact:") for s in drafted["results"]["sentences"] for key in s["sources"]
    )


def test_the_demo_word_file_holds_the_five_items_with_the_projects_own_data(demo_project):
    document = docx.Document(io.BytesIO(report_docx(report_content(get_report(demo_project)))))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Aim", "Methods", "Results", "Discussion", "Reflections"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Northbridge market" in text
    assert "Decisions about the budget are made by the whole group" in text
    assert f"To add: {IMPACT_GAP}" not in text
    entry = ImpactEntry.objects.filter(project=demo_project).order_by("pk").first()
    assert entry.what_changed in text
    links = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("hyperlink")]
    assert any(link.endswith("/goals/") for link in links)


def test_an_empty_project_is_all_gaps_each_saying_what_to_add(project, facilitator):
    project.aim = ""
    project.save()
    do_draft_report(project=project, by=facilitator)
    drafted = items(project)
    assert drafted["aim"]["sentences"] == []
    assert drafted["aim"]["gaps"] == [
        "No aim has been written yet: say what the project is trying to achieve.",
        "No goals have been set yet: add goals, and how you will know.",
    ]
    assert IMPACT_GAP in drafted["discussion"]["gaps"]
    assert any("No power dynamics check" in gap for gap in drafted["reflections"]["gaps"])
    # The only member is the facilitator: one sentence, counting them.
    assert [s["text"] for s in drafted["methods"]["sentences"]] == [
        "The project has 1 member (Researcher: 1)."
    ]


def test_decisions_meetings_and_impact_of_other_parts_are_drafted(
    project, facilitator, fake_record
):
    do_draft_report(project=project, by=facilitator)
    drafted = items(project)
    methods = [s["text"] for s in drafted["methods"]["sentences"]]
    assert "8 meetings were held, from 24 January 2027 to 2 May 2027." in methods
    # After the count, the latest six: the first two are counted, not listed.
    assert "Workshop 8 was held with 9 people taking part." in methods
    assert "Workshop 2 was held with 9 people taking part." not in methods
    count = next(s for s in drafted["methods"]["sentences"] if s["text"].startswith("8 meetings"))
    assert count["sources"] == [f"meeting:{n}" for n in range(1, 9)]
    results = [s["text"] for s in drafted["results"]["sentences"]]
    assert "The group decided by consent to start with Market Street." in results
    assert IMPACT_GAP not in drafted["results"]["gaps"] + drafted["discussion"]["gaps"]
    assert drafted["discussion"]["sentences"][-1]["url"] == f"/projects/{project.slug}/impact/1/"


def test_drafting_again_from_the_same_record_adds_no_version(project, facilitator, fake_record):
    do_draft_report(project=project, by=facilitator)
    first = ReportVersion.objects.count()
    do_draft_report(project=project, by=facilitator)
    assert ReportVersion.objects.count() == first
    GoalFactory(project=project, text="Benches on every corner")
    do_draft_report(project=project, by=facilitator)
    # Only the aim changed.
    assert ReportVersion.objects.count() == first + 1
    assert current_versions(get_report(project))["aim"].number == 2


def test_an_edit_is_kept_as_a_version_with_who_made_it(project, facilitator, as_user):
    do_draft_report(project=project, by=facilitator)
    report = get_report(project)
    response = as_user(facilitator).post(
        reverse("reporting-report-item-update", args=[project.slug, "results"]),
        {"text": "The crossing moved.\r\nResidents chose where.", "based_on": "1"},
    )
    assert response.status_code == 302
    page = as_user(facilitator).get(
        reverse("reporting-report-item-update", args=[project.slug, "results"])
    )
    text = page.content.decode()
    assert f"edited by {facilitator.display_name}" in text
    assert "drafted from the record by" in text
    assert current_versions(report)["results"].text == "The crossing moved.\nResidents chose where."


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(project, facilitator, as_user):
    do_draft_report(project=project, by=facilitator)
    report = get_report(project)
    do_edit_report_item(report=report, item="aim", text="Theirs.", based_on=1, by=facilitator)
    response = as_user(facilitator).post(
        reverse("reporting-report-item-update", args=[project.slug, "aim"]),
        {"text": "Mine, typed at length.", "based_on": "1"},
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Someone else saved this item" in text
    assert "Mine, typed at length." in text
    assert current_versions(report)["aim"].text == "Theirs."


def test_user_text_is_escaped_in_the_page_and_markdown(project, facilitator, as_user):
    project.aim = "<script>alert(1)</script> *bold* [link](http://evil.example)"
    project.save()
    do_draft_report(project=project, by=facilitator)
    page = as_user(facilitator).get(reverse("reporting-report", args=[project.slug]))
    assert "<script>alert(1)" not in page.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content.decode()
    markdown = report_markdown(report_content(get_report(project)))
    assert "\\<script\\>" in markdown
    assert "\\*bold\\*" in markdown and "\\[link\\]" in markdown


@pytest.mark.parametrize("extension", ["docx", "md"])
def test_downloads_are_private(project, participant, extension, as_user):
    response = as_user(participant).get(
        reverse("reporting-report-download", args=[project.slug, extension])
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].endswith(f'involvement-report.{extension}"')


def test_the_long_form_adds_its_own_items(project, facilitator, as_user):
    as_user(facilitator).post(
        reverse("reporting-report-form", args=[project.slug]), {"long_form": "on"}
    )
    do_draft_report(project=project, by=facilitator)
    drafted = items(project)
    assert list(drafted) == [
        *("background", "aim", "methods", "measurement", "economic"),
        *("results", "discussion", "reflections"),
    ]
    assert drafted["background"]["gaps"] == [
        "No definition of co-production has been chosen yet: choose one under Principles."
    ]
