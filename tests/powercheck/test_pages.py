"""The check as members use it: rounds, answering, results, anonymity and acting on results."""

import datetime
import re
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from powercheck.actions import AnswerInput, do_close_round, do_save_answers, do_submit_response
from powercheck.models import Answer, Question, Response, Round, Section
from projects.models import Goal, Membership, Perspective
from tests.factories import RoundFactory

from .helpers import answer, statements


@pytest.fixture
def round(project):
    return RoundFactory(project=project, title="Spring check")


def respond_url(round: Round, step: int) -> str:
    return reverse("powercheck-respond", args=[round.project.slug, round.pk, step])


def check_url(round: Round) -> str:
    return reverse("powercheck-check", args=[round.project.slug, round.pk])


def results_url(round: Round) -> str:
    return reverse("powercheck-results", args=[round.project.slug, round.pk])


def membership(user, project) -> Membership:
    return Membership.objects.get(user=user, project=project)


# Rounds


def test_facilitator_opens_a_round(as_user, facilitator, project):
    response = as_user(facilitator).post(
        reverse("powercheck-round-create", args=[project.slug]),
        {
            "title": "Spring check",
            "closes_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
            "anonymous": "on",
        },
    )
    assert response.status_code == 302
    round = Round.objects.get()
    assert (round.title, round.anonymous, round.is_open()) == ("Spring check", True, True)
    assert timezone.localtime(round.closes_at).date() == timezone.localdate() + datetime.timedelta(
        days=8
    )


def test_a_round_closes_at_midnight_where_the_project_is(as_user, facilitator, project):
    project.time_zone = "America/New_York"
    project.save()
    as_user(facilitator).post(
        reverse("powercheck-round-create", args=[project.slug]),
        {"title": "Spring check", "closes_on": "2099-03-31"},
    )
    new_york = zoneinfo.ZoneInfo("America/New_York")
    assert Round.objects.get().closes_at == datetime.datetime(2099, 4, 1, tzinfo=new_york)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "closes_on": "2099-01-01"}, "This field is required."),
        ({"title": "  ", "closes_on": "2099-01-01"}, "This field is required."),
        (
            {"title": "Kept title", "closes_on": "2020-01-01"},
            "The closing date must be today or later.",
        ),
        ({"title": "Kept title", "closes_on": "31/31/2099"}, "Enter a valid date."),
    ],
)
def test_bad_round_input_is_explained_and_nothing_saved(
    as_user, facilitator, project, data, message
):
    response = as_user(facilitator).post(
        reverse("powercheck-round-create", args=[project.slug]), data
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    if data["title"].strip():
        assert "Kept title" in page
    assert not Round.objects.exists()


def test_a_second_round_cannot_open_while_one_is_open(as_user, facilitator, project, round):
    response = as_user(facilitator).post(
        reverse("powercheck-round-create", args=[project.slug]),
        {"title": "Another", "closes_on": "2099-01-01"},
    )
    assert response.status_code == 422
    assert (
        "“Spring check” is still open. Close it before opening a new round."
        in response.content.decode()
    )
    assert Round.objects.count() == 1


def test_closing_early_asks_first_then_stops_answers(
    as_user, facilitator, participant, project, round
):
    client = as_user(facilitator)
    close_url = reverse("powercheck-round-close", args=[project.slug, round.pk])
    assert "Close “Spring check” now?" in client.get(close_url).content.decode()
    assert client.post(close_url)["Location"] == results_url(round)
    round.refresh_from_db()
    assert (round.status, round.is_open(), round.eligible_count) == ("closed", False, 2)


# Answering


def test_participant_answers_section_by_section_saves_and_submits(
    as_user, participant, project, round
):
    client = as_user(participant)
    page = client.get(respond_url(round, 1)).content.decode()
    assert "Section 1 of 4" in page and "Who takes part?" in page
    assert page.count("<fieldset") == 5 and "Don’t know" in page and "Not at all" in page
    first, second = statements(1)[:2]
    response = client.post(
        respond_url(round, 1),
        {
            first.field_name: "3",
            second.field_name: "dont-know",
            first.comment_field_name: " Mostly true ",
            "later": "",
        },
    )
    assert response["Location"] == reverse("powercheck-index", args=[project.slug])
    saved = Response.objects.get()
    assert (saved.submitted_at, saved.perspective) == (None, Perspective.COMMUNITY)
    assert {(a.question, a.score, a.comment) for a in saved.answers.all()} == {
        (first, 3, "Mostly true"),
        (second, None, ""),
    }
    assert (
        "Continue your answers"
        in client.get(reverse("powercheck-index", args=[project.slug])).content.decode()
    )

    kept = f'value="3" id="id_{first.field_name}_3" checked'
    assert kept in client.get(respond_url(round, 1)).content.decode()
    assert client.post(respond_url(round, 4), {statements(4)[0].field_name: "1", "continue": ""})[
        "Location"
    ] == respond_url(round, 5)
    assert client.post(respond_url(round, 5), {"helped": "Paid time", "hindered": ""})[
        "Location"
    ] == check_url(round)
    page = client.get(check_url(round)).content.decode()
    assert (
        "Check your answers" in page
        and "You have not answered 17 statements" in page
        and "Paid time" in page
    )
    assert client.post(check_url(round)).status_code == 302
    saved.refresh_from_db()
    assert saved.is_submitted and saved.helped == "Paid time"


def test_a_submitted_response_can_be_changed_until_the_round_closes(
    as_user, participant, project, round
):
    client = as_user(participant)
    question = statements(1)[0]
    client.post(respond_url(round, 1), {question.field_name: "1"})
    client.post(check_url(round))
    client.post(respond_url(round, 1), {question.field_name: "4"})
    assert Answer.objects.get().score == 4 and Response.objects.get().is_submitted
    do_close_round(round=round)
    response = client.post(respond_url(round, 1), {question.field_name: "0"}, follow=True)
    assert "has closed. Answers can no longer be given or changed." in response.content.decode()
    assert Answer.objects.get().score == 4


def test_a_score_outside_the_scale_is_refused_and_nothing_saved(as_user, participant, round):
    first, second = statements(1)[:2]
    response = as_user(participant).post(
        respond_url(round, 1), {first.field_name: "5", second.field_name: "2"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert (
        "There is a problem" in page
        and "Choose one of the answers, from “Not at all” to “Fully”, or “Don’t know”." in page
    )
    assert f'href="#id_{first.field_name}_0"' in page
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_comment_without_an_answer_is_kept_on_the_page_not_dropped(as_user, participant, round):
    first, second = statements(1)[:2]
    response = as_user(participant).post(
        respond_url(round, 1),
        {second.field_name: "2", first.comment_field_name: "We never see the budget"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "so that your comment is kept" in page and f'href="#id_{first.field_name}_0"' in page
    assert "We never see the budget" in page, "what they typed is still there"
    assert not Answer.objects.exists()


def test_an_answer_to_another_rounds_statement_is_refused(as_user, participant, project, round):
    elsewhere = RoundFactory()
    foreign = Question.objects.create(
        section=Section.objects.get(order=1), project=elsewhere.project, text="Theirs"
    )
    first = statements(1)[0]
    response = as_user(participant).post(
        respond_url(round, 1), {first.field_name: "2", foreign.field_name: "4"}
    )
    assert response.status_code == 422
    assert (
        "Some answers were for statements that are not part of this round. Nothing was saved."
        in response.content.decode()
    )
    assert not Answer.objects.exists()
    with pytest.raises(ValidationError, match="not part of this round"):
        do_save_answers(
            round=round,
            member=membership(participant, project),
            answers=[AnswerInput(foreign.pk, 4)],
        )
    assert not Response.objects.exists()


def test_the_action_refuses_scores_outside_0_to_4(participant, project, round):
    with pytest.raises(ValidationError, match="from 0"):
        do_save_answers(
            round=round,
            member=membership(participant, project),
            answers=[AnswerInput(statements(1)[0].pk, 7)],
        )
    assert not Response.objects.exists()


def test_responding_after_close_is_refused(as_user, participant, project, round):
    Round.objects.filter(pk=round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client = as_user(participant)
    response = client.post(respond_url(round, 1), {statements(1)[0].field_name: "2"}, follow=True)
    assert "“Spring check” has closed." in response.content.decode()
    assert client.post(check_url(round)).status_code == 302
    assert not Response.objects.exists()
    round.refresh_from_db()
    with pytest.raises(ValidationError, match="closed on"):
        do_save_answers(round=round, member=membership(participant, project), answers=[])


def test_responding_twice_is_refused(as_user, participant, project, round):
    client = as_user(participant)
    client.post(respond_url(round, 1), {statements(1)[0].field_name: "2"})
    client.post(check_url(round))
    first_submitted = Response.objects.get().submitted_at
    response = client.post(check_url(round))
    assert response.status_code == 422
    assert "You have already submitted your answers to this round." in response.content.decode()
    assert Response.objects.get().submitted_at == first_submitted
    with pytest.raises(IntegrityError):
        Response.objects.create(round=round, member=membership(participant, project))


def test_submitting_nothing_is_refused(as_user, participant, round):
    response = as_user(participant).post(check_url(round))
    assert response.status_code == 422
    assert "Answer at least one statement before you submit." in response.content.decode()
    with pytest.raises(ValidationError):
        do_submit_response(round=round, member=Membership.objects.get(user=participant))


def test_perspective_is_kept_as_it_was_when_answering(as_user, participant, project, round):
    as_user(participant).post(respond_url(round, 1), {statements(1)[0].field_name: "2"})
    as_user(participant).post(check_url(round))
    Membership.objects.filter(user=participant).update(perspective=Perspective.RESEARCHER)
    assert Response.objects.get().perspective == Perspective.COMMUNITY


def test_a_step_past_the_end_is_not_found(as_user, participant, round):
    assert as_user(participant).get(respond_url(round, 6)).status_code == 404


# Statements


def test_facilitator_adds_a_statement_that_is_then_asked(
    as_user, facilitator, participant, project, round
):
    section = Section.objects.get(order=2)
    as_user(facilitator).post(
        reverse("powercheck-statements", args=[project.slug]),
        {"section": section.pk, "text": "Young people chair meetings."},
    )
    assert (
        "Young people chair meetings."
        in as_user(participant).get(respond_url(round, 2)).content.decode()
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "This field is required."),
        ({"text": "x" * 301}, "at most 300 characters"),
        ({"section": "999999", "text": "Kept"}, "Choose one of the four sections."),
    ],
)
def test_bad_statement_input_is_explained(as_user, facilitator, project, data, message):
    data = {"section": Section.objects.get(order=1).pk, **data}
    response = as_user(facilitator).post(
        reverse("powercheck-statements", args=[project.slug]), data
    )
    assert response.status_code == 422 and message in response.content.decode()
    assert not Question.objects.filter(project=project).exists()


# Results and anonymity


def test_too_few_answers_show_no_scores(as_user, facilitator, round):
    answer(round, {statements(1)[0]: 4}, comment="Only me")
    page = as_user(facilitator).get(results_url(round)).content.decode()
    assert "Scores are shown once at least 3 people have submitted answers" in page
    assert "Only me" not in page and "<svg" not in page


def test_results_show_scores_gap_chart_and_suggestions(as_user, facilitator, round):
    a = statements(3)[0]
    for score in (1, 1, 2):
        answer(round, {a: score}, perspective=Perspective.COMMUNITY)
    for score in (3, 3, 4):
        answer(round, {a: score}, perspective=Perspective.PRACTITIONER)
    do_close_round(round=round)  # an anonymous round's results are shown once it has closed
    page = as_user(facilitator).get(results_url(round)).content.decode()
    assert "<title id=" in page and "<desc id=" in page and "Scores by section (out of 100)" in page
    assert "Community members" in page and "Professionals" in page
    assert "community members score it 50 points lower than professionals (33 against 83)" in page
    assert "Lowest score: How the organisations work with the group (58)" in page
    assert "Make it a goal" in page


def test_anonymous_round_never_shows_who_answered(as_user, facilitator, participant, round):
    for name in ["Ada Lovelace", "Grace Hopper", "Mary Seacole"]:
        answer(
            round,
            {statements(1)[0]: 2},
            comment=f"Comment by {name.split()[0]}",
            name=name,
            helped="Good tea",
        )
    do_close_round(round=round)
    page = as_user(facilitator).get(results_url(round)).content.decode()
    assert "Comment by Ada" in page and "Good tea" in page
    assert not any(name in page for name in ["Ada Lovelace", "Grace Hopper", "Mary Seacole"])


def test_named_round_shows_names_to_facilitators_only(as_user, facilitator, participant, round):
    Round.objects.filter(pk=round.pk).update(anonymous=False)
    for name in ["Ada Lovelace", "Grace Hopper", "Mary Seacole"]:
        answer(round, {statements(1)[0]: 2}, comment="A comment", name=name)
    assert "Ada Lovelace" in as_user(facilitator).get(results_url(round)).content.decode()
    assert "Ada Lovelace" not in as_user(participant).get(results_url(round)).content.decode()


def test_groups_of_fewer_than_three_are_not_compared(as_user, facilitator, round):
    for perspective in [
        Perspective.COMMUNITY,
        Perspective.COMMUNITY,
        Perspective.RESEARCHER,
        Perspective.RESEARCHER,
    ]:
        answer(round, {statements(1)[0]: 2}, perspective=perspective)
    do_close_round(round=round)
    page = as_user(facilitator).get(results_url(round)).content.decode()
    assert "are compared only when each group has at least 3 people" in page


def test_admin_never_shows_who_answered_an_anonymous_round(client, round):
    admin = get_user_model().objects.create_superuser("admin@example.org", "pw")
    response = answer(round, {statements(1)[0]: 2}, name="Ada Lovelace", helped="Ada's tea")
    named = RoundFactory(project=round.project, title="Named check", anonymous=False)
    shown = answer(named, {statements(1)[0]: 3}, name="Grace Hopper")
    client.force_login(admin)
    for url in [
        reverse("admin:powercheck_response_changelist"),
        reverse("admin:powercheck_response_change", args=[response.pk]),
        reverse("admin:powercheck_answer_changelist"),
        reverse("admin:powercheck_answer_change", args=[response.answers.get().pk]),
    ]:
        page = client.get(url, follow=True)
        assert page.status_code == 200, url
        assert (
            "Ada Lovelace" not in page.content.decode()
            and response.member.user.email not in page.content.decode()
            and "Ada&#x27;s tea" not in page.content.decode()
        )
    # The anonymous round's response and answers are not in the admin at all.
    opened = client.get(reverse("admin:powercheck_response_change", args=[response.pk]))
    assert opened.status_code == 302
    # A round that is not anonymous is listed with who answered.
    listed = client.get(reverse("admin:powercheck_response_changelist")).content.decode()
    assert "Grace Hopper" in listed and "Named check" in listed
    opened = client.get(reverse("admin:powercheck_answer_change", args=[shown.answers.get().pk]))
    assert opened.status_code == 200


@pytest.mark.parametrize("count", [10, 500])
def test_results_queries_do_not_grow_with_responses(
    as_user, facilitator, round, count, django_assert_num_queries
):
    Round.objects.filter(pk=round.pk).update(anonymous=False)  # results shown while open
    questions = list(round.questions())
    perspectives = [Perspective.COMMUNITY, Perspective.RESEARCHER, Perspective.PRACTITIONER]
    bulk_responses(round, questions, count, perspectives)
    client = as_user(facilitator)
    with django_assert_num_queries(15):
        response = client.get(results_url(round))
    assert f"{count} of {count + 1} members who can answer" in response.content.decode()


def test_a_closed_rounds_results_are_counted_once(
    as_user, facilitator, round, django_assert_num_queries
):
    Round.objects.filter(pk=round.pk).update(anonymous=False)  # results shown while open
    bulk_responses(round, list(round.questions()), 12, [Perspective.COMMUNITY])
    client = as_user(facilitator)
    open_page = client.get(results_url(round)).content.decode()
    do_close_round(round=round)
    with django_assert_num_queries(14):
        first = client.get(results_url(round)).content.decode()
    # Scores, participation and answers per statement come from the cache.
    with django_assert_num_queries(11):
        again = client.get(results_url(round)).content.decode()
    without_tokens = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')
    assert without_tokens.sub("", again) == without_tokens.sub("", first)
    assert "12 of 13 members who can answer" in again
    overall = open_page.split("Overall score")[1].split("</dd>")[0]
    assert overall in again


def bulk_responses(
    round: Round, questions: list[Question], count: int, perspectives: list[str]
) -> None:
    from tests.factories import MembershipFactory, UserFactory

    users = get_user_model().objects.bulk_create(
        UserFactory.build(email=f"bulk{n}@example.org") for n in range(count)
    )
    members = Membership.objects.bulk_create(
        MembershipFactory.build(
            project=round.project, user=u, perspective=perspectives[n % len(perspectives)]
        )
        for n, u in enumerate(users)
    )
    responses = Response.objects.bulk_create(
        Response(
            round=round,
            member=m,
            perspective=m.perspective,
            submitted_at=timezone.now(),
            helped="Helped" if n % 7 == 0 else "",
        )
        for n, m in enumerate(members)
    )
    Answer.objects.bulk_create(
        Answer(
            response=r,
            question=q,
            score=(n + i) % 5 if (n + i) % 6 else None,
            comment="Why" if (n + i) % 50 == 0 else "",
        )
        for n, r in enumerate(responses)
        for i, q in enumerate(questions)
    )


# Acting on results


@pytest.fixture
def social_interaction_lowest(round) -> None:
    for _ in range(3):
        answer(round, {statements(2)[0]: 0, statements(1)[0]: 4})
    do_close_round(round=round)


@pytest.mark.usefixtures("social_interaction_lowest")
def test_facilitator_turns_a_suggestion_into_a_goal(as_user, facilitator, project, round):
    suggestion = Section.objects.get(order=2).suggested_actions[0]
    response = as_user(facilitator).post(
        reverse("powercheck-adopt", args=[project.slug, round.pk, "goal"]),
        {"suggestion": suggestion},
        follow=True,
    )
    assert "Added to the project’s goals." in response.content.decode()
    goal = Goal.objects.get(project=project)
    assert goal.text == suggestion and "How we talk and work together" in goal.measure


@pytest.mark.usefixtures("social_interaction_lowest")
def test_facilitator_turns_a_suggestion_into_a_ground_rule(as_user, facilitator, project, round):
    suggestion = Section.objects.get(order=2).suggested_actions[1]
    url = reverse("powercheck-adopt", args=[project.slug, round.pk, "ground-rule"])
    version = project.ground_rules_version
    response = as_user(facilitator).post(url, {"suggestion": suggestion}, follow=True)
    page = response.content.decode()
    assert "Added to the ground rules." in page
    assert response.redirect_chain[-1][0] == round.get_absolute_url(), "back to adopt more"
    assert list(project.ground_rules.values_list("text", flat=True)) == [suggestion]
    project.refresh_from_db()
    assert project.ground_rules_version == version + 1, "members are asked to agree to the new set"


@pytest.mark.usefixtures("social_interaction_lowest")
def test_only_suggestions_for_the_lowest_section_can_be_adopted(
    as_user, facilitator, project, round
):
    other = Section.objects.get(order=1).suggested_actions[0]
    response = as_user(facilitator).post(
        reverse("powercheck-adopt", args=[project.slug, round.pk, "goal"]),
        {"suggestion": other},
        follow=True,
    )
    assert "That is not one of the suggested actions for this round." in response.content.decode()
    assert not Goal.objects.exists()
    assert (
        as_user(facilitator)
        .post(
            reverse("powercheck-adopt", args=[project.slug, round.pk, "nowhere"]),
            {"suggestion": other},
        )
        .status_code
        == 404
    )


# Overview and pages


def test_overview_shows_the_power_check_state(as_user, facilitator, project):
    detail = reverse("projects-detail", args=[project.slug])
    client = as_user(facilitator)
    assert (
        f'href="{reverse("powercheck-index", args=[project.slug])}"'
        in client.get(detail).content.decode()
    )
    round = RoundFactory(project=project)
    assert "In progress" in client.get(detail).content.decode()
    do_close_round(round=round)
    assert client.get(detail).content.decode().count("Done") >= 1


def test_index_says_what_to_do_when_there_are_no_rounds(as_user, facilitator, participant, project):
    url = reverse("powercheck-index", args=[project.slug])
    assert "Open a round" in as_user(facilitator).get(url).content.decode()
    assert "No round is open at the moment" in as_user(participant).get(url).content.decode()


def test_observer_sees_results_but_cannot_answer(as_user, observer, round):
    page = (
        as_user(observer)
        .get(reverse("powercheck-index", args=[round.project.slug]))
        .content.decode()
    )
    assert "Answer the checklist" not in page and "Results so far" in page
