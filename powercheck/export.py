"""The power checks' part of a project's export and of a person's own data download.

In an anonymous round the export says what was answered, never who answered it: no names,
no perspectives, no times, and the responses in an order that follows their content.
"""

from typing import Any

from django.db.models import Prefetch

from projects.models import Project

from .models import Answer, Response

ROUND_FIELDS = [
    *("title", "opens_at", "closes_at", "closed_at", "anonymous", "status", "eligible_count"),
]


def answers_data(response: Response) -> list[dict[str, Any]]:
    return [
        {"statement": a.question.text, "score": a.score, "comment": a.comment}
        for a in response.answer_list
    ]


def response_data(response: Response, *, anonymous: bool) -> dict[str, Any]:
    data = {
        "answers": answers_data(response),
        "helped": response.helped,
        "hindered": response.hindered,
    }
    if not anonymous:
        member = response.member
        data["member"] = member.user.display_name if member else None
        data["perspective"] = response.perspective
        data["submitted_at"] = response.submitted_at
    return data


def with_answers(responses):
    answers = Answer.objects.select_related("question")
    return responses.prefetch_related(Prefetch("answers", answers, to_attr="answer_list"))


def project_power_checks(project: Project) -> dict[str, Any]:
    """Every round and its submitted responses; drafts stay private to their authors."""
    submitted = with_answers(
        Response.objects.filter(submitted_at__isnull=False).select_related("member__user")
    )
    rounds = project.power_rounds.prefetch_related(
        Prefetch("responses", submitted, to_attr="submitted")
    )
    data = []
    for round in rounds:
        responses = [response_data(r, anonymous=round.anonymous) for r in round.submitted]
        if round.anonymous:
            responses.sort(key=repr)
        data.append({**{f: getattr(round, f) for f in ROUND_FIELDS}, "responses": responses})
    return {
        "power_checks": data,
        "own_statements": list(
            project.power_questions.values("section__title", "text", "created_at")
        ),
    }


def personal_responses(user) -> dict[str, Any]:
    """This person's own answers, in every round, anonymous ones included (only they see it)."""
    responses = with_answers(
        Response.objects.filter(member__user=user).select_related("round__project")
    )
    return {
        "your_power_check_answers": [
            {
                "project": r.round.project.title,
                "round": r.round.title,
                "submitted_at": r.submitted_at,
                **response_data(r, anonymous=True),
            }
            for r in responses
        ]
    }
