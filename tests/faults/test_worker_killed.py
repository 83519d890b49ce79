"""A Celery worker killed (SIGKILL) in the middle of rendering a charter: the charter is
still made, exactly once."""

import datetime
import os
import signal
import subprocess

import pytest
from django.utils import timezone

from charter.actions import do_request_charter
from charter.models import Charter
from tests.conftest import wait_for
from tests.factories import MembershipFactory


@pytest.fixture
def busy_project(project):
    """A project whose charter (hundreds of members) takes a few seconds to typeset."""
    MembershipFactory.create_batch(400, project=project)
    return project


def kill_while_rendering(charter: Charter, pid_to_kill) -> None:
    def rendering():
        """the worker to start rendering"""
        return Charter.objects.filter(pk=charter.pk, status=Charter.Status.RENDERING).exists()

    wait_for(rendering, timeout=60, interval=0.02)
    os.kill(pid_to_kill(), signal.SIGKILL)


def ready(charter: Charter):
    def charter_is_ready():
        """the charter to be made after the worker was killed"""
        return Charter.objects.filter(pk=charter.pk, status=Charter.Status.READY).first()

    return wait_for(charter_is_ready, timeout=90)


def test_a_task_process_killed_mid_render_is_run_again_and_stores_one_pdf(
    start_worker, busy_project, facilitator
):
    worker = start_worker(pool="prefork")
    charter = do_request_charter(project=busy_project, by=facilitator)

    def task_process() -> int:
        children = subprocess.check_output(["pgrep", "-P", str(worker.pid)], text=True)
        return int(children.split()[0])

    kill_while_rendering(charter, task_process)
    made = ready(charter)
    log = worker.log.read_text()
    assert "WorkerLostError" in log, "the render really was interrupted"
    assert made.attempts == 2 and made.pdf
    assert log.count("'rendered'") == 1, "made exactly once"
    assert Charter.objects.count() == 1


def test_a_whole_worker_killed_mid_render_leaves_the_charter_to_the_next_worker(
    start_worker, celery_worker, celery_beat, busy_project, facilitator
):
    charter = do_request_charter(project=busy_project, by=facilitator)
    kill_while_rendering(charter, lambda: celery_worker.pid)
    celery_worker.wait(timeout=10)
    assert Charter.objects.get(pk=charter.pk).status == Charter.Status.RENDERING
    replacement = start_worker()

    # Once a render has run for longer than any render may, beat's sweep queues it again.
    died = timezone.now() - Charter.STUCK_AFTER - datetime.timedelta(seconds=1)
    Charter.objects.filter(pk=charter.pk).update(updated_at=died)
    made = ready(charter)
    assert made.attempts == 2 and made.pdf
    assert "'rendered'" not in celery_worker.log.read_text()
    assert replacement.log.read_text().count("'rendered'") == 1, "made exactly once"
    assert Charter.objects.count() == 1
