"""Self-assessments: the project's answers, members' views compared under the power check's
rules, improvements made goals, reminders, the CSV, and the change over time in the charter."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from charter.content import gather_charter
from charter.freshness import get_fingerprint, get_out_of_date
from projects.models import Goal, Perspective, Role
from reminders.models import Reminder
from reminders.sweep import build_email
from reporting.actions import (
    do_close_assessment,
    do_create_assessment,
    do_draft_report,
    do_save_entry,
    do_save_view,
)
from reporting.comparison import get_comparison
from reporting.evidence import assessment_evidence
from reporting.models import Assessment
from tests.factories import MembershipFactory, UserFactory


def assessment_of(project, **fields) -> Assessment:
    fields = {"title": "At the start", "stage": "start", **fields}
    return do_create_assessment(project=project, **fields)


def views(assessment, *, role, perspective, rating, count):
    for _ in range(count):
        membership = MembershipFactory(
            project=assessment.project, role=role, perspective=perspective, user=UserFactory()
        )
        do_save_view(
            assessment=assessment,
            member=membership,
            ratings={"working_together": (rating, "")},
        )


def test_the_gap_is_shown_once_closed_and_only_with_three_in_each_group(project):
    assessment = assessment_of(project)
    views(assessment, role=Role.FACILITATOR, perspective=Perspective.RESEARCHER, rating=4, count=3)
    views(assessment, role=Role.PARTICIPANT, perspective=Perspective.COMMUNITY, rating=2, count=3)
    assert get_comparison(assessment).until_closed
    do_close_assessment(assessment=assessment)
    assessment.refresh_from_db()
    comparison = get_comparison(assessment)
    working = comparison.standards[1]
    assert (working.facilitators, working.community, working.gap) == (4, 2, -2)
    assert [s.standard.key for s in comparison.gaps] == ["working_together"]
    evidence = [e.summary for e in assessment_evidence(project) if e.kind == "assessment_gap"]
    assert evidence == [
        "In “At the start”, community members rated Working together lower than facilitators "
        "did (2.0 against 4.0, out of 4)."
    ]


def test_a_group_whose_complement_is_too_small_is_not_shown(project):
    assessment = assessment_of(project)
    views(assessment, role=Role.FACILITATOR, perspective=Perspective.RESEARCHER, rating=4, count=3)
    views(assessment, role=Role.PARTICIPANT, perspective=Perspective.COMMUNITY, rating=2, count=3)
    # Two more: outside both groups, too few to be the total less the groups.
    views(assessment, role=Role.PARTICIPANT, perspective=Perspective.RESEARCHER, rating=3, count=2)
    do_close_assessment(assessment=assessment)
    assessment.refresh_from_db()
    working = get_comparison(assessment).standards[1]
    assert working.everyone is not None
    assert working.facilitators is None and working.community is None


def test_fewer_than_three_views_show_nothing(project, facilitator, as_user):
    assessment = assessment_of(project)
    views(assessment, role=Role.PARTICIPANT, perspective=Perspective.COMMUNITY, rating=2, count=2)
    do_close_assessment(assessment=assessment)
    page = as_user(facilitator).get(assessment.get_absolute_url())
    assert "2 members have given their view." in page.content.decode()
    assert "Averages are shown once at least 3 members have given a view" in page.content.decode()
    assert "Members’ average ratings" not in page.content.decode()


def test_a_member_sees_and_changes_only_their_own_view(project, participant, as_user):
    assessment = assessment_of(project)
    url = reverse("reporting-my-view", args=[project.slug, assessment.pk])
    client = as_user(participant)
    response = client.post(url, {"impact_rating": "2", "impact_comment": "We never hear back"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "We never hear back" in page
    do_close_assessment(assessment=assessment)
    response = client.post(url, {"impact_rating": "4"})
    assert response.status_code == 422
    assert "This self-assessment has closed" in response.content.decode()


def test_a_rating_off_the_scale_is_refused_and_what_was_typed_kept(project, facilitator, as_user):
    assessment = assessment_of(project)
    url = reverse("reporting-standard-update", args=[project.slug, assessment.pk, "impact"])
    response = as_user(facilitator).post(url, {"rating": "9", "going_well": "We tell people"})
    assert response.status_code == 422
    text = response.content.decode()
    assert "There is a problem" in text and "We tell people" in text
    assert assessment.entries.get(standard="impact").rating is None


def test_an_improvement_becomes_a_goal_in_one_click(project, facilitator, as_user):
    assessment = assessment_of(project)
    entry = assessment.entries.get(standard="impact")
    do_save_entry(
        entry=entry, rating=1, going_well="", to_improve="Write down what changed", evidence=[]
    )
    client = as_user(facilitator)
    url = reverse("reporting-make-goal", args=[project.slug, assessment.pk, "impact"])
    client.post(url)
    client.post(url)  # a second click adds nothing
    assert list(Goal.objects.filter(project=project).values_list("text", flat=True)) == [
        "Write down what changed"
    ]
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "Now a goal" in page


def test_evidence_is_linked_and_a_gone_row_is_said_to_be(project, facilitator, as_user):
    assessment = assessment_of(project)
    entry = assessment.entries.get(standard="inclusive_opportunities")
    do_save_entry(
        entry=entry,
        rating=3,
        going_well="",
        to_improve="",
        evidence=["members:perspectives", "meeting:404"],
    )
    page = as_user(facilitator).get(assessment.get_absolute_url()).content.decode()
    assert f'href="/projects/{project.slug}/members/"' in page
    assert "Something no longer held in the project." in page


def test_the_csv_has_a_row_per_standard_and_guards_formulas(project, observer, as_user):
    assessment = assessment_of(project)
    entry = assessment.entries.get(standard="communications")
    do_save_entry(entry=entry, rating=2, going_well="=HYPERLINK(1)", to_improve="", evidence=[])
    response = as_user(observer).get(reverse("reporting-assessments-csv", args=[project.slug]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == [
        "assessment",
        "when in the project",
        "date",
        "standard",
        "rating (1 to 4)",
    ]
    assert len(rows) == 7
    communications = next(row for row in rows if row[3] == "Communications")
    assert communications[4:7] == ["2", "Making a start", "'=HYPERLINK(1)"]


def test_members_who_can_give_a_view_are_reminded_and_closing_calls_it_off(
    project, facilitator, participant, observer
):
    due = timezone.localdate() + datetime.timedelta(days=20)
    assessment = assessment_of(project, due_on=due)
    reminders = Reminder.objects.filter(kind=Reminder.Kind.ASSESSMENT_DUE)
    assert set(reminders.values_list("recipient", flat=True)) == {facilitator.pk, participant.pk}
    email = build_email(reminders.first(), None)
    assert email.subject == "Reminder: Give your view in the self-assessment “At the start”"
    assert "To be done by" in email.body
    assert due.strftime("%-d %B %Y") in email.body
    do_close_assessment(assessment=assessment)
    assert not reminders.pending().exists()


def test_the_charter_shows_the_change_over_time_and_notices_a_new_rating(project, facilitator):
    first = assessment_of(project)
    do_save_entry(
        entry=first.entries.get(standard="impact"),
        rating=1,
        going_well="",
        to_improve="",
        evidence=[],
    )
    before = get_fingerprint(project)
    later = assessment_of(project, title="Midway", stage="midway")
    do_save_entry(
        entry=later.entries.get(standard="impact"),
        rating=3,
        going_well="",
        to_improve="",
        evidence=[],
    )
    section = next(s for s in gather_charter(project)["sections"] if s["id"] == "involvement")
    history = section["data"]["history"]
    assert [a["title"] for a in history["assessments"]] == ["At the start", "Midway"]
    impact = next(s for s in history["standards"] if s["title"] == "Impact")
    assert [r["value"] for r in impact["ratings"]] == [1, 3]
    stale = get_out_of_date(version=1, made_at=None, made_from=before, now=get_fingerprint(project))
    assert "1 rating was added to the self-assessments." in stale.changes


@pytest.mark.parametrize("size", [3, 9])
def test_the_assessment_page_reads_the_same_few_queries_however_many(
    project, facilitator, as_user, size, django_assert_num_queries
):
    client = as_user(facilitator)
    for n in range(size):
        assessment = assessment_of(project, title=f"Round {n}")
        views(
            assessment,
            role=Role.PARTICIPANT,
            perspective=Perspective.COMMUNITY,
            rating=2,
            count=size,
        )
        do_close_assessment(assessment=assessment)
    do_draft_report(project=project, by=facilitator)
    client.get(assessment.get_absolute_url())
    with django_assert_num_queries(QUERIES["assessment"]):
        client.get(assessment.get_absolute_url())
    with django_assert_num_queries(QUERIES["index"]):
        client.get(reverse("reporting-index", args=[project.slug]))
    with django_assert_num_queries(QUERIES["report"]):
        client.get(reverse("reporting-report", args=[project.slug]))


QUERIES = {"assessment": 26, "index": 6, "report": 7}
