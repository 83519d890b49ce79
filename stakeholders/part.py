"""What the stakeholder map adds to a project: the "Who is involved" step, the map in the
exports, the charter's "Who is involved", chasers called off once an invitation is answered,
and demo data.

Invitation tokens are never exported (only their hashes are stored, and not even those
leave the database).
"""

from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coproduce.fingerprint import row_text
from projects.models import Membership, Project
from projects.parts import (
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    CharterSection,
    Evidence,
    ProjectPart,
    Step,
    TimelineNames,
    Todo,
    differs,
    register,
)
from reminders.models import Reminder

from . import charter, demo
from .actions import do_erase_stakeholder
from .evidence import map_evidence
from .models import Invitation, Stakeholder
from .reach import fingerprint_of, get_cached_reach, map_fingerprint

STAKEHOLDER_FIELDS = [
    *("name", "organisation", "is_organisation", "email", "category", "power", "interest"),
    *("seldom_heard", "current_involvement", "intended_involvement", "access_needs", "notes"),
    *("consent_recorded_at", "named_consent_at", "created_at"),
]
INVITATION_FIELDS = [
    *("role", "message", "created_at", "sent_at", "expires_at", "accepted_at", "declined_at"),
    "revoked_at",
]


def invitation_data(invitation: Invitation) -> dict[str, Any]:
    return {
        **{field: getattr(invitation, field) for field in INVITATION_FIELDS},
        "status": invitation.status,
    }


def stakeholder_data(stakeholder: Stakeholder) -> dict[str, Any]:
    return {
        **{field: getattr(stakeholder, field) for field in STAKEHOLDER_FIELDS},
        "invitations": [invitation_data(i) for i in stakeholder.invitation_list],
    }


def stakeholder_names(ids: set[int]) -> dict[int, str]:
    """Each of these stakeholders' names, in one query (an erased one is not there)."""
    return dict(Stakeholder.objects.filter(pk__in=ids).values_list("pk", "name"))


def get_open_invitation_ids(ids: set[int]) -> set[int]:
    """Which of these invitations can still be answered (for the reminder sweep)."""
    return set(Invitation.objects.still_open().filter(pk__in=ids).values_list("pk", flat=True))


@register
class StakeholdersPart(ProjectPart):
    position = 20

    def progress(self) -> dict:
        return map_fingerprint()

    def overview_step(self, project: Project, progress: dict[str, Any]) -> Step:
        reach = get_cached_reach(project, fingerprint_of(progress))
        if not reach.total:
            state = NOT_STARTED
        elif reach.is_done:
            state = DONE
        else:
            state = IN_PROGRESS
        return Step(
            _("Who is involved"),
            _(
                "Map the people and groups with a stake, check you reach beyond the usual suspects, and invite them."
            ),
            state,
            reverse("stakeholders-list", args=[project.slug]),
            tuple(reach.shortfalls),
            notes_for_facilitators=True,
        )

    def todo(self, membership: Membership) -> list[Todo]:
        """For facilitators: the people on the map who have never been invited (one query)."""
        if not membership.is_facilitator:
            return []
        project = membership.project
        waiting = (
            Stakeholder.objects.filter(project=project, is_organisation=False)
            .exclude(Exists(Invitation.objects.filter(stakeholder=OuterRef("pk"))))
            .count()
        )
        if not waiting:
            return []
        title = ngettext(
            "Invite the %(count)s person on the map who has never been invited",
            "Invite the %(count)s people on the map who have never been invited",
            waiting,
        ) % {"count": waiting}
        return [Todo(title=title, url=reverse("stakeholders-list", args=[project.slug]))]

    def export_project(self, project: Project) -> dict[str, Any]:
        """Every stakeholder with every field (the export is for facilitators only)."""
        stakeholders = project.stakeholders.with_invitations()
        return {"stakeholders": [stakeholder_data(s) for s in stakeholders]}

    def export_person(self, user) -> dict[str, Any]:
        """What projects recorded about this person on their stakeholder maps (linked to their
        account or under their address), and the invitations they sent and accepted."""
        stakeholders = Stakeholder.objects.about(user).with_invitations()
        sent = Invitation.objects.filter(invited_by=user).select_related("stakeholder__project")
        accepted = Invitation.objects.filter(accepted_by=user).select_related(
            "stakeholder__project"
        )
        return {
            "recorded_about_you": [
                {"project": s.project.title, **stakeholder_data(s)}
                for s in stakeholders.select_related("project")
            ],
            "invitations_you_sent": [
                {
                    "project": i.stakeholder.project.title,
                    "to": i.stakeholder.name,
                    **invitation_data(i),
                }
                for i in sent
            ],
            "invitations_you_accepted": [
                {
                    "project": i.stakeholder.project.title,
                    "role": i.role,
                    "accepted_at": i.accepted_at,
                }
                for i in accepted
            ],
        }

    def erase_person(self, user) -> None:
        """Their records on every map, as a facilitator's erasure does: invitations and
        reminders to them go, the timeline forgets them, charters naming them are withdrawn."""
        for stakeholder in Stakeholder.objects.about(user).select_related("project"):
            do_erase_stakeholder(stakeholder=stakeholder, by=None)

    def charter_sections(self) -> list[CharterSection]:
        return charter.SECTIONS

    def charter_fingerprint(self) -> dict:
        # The map's own fingerprint (stakeholders, their last change, invitations sent and
        # accepted): a map of a thousand changes through save(), which stamps updated_at,
        # and hashing every row on each view would cost more than the rest of the overview.
        fingerprint = map_fingerprint()
        return {
            "map": row_text(*fingerprint.values()),
            "map_count": row_text(fingerprint["map_stakeholders"]),
        }

    def charter_changes(self, before: dict, now: dict) -> list[str]:
        if not differs(before, now, "map"):
            return []
        count = int(now.get("map_count") or 0)
        if before.get("map_count") is None:
            return [_("The stakeholder map changed.")]
        return [
            ngettext(
                "The stakeholder map changed: it has %(count)s person or group now, "
                "%(before)s when this version was made.",
                "The stakeholder map changed: it has %(count)s people and groups now, "
                "%(before)s when this version was made.",
                count,
            )
            % {"count": count, "before": int(before["map_count"] or 0)}
        ]

    def timeline_names(self) -> dict[str, TimelineNames]:
        return {
            Stakeholder._meta.label_lower: TimelineNames(
                names=stakeholder_names, gone=_("an erased stakeholder")
            )
        }

    def live_events(self) -> dict:
        # A chaser is never sent for an invitation answered, revoked or replaced, even one
        # whose cancellation landed while a sweep was already holding it.
        return {Reminder.Kind.INVITATION_CHASER: get_open_invitation_ids}

    def report_evidence(self, project: Project) -> list[Evidence]:
        return map_evidence(project)

    def add_demo(self, project: Project, users: dict, *, size: str) -> None:
        demo.add_stakeholders(project, users)
        if size == "large":
            demo.add_many_stakeholders(project, count=1000)
