"""The reminder sweep that beat runs every few minutes."""

from celery import shared_task

from .sweep import send_due_reminders as sweep


# The name predates this app; pinned so that queued messages and beat's schedule still run.
@shared_task(name="projects.tasks.send_due_reminders", acks_late=True, ignore_result=True)
def send_due_reminders() -> int:
    """One reminder sweep (run by beat); returns how many reminders were sent."""
    return sweep().sent
