"""Build rounds full of answers quickly, for scoring and page tests."""

from django.utils import timezone

from powercheck.models import Answer, Question, Response, Round
from projects.models import Perspective, Role
from tests.factories import MembershipFactory, UserFactory


def statements(section: int) -> list[Question]:
    """The checklist's own statements in section 1–4, in order."""
    return list(Question.objects.filter(section__order=section, project=None).order_by("order"))


def answer(
    round: Round,
    scores: dict[Question, int | None],
    *,
    perspective: str = Perspective.COMMUNITY,
    submitted: bool = True,
    comment: str = "",
    name: str | None = None,
    **fields,
) -> Response:
    """A member of the round's project who answered these statements (None: "don't know")."""
    user = UserFactory(name=name) if name else UserFactory()
    member = MembershipFactory(
        project=round.project, user=user, role=Role.PARTICIPANT, perspective=perspective
    )
    response = Response.objects.create(
        round=round,
        member=member,
        perspective=perspective,
        submitted_at=timezone.now() if submitted else None,
        **fields,
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=q, score=score, comment=comment)
        for q, score in scores.items()
    )
    return response
