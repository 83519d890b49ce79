"""What reporting on involvement adds to a project: the "Report on involvement" step, members'
own to-do (views to give), self-assessment dates in calendars and their reminders, the
charter's "Reviewing involvement", the self-assessments as evidence, the exports, and demo
data."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from coproduce.fingerprint import rows_fingerprint
from projects.models import Membership, Project
from projects.parts import (
    CalendarEvent,
    CharterSection,
    Evidence,
    ProjectPart,
    Step,
    Todo,
    register,
    row_sentences,
    state_of,
)
from reminders.models import Reminder

from . import charter, demo
from .comparison import get_comparisons
from .content import find_report, report_content
from .evidence import assessment_evidence
from .models import AssessmentView, ReportFile, ReportVersion, StandardEntry, ViewRating
from .reminders import GIVE_VIEWS, get_open_assessment_ids, sync_open_assessment_reminders


def comparison_data(comparison) -> dict:
    return {
        "views": comparison.views,
        "shown": comparison.enough,
        "standards": [
            {
                "standard": str(s.standard.title),
                "everyone": s.everyone,
                "facilitators": s.facilitators,
                "community": s.community,
            }
            for s in comparison.standards
        ],
    }


@register
class ReportingPart(ProjectPart):
    position = 90

    def progress(self) -> dict:
        return {
            "has_rated_assessment": Exists(
                StandardEntry.objects.filter(
                    assessment__project=OuterRef("pk"), rating__isnull=False
                )
            ),
            "has_report_draft": Exists(
                ReportVersion.objects.filter(report__project=OuterRef("pk"))
            ),
        }

    def overview_step(self, project: Project, progress: dict[str, Any]) -> Step:
        return Step(
            gettext_lazy("Report on involvement"),
            gettext_lazy(
                "Assess how involvement is going against the UK Standards, and draft the report "
                "funders and journals ask for from what the project holds."
            ),
            state_of(progress["has_rated_assessment"], progress["has_report_draft"]),
            reverse("reporting-index", args=[project.slug]),
        )

    def report_evidence(self, project: Project) -> list[Evidence]:
        return assessment_evidence(project)

    def todo(self, membership: Membership) -> list[Todo]:
        """An open self-assessment waiting for this member's view (done once given)."""
        if membership.role not in GIVE_VIEWS:
            return []
        project = membership.project
        given = AssessmentView.objects.filter(assessment=OuterRef("pk"), member=membership)
        assessments = project.assessments.filter(closed_at__isnull=True).annotate(
            given=Exists(given)
        )
        return [
            Todo(
                _("Give your view in the self-assessment “%(title)s”") % {"title": a.title},
                reverse("reporting-my-view", args=[project.slug, a.pk]),
                a.due_on,
                a.given,
            )
            for a in assessments
        ]

    def calendar_dates(self, membership: Membership) -> list[CalendarEvent]:
        if membership.role not in GIVE_VIEWS:
            return []
        project = membership.project
        return [
            CalendarEvent(
                uid=f"assessment-{a.pk}-due@coproduce",
                title=_("Self-assessment “%(title)s” to be done") % {"title": a.title},
                start=a.due_on,
                url=settings.SITE_URL + reverse("reporting-my-view", args=[project.slug, a.pk]),
            )
            for a in project.assessments.filter(closed_at__isnull=True, due_on__isnull=False)
        ]

    def export_project(self, project: Project) -> dict[str, Any]:
        """The project's answers, members' views only as ``comparison`` allows, and the report."""
        assessments = list(project.assessments.prefetch_related("entries"))
        comparisons = get_comparisons(assessments)
        return {
            "self_assessments": [
                {
                    "title": a.title,
                    "stage": a.stage,
                    "due_on": a.due_on,
                    "created_at": a.created_at,
                    "closed_at": a.closed_at,
                    "standards": [
                        {
                            "standard": e.standard,
                            "rating": e.rating,
                            "going_well": e.going_well,
                            "to_improve": e.to_improve,
                            "evidence": e.evidence,
                        }
                        for e in a.entries.all()
                    ],
                    "members_views": comparison_data(comparisons[a.pk]),
                }
                for a in assessments
            ],
            "report_on_involvement": report_content(find_report(project))["items"],
        }

    def export_person(self, user) -> dict[str, Any]:
        ratings = ViewRating.objects.filter(view__member__user=user).select_related(
            "view__assessment__project"
        )
        return {
            "your_self_assessment_views": [
                {
                    "project": r.view.assessment.project.title,
                    "assessment": r.view.assessment.title,
                    "standard": r.standard,
                    "rating": r.rating,
                    "comment": r.comment,
                }
                for r in ratings
            ]
        }

    def erase_person(self, user) -> None:
        """Their ratings stay in the averages, unlinked (their membership goes); what they wrote
        goes."""
        ViewRating.objects.filter(view__member__user=user).update(comment="")

    def project_deleting(self, project: Project) -> None:
        for file in ReportFile.objects.filter(report__project=project).exclude(pdf=""):
            transaction.on_commit(lambda pdf=file.pdf: pdf.storage.delete(pdf.name))

    def charter_sections(self) -> list[CharterSection]:
        return charter.SECTIONS

    def charter_fingerprint(self) -> dict:
        return {
            "assessment_ratings": rows_fingerprint(
                StandardEntry.objects.filter(rating__isnull=False),
                "assessment__project",
                "rating",
                "assessment__title",
                "assessment__due_on",
                "assessment__created_at",
            ),
        }

    def charter_changes(self, before: dict, now: dict) -> list[str]:
        return row_sentences(
            before,
            now,
            "assessment_ratings",
            added=ngettext_lazy(
                "%(count)s rating was added to the self-assessments.",
                "%(count)s ratings were added to the self-assessments.",
                "count",
            ),
            removed=ngettext_lazy(
                "%(count)s rating was removed from the self-assessments.",
                "%(count)s ratings were removed from the self-assessments.",
                "count",
            ),
            changed=ngettext_lazy(
                "%(count)s rating in the self-assessments changed.",
                "%(count)s ratings in the self-assessments changed.",
                "count",
            ),
        )

    def live_events(self) -> dict:
        return {Reminder.Kind.ASSESSMENT_DUE: get_open_assessment_ids}

    def members_changed(self, project: Project) -> None:
        sync_open_assessment_reminders(project)

    def add_demo(self, project: Project, users: dict, *, size: str) -> None:
        demo.add_reporting(project, users, size=size)
