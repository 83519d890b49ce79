"""The "How do I begin?" steps shown on a project's overview page: one step per part."""

import functools
from typing import Any

from django.db.models import QuerySet

from .models import Membership, Project
from .parts import Step, Todo, get_parts


@functools.cache
def progress_query() -> QuerySet[Project]:
    """What every part's step reads of a project, as one query, built once: Django takes
    longer to build this query than the database takes to answer it."""
    fields = {name: value for part in get_parts() for name, value in part.progress().items()}
    return Project.objects.values(**fields)


def get_progress(project: Project) -> dict[str, Any]:
    """What each part annotated (``ProjectPart.progress``) for this project, in one query."""
    return progress_query().filter(pk=project.pk).get()


def get_steps(project: Project) -> list[Step]:
    """The steps of setting up a co-production project, each with its state and where to do it."""
    progress = get_progress(project)
    steps = (part.overview_step(project, progress) for part in get_parts())
    return [step for step in steps if step is not None]


def get_todo(membership: Membership) -> list[Todo]:
    """What waits for this member across every part: what is still to do first, soonest due
    first, then what is done."""
    items = [item for part in get_parts() for item in part.todo(membership)]
    return sorted(items, key=lambda item: (item.done, item.due is None, item.due or 0))
