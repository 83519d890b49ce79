"""What the charter adds to a project: its overview step, its versions in the export, its own
sections (cover, contents, review dates) and the review reminders to facilitators."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, JSONField, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from coproduce.fingerprint import text_digest
from projects.actions import do_update_project
from projects.demo import FACILITATOR
from projects.models import Membership, Project
from projects.parts import (
    OUT_OF_DATE,
    CharterSection,
    ProjectPart,
    Step,
    differs,
    done_or_started,
    register,
)

from .actions import do_request_charter, do_schedule_review_reminders, do_withdraw_charters
from .content import OWN_SECTIONS
from .freshness import get_fingerprint, get_out_of_date
from .models import Charter

# Changes to these fields of a project move its review reminders.
REVIEW_FIELDS = {"review_date", "time_zone", "title"}


@register
class CharterPart(ProjectPart):
    position = 50

    def progress(self) -> dict:
        charters = Charter.objects.filter(project=OuterRef("pk"))
        ready = charters.filter(status=Charter.Status.READY).order_by("-version")
        return {
            "has_charters": Exists(charters),
            "charter_version": Subquery(ready.values("version")[:1]),
            "charter_made_at": Subquery(ready.values("rendered_at")[:1]),
            "charter_made_from": Subquery(ready.values("made_from")[:1], output_field=JSONField()),
        }

    def overview_step(self, project: Project, progress: dict[str, Any]) -> Step:
        # Compared (one query) only once there is a version to compare with.
        out_of_date = None
        if progress["charter_version"] is not None:
            out_of_date = get_out_of_date(
                version=progress["charter_version"],
                made_at=progress["charter_made_at"],
                made_from=progress["charter_made_from"],
                now=get_fingerprint(project),
            )
        # Done once a charter is ready to download, in progress while one is being made, out
        # of date once the project has changed since the latest was made.
        state = done_or_started(progress["charter_version"] is not None, progress["has_charters"])
        lead, notes = "", ()
        if out_of_date is not None:
            state, notes = OUT_OF_DATE, out_of_date.changes
            made_on = date_format(timezone.localtime(out_of_date.made_at), "j F Y")
            lead = gettext_now(
                "Version %(version)s, made on %(date)s, is out of date. Since then:"
            ) % {"version": out_of_date.version, "date": made_on}
        return Step(
            _("Charter"),
            _(
                "A PDF of everything you have agreed, for members to sign off and organisations to keep."
            ),
            state,
            reverse("charter-index", args=[project.slug]),
            notes,
            lead,
        )

    def export_project(self, project: Project) -> dict[str, Any]:
        return {
            "charters": list(
                project.charters.values("version", "status", "created_at", "rendered_at", "error")
            )
        }

    def export_person(self, user) -> dict[str, Any]:
        return {
            "charters_you_asked_for": list(
                Charter.objects.filter(requested_by=user).values(
                    "project__title", "version", "status", "created_at"
                )
            )
        }

    def charter_sections(self) -> list[CharterSection]:
        return OWN_SECTIONS

    def charter_fingerprint(self) -> dict:
        return {
            "details": text_digest("title", "organisation", "status"),
            "dates": text_digest("start_date", "end_date", "review_date"),
        }

    def charter_changes(self, before: dict, now: dict) -> list[str]:
        sentences = []
        if differs(before, now, "details"):
            sentences.append(gettext_now("The project's name, organisation or status changed."))
        if differs(before, now, "dates"):
            sentences.append(gettext_now("The project's dates changed."))
        return sentences

    def erase_person(self, user) -> None:
        """Versions made since they joined name them (members, sign-off): withdrawn, and the
        charter made again, after their account has gone."""
        for membership in Membership.objects.filter(user=user).select_related("project"):
            project = membership.project
            if do_withdraw_charters(project=project, made_since=membership.joined_at):
                do_request_charter(project=project, by=None)

    def project_deleting(self, project: Project) -> None:
        """Its PDFs are deleted once the project's rows are."""
        for charter in project.charters.exclude(pdf=""):
            transaction.on_commit(lambda pdf=charter.pdf: pdf.storage.delete(pdf.name))

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
