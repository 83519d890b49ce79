"""Arbitrary input into the power dynamics check: rounds, answers, statements, suggestions."""

import datetime
from urllib.parse import quote

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from powercheck.actions import AnswerInput, do_save_answers
from powercheck.forms import ANSWER_CHOICES, DONT_KNOW_VALUE
from powercheck.models import Answer, Checklist, Question, Response, Round, Section
from powercheck.scoring import sections_with_questions
from projects.models import Goal, Membership
from tests.factories import RoundFactory
from tests.powercheck.helpers import answer, statements

from .fuzz import (
    FUZZ,
    AnyMoment,
    any_text,
    choices,
    dates,
    mostly,
    post_in_savepoint,
    texts,
    undone,
    url_parts,
)

ANSWERS = [value for value, _label in ANSWER_CHOICES]
TODAY = datetime.date.today()


def ticked(data: dict, name: str) -> bool:
    return data.get(name, "").lower() not in ("", "false")


@FUZZ
@given(
    title=texts,
    closes_on=mostly(st.dates(TODAY, TODAY + datetime.timedelta(days=400)).map(str), dates),
    anonymous=st.one_of(st.none(), choices(["on"])),
)
def test_round_form(as_user, facilitator, project, title, closes_on, anonymous):
    data = {"title": title, "closes_on": closes_on}
    if anonymous is not None:
        data["anonymous"] = anonymous

    def saved(d):
        # Answers are taken until the end of the closing day.
        day_after = forms.DateField().clean(d["closes_on"]) + datetime.timedelta(days=1)
        closes_at = timezone.make_aware(datetime.datetime.combine(day_after, datetime.time.min))
        return [(d["title"].strip(), closes_at, ticked(d, "anonymous"), Round.Status.OPEN)]

    post_in_savepoint(
        as_user(facilitator),
        reverse("powercheck-round-create", args=[project.slug]),
        data,
        lambda: list(Round.objects.values_list("title", "closes_at", "anonymous", "status")),
        saved=saved,
    )


@pytest.fixture
def round(project):
    return RoundFactory(project=project, title="Spring check")


@FUZZ
@given(data=st.dictionaries(any_text, any_text, max_size=3), closed=st.booleans())
def test_closing_a_round_with_anything_posted(as_user, facilitator, project, round, data, closed):
    Round.objects.filter(pk=round.pk).update(status=Round.Status.CLOSED if closed else "open")
    post_in_savepoint(
        as_user(facilitator),
        reverse("powercheck-round-close", args=[project.slug, round.pk]),
        data,
        lambda: Round.objects.values_list("status", flat=True).get(),
        saved=lambda d: Round.Status.CLOSED,
    )


def my_answers(participant) -> tuple:
    """The participant's response and answers, as they are stored."""
    responses = list(Response.objects.values_list("member__user", "helped", "hindered"))
    answers = sorted(Answer.objects.values_list("question", "score", "comment"))
    return responses, answers


def question_keys():
    """Field names for statements: made up, or of the checklist's other sections."""
    return st.one_of(
        st.from_regex(r"\Aq[0-9]{1,25}\Z"),
        st.builds(lambda q: q.field_name, st.sampled_from(list(Question.objects.all()))),
    )


@FUZZ
@given(step=st.integers(1, 4), draw=st.data())
def test_answering_a_section(as_user, participant, project, round, step, draw):
    questions = sections_with_questions(round.checklist_id, project.pk)[step - 1].round_questions
    data = {}
    for question in questions:
        if draw.draw(st.booleans()):
            data[question.field_name] = draw.draw(choices(ANSWERS))
        if draw.draw(st.booleans()):
            data[question.comment_field_name] = draw.draw(texts)
    if draw.draw(mostly(st.just(False), st.just(True))):
        data[draw.draw(question_keys())] = draw.draw(choices(ANSWERS))
    if draw.draw(st.booleans()):
        data["later"] = ""

    def saved(d):
        """Each statement answered is saved with its comment; one left blank is not saved."""
        answers = []
        for question in questions:
            value = d.get(question.field_name)
            if value:
                score = None if value == DONT_KNOW_VALUE else int(value)
                comment = d.get(question.comment_field_name, "").strip()
                answers.append((question.pk, score, comment))
        return [(participant.pk, "", "")], sorted(answers)

    post_in_savepoint(
        as_user(participant),
        reverse("powercheck-respond", args=[project.slug, round.pk, step]),
        data,
        lambda: my_answers(participant),
        saved=saved,
    )


@FUZZ
@given(helped=texts, hindered=texts)
def test_reflections_form(as_user, participant, project, round, helped, hindered):
    post_in_savepoint(
        as_user(participant),
        reverse("powercheck-respond", args=[project.slug, round.pk, 5]),
        {"helped": helped, "hindered": hindered},
        lambda: my_answers(participant),
        saved=lambda d: ([(participant.pk, d["helped"].strip(), d["hindered"].strip())], []),
    )


@FUZZ
@given(
    step=mostly(st.integers(1, 5), st.integers(-(2**70), 2**70)),
    closed=st.booleans(),
    data=st.dictionaries(any_text, any_text, max_size=3),
)
def test_answering_any_step_of_an_open_or_closed_round(
    as_user, participant, project, round, step, closed, data
):
    Round.objects.filter(pk=round.pk).update(status=Round.Status.CLOSED if closed else "open")
    client = as_user(participant)
    url = f"/projects/{project.slug}/power/rounds/{round.pk}/answer/{quote(str(step))}/"
    response = post_in_savepoint(client, url, data, lambda: my_answers(participant))
    if closed and step >= 0:
        assert response.status_code == 302 and not Answer.objects.exists()
    assert client.get(url).status_code in (200, 302, 404)


@FUZZ
@given(answered=st.booleans(), submitted=st.booleans(), data=st.dictionaries(any_text, any_text))
def test_submitting(as_user, participant, project, round, answered, submitted, data):
    membership = Membership.objects.get(user=participant)
    with undone():
        if answered:
            do_save_answers(
                round=round,
                member=membership,
                answers=[AnswerInput(question_id=statements(1)[0].pk, score=3)],
            )
        if submitted:
            Response.objects.update(submitted_at=timezone.now())
        response = post_in_savepoint(
            as_user(participant),
            reverse("powercheck-check", args=[project.slug, round.pk]),
            data,
            lambda: list(Response.objects.values_list("submitted_at", flat=True)),
            saved=lambda d: [AnyMoment()],
        )
    # Only a first submission, with answers, is taken.
    assert (response.status_code == 302) == (answered and not submitted)


@FUZZ
@given(section=choices(["1", "2", "3", "4"]), text=texts)
def test_statement_form(as_user, facilitator, project, section, text):
    sections = list(Section.objects.filter(checklist=Checklist.default()).order_by("order"))
    posted = sections[int(section) - 1].pk if section in ("1", "2", "3", "4") else section
    post_in_savepoint(
        as_user(facilitator),
        reverse("powercheck-statements", args=[project.slug]),
        {"section": posted, "text": text},
        lambda: list(Question.objects.filter(project=project).values_list("section", "text")),
        saved=lambda d: [(int(d["section"]), d["text"].strip())],
    )


@pytest.fixture
def round_with_results(round):
    """Three answers that make "How we talk and work together" the lowest-scoring section."""
    for _ in range(3):
        answer(round, {statements(2)[0]: 0, statements(1)[0]: 4})
    return round


@FUZZ
@given(
    suggestion=mostly(st.integers(0, 4).map(str)),
    target=mostly(st.just("goal"), url_parts),
)
def test_adopting_a_suggestion(
    as_user, facilitator, project, round_with_results, suggestion, target
):
    suggestions = Section.objects.get(order=2).suggested_actions
    if suggestion.isdigit() and int(suggestion) < len(suggestions):
        suggestion = suggestions[int(suggestion)]
    url = (
        f"/projects/{project.slug}/power/rounds/{round_with_results.pk}/suggestions/"
        f"{quote(target, safe='')}/"
    )
    post_in_savepoint(
        as_user(facilitator),
        url,
        {"suggestion": suggestion},
        lambda: list(Goal.objects.values_list("text", flat=True)),
        saved=lambda d: [d["suggestion"]],
    )
