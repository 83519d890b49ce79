"""What the power dynamics check adds to a project: the "Power dynamics" step, rounds in the
exports and in calendars, the charter's scores, reminders kept in step with the members, and
demo data.

The export holds each round's totals as ``scoring.disclose`` allows them to be shown. For a
round that is not anonymous it adds every submitted response with who gave it. For an
anonymous round it adds, once its totals may be shown, the comments and the reflections as
the results page shows them: each text on its own, in an order unrelated to who wrote it;
never one person's answers together, who gave them, when, or from which perspective.
"""

from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from coproduce.dates import format_deadline, is_end_of_day, last_day
from coproduce.fingerprint import rows_fingerprint
from projects.models import Membership, Project
from projects.parts import (
    CalendarEvent,
    CharterSection,
    Evidence,
    ProjectPart,
    Step,
    Todo,
    done_or_started,
    register,
    row_sentences,
)
from reminders.models import Reminder

from . import charter, demo
from .actions import sync_open_round_reminders
from .comments import get_comments, get_reflections
from .evidence import power_evidence
from .models import RESPONDER_ROLES, Answer, Response, Round
from .results import RoundResults
from .scoring import get_results_of

ROUND_FIELDS = [
    *("title", "opens_at", "closes_at", "closed_at", "anonymous", "status", "eligible_count"),
]
SCORE_KEYS = ["0", "1", "2", "3", "4", "dont_know"]


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


def totals_data(results: RoundResults) -> dict[str, Any]:
    """How many answered, and the round's totals if ``disclose`` allows them to be shown."""
    data: dict[str, Any] = {"respondents": results.submitted, "could_answer": results.eligible}
    if not results.enough:
        data["results"] = None
        data["withheld"] = (
            "until the round closes" if results.until_closed else "fewer than 3 answers"
        )
        return data
    data["results"] = {
        "participation": results.participation,
        "overall": results.overall,
        "band": results.band,
        "sections": [
            {
                "title": s.section.title,
                "score": s.score,
                "band": s.band,
                "community": s.community,
                "professional": s.professional,
                "gap": s.gap,
                "statements": [
                    {
                        "statement": q.question.text,
                        "answers": dict(zip(SCORE_KEYS, [*q.counts, q.dont_know], strict=True)),
                        "score": q.score,
                    }
                    for q in s.questions
                ],
            }
            for s in results.sections
        ],
    }
    return data


def texts_data(results: list[RoundResults]) -> dict[int, dict[str, list]]:
    """Per round id: its comments and reflections, as the results page lists them."""
    data: dict[int, dict[str, list]] = {}
    for answer in get_comments(*results):
        texts = data.setdefault(answer.round_id, {"comments": [], "reflections": []})
        texts["comments"].append({"statement": answer.question.text, "comment": answer.comment})
    for row in get_reflections(*results):
        texts = data.setdefault(row["round_id"], {"comments": [], "reflections": []})
        texts["reflections"].append({"about": row["kind"], "text": row["text"]})
    return data


def with_answers(responses):
    answers = Answer.objects.select_related("question")
    return responses.prefetch_related(Prefetch("answers", answers, to_attr="answer_list"))


def get_open_round_ids(ids: set[int]) -> set[int]:
    """Which of these rounds still take answers (for the reminder sweep)."""
    return set(
        Round.objects.filter(pk__in=ids, status=Round.Status.OPEN).values_list("pk", flat=True)
    )


def round_closing_event(project: Project, round: Round) -> CalendarEvent:
    url = settings.SITE_URL + reverse("powercheck-respond", args=[project.slug, round.pk, 1])
    uid = f"round-{round.pk}-closes@coproduce"
    if is_end_of_day(round.closes_at, project.zone):
        title = _("Last day to answer the power dynamics check “%(round)s”")
        start = last_day(round.closes_at, project.zone)
    else:
        title = _("The power dynamics check “%(round)s” closes")
        start = round.closes_at
    return CalendarEvent(uid=uid, title=title % {"round": round.title}, start=start, url=url)


@register
class PowercheckPart(ProjectPart):
    position = 30

    def progress(self) -> dict:
        rounds = Round.objects.filter(project=OuterRef("pk"))
        return {
            "has_rounds": Exists(rounds),
            "has_closed_round": Exists(rounds.filter(status=Round.Status.CLOSED)),
            "first_closes_at": Subquery(rounds.order_by("closes_at").values("closes_at")[:1]),
            "open_closes_at": Subquery(
                rounds.filter(status=Round.Status.OPEN, closes_at__gt=timezone.now())
                .order_by("-opens_at", "-id")
                .values("closes_at")[:1]
            ),
        }

    def overview_step(self, project: Project, progress: dict[str, Any]) -> Step:
        first_closes_at = progress["first_closes_at"]
        round_done = progress["has_closed_round"] or (
            first_closes_at is not None and first_closes_at <= timezone.now()
        )
        open_closes_at = progress["open_closes_at"]
        notes = ()
        if open_closes_at is not None:
            until = format_deadline(open_closes_at, project.zone)
            notes = (_("A round is open %(until)s.") % {"until": until},)
        return Step(
            gettext_lazy("Power dynamics"),
            gettext_lazy(
                "Everyone answers a short checklist about how power is shared, and you see where it is not."
            ),
            # Done once a round has closed, in progress while the first one is open.
            done_or_started(round_done, progress["has_rounds"]),
            reverse("powercheck-index", args=[project.slug]),
            notes,
        )

    def export_project(self, project: Project) -> dict[str, Any]:
        """Every round with its totals; who answered what only for rounds that are not
        anonymous (drafts stay private to their authors)."""
        rounds = list(project.power_rounds.all())
        results = get_results_of(rounds)
        anonymous = [results[r.pk] for r in rounds if r.anonymous]
        texts = texts_data(anonymous)
        named = with_answers(
            Response.objects.filter(
                round__in=[r for r in rounds if not r.anonymous], submitted_at__isnull=False
            ).select_related("member__user")
        )
        responses: dict[int, list] = {}
        for response in named:
            responses.setdefault(response.round_id, []).append(
                response_data(response, anonymous=False)
            )
        data = []
        for round in rounds:
            exported = {f: getattr(round, f) for f in ROUND_FIELDS}
            exported |= totals_data(results[round.pk])
            if round.anonymous:
                exported |= texts.get(round.pk, {"comments": [], "reflections": []})
            else:
                exported["responses"] = responses.get(round.pk, [])
            data.append(exported)
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
        """The last day of each open round, for members who can answer it: an all-day event
        on the date chosen (a round closing at another time of day is an event at that time)."""
        if membership.role not in RESPONDER_ROLES:
            return []
        project = membership.project
        return [round_closing_event(project, round) for round in project.power_rounds.still_open()]

    def todo(self, membership: Membership) -> list[Todo]:
        """Each open round for a member who can answer it, done once they have sent answers."""
        if membership.role not in RESPONDER_ROLES:
            return []
        project = membership.project
        sent = Response.objects.filter(
            round=OuterRef("pk"), member=membership, submitted_at__isnull=False
        )
        rounds = project.power_rounds.still_open().annotate(sent=Exists(sent))
        return [
            Todo(
                title=_("Answer the power dynamics check “%(round)s”") % {"round": round.title},
                url=reverse("powercheck-respond", args=[project.slug, round.pk, 1]),
                due=last_day(round.closes_at, project.zone),
                done=round.sent,
            )
            for round in rounds
        ]

    def charter_sections(self) -> list[CharterSection]:
        return charter.SECTIONS

    def charter_fingerprint(self) -> dict:
        # The charter reports the latest round that has ended (closed, or past its closing
        # time), or the one under way if none has: the answers submitted to those rounds
        # count, those still coming in to a later round do not.
        ended = Q(status=Round.Status.CLOSED) | Q(closes_at__lte=Now())
        none_ended = ~Exists(Round.objects.filter(ended, project=OuterRef("project")))
        submitted = (
            Response.objects.filter(round=OuterRef("pk"), submitted_at__isnull=False)
            .order_by()
            .values("round")
        )
        answers = Subquery(
            submitted.annotate(
                answers=Concat(
                    Cast(Count("pk"), TextField()),
                    Value("/"),
                    Cast(Max("updated_at"), TextField()),
                    output_field=TextField(),
                )
            ).values("answers")
        )
        return {
            "rounds": rows_fingerprint(
                Round.objects,
                "project",
                *ROUND_FIELDS,
                ExpressionWrapper(ended, output_field=BooleanField()),
                Case(
                    When(ended | none_ended, then=answers),
                    default=Value(""),
                    output_field=TextField(),
                ),
            ),
        }

    def charter_changes(self, before: dict, now: dict) -> list[str]:
        return row_sentences(
            before,
            now,
            "rounds",
            added=ngettext_lazy(
                "%(count)s power dynamics round was opened.",
                "%(count)s power dynamics rounds were opened.",
                "count",
            ),
            removed=ngettext_lazy(
                "%(count)s power dynamics round was removed.",
                "%(count)s power dynamics rounds were removed.",
                "count",
            ),
            changed=ngettext_lazy(
                "%(count)s power dynamics round closed or has new answers.",
                "%(count)s power dynamics rounds closed or have new answers.",
                "count",
            ),
        )

    def live_events(self) -> dict:
        # Nobody is reminded to answer a round that closed while a sweep held the reminder.
        return {Reminder.Kind.ROUND_CLOSING: get_open_round_ids}

    def members_changed(self, project: Project) -> None:
        # Who can answer the open round changed: so does who is reminded to.
        sync_open_round_reminders(project)

    def report_evidence(self, project: Project) -> list[Evidence]:
        return power_evidence(project)

    def add_demo(self, project: Project, users: dict, *, size: str) -> None:
        demo.add_power_rounds(project, users)
        if size == "large":
            demo.add_many_power_responses(project)
