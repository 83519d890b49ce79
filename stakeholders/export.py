"""The stakeholders' part of a project's export and of a person's own data download.

Invitation tokens are never exported (only their hashes are stored, and not even those
leave the database).
"""

from typing import Any

from projects.models import Project

from .models import Invitation, Stakeholder

STAKEHOLDER_FIELDS = [
    *("name", "organisation", "email", "category", "power", "interest", "seldom_heard"),
    *("current_involvement", "intended_involvement", "access_needs", "notes"),
    *("consent_recorded_at", "created_at"),
]
INVITATION_FIELDS = [
    *("role", "created_at", "sent_at", "expires_at", "accepted_at", "declined_at"),
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


def project_stakeholders(project: Project) -> dict[str, Any]:
    """Every stakeholder with every field (the export is for facilitators only)."""
    stakeholders = project.stakeholders.with_invitations()
    return {"stakeholders": [stakeholder_data(s) for s in stakeholders]}


def personal_stakeholders(user) -> dict[str, Any]:
    """What projects recorded about this person on their stakeholder maps."""
    stakeholders = Stakeholder.objects.filter(user=user).with_invitations()
    return {
        "recorded_about_you": [
            {"project": s.project.title, **stakeholder_data(s)}
            for s in stakeholders.select_related("project")
        ]
    }
