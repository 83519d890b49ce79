"""What the group's agreements add to a project: the "Agreements" step, their export, the
communication plan's dates in calendars, their charter sections and demo data."""

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from coproduce.fingerprint import rows_fingerprint, text_digest
from projects.models import Membership, Project
from projects.parts import (
    CalendarEvent,
    CharterSection,
    Evidence,
    ProjectPart,
    Step,
    Todo,
    differs,
    register,
    row_sentences,
    state_of,
)

from . import charter, demo
from .choices import Channel
from .evidence import agreements_evidence
from .models import (
    CommunicationItem,
    DecisionRule,
    GroundRule,
    GroundRuleAgreement,
    GroundRuleEdit,
    Principle,
)
from .reminders import schedule_change_notices

DECISION_RULE_FIELDS = [
    *("area", "who", "who_name", "method", "percentage", "fallback", "quorum", "dissent"),
]
COMMUNICATION_FIELDS = [
    *("audience", "purpose", "channel", "formats", "frequency", "next_due", "closed"),
]


def name_of(membership: Membership | None) -> str | None:
    return membership.user.display_name if membership else None


def of_project(model) -> Exists:
    return Exists(model.objects.filter(project=OuterRef("pk")))


# What a facilitator does by hand for people who do not use email: one sentence per channel.
BY_HAND = {
    Channel.POST: gettext_lazy("Send a letter to %(audience)s: %(purpose)s"),
    Channel.PHONE: gettext_lazy("Phone %(audience)s: %(purpose)s"),
}


def communication_todo(membership: Membership) -> list[Todo]:
    """The communication plan's letters and calls due within a week (or overdue), for
    facilitators: the people they reach do not use the internet, so nothing else reminds them."""
    soon = timezone.localdate() + datetime.timedelta(days=7)
    items = CommunicationItem.objects.open().filter(
        project_id=membership.project_id, channel__in=list(BY_HAND), next_due__lte=soon
    )
    url = reverse("agreements-communication", args=[membership.project.slug])
    return [
        Todo(
            title=BY_HAND[item.channel] % {"audience": item.audience, "purpose": item.purpose},
            url=url,
            due=item.next_due,
        )
        for item in items
    ]


@register
class AgreementsPart(ProjectPart):
    position = 40

    def progress(self) -> dict:
        # Versions only go up: a member who agreed to the current one has it as their latest.
        agreed_to_current = GroundRuleAgreement.objects.filter(
            membership=OuterRef("pk"), version=OuterRef(OuterRef("ground_rules_version"))
        )
        not_agreed = Membership.objects.filter(
            project=OuterRef("pk"), role__in=GroundRuleAgreement.ASKED
        ).exclude(Exists(agreed_to_current))
        return {
            "has_decision_rules": of_project(DecisionRule),
            "has_ground_rules": of_project(GroundRule),
            "not_agreed": Exists(not_agreed),
            "has_communication": of_project(CommunicationItem),
        }

    def overview_step(self, project: Project, progress: dict[str, Any]) -> Step:
        return Step(
            gettext_lazy("Agreements"),
            gettext_lazy(
                "Agree who decides what and how, ground rules, and how you will keep in touch."
            ),
            # Decision rules written; ground rules written and agreed by every member asked;
            # a communication plan.
            state_of(
                progress["has_decision_rules"],
                progress["has_ground_rules"] and not progress["not_agreed"],
                progress["has_communication"],
            ),
            reverse("agreements-decisions", args=[project.slug]),
        )

    def export_project(self, project: Project) -> dict[str, Any]:
        agreements = GroundRuleAgreement.objects.filter(membership__project=project)
        return {
            "principles": list(project.principles.values("key", "meaning")),
            "definitions": project.definitions,
            "own_definition": project.own_definition,
            "decision_rules": [
                {
                    **{field: getattr(rule, field) for field in DECISION_RULE_FIELDS},
                    "sentence": rule.as_sentence(),
                }
                for rule in project.decision_rules.all()
            ],
            "ground_rules": {
                "version": project.ground_rules_version,
                "rules": list(project.ground_rules.values_list("text", flat=True)),
                "agreements": [
                    {
                        "member": name_of(a.membership),
                        "version": a.version,
                        "agreed_at": a.agreed_at,
                    }
                    for a in agreements.select_related("membership__user")
                ],
                "edits": [
                    {
                        "kind": edit.kind,
                        "version": edit.version,
                        "text": edit.text,
                        "old_text": edit.old_text,
                        "by": edit.by.display_name if edit.by else None,
                        "made_at": edit.made_at,
                    }
                    for edit in project.ground_rule_edits.select_related("by").order_by("id")
                ],
            },
            "communication_plan": [
                {
                    **{field: getattr(item, field) for field in COMMUNICATION_FIELDS},
                    "owner": name_of(item.owner),
                }
                for item in project.communication_items.select_related("owner__user")
            ],
        }

    def export_person(self, user) -> dict[str, Any]:
        agreements = GroundRuleAgreement.objects.filter(membership__user=user)
        items = CommunicationItem.objects.filter(owner__user=user)
        return {
            "ground_rule_agreements": list(
                agreements.values("membership__project__title", "version", "agreed_at")
            ),
            "ground_rule_edits_you_made": list(
                GroundRuleEdit.objects.filter(by=user).values(
                    "project__title", "kind", "version", "old_text", "text", "made_at"
                )
            ),
            "ground_rules_you_added": list(
                GroundRule.objects.filter(added_by=user).values(
                    "project__title", "text", "created_at"
                )
            ),
            "communication_items_you_send": [
                {
                    "project": item.project.title,
                    **{f: getattr(item, f) for f in COMMUNICATION_FIELDS},
                }
                for item in items.select_related("project")
            ],
        }

    def calendar_dates(self, membership: Membership) -> list[CalendarEvent]:
        """When each open item of the communication plan that this member sends is next due."""
        project = membership.project
        url = settings.SITE_URL + reverse("agreements-communication", args=[project.slug])
        return [
            CalendarEvent(
                uid=f"communication-{item.pk}@coproduce",
                title=_("Communication due: %(title)s") % {"title": item},
                start=item.next_due,
                url=url,
            )
            for item in CommunicationItem.objects.open().filter(owner=membership)
        ]

    def todo(self, membership: Membership) -> list[Todo]:
        """Agreeing to the ground rules as they are now, for the members who are asked to (one
        query); for facilitators, the letters to send and calls to make of the communication
        plan in the coming week (one query more)."""
        project = membership.project
        items = communication_todo(membership) if membership.is_facilitator else []
        if membership.role not in GroundRuleAgreement.ASKED:
            return items
        state = Project.objects.filter(pk=project.pk).values(
            has_rules=Exists(GroundRule.objects.filter(project=OuterRef("pk"))),
            agreed=Exists(
                GroundRuleAgreement.objects.filter(
                    membership=membership, version=OuterRef("ground_rules_version")
                )
            ),
        )[0]
        if not state["has_rules"]:
            return items
        return [
            Todo(
                title=_("Agree to the ground rules"),
                url=reverse("agreements-ground-rules", args=[project.slug]),
                done=state["agreed"],
            ),
            *items,
        ]

    def charter_sections(self) -> list[CharterSection]:
        return charter.SECTIONS

    def charter_fingerprint(self) -> dict:
        return {
            "principles": rows_fingerprint(Principle.objects, "project", "key", "meaning"),
            "definitions": text_digest("definitions", "own_definition"),
            "decision_rules": rows_fingerprint(
                DecisionRule.objects, "project", *DECISION_RULE_FIELDS, "order"
            ),
            "ground_rules": rows_fingerprint(GroundRule.objects, "project", "text", "order"),
            "ground_rules_version": text_digest("ground_rules_version"),
            # The owner's name is the member's, compared with the members (projects/part.py).
            "communication": rows_fingerprint(
                CommunicationItem.objects, "project", *COMMUNICATION_FIELDS, "owner_id"
            ),
            "agreed": rows_fingerprint(
                GroundRuleAgreement.objects, "membership__project", "version", "agreed_at"
            ),
        }

    def charter_signoff_names(self) -> set[str]:
        # Who agreed to the ground rules is the sign-off, not what the charter says.
        return {"agreed"}

    def charter_changes(self, before: dict, now: dict) -> list[str]:
        sentences = []
        if differs(before, now, "principles"):
            sentences.append(_("What the principles mean for the project changed."))
        if differs(before, now, "definitions"):
            sentences.append(_("The definitions of co-production the group works from changed."))
        sentences += row_sentences(
            before,
            now,
            "decision_rules",
            added=ngettext_lazy(
                "%(count)s decision rule was added.",
                "%(count)s decision rules were added.",
                "count",
            ),
            removed=ngettext_lazy(
                "%(count)s decision rule was removed.",
                "%(count)s decision rules were removed.",
                "count",
            ),
            changed=ngettext_lazy(
                "%(count)s decision rule was changed or moved.",
                "%(count)s decision rules were changed or moved.",
                "count",
            ),
        )
        ground_rules = row_sentences(
            before,
            now,
            "ground_rules",
            added=ngettext_lazy(
                "%(count)s ground rule was added.", "%(count)s ground rules were added.", "count"
            ),
            removed=ngettext_lazy(
                "%(count)s ground rule was removed.",
                "%(count)s ground rules were removed.",
                "count",
            ),
            changed=ngettext_lazy(
                "%(count)s ground rule was changed or moved.",
                "%(count)s ground rules were changed or moved.",
                "count",
            ),
        )
        if not ground_rules and differs(before, now, "ground_rules_version"):
            ground_rules = [_("The ground rules changed.")]
        sentences += ground_rules
        if differs(before, now, "communication"):
            sentences.append(_("The communication plan changed."))
        sentences += row_sentences(
            before,
            now,
            "agreed",
            added=ngettext_lazy(
                "%(count)s member agreed to the ground rules.",
                "%(count)s members agreed to the ground rules.",
                "count",
            ),
        )
        return sentences

    def members_changed(self, project: Project) -> None:
        # Someone who is now an observer is no longer asked to agree again.
        schedule_change_notices(project)

    def report_evidence(self, project: Project) -> list[Evidence]:
        return agreements_evidence(project)

    def add_demo(self, project: Project, users: dict, *, size: str) -> None:
        demo.add_agreements(project, users)
        if size == "large":
            demo.add_many_agreements(project, rules=50, items=100)
