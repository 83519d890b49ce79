"""Run one reminder sweep now: the same code beat runs every few minutes."""

from django.core.management.base import BaseCommand

from reminders.sweep import send_due_reminders


class Command(BaseCommand):
    help = "Send the reminders that are due, once, and print how many were sent."

    def handle(self, *args, **options) -> None:
        result = send_due_reminders()
        self.stdout.write(f"Sent {result.sent} reminder(s).")
        if result.failed:
            self.stdout.write(f"{result.failed} failed and will be retried later.")
        if result.skipped:
            self.stdout.write(f"{result.skipped} were not needed any more.")
