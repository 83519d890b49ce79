from powercheck.models import Answer, Checklist, Question, Response
from powercheck.views import ADOPT_TARGETS
from projects.models import Membership, Role
from tests.factories import RoundFactory

from .matrix import (
    FACILITATORS_DO,
    FACILITATORS_SEE,
    LOGIN,
    MEMBERS_SEE,
    RESPONDERS_DO,
    Row,
    World,
    expect,
)

RESPONDERS_SEE = expect(LOGIN, 404, 403, 200, 200)


def a_round(w: World) -> dict:
    return {"slug": w.project.slug, "round_id": RoundFactory(project=w.project).pk}


def a_step(w: World) -> dict:
    return {**a_round(w), "step": 1}


def with_drafts(w: World) -> dict:
    """An open round in which the facilitator and the participant have saved an answer."""
    round = RoundFactory(project=w.project)
    question = round.questions().first()
    for membership in Membership.objects.filter(project=w.project).exclude(role=Role.OBSERVER):
        response = Response.objects.create(round=round, member=membership)
        Answer.objects.create(response=response, question=question, score=3)
    return {"slug": w.project.slug, "round_id": round.pk}


def first_answer(w: World) -> dict:
    question = Question.objects.filter(section__order=1, project=None).first()
    return {question.field_name: "2"}


ROWS = [
    Row("powercheck-index", MEMBERS_SEE),
    Row("powercheck-statements", MEMBERS_SEE),
    Row(
        "powercheck-statements",
        FACILITATORS_DO,
        method="post",
        data=lambda w: {
            "section": Checklist.default().sections.first().pk,
            "text": "Young people shape the agenda.",
        },
    ),
    Row("powercheck-round-create", FACILITATORS_SEE),
    Row(
        "powercheck-round-create",
        FACILITATORS_DO,
        method="post",
        data=lambda w: {"title": "Spring check", "closes_on": "2099-01-01", "anonymous": "on"},
    ),
    Row("powercheck-round-close", FACILITATORS_SEE, kwargs=a_round),
    Row("powercheck-round-close", FACILITATORS_DO, method="post", kwargs=a_round),
    Row("powercheck-respond", RESPONDERS_SEE, kwargs=a_step),
    Row("powercheck-respond", RESPONDERS_DO, method="post", kwargs=a_step, data=first_answer),
    Row("powercheck-check", RESPONDERS_SEE, kwargs=with_drafts),
    Row("powercheck-check", RESPONDERS_DO, method="post", kwargs=with_drafts),
    Row("powercheck-results", MEMBERS_SEE, kwargs=a_round),
    *(
        Row(
            "powercheck-adopt",
            FACILITATORS_DO,
            method="post",
            kwargs=lambda w, target=target: {**a_round(w), "target": target},
            data=lambda w: {"suggestion": "Not one of the suggestions"},
            note="a refused suggestion redirects back to the results with a message",
        )
        for target in ADOPT_TARGETS
    ),
]
