"""A project's data as JSON (facilitators' export) and a person's data (their own download).

Each app contributes a section through a function listed here by dotted path, so that
``projects`` does not import the other apps at module level.
"""

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import (
    CalendarFeed,
    CommunicationItem,
    GroundRuleAgreement,
    Membership,
    Project,
    Reminder,
)

DECISION_RULE_FIELDS = [
    *("area", "who", "who_name", "method", "percentage", "fallback", "quorum", "dissent"),
]
COMMUNICATION_FIELDS = [
    *("audience", "purpose", "channel", "formats", "frequency", "next_due", "closed"),
]

PROJECT_SECTIONS: list[str] = [
    "projects.export.project_core",
    "projects.export.project_agreements",
    "stakeholders.export.project_stakeholders",
    "powercheck.export.project_power_checks",
    "projects.export.project_history",
]
PERSONAL_SECTIONS: list[str] = [
    "projects.export.personal_memberships",
    "projects.export.personal_agreements",
    "stakeholders.export.personal_stakeholders",
    "powercheck.export.personal_responses",
]


def project_core(project: Project) -> dict[str, Any]:
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
    }


def name_of(membership: Membership | None) -> str | None:
    return membership.user.display_name if membership else None


def project_agreements(project: Project) -> dict[str, Any]:
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
                {"member": name_of(a.membership), "version": a.version, "agreed_at": a.agreed_at}
                for a in agreements.select_related("membership__user")
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


def project_history(project: Project) -> dict[str, Any]:
    return {
        "timeline": [
            {
                "at": event.created_at,
                "by": event.actor.display_name if event.actor else None,
                "what": event.summary,
            }
            for event in project.events.select_related("actor")
        ],
        "charters": list(
            project.charters.values(
                "version", "status", "created_at", "rendered_at", "page_count", "error"
            )
        ),
        "reminders": [
            {
                "kind": reminder.kind,
                "title": reminder.title,
                "to": (
                    reminder.recipient.display_name
                    if reminder.recipient
                    else _("an invited person")
                ),
                "due_at": reminder.due_at,
                "status": reminder.status,
                "sent_at": reminder.sent_at,
            }
            for reminder in project.reminders.select_related("recipient")
        ],
    }


def personal_agreements(user) -> dict[str, Any]:
    agreements = GroundRuleAgreement.objects.filter(membership__user=user)
    items = CommunicationItem.objects.filter(owner__user=user)
    return {
        "ground_rule_agreements": list(
            agreements.values("membership__project__title", "version", "agreed_at")
        ),
        "communication_items_you_send": [
            {"project": item.project.title, **{f: getattr(item, f) for f in COMMUNICATION_FIELDS}}
            for item in items.select_related("project")
        ],
        "reminders_to_you": list(
            Reminder.objects.filter(recipient=user).values(
                "project__title", "title", "due_at", "status", "sent_at"
            )
        ),
        "calendar_feeds": list(
            CalendarFeed.objects.filter(membership__user=user).values(
                "membership__project__title", "created_at"
            )
        ),
    }


def personal_memberships(user) -> dict[str, Any]:
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
    }


def collect(paths: list[str], subject) -> dict[str, Any]:
    data: dict[str, Any] = {"exported_at": timezone.now()}
    for path in paths:
        section: Callable[[Any], dict] = import_string(path)
        data.update(section(subject))
    return data


def get_project_export(project: Project) -> dict[str, Any]:
    """All of a project's data, as plain JSON-ready values. Anonymous rounds stay anonymous."""
    return collect(PROJECT_SECTIONS, project)


def get_personal_export(user) -> dict[str, Any]:
    """Everything held about one person, as plain JSON-ready values."""
    return collect(PERSONAL_SECTIONS, user)
