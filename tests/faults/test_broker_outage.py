"""Redis going away under a running app: pages still work, queued work is kept, and it runs
exactly once when Redis is back."""

import datetime

from django.utils import timezone

from charter.models import Charter
from charter.tasks import REQUEUE_AFTER
from tests.conftest import wait_for

from .conftest import session_cookie


def test_work_asked_for_while_redis_is_down_runs_once_when_it_is_back(
    redis_proxy, app_server, celery_worker, celery_beat, facilitator, project
):
    server = app_server(REDIS_URL=redis_proxy.url)
    cookie = session_cookie(facilitator)["Cookie"]
    charter_page = f"/projects/{project.slug}/charter/"

    redis_proxy.stop()
    for path in [f"/projects/{project.slug}/", f"/projects/{project.slug}/stakeholders/"]:
        status, _, body = server.get(path, headers={"Cookie": cookie})
        assert status == 200 and project.title in body

    status, seconds, body, headers = server.post_form(
        f"{charter_page}generate/", {}, cookie=cookie, form_page=charter_page
    )
    assert status == 302, body
    assert seconds < 15, "sending to a broker that is down must give up, not hang"
    status, _, page = server.get(headers["Location"], headers={"Cookie": cookie})
    assert status == 200 and "Version 1 is waiting to be made. It will start shortly." in page
    charter = Charter.objects.get()
    assert charter.status == Charter.Status.QUEUED

    redis_proxy.start()
    # The message never reached the broker; once the charter has waited long enough, the
    # sweep that beat runs queues it again.
    waited = timezone.now() - REQUEUE_AFTER - datetime.timedelta(seconds=1)
    Charter.objects.filter(pk=charter.pk).update(updated_at=waited)

    def charter_is_ready():
        """the charter to be made once Redis is back"""
        return Charter.objects.filter(pk=charter.pk, status=Charter.Status.READY).first()

    ready = wait_for(charter_is_ready, timeout=60)
    assert ready.attempts == 1 and ready.pdf
    wait_for(lambda: "requeue_waiting_charters" in celery_worker.log.read_text())
    assert celery_worker.log.read_text().count("'rendered'") == 1, "made exactly once"
    assert Charter.objects.count() == 1
