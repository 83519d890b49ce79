"""A project's data as JSON (facilitators' export) and a person's data (their own download).

Every part of a project contributes its keys (``ProjectPart.export_project`` and
``export_person``); anonymous power-check rounds stay anonymous in what that part returns.
"""

from typing import Any

from django.utils import timezone

from .models import Project
from .parts import get_parts


def get_project_export(project: Project) -> dict[str, Any]:
    """All of a project's data, as plain JSON-ready values. Anonymous rounds stay anonymous."""
    data: dict[str, Any] = {"exported_at": timezone.now()}
    for part in get_parts():
        data.update(part.export_project(project))
    return data


def get_personal_export(user) -> dict[str, Any]:
    """Everything held about one person, as plain JSON-ready values."""
    data: dict[str, Any] = {"exported_at": timezone.now()}
    for part in get_parts():
        data.update(part.export_person(user))
    return data
