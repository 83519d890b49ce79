"""What the charter adds to a project: its overview step, its versions in the export, its own
sections (cover, contents, review dates) and the review reminders to facilitators."""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.actions import do_update_project
from projects.demo import FACILITATOR
from projects.models import Project
from projects.parts import (
    CharterSection,
    ProjectPart,
    Step,
    done_or_started,
    register,
)

from .actions import do_schedule_review_reminders
from .content import OWN_SECTIONS
from .models import Charter

# Changes to these fields of a project move its review reminders.
REVIEW_FIELDS = {"review_date", "time_zone", "title"}


@register
class CharterPart(ProjectPart):
    position = 50

    def progress(self) -> dict:
        charters = Charter.objects.filter(project=OuterRef("pk"))
        return {
            "has_charters": Exists(charters),
            "charter_ready": Exists(charters.filter(status=Charter.Status.READY)),
        }

    def overview_step(self, project: Project, progress: dict[str, Any]) -> Step:
        return Step(
            _("Charter"),
            _(
                "A PDF of everything you have agreed, for members to sign off and organisations to keep."
            ),
            # Done once a charter is ready to download, in progress while one is being made.
            done_or_started(progress["charter_ready"], progress["has_charters"]),
            reverse("charter-index", args=[project.slug]),
        )

    def export_project(self, project: Project) -> dict[str, Any]:
        return {
            "charters": list(
                project.charters.values("version", "status", "created_at", "rendered_at", "error")
            )
        }

    def charter_sections(self) -> list[CharterSection]:
        return OWN_SECTIONS

    def project_changed(self, project: Project, fields: set[str]) -> None:
        if fields & REVIEW_FIELDS:
            do_schedule_review_reminders(project)

    def members_changed(self, project: Project) -> None:
        do_schedule_review_reminders(project)

    def add_demo(self, project: Project, users: dict, *, size: str) -> None:
        # A review next week: its reminder to the facilitator is due at once.
        do_update_project(
            project=project,
            version=project.version,
            review_date=timezone.localdate() + datetime.timedelta(days=5),
            by=users.get(FACILITATOR),
        )
