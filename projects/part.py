"""What projects themselves add: the "Aim and goals" step, the project, its members, goals and
timeline in the export, its dates in calendars, and the charter's aim and goals."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from coproduce.fingerprint import rows_fingerprint, text_digest

from . import demo
from .models import AuditEvent, Goal, Membership, Perspective, Project
from .parts import (
    CalendarEvent,
    CharterSection,
    Evidence,
    ProjectPart,
    Step,
    TimelineNames,
    differs,
    register,
    row_sentences,
    state_of,
)
from .timeline import get_lines


def user_names(ids: set[int]) -> dict[int, str]:
    """Each of these users' names as members see them, in one query."""
    users = get_user_model().objects.filter(pk__in=ids).only("pk", "name", "email")
    return {user.pk: user.display_name for user in users}


def aim_section(project: Project) -> dict:
    """What we are trying to achieve: the aim, and each goal with how we will know."""
    return {
        "aim": project.aim.strip(),
        "goals": [
            {"text": goal.text, "measure": goal.measure, "status": str(goal.get_status_display())}
            for goal in project.goals.all()
        ],
    }


GOAL_SENTENCES = {
    Goal.Status.OPEN: gettext_lazy("A goal of the project, not yet met: “%(goal)s”."),
    Goal.Status.MET: gettext_lazy("A goal of the project that was met: “%(goal)s”."),
    Goal.Status.DROPPED: gettext_lazy("A goal of the project that was dropped: “%(goal)s”."),
}


def project_evidence(project: Project) -> list[Evidence]:
    """The aim, each goal, and how many members the project has from each perspective (counts
    only, never names), in two queries."""
    goals_url = reverse("projects-goals", args=[project.slug])
    evidence = []
    if project.aim.strip():
        evidence.append(
            Evidence(
                "aim",
                "project",
                _("The aim"),
                _("The project set out to do this: “%(aim)s”") % {"aim": project.aim.strip()},
                goals_url,
                gripp2=("aim",),
            )
        )
    for goal in project.goals.all():
        evidence.append(
            Evidence(
                "goal",
                str(goal.pk),
                _("Aim and goals"),
                GOAL_SENTENCES[goal.status] % {"goal": goal.text.strip().rstrip(".")},
                goals_url,
                date=timezone.localdate(goal.created_at, project.zone),
                gripp2=("aim", "results") if goal.status == Goal.Status.MET else ("aim",),
            )
        )
    counts = dict(project.memberships.values_list("perspective").annotate(n=Count("pk")).order_by())
    total = sum(counts.values())
    if total:
        groups = "; ".join(
            f"{label}: {counts[value]}" for value, label in Perspective.choices if counts.get(value)
        )
        if counts.get(""):
            groups = "; ".join(filter(None, [groups, _("not said: %(n)s") % {"n": counts[""]}]))
        evidence.append(
            Evidence(
                "members",
                "perspectives",
                _("Members"),
                ngettext(
                    "The project has %(count)s member (%(groups)s).",
                    "The project has %(count)s members (%(groups)s).",
                    total,
                )
                % {"count": total, "groups": groups},
                reverse("projects-members", args=[project.slug]),
                standards=("inclusive_opportunities", "working_together"),
                gripp2=("methods",),
            )
        )
    return evidence


@register
class ProjectsPart(ProjectPart):
    position = 10

    def progress(self) -> dict:
        return {"has_goals": Exists(Goal.objects.filter(project=OuterRef("pk")))}

    def overview_step(self, project: Project, progress: dict[str, Any]) -> Step:
        return Step(
            gettext_lazy("Aim and goals"),
            gettext_lazy(
                "Say in plain words what the project is trying to achieve, and how you will know."
            ),
            state_of(bool(project.aim.strip()), progress["has_goals"]),
            reverse("projects-goals", args=[project.slug]),
        )

    def export_project(self, project: Project) -> dict[str, Any]:
        return {
            "project": {
                "title": project.title,
                "slug": project.slug,
                "aim": project.aim,
                "organisation": project.organisation,
                "status": project.status,
                "start_date": project.start_date,
                "end_date": project.end_date,
                "review_date": project.review_date,
                "created_at": project.created_at,
            },
            "members": [
                {
                    "name": m.user.display_name,
                    "email": m.user.email,
                    "role": m.role,
                    "perspective": m.perspective,
                    "joined_at": m.joined_at,
                }
                for m in project.memberships.select_related("user")
            ],
            "goals": list(project.goals.values("text", "measure", "order", "status")),
            "timeline": [
                {
                    "at": event.created_at,
                    "by": event.actor.display_name if event.actor else None,
                    "what": event.text,
                }
                for event in get_lines(project.events.select_related("actor"))
            ],
        }

    def timeline_names(self) -> dict[str, TimelineNames]:
        return {
            settings.AUTH_USER_MODEL.lower(): TimelineNames(
                names=user_names, gone=gettext_lazy("a former member")
            )
        }

    def export_person(self, user) -> dict[str, Any]:
        return {
            "account": {"email": user.email, "name": user.name, "date_joined": user.date_joined},
            "memberships": [
                {
                    "project": m.project.title,
                    "role": m.role,
                    "perspective": m.perspective,
                    "joined_at": m.joined_at,
                    "reminders_enabled": m.reminders_enabled,
                }
                for m in user.memberships.select_related("project")
            ],
            "projects_you_created": list(
                Project.objects.filter(created_by=user).values("title", "created_at")
            ),
            "your_timeline": [
                {"project": event.project.title, "at": event.created_at, "what": event.text}
                for event in get_lines(
                    AuditEvent.objects.filter(actor=user).select_related("project")
                )
            ],
        }

    def calendar_dates(self, membership: Membership) -> list[CalendarEvent]:
        """The project's start, end and charter review dates."""
        project = membership.project
        url = settings.SITE_URL + project.get_absolute_url()
        dates = [
            ("start", _("%(project)s starts"), project.start_date),
            ("end", _("%(project)s ends"), project.end_date),
            ("review", _("Review the charter of %(project)s"), project.review_date),
        ]
        return [
            CalendarEvent(
                uid=f"project-{project.pk}-{name}@coproduce",
                title=title % {"project": project.title},
                start=day,
                url=url,
            )
            for name, title, day in dates
            if day is not None
        ]

    def charter_sections(self) -> list[CharterSection]:
        return [
            CharterSection(
                30,
                "aim",
                gettext_lazy("What we are trying to achieve"),
                "charter/aim.html",
                aim_section,
            )
        ]

    def charter_fingerprint(self) -> dict:
        # Members are printed in "Who is involved" and the sign-off; they are the project's.
        return {
            "aim": text_digest("aim"),
            "goals": rows_fingerprint(
                Goal.objects, "project", "text", "measure", "status", "order"
            ),
            "members": rows_fingerprint(
                Membership.objects, "project", "user__name", "role", "perspective"
            ),
        }

    def charter_changes(self, before: dict, now: dict) -> list[str]:
        aim = [_("The aim changed.")] if differs(before, now, "aim") else []
        goals = row_sentences(
            before,
            now,
            "goals",
            added=ngettext_lazy(
                "%(count)s goal was added.", "%(count)s goals were added.", "count"
            ),
            removed=ngettext_lazy(
                "%(count)s goal was removed.", "%(count)s goals were removed.", "count"
            ),
            changed=ngettext_lazy(
                "%(count)s goal was changed or moved.",
                "%(count)s goals were changed or moved.",
                "count",
            ),
        )
        members = row_sentences(
            before,
            now,
            "members",
            added=ngettext_lazy("%(count)s member joined.", "%(count)s members joined.", "count"),
            removed=ngettext_lazy("%(count)s member left.", "%(count)s members left.", "count"),
            changed=ngettext_lazy(
                "The name, role or perspective of %(count)s member changed.",
                "The names, roles or perspectives of %(count)s members changed.",
                "count",
            ),
        )
        return aim + goals + members

    def report_evidence(self, project: Project) -> list[Evidence]:
        return project_evidence(project)

    def add_demo(self, project: Project, users: dict, *, size: str) -> None:
        if size == "large":
            demo.add_many_members(project, count=200)
