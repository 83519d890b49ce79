"""The sweep that beat runs every few minutes: closing proposals whose deadline has passed."""

from celery import shared_task

from .closing import close_due_proposals as sweep


@shared_task(name="decisions.tasks.close_due_proposals", acks_late=True, ignore_result=True)
def close_due_proposals() -> int:
    """One sweep (run by beat); returns how many proposals it closed."""
    return sweep()
