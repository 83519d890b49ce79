"""Load demo users and one realistic project (see README "Demo data")."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from powercheck import demo as powercheck_demo
from projects import demo
from projects.models import Project
from stakeholders import demo as stakeholders_demo


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
        users = {email: demo.get_user(email, name, password) for email, name in demo.DEMO_PEOPLE}
        project = Project.objects.filter(slug=demo.DEMO_SLUG).first()
        if project is None:
            project = demo.create_project(users)
            stakeholders_demo.add_stakeholders(project, users)
            powercheck_demo.add_power_rounds(project, users)
            demo.add_reminders(project, users)
            if size == "large":
                demo.add_many_members(project, count=200)
                demo.add_many_agreements(project, rules=50, items=100)
                stakeholders_demo.add_many_stakeholders(project, count=1000)
                powercheck_demo.add_many_power_responses(project)
                demo.add_many_reminders(project, count=100_000, due=10_000)
            self.stdout.write(self.style.SUCCESS(f"Created the demo project “{project.title}”."))
        else:
            self.stdout.write("The demo project already exists; left as it is.")
        self.stdout.write(
            f"Log in as {demo.FACILITATOR} (or {demo.PARTICIPANT}, {demo.OBSERVER}) "
            f"with the password “{password}”."
        )
