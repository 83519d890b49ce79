"""What proposals and decisions add to a project: a member's proposals to respond to, the
deadlines in calendars, the decision log in the export, the charter and reports, reminders
kept in step with the members, what a person's data holds, and demo data."""

from typing import Any

from django.conf import settings
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from coproduce.dates import last_day
from coproduce.fingerprint import rows_fingerprint
from projects.models import Membership, Project
from projects.parts import (
    CalendarEvent,
    CharterSection,
    Evidence,
    ProjectPart,
    Todo,
    register,
    row_sentences,
)
from reminders.models import Reminder

from . import charter, demo
from .engine import Terms
from .log import dissent_lines, plain
from .models import Comment, Decision, DecisionSettings, Proposal, Response
from .reminders import schedule_closing_reminders

# How many open proposals a member's to-do lists (the proposals page has the rest).
TODO_LENGTH = 20
DECISION_FIELDS = [
    *("text", "area", "method", "result", "eligible", "turnout", "summary", "reason"),
    *("dissent", "decided_at", "source_label"),
]


def takes_part(proposal: Proposal, membership: Membership) -> bool:
    return membership.role in Terms.load(proposal.terms).roles


def open_for(membership: Membership, *, with_waiting: bool = False):
    """Open proposals of the member's project (and those waiting for their decision), with
    whether they responded to the current wording: one query."""
    mine = Response.objects.filter(
        proposal=OuterRef("pk"), user_id=membership.user_id, revision=OuterRef("revision")
    )
    statuses = [Proposal.Status.OPEN]
    if with_waiting:
        statuses.append(Proposal.Status.DECIDING)
    return (
        Proposal.objects.filter(project_id=membership.project_id, status__in=statuses)
        .annotate(responded=Exists(mine))
        .order_by("closes_at", "id")
    )


@register
class DecisionsPart(ProjectPart):
    position = 70

    def export_project(self, project: Project) -> dict[str, Any]:
        decisions = list(project.decisions.select_related("proposal").order_by("decided_at", "id"))
        dissent = dissent_lines(decisions)
        private = DecisionSettings.objects.filter(project=project, responses_private=True).exists()
        responses = Response.objects.filter(proposal__project=project).select_related("user")
        by_proposal: dict[int, list] = {}
        for response in responses.order_by("responded_at", "id"):
            by_proposal.setdefault(response.proposal_id, []).append(response)
        return {
            "proposals": [
                {
                    "title": p.title,
                    "kind": p.kind,
                    "background": p.background,
                    "change": p.change,
                    "area": p.area,
                    "rule": p.terms,
                    "status": p.status,
                    "closes_at": p.closes_at,
                    "closed_at": p.closed_at,
                    "outcome": p.outcome,
                    "revision": p.revision,
                    "proposed_by": p.proposed_by.display_name if p.proposed_by else None,
                    "responses": [
                        {
                            "member": None
                            if private or p.terms.get("dissent") == "unnamed"
                            else r.user.display_name,
                            "answer": r.answer,
                            "reason": r.reason,
                            "revision": r.revision,
                        }
                        for r in by_proposal.get(p.pk, [])
                    ],
                    "comments": [
                        {
                            "by": c.author.display_name if c.author else None,
                            "text": c.text,
                            "at": c.created_at,
                        }
                        for c in p.comments.all()
                    ],
                }
                for p in project.proposals.select_related("proposed_by")
                .prefetch_related("comments__author")
                .order_by("created_at", "id")
            ],
            "decision_log": [
                plain(d, dissent[d.pk]) | {"decided_at": d.decided_at} for d in decisions
            ],
        }

    def export_person(self, user) -> dict[str, Any]:
        return {
            "proposals_you_made": list(
                Proposal.objects.filter(proposed_by=user).values(
                    "project__title",
                    "title",
                    "kind",
                    "background",
                    "change",
                    "status",
                    "created_at",
                )
            ),
            "your_responses_to_proposals": list(
                Response.objects.filter(user=user).values(
                    "proposal__project__title",
                    "proposal__title",
                    "answer",
                    "reason",
                    "responded_at",
                )
            ),
            "your_comments_on_proposals": list(
                Comment.objects.filter(author=user).values(
                    "proposal__project__title", "proposal__title", "text", "created_at"
                )
            ),
        }

    def erase_person(self, user) -> None:
        # What they wrote goes; the decisions keep their counts, which name nobody.
        Response.objects.filter(user=user).delete()
        Comment.objects.filter(author=user).delete()

    def calendar_dates(self, membership: Membership) -> list[CalendarEvent]:
        """The deadline of each open proposal the member takes part in, as an all-day event."""
        project = membership.project
        return [
            CalendarEvent(
                uid=f"proposal-{proposal.pk}@coproduce",
                title=_("Proposal closes: %(title)s") % {"title": proposal.title},
                start=last_day(proposal.closes_at, project.zone),
                url=settings.SITE_URL
                + reverse("decisions-detail", args=[project.slug, proposal.pk]),
            )
            for proposal in open_for(membership)
            if takes_part(proposal, membership)
        ]

    def todo(self, membership: Membership) -> list[Todo]:
        """Each open proposal the member takes part in (done once they responded to its current
        wording), and for facilitators each one waiting for its decision to be recorded: one
        query."""
        project = membership.project
        items = []
        for proposal in open_for(membership, with_waiting=membership.is_facilitator)[
            : TODO_LENGTH * 2
        ]:
            if proposal.status == Proposal.Status.DECIDING:
                items.append(
                    Todo(
                        title=_("Record the decision on “%(title)s”") % {"title": proposal.title},
                        url=reverse("decisions-decide", args=[project.slug, proposal.pk]),
                    )
                )
            elif takes_part(proposal, membership):
                items.append(
                    Todo(
                        title=_("Respond to the proposal “%(title)s”") % {"title": proposal.title},
                        url=reverse("decisions-detail", args=[project.slug, proposal.pk]),
                        due=last_day(proposal.closes_at, project.zone),
                        done=proposal.responded,
                    )
                )
        return items[:TODO_LENGTH]

    def report_evidence(self, project: Project) -> list[Evidence]:
        """Each decision in the log: how the group decided it, with turnout and result."""
        return [
            Evidence(
                kind="decision",
                key=str(decision.pk),
                title=decision.text[:200],
                summary=evidence_sentence(decision),
                url=reverse("decisions-log", args=[project.slug]) + f"#decision-{decision.pk}",
                date=decision.decided_at.date(),
                standards=("governance", "working_together"),
                gripp2=("results", "discussion"),
            )
            for decision in project.decisions.all()
        ]

    def live_events(self) -> dict:
        # A proposal closed or withdrawn while the sweep held its reminders: not sent.
        def still_open(ids: set[int]) -> set[int]:
            return set(Proposal.objects.open().filter(pk__in=ids).values_list("pk", flat=True))

        return {Reminder.Kind.PROPOSAL_CLOSING: still_open}

    def members_changed(self, project: Project) -> None:
        # Someone who joined is asked; someone who left or became an observer is not.
        for proposal in project.proposals.open():
            schedule_closing_reminders(proposal)

    def charter_sections(self) -> list[CharterSection]:
        return charter.SECTIONS

    def charter_fingerprint(self) -> dict:
        return {
            "decisions_made": rows_fingerprint(
                Decision.objects, "project", *DECISION_FIELDS, F("proposal_id")
            ),
        }

    def charter_changes(self, before: dict, now: dict) -> list[str]:
        return row_sentences(
            before,
            now,
            "decisions_made",
            added=ngettext_lazy(
                "%(count)s decision was made.", "%(count)s decisions were made.", "count"
            ),
            removed=ngettext_lazy(
                "%(count)s decision was removed from the log.",
                "%(count)s decisions were removed from the log.",
                "count",
            ),
            changed=ngettext_lazy(
                "%(count)s decision in the log changed.",
                "%(count)s decisions in the log changed.",
                "count",
            ),
        )

    def add_demo(self, project: Project, users: dict, *, size: str) -> None:
        demo.add_proposals(project, users)
        if size == "large":
            demo.add_many_proposals(project, count=1000)


def evidence_sentence(decision: Decision) -> str:
    """One plain sentence naming nobody: how, when, turnout and result."""
    values = {
        "date": date_format(decision.decided_at, "j F Y"),
        "how": decision.get_method_display() or _("a way not recorded"),
        "result": decision.get_result_display(),
        "turnout": decision.turnout if decision.turnout is not None else "?",
    }
    if decision.eligible is not None:
        return _(
            "Decided on %(date)s (%(how)s): %(result)s, with %(turnout)s of %(eligible)s taking "
            "part."
        ) % {**values, "eligible": decision.eligible}
    return _("Decided on %(date)s (%(how)s): %(result)s, with %(turnout)s taking part.") % values
