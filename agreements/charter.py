"""The charter's sections about what the group agreed (declared in agreements/part.py)."""

from django.utils.translation import gettext_lazy

from projects.models import Project
from projects.parts import CharterSection, member_name

from .models import GroundRuleAgreement, Principle, chosen_definitions


def principles_section(project: Project) -> dict:
    """The five NIHR principles with what each means for this project, and the definitions of
    co-production the group works from."""
    principles = Principle.all_for(project)
    definitions = chosen_definitions(project)
    own_definition = project.own_definition.strip()
    written = any(p.meaning.strip() for p in principles) or definitions or own_definition
    return {
        "principles": [
            {
                "title": str(p.get_key_display()),
                "explanation": str(p.explanation),
                "meaning": p.meaning.strip(),
            }
            for p in principles
        ]
        if written
        else [],
        "definitions": [{"label": str(d.label), "text": str(d.text)} for d in definitions],
        "own_definition": own_definition,
    }


def decisions_section(project: Project) -> dict:
    """How decisions are made: each decision rule as a table row and as a plain sentence."""
    return {
        "rules": [
            {
                "area": rule.area,
                "who": rule.who_label,
                "method": str(rule.get_method_display()),
                "sentence": rule.as_sentence(),
            }
            for rule in project.decision_rules.all()
        ]
    }


def ground_rules_section(project: Project) -> dict:
    """The current ground rules, in order, and which version of the set they are."""
    return {
        "rules": [{"text": rule.text} for rule in project.ground_rules.all()],
        "version": project.ground_rules_version,
    }


def communication_section(project: Project) -> dict:
    """The communication plan: what is sent to whom, how, how often, when next, and by whom."""
    return {
        "items": [
            {
                "purpose": item.purpose,
                "audience": item.audience,
                "channel": str(item.get_channel_display()),
                "formats": item.format_labels(),
                "frequency": str(item.get_frequency_display()),
                "next_due": None if item.closed else item.next_due,
                "owner": member_name(item.owner.user) if item.owner else "",
            }
            for item in project.communication_items.select_related("owner__user")
        ]
    }


def signoff_section(project: Project) -> dict:
    """The members who have agreed to the current ground rules, with the dates they agreed,
    and how many of those asked have not agreed yet."""
    statuses = GroundRuleAgreement.member_statuses(project)
    counts = GroundRuleAgreement.counts(project)
    signed = statuses.filter(agreed_current=True).order_by("agreed_at", "user__name", "pk")
    return {
        "has_rules": project.ground_rules.exists(),
        "version": project.ground_rules_version,
        "signatures": [
            {
                "name": member_name(m.user),
                "role": str(m.get_role_display()),
                "agreed_at": m.agreed_at,
            }
            for m in signed
        ],
        "asked": counts["total"],
        "not_agreed": counts["total"] - counts["current"],
    }


SECTIONS = [
    CharterSection(
        40,
        "principles",
        gettext_lazy("Principles we commit to"),
        "charter/principles.html",
        principles_section,
    ),
    CharterSection(
        60,
        "decisions",
        gettext_lazy("How decisions are made"),
        "charter/decisions.html",
        decisions_section,
    ),
    CharterSection(
        70,
        "ground-rules",
        gettext_lazy("Ground rules"),
        "charter/ground_rules.html",
        ground_rules_section,
    ),
    CharterSection(
        80,
        "communication",
        gettext_lazy("Communication plan"),
        "charter/communication.html",
        communication_section,
    ),
    CharterSection(
        110, "sign-off", gettext_lazy("Sign-off"), "charter/signoff.html", signoff_section
    ),
]
