"""What the power dynamics check adds to a project: the "Power dynamics" step, rounds in the
exports and in calendars, the charter's scores, reminders kept in step with the members, and
demo data.

In an anonymous round the export says what was answered, never who answered it: no names,
no perspectives, no times, and the responses in an order that follows their content.
"""

from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import Membership, Project
from projects.parts import (
    CalendarEvent,
    CharterSection,
    ProjectPart,
    Step,
    done_or_started,
    register,
)
from reminders.models import Reminder

from . import charter, demo
from .actions import sync_open_round_reminders
from .models import RESPONDER_ROLES, Answer, Response, Round

ROUND_FIELDS = [
    *("title", "opens_at", "closes_at", "closed_at", "anonymous", "status", "eligible_count"),
]


def answers_data(response: Response) -> list[dict[str, Any]]:
    return [
        {"statement": a.question.text, "score": a.score, "comment": a.comment}
        for a in response.answer_list
    ]


def response_data(response: Response, *, anonymous: bool) -> dict[str, Any]:
    data = {
        "answers": answers_data(response),
        "helped": response.helped,
        "hindered": response.hindered,
    }
    if not anonymous:
        member = response.member
        data["member"] = member.user.display_name if member else None
        data["perspective"] = response.perspective
        data["submitted_at"] = response.submitted_at
    return data


def with_answers(responses):
    answers = Answer.objects.select_related("question")
    return responses.prefetch_related(Prefetch("answers", answers, to_attr="answer_list"))


def get_open_round_ids(ids: set[int]) -> set[int]:
    """Which of these rounds still take answers (for the reminder sweep)."""
    return set(
        Round.objects.filter(pk__in=ids, status=Round.Status.OPEN).values_list("pk", flat=True)
    )


@register
class PowercheckPart(ProjectPart):
    position = 30

    def progress(self) -> dict:
        rounds = Round.objects.filter(project=OuterRef("pk"))
        return {
            "has_rounds": Exists(rounds),
            "has_closed_round": Exists(rounds.filter(status=Round.Status.CLOSED)),
            "first_closes_at": Subquery(rounds.order_by("closes_at").values("closes_at")[:1]),
        }

    def overview_step(self, project: Project, progress: dict[str, Any]) -> Step:
        first_closes_at = progress["first_closes_at"]
        round_done = progress["has_closed_round"] or (
            first_closes_at is not None and first_closes_at <= timezone.now()
        )
        return Step(
            gettext_lazy("Power dynamics"),
            gettext_lazy(
                "Everyone answers a short checklist about how power is shared, and you see where it is not."
            ),
            # Done once a round has closed, in progress while the first one is open.
            done_or_started(round_done, progress["has_rounds"]),
            reverse("powercheck-index", args=[project.slug]),
        )

    def export_project(self, project: Project) -> dict[str, Any]:
        """Every round and its submitted responses; drafts stay private to their authors."""
        submitted = with_answers(
            Response.objects.filter(submitted_at__isnull=False).select_related("member__user")
        )
        rounds = project.power_rounds.prefetch_related(
            Prefetch("responses", submitted, to_attr="submitted")
        )
        data = []
        for round in rounds:
            responses = [response_data(r, anonymous=round.anonymous) for r in round.submitted]
            if round.anonymous:
                responses.sort(key=repr)
            data.append({**{f: getattr(round, f) for f in ROUND_FIELDS}, "responses": responses})
        return {
            "power_checks": data,
            "own_statements": list(
                project.power_questions.values("section__title", "text", "created_at")
            ),
        }

    def export_person(self, user) -> dict[str, Any]:
        """This person's own answers, in every round, anonymous ones included (only they see it)."""
        responses = with_answers(
            Response.objects.filter(member__user=user).select_related("round__project")
        )
        return {
            "your_power_check_answers": [
                {
                    "project": r.round.project.title,
                    "round": r.round.title,
                    "submitted_at": r.submitted_at,
                    **response_data(r, anonymous=True),
                }
                for r in responses
            ],
            "rounds_you_opened": list(
                Round.objects.filter(created_by=user).values(
                    "project__title", "title", "opens_at", "closes_at", "anonymous"
                )
            ),
        }

    def erase_person(self, user) -> None:
        """Their submitted scores stay in the results, no longer linked to them (their
        membership goes), without what they wrote; their unsubmitted drafts go."""
        responses = Response.objects.filter(member__user=user)
        responses.filter(submitted_at__isnull=True).delete()
        Answer.objects.filter(response__in=responses).exclude(comment="").update(comment="")
        responses.update(helped="", hindered="")

    def calendar_dates(self, membership: Membership) -> list[CalendarEvent]:
        """When each open round closes, for members who can answer it."""
        if membership.role not in RESPONDER_ROLES:
            return []
        project = membership.project
        return [
            CalendarEvent(
                uid=f"round-{round.pk}-closes@coproduce",
                title=_("The power dynamics check “%(round)s” closes") % {"round": round.title},
                start=round.closes_at,
                url=settings.SITE_URL
                + reverse("powercheck-respond", args=[project.slug, round.pk, 1]),
            )
            for round in Round.objects.filter(project=project).still_open()
        ]

    def charter_sections(self) -> list[CharterSection]:
        return charter.SECTIONS

    def live_events(self) -> dict:
        # Nobody is reminded to answer a round that closed while a sweep held the reminder.
        return {Reminder.Kind.ROUND_CLOSING: get_open_round_ids}

    def members_changed(self, project: Project) -> None:
        # Who can answer the open round changed: so does who is reminded to.
        sync_open_round_reminders(project)

    def add_demo(self, project: Project, users: dict, *, size: str) -> None:
        demo.add_power_rounds(project, users)
        if size == "large":
            demo.add_many_power_responses(project)
