"""Load a demo facilitator, participant, observer and one realistic project."""

import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from powercheck.actions import (
    AnswerInput,
    do_close_round,
    do_open_round,
    do_save_answers,
    do_submit_response,
)
from powercheck.models import Answer, Response, Round
from projects.actions import do_add_goal, do_create_project
from projects.models import Membership, Perspective, Project, Role

UNUSABLE = make_password(None)
DEMO_SLUG = "healthy-streets-together"
FACILITATOR = "facilitator@example.org"
PARTICIPANT = "participant@example.org"
OBSERVER = "observer@example.org"

GOALS = [
    (
        "Residents and council officers agree the three streets to change first.",
        "A shortlist signed off at the June workshop by both groups.",
    ),
    (
        "People who rarely take part in consultations shape the designs.",
        "At least a third of design session attendees have never been to a council meeting.",
    ),
    (
        "The council adopts the group's recommendations in its transport plan.",
        "Recommendations appear in the plan published next spring.",
    ),
]


class Command(BaseCommand):
    help = "Load demo users and a demo project. Safe to run twice."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=["small", "large"], default="small")
        parser.add_argument("--password", default="coproduce-demo")
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    @transaction.atomic
    def handle(self, *args, size: str, password: str, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG=False; pass --force to do it anyway."
            )
        users = {
            email: self.get_user(email, name, password)
            for email, name in [
                (FACILITATOR, "Fatima Okafor"),
                (PARTICIPANT, "Pat Morgan"),
                (OBSERVER, "Olu Bennett"),
            ]
        }
        project = Project.objects.filter(slug=DEMO_SLUG).first()
        if project is None:
            project = self.create_project(users)
            if size == "large":
                self.add_many_members(project, count=200)
                self.add_many_power_responses(project)
            self.stdout.write(self.style.SUCCESS(f"Created the demo project “{project.title}”."))
        else:
            self.stdout.write("The demo project already exists; left as it is.")
        self.stdout.write(
            f"Log in as {FACILITATOR} (or {PARTICIPANT}, {OBSERVER}) with the password “{password}”."
        )

    def get_user(self, email: str, name: str, password: str):
        user, created = get_user_model().objects.get_or_create(email=email, defaults={"name": name})
        if created or not user.has_usable_password():
            user.set_password(password)
            user.save()
        return user

    def create_project(self, users: dict) -> Project:
        today = timezone.localdate()
        project = do_create_project(
            by=users[FACILITATOR],
            title="Healthy Streets Together",
            organisation="Northbridge City Council",
            aim=(
                "Make the streets around Northbridge market safer and more pleasant to walk, "
                "wheel and play in, designed with the people who live and work there."
            ),
            start_date=today - datetime.timedelta(days=30),
            end_date=today + datetime.timedelta(days=335),
            perspective=Perspective.RESEARCHER,
        )
        Project.objects.filter(pk=project.pk).update(slug=DEMO_SLUG, status=Project.Status.ACTIVE)
        project.refresh_from_db()
        Membership.objects.create(
            project=project,
            user=users[PARTICIPANT],
            role=Role.PARTICIPANT,
            perspective=Perspective.COMMUNITY,
        )
        Membership.objects.create(
            project=project,
            user=users[OBSERVER],
            role=Role.OBSERVER,
            perspective=Perspective.ORGANISATION,
        )
        for text, measure in GOALS:
            do_add_goal(project=project, text=text, measure=measure)
        self.add_power_rounds(project, users)
        return project

    def add_many_members(self, project: Project, *, count: int) -> None:
        """Members without a usable password, spread across the perspectives."""
        User = get_user_model()
        new_users = User.objects.bulk_create(
            User(email=f"member{n:04d}@example.org", name=f"Member {n}", password=UNUSABLE)
            for n in range(1, count + 1)
        )
        perspectives = list(Perspective.values)
        Membership.objects.bulk_create(
            Membership(
                project=project,
                user=user,
                role=Role.PARTICIPANT,
                perspective=perspectives[n % len(perspectives)],
            )
            for n, user in enumerate(new_users)
        )

    def power_ranges(self, perspective: str) -> list[tuple[int, int]]:
        """Plausible lowest and highest answers per section; community members see less
        sharing in section 3, so the perception gap shows."""
        if perspective in Perspective.community():
            return [(1, 3), (2, 4), (0, 2), (1, 3)]
        return [(2, 4), (2, 4), (3, 4), (2, 3)]

    def power_answers(self, round: Round, rng: random.Random, perspective: str) -> list:
        ranges = self.power_ranges(perspective)
        answers = []
        for question in round.questions().select_related("section"):
            low, high = ranges[question.section.order - 1]
            dont_know = question.section.order != 3 and rng.random() < 0.08
            answers.append(AnswerInput(question.pk, None if dont_know else rng.randint(low, high)))
        return answers

    def add_power_rounds(self, project: Project, users: dict) -> None:
        """A closed round answered by facilitators and participants, and an open round."""
        rng = random.Random(2018)
        people = [
            ("Jo Whitfield", Role.PARTICIPANT, Perspective.COMMUNITY),
            ("Amina Yusuf", Role.PARTICIPANT, Perspective.COMMUNITY),
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
            self.answer_round(spring, member, rng, helped=helped, hindered=hindered)
        do_close_round(round=spring, by=users[FACILITATOR])
        Round.objects.filter(pk=spring.pk).update(
            opens_at=now - datetime.timedelta(days=25),
            closes_at=now - datetime.timedelta(days=11),
            closed_at=now - datetime.timedelta(days=11),
        )
        current = do_open_round(
            project=project,
            by=users[FACILITATOR],
            title="Two months in",
            closes_at=now + datetime.timedelta(days=12),
            anonymous=True,
        )
        for member in members[-3:]:
            self.answer_round(current, member, rng)

    def answer_round(
        self, round: Round, member: Membership, rng: random.Random, **reflections
    ) -> None:
        """Answer every statement and submit, through the same actions members use."""
        answers = self.power_answers(round, rng, member.perspective)
        do_save_answers(round=round, member=member, answers=answers, **reflections)
        do_submit_response(round=round, member=member)

    def add_many_power_responses(self, project: Project) -> None:
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
                    score=rng.randint(
                        *self.power_ranges(response.perspective)[q.section.order - 1]
                    ),
                )
                for response in responses
                for q in questions
            )
        eligible = project.memberships.exclude(role=Role.OBSERVER).count()
        project.power_rounds.filter(status=Round.Status.CLOSED).update(eligible_count=eligible)
