"""Load a demo facilitator, participant, observer and one realistic project."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from projects.actions import do_add_goal, do_create_project, do_update_project
from projects.models import Membership, Perspective, Project, Reminder, Role
from projects.reminders import do_schedule_reminder

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
                self.add_many_reminders(project, count=100_000, due=10_000)
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
        self.add_reminders(project, users)
        return project

    def add_reminders(self, project: Project, users: dict) -> None:
        """A charter review next week (its reminder is due now) and a few other reminders."""
        project = do_update_project(
            project=project,
            version=project.version,
            review_date=timezone.localdate() + datetime.timedelta(days=5),
        )
        now = timezone.now()
        for n, (who, title, due_in) in enumerate(
            [
                (PARTICIPANT, "Send the June newsletter to market traders", datetime.timedelta()),
                (FACILITATOR, "Book the room for the design workshop", datetime.timedelta(days=3)),
                (PARTICIPANT, "Share the walkabout photos", datetime.timedelta(days=10)),
            ]
        ):
            do_schedule_reminder(
                kind=Reminder.Kind.OTHER,
                project=project,
                recipient=users[who],
                due_at=now + due_in,
                event_at=now + due_in + datetime.timedelta(days=1),
                title=title,
                url=project.get_absolute_url(),
                dedupe_key=f"demo:{project.pk}:{n}",
            )

    def add_many_reminders(self, project: Project, *, count: int, due: int) -> None:
        """``count`` pending reminders to the project's members, ``due`` of them due now."""
        recipients = list(project.memberships.values_list("user_id", flat=True))
        now = timezone.now()
        url = project.get_absolute_url()
        batch = 5_000
        for start in range(0, count, batch):
            Reminder.objects.bulk_create(
                [
                    Reminder(
                        kind=Reminder.Kind.OTHER,
                        project=project,
                        recipient_id=recipients[n % len(recipients)],
                        title=f"Demo reminder {n}",
                        url=url,
                        due_at=now - datetime.timedelta(minutes=1)
                        if n < due
                        else now + datetime.timedelta(days=1 + n % 60),
                        event_at=now + datetime.timedelta(days=61),
                        dedupe_key=f"demo-large:{project.pk}:{n}",
                    )
                    for n in range(start, min(start + batch, count))
                ]
            )

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
