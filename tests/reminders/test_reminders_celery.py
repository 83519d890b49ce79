"""A real beat process schedules the sweep; a real worker on real Redis sends the email."""

import pytest
from django.utils import timezone

from reminders.models import Reminder
from tests.conftest import wait_for
from tests.factories import MembershipFactory, ProjectFactory, ReminderFactory

pytestmark = pytest.mark.services


def test_beat_triggers_a_sweep_that_sends_a_due_reminder(celery_worker, celery_beat):
    membership = MembershipFactory(project=ProjectFactory(title="Canal Walks"))
    reminder = ReminderFactory(
        project=membership.project, recipient=membership.user, title="Walk the towpath"
    )

    def sent() -> bool:
        """the reminder to be marked sent by the worker"""
        reminder.refresh_from_db()
        return reminder.status == Reminder.Status.SENT

    try:
        wait_for(sent, timeout=45)
    except BaseException:
        print(celery_beat.log.read_text(), celery_worker.log.read_text())
        raise
    assert reminder.sent_at <= timezone.now()
    mails = list(celery_worker.mail_dir.glob("*.log"))
    assert len(mails) == 1
    text = mails[0].read_text()
    assert "Reminder: Walk the towpath" in text and "Canal Walks" in text
    assert "Sending due task send-due-reminders" in celery_beat.log.read_text()
