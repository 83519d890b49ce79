"""A project's timeline: every app records what happened here, and erasure rewrites names.

Lines name people and things, never email addresses, access needs, notes or tokens.
"""

from django.db.models import Value
from django.db.models.functions import Replace

from .models import AuditEvent, Project


def do_record_event(*, project: Project, actor, verb: str, summary: str) -> AuditEvent:
    """Add a line to the project's timeline. Summaries name things, never sensitive values."""
    return AuditEvent.objects.create(
        project=project,
        actor=actor if actor and actor.is_authenticated else None,
        verb=verb,
        summary=summary[:300],
    )


def do_forget_name_in_timeline(*, project: Project, name: str, replacement: str) -> None:
    """The timeline keeps what happened, but no longer says who it was."""
    project.events.filter(summary__contains=name).update(
        summary=Replace("summary", Value(name), Value(replacement))
    )
