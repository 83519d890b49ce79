"""Load demo users and one realistic project (see README "Demo data")."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from coproduce.accounts import do_vouch_for_addresses
from projects import demo
from projects.models import Project
from projects.parts import get_parts


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
            # Every part adds its own demo data, in the order of the overview's steps.
            for part in get_parts():
                part.add_demo(project, users, size=size)
                project.refresh_from_db()
            self.stdout.write(self.style.SUCCESS(f"Created the demo project “{project.title}”."))
        else:
            self.stdout.write("The demo project already exists; left as it is.")
        # Demo people have made-up addresses that nobody can confirm: vouch for them.
        User = get_user_model()
        do_vouch_for_addresses(
            users=User.objects.filter(
                Q(pk__in=[user.pk for user in users.values()]) | Q(memberships__project=project)
            )
        )
        self.stdout.write(
            f"Log in as {demo.FACILITATOR} (or {demo.PARTICIPANT}, {demo.OBSERVER}) "
            f"with the password “{password}”."
        )
