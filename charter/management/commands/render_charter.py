"""Render a project's charter now, in this process, and write the PDF to a file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from charter.actions import do_request_charter
from charter.tasks import render_charter
from projects.models import Project


class Command(BaseCommand):
    help = (
        "Render the charter of the project with this slug through the same code as the "
        "background task, and write the PDF to a file. Makes a new version only if the "
        "project changed since the latest one."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", required=True, help="Where to write the PDF.")

    def handle(self, *args, slug: str, output: str, **options) -> None:
        project = Project.objects.filter(slug=slug).first()
        if project is None:
            raise CommandError(f"No project has the slug “{slug}”.")
        charter = do_request_charter(project=project, by=None, enqueue=False)
        if not charter.is_ready:
            render_charter.apply(args=[charter.pk])
            charter.refresh_from_db()
        if not charter.is_ready:
            raise CommandError(f"Version {charter.version} could not be made: {charter.error}")
        with charter.pdf.open("rb") as pdf:
            Path(output).write_bytes(pdf.read())
        self.stdout.write(
            self.style.SUCCESS(f"Wrote version {charter.version} of the charter to {output}.")
        )
