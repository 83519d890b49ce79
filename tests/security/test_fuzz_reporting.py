"""Arbitrary input into reporting involvement: self-assessments, a standard's answer, a
member's own view, an item of the report. Never a 500, never half-saved."""

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from reporting.actions import do_create_assessment
from reporting.content import get_report
from reporting.models import Assessment, AssessmentView, ReportVersion, StandardEntry, ViewRating
from reporting.standards import STANDARD_LIST

from .fuzz import FUZZ, choices, dates, mostly, numbers, post_in_savepoint, texts, url_parts

RATINGS = ["", "1", "2", "3", "4"]


@FUZZ
@given(title=texts, stage=choices(Assessment.Stage.values), due_on=st.one_of(st.just(""), dates))
def test_starting_a_self_assessment(as_user, facilitator, project, title, stage, due_on):
    post_in_savepoint(
        as_user(facilitator),
        reverse("reporting-assessment-create", args=[project.slug]),
        {"title": title, "stage": stage, "due_on": due_on},
        lambda: list(Assessment.objects.values_list("title", "stage", "due_on")),
    )


@FUZZ
@given(
    standard=mostly(st.sampled_from([s.key for s in STANDARD_LIST]), url_parts),
    rating=choices(RATINGS),
    going_well=texts,
    to_improve=texts,
    evidence=st.lists(choices(["members:perspectives", "aim:project"]), max_size=3),
)
def test_answering_a_standard(
    as_user, facilitator, project, standard, rating, going_well, to_improve, evidence
):
    assessment = do_create_assessment(project=project, title="At the start", stage="start")
    post_in_savepoint(
        as_user(facilitator),
        f"/projects/{project.slug}/reporting/assessments/{assessment.pk}/{standard}/edit/",
        {
            "rating": rating,
            "going_well": going_well,
            "to_improve": to_improve,
            "evidence": evidence,
        },
        lambda: list(
            StandardEntry.objects.values_list(
                "standard", "rating", "going_well", "to_improve", "evidence"
            )
        ),
    )


@FUZZ
@given(
    data=st.fixed_dictionaries({f"{s.key}_rating": choices(RATINGS) for s in STANDARD_LIST}),
    comment=texts,
)
def test_giving_a_view(as_user, participant, project, data, comment):
    assessment = do_create_assessment(project=project, title="At the start", stage="start")
    post_in_savepoint(
        as_user(participant),
        reverse("reporting-my-view", args=[project.slug, assessment.pk]),
        {**data, "impact_comment": comment},
        lambda: (
            AssessmentView.objects.count(),
            sorted(ViewRating.objects.values_list("standard", "rating", "comment")),
        ),
    )


@FUZZ
@given(
    item=mostly(st.sampled_from(["aim", "methods", "background"]), url_parts),
    text=texts,
    based_on=numbers,
)
def test_editing_an_item_of_the_report(as_user, facilitator, project, item, text, based_on):
    get_report(project)
    post_in_savepoint(
        as_user(facilitator),
        f"/projects/{project.slug}/reporting/report/{item}/edit/",
        {"text": text, "based_on": based_on},
        lambda: list(ReportVersion.objects.values_list("item", "number", "text")),
    )
