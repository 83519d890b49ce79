"""Demo data for the power dynamics check."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from coproduce.dates import end_of_day
from powercheck.actions import (
    AnswerInput,
    do_close_round,
    do_open_round,
    do_save_answers,
    do_submit_response,
)
from powercheck.models import Answer, Response, Round
from projects.demo import FACILITATOR, UNUSABLE
from projects.models import Membership, Perspective, Project, Role


def power_ranges(perspective: str) -> list[tuple[int, int]]:
    """Plausible lowest and highest answers per section; community members see less
    sharing in section 3, so the perception gap shows."""
    if perspective in Perspective.community():
        return [(1, 3), (2, 4), (0, 2), (1, 3)]
    return [(2, 4), (2, 4), (3, 4), (2, 3)]


def power_answers(round: Round, rng: random.Random, perspective: str) -> list:
    ranges = power_ranges(perspective)
    answers = []
    for question in round.questions().select_related("section"):
        low, high = ranges[question.section.order - 1]
        dont_know = question.section.order != 3 and rng.random() < 0.08
        answers.append(AnswerInput(question.pk, None if dont_know else rng.randint(low, high)))
    return answers


def add_power_rounds(project: Project, users: dict) -> None:
    """A closed round answered by facilitators and participants, and an open round."""
    rng = random.Random(2018)
    people = [
        ("Jo Whitfield", Role.PARTICIPANT, Perspective.COMMUNITY),
        ("Aisha Rahman", Role.PARTICIPANT, Perspective.COMMUNITY),
        ("Dev Patel", Role.PARTICIPANT, Perspective.COMMUNITY),
        ("Ruth Ellis", Role.FACILITATOR, Perspective.PRACTITIONER),
        ("Tom Baker", Role.PARTICIPANT, Perspective.RESEARCHER),
    ]
    User = get_user_model()
    members = list(project.memberships.exclude(role=Role.OBSERVER))
    for n, (name, role, perspective) in enumerate(people, start=1):
        user, _ = User.objects.get_or_create(
            email=f"demo-member{n}@example.org", defaults={"name": name, "password": UNUSABLE}
        )
        members.append(
            Membership.objects.create(
                project=project, user=user, role=role, perspective=perspective
            )
        )
    now = timezone.now()
    spring = do_open_round(
        project=project,
        by=users[FACILITATOR],
        title="First month check",
        closes_at=now + datetime.timedelta(days=1),
        anonymous=True,
    )
    reflections = [
        ("Meeting in the community centre, not the council offices.", "Papers arrive late."),
        ("Being paid for our time.", ""),
        ("", "Budget decisions are made before we see them."),
    ]
    for n, member in enumerate(members):
        helped, hindered = reflections[n % len(reflections)]
        answer_round(spring, member, rng, helped=helped, hindered=hindered)
    do_close_round(round=spring, by=users[FACILITATOR])
    # Rounds close at the end of the day chosen, in the project's time zone; this one ran
    # to its closing date 12 days ago.
    today = timezone.localdate(now, project.zone)
    spring_closed = end_of_day(today - datetime.timedelta(days=12), project.zone)
    Round.objects.filter(pk=spring.pk).update(
        opens_at=now - datetime.timedelta(days=25), closes_at=spring_closed, closed_at=spring_closed
    )
    closing_day = today + datetime.timedelta(days=12)
    current = do_open_round(
        project=project,
        by=users[FACILITATOR],
        title="Two months in",
        closes_at=end_of_day(closing_day, project.zone),
        anonymous=True,
    )
    for member in members[-3:]:
        answer_round(current, member, rng)


def answer_round(round: Round, member: Membership, rng: random.Random, **reflections) -> None:
    """Answer every statement and submit, through the same actions members use."""
    answers = power_answers(round, rng, member.perspective)
    do_save_answers(round=round, member=member, answers=answers, **reflections)
    do_submit_response(round=round, member=member)


def add_many_power_responses(project: Project) -> None:
    """About 200 submitted responses in each of three rounds, for benchmarks."""
    rng = random.Random(200)
    now = timezone.now()
    Round.objects.create(
        project=project,
        checklist=project.power_rounds.first().checklist,
        title="Starting point",
        opens_at=now - datetime.timedelta(days=29),
        closes_at=now - datetime.timedelta(days=27),
        closed_at=now - datetime.timedelta(days=27),
        status=Round.Status.CLOSED,
    )
    members = list(project.memberships.filter(user__email__startswith="member"))
    for round in project.power_rounds.all():
        questions = list(round.questions().select_related("section"))
        answered = set(round.responses.values_list("member_id", flat=True))
        responses = Response.objects.bulk_create(
            Response(
                round=round,
                member=m,
                perspective=m.perspective,
                submitted_at=min(now, round.closes_at) - datetime.timedelta(hours=1),
            )
            for m in members
            if m.pk not in answered
        )
        Answer.objects.bulk_create(
            Answer(
                response=response,
                question=q,
                score=rng.randint(*power_ranges(response.perspective)[q.section.order - 1]),
            )
            for response in responses
            for q in questions
        )
    eligible = project.memberships.exclude(role=Role.OBSERVER).count()
    project.power_rounds.filter(status=Round.Status.CLOSED).update(eligible_count=eligible)
