"""A project's data as JSON (facilitators' export) and a person's data (their own download).

Each app contributes a section through a function listed here by dotted path, so that
``projects`` does not import the other apps at module level.
"""

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Project

PROJECT_SECTIONS: list[str] = [
    "projects.export.project_core",
]
PERSONAL_SECTIONS: list[str] = [
    "projects.export.personal_memberships",
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
