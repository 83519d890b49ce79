"""A real beat process schedules the sweep; a real worker on real Redis sends the email."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from projects.models import Reminder
from tests.conftest import ROOT, wait_for
from tests.factories import MembershipFactory, ProjectFactory, ReminderFactory

pytestmark = pytest.mark.services


@pytest.fixture
def beat(celery_worker, tmp_path):
    """``celery beat`` with the sweep every second instead of every five minutes."""
    env = {
        **os.environ,
        "SECRET_KEY": settings.SECRET_KEY,
        "REDIS_URL": settings.REDIS_URL,
        "REMINDER_SWEEP_SECONDS": "1",
    }
    log = tmp_path / "beat.log"
    celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    process = subprocess.Popen(
        [
            celery,
            "-A",
            "coproduce",
            "beat",
            "--schedule",
            str(tmp_path / "beat-schedule"),
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    process.log = log
    yield process
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def test_beat_triggers_a_sweep_that_sends_a_due_reminder(celery_worker, beat):
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
        print(beat.log.read_text(), celery_worker.log.read_text())
        raise
    assert reminder.sent_at <= timezone.now()
    mails = list(celery_worker.mail_dir.glob("*.log"))
    assert len(mails) == 1
    text = mails[0].read_text()
    assert "Reminder: Walk the towpath" in text and "Canal Walks" in text
    assert "Sending due task send-due-reminders" in beat.log.read_text()
