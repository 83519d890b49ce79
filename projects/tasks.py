from celery import shared_task

from .reminders import send_due_reminders as sweep


@shared_task(name="projects.tasks.send_due_reminders", acks_late=True, ignore_result=True)
def send_due_reminders() -> int:
    """One reminder sweep (run by beat); returns how many reminders were sent."""
    return sweep().sent
