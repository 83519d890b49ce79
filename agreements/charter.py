"""The charter's sections about what the group agreed (declared in agreements/part.py)."""

from django.utils.translation import gettext_lazy

from projects.models import Project
from projects.parts import CharterSection, member_name

from .models import GroundRuleAgreement, GroundRuleEdit, Principle, chosen_definitions


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
    """The current ground rules, in order, which version of the set they are, and any
    corrections of wording made to this version (which kept members' agreements)."""
    corrections = project.ground_rule_edits.filter(
        version=project.ground_rules_version, kind=GroundRuleEdit.Kind.CORRECTED
    ).order_by("made_at", "id")
    return {
        "rules": [{"text": rule.text} for rule in project.ground_rules.all()],
        "version": project.ground_rules_version,
        "corrections": [
            {"old": edit.old_text, "new": edit.text, "made_at": edit.made_at}
            for edit in corrections
        ],
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
    """Who of the members asked to agree (facilitators and participants) agreed to which
    version of the ground rules and when: those who agreed to the current version, those who
    agreed only to an earlier one, and those who have not agreed to any."""
    statuses = list(GroundRuleAgreement.member_statuses(project))

    def person(member) -> dict:
        return {
            "name": member_name(member.user),
            "role": str(member.get_role_display()),
            "version": member.agreed_version,
            "agreed_at": member.agreed_at,
        }

    signed = sorted(
        (m for m in statuses if m.agreed_current),
        key=lambda m: (m.agreed_at, m.user.name, m.pk),
    )
    earlier = [m for m in statuses if not m.agreed_current and m.agreed_version is not None]
    never = sorted(
        (m for m in statuses if m.agreed_version is None), key=lambda m: (m.user.name, m.pk)
    )
    return {
        "has_rules": project.ground_rules.exists(),
        "version": project.ground_rules_version,
        "signatures": [person(m) for m in signed],
        "earlier": [person(m) for m in earlier],
        "never": [person(m) for m in never],
        "asked": len(statuses),
        "not_agreed": len(statuses) - len(signed),
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
