"""More than one machine: two app servers, one worker and object storage, as real processes.

Two gunicorn instances on different ports share PostgreSQL, Redis and an S3-compatible server
started on loopback (moto's standalone server). Nothing a request needs may live in one
process: a charter asked for through one instance is rendered by the worker and downloaded
through the other, a session and a rate limit hold across both, and deleting the project
deletes the stored object.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from charter.models import Charter
from tests.bench.load import HttpClient
from tests.conftest import (
    PASSWORD,
    ROOT,
    database_url_for_processes,
    need,
    stop_process,
    wait_for,
)
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def serve_on(port: int) -> list[str]:
    return ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def object_storage() -> dict[str, str]:
    """An S3-compatible server on loopback with an empty private bucket: the settings for it."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    config = {
        # moto keeps its buckets for the life of the process: a new name for each test.
        "S3_BUCKET": f"coproduce-test-{uuid.uuid4().hex[:12]}",
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "S3_REGION": "eu-west-2",
        "S3_ACCESS_KEY_ID": "test-key",
        "S3_SECRET_ACCESS_KEY": "test-secret",
    }
    s3(config).create_bucket(
        Bucket=config["S3_BUCKET"], CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    yield config
    server.stop()


def s3(config: dict[str, str]):
    return boto3.client(
        "s3",
        endpoint_url=config["S3_ENDPOINT_URL"],
        region_name=config["S3_REGION"],
        aws_access_key_id=config["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=config["S3_SECRET_ACCESS_KEY"],
    )


def stored_keys(config: dict[str, str]) -> list[str]:
    listing = s3(config).list_objects_v2(Bucket=config["S3_BUCKET"])
    return [item["Key"] for item in listing.get("Contents", [])]


@pytest.fixture
def app_servers(redis_url, object_storage, tmp_path):
    """Two gunicorn instances on PostgreSQL, Redis and the object storage: their ports."""
    need(
        not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        "DATABASE_URL is not PostgreSQL, so two servers cannot share a database",
    )
    env = {
        **os.environ,
        **object_storage,
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url_for_processes(),
        "REDIS_URL": redis_url,
        # Local disk is not where files go: a file written there would show up below.
        "MEDIA_ROOT": str(tmp_path / "local-disk"),
        "CONN_MAX_AGE": "0",
        "LOG_LEVEL": "WARNING",
    }
    servers = []
    for n in range(2):
        port = free_port()
        log = (tmp_path / f"web-{n}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "coproduce.wsgi:application", *serve_on(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        servers.append((process, port))
    for process, port in servers:
        wait_until_serving(process, port, tmp_path)
    yield [port for _process, port in servers]
    for process, _port in servers:
        stop_process(process)


def wait_until_serving(process: subprocess.Popen, port: int, tmp_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            logs = "\n".join(path.read_text() for path in tmp_path.glob("web-*.log"))
            pytest.fail(f"An app server exited early:\n{logs}")
        try:
            if HttpClient("127.0.0.1", port, timeout=2).request("GET", "/healthz/").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"The app server on port {port} did not answer within a minute.")


def forget_rate_limits(redis_url: str, key: str) -> None:
    """Start a limit from zero: the servers count in the shared Redis, which outlives a test
    run, and a new test database gives the account the id it had in the last run."""
    client = redis.Redis.from_url(redis_url)
    for stored in client.scan_iter(match=f"*ratelimit:{key}:*"):
        client.delete(stored)


@pytest.fixture
def facilitated_project(redis_url):
    user = UserFactory(email="two-servers@example.org", name="Sam Facilitator")
    # Hashed as the servers hash (the tests' own settings use a fast hasher they do not know).
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    project = ProjectFactory(title="Two Servers", slug="two-servers", aim="Share the work.")
    MembershipFactory(project=project, user=user, role="facilitator")
    forget_rate_limits(redis_url, f"charter:{user.pk}")
    return project, user


def logged_in_on_both(ports: list[int], email: str) -> tuple[HttpClient, HttpClient]:
    """A client for each server sharing one session, logged in through the first."""
    first, second = (HttpClient("127.0.0.1", port) for port in ports)
    first.log_in(email, PASSWORD)
    second.cookies = dict(first.cookies)
    return first, second


def test_a_charter_asked_for_on_one_server_is_downloaded_from_the_other(
    app_servers, start_worker, object_storage, facilitated_project, tmp_path
):
    project, user = facilitated_project
    start_worker(extra_env={**object_storage, "MEDIA_ROOT": str(tmp_path / "worker-disk")})
    first, second = logged_in_on_both(app_servers, user.email)

    asked = first.request("POST", reverse("charter-generate", args=[project.slug]))
    assert asked.status == 302
    charter = wait_for(
        lambda: Charter.objects.filter(project=project, status=Charter.Status.READY).first(),
        timeout=90,
    )

    download = second.request("GET", reverse("charter-pdf", args=[project.slug]))
    assert download.status == 200
    assert download.body.startswith(b"%PDF")
    assert "no-store" in download.headers["Cache-Control"]
    assert stored_keys(object_storage) == [charter.pdf.name]
    assert not (tmp_path / "worker-disk").exists()
    assert not (tmp_path / "local-disk").exists()

    # The object is private: without credentials the storage refuses it.
    bare = HttpClient("127.0.0.1", int(object_storage["S3_ENDPOINT_URL"].rsplit(":", 1)[1]))
    assert bare.request("GET", f"/{object_storage['S3_BUCKET']}/{charter.pdf.name}").status == 403

    deleted = second.request(
        "POST", reverse("projects-delete", args=[project.slug]), {"confirm": project.title}
    )
    assert deleted.status == 302
    wait_for(lambda: stored_keys(object_storage) == [], timeout=10)


def test_a_session_and_what_it_changes_hold_across_both_servers(app_servers, facilitated_project):
    project, user = facilitated_project
    first, second = logged_in_on_both(app_servers, user.email)
    goals = reverse("projects-goals", args=[project.slug])
    for n in range(20):
        client = (first, second)[n % 2]
        assert client.request("GET", goals).status == 200

    added = first.request(
        "POST", reverse("projects-goal-create", args=[project.slug]), {"text": "Meet monthly"}
    )
    assert added.status in (200, 302)
    assert b"Meet monthly" in second.request("GET", goals).body

    logged_out = second.request("POST", reverse("account_logout"))
    assert logged_out.status == 302
    assert first.request("GET", goals).status == 302  # the session ended on both


def test_a_rate_limit_counts_requests_to_both_servers_together(
    app_servers, facilitated_project, settings
):
    """The charter limit is per person per hour: half the requests to each server still meet it."""
    from charter.views import CHARTERS_PER_HOUR

    project, user = facilitated_project
    first, second = logged_in_on_both(app_servers, user.email)
    generate = reverse("charter-generate", args=[project.slug])
    statuses = [
        (first, second)[n % 2].request("POST", generate).status
        for n in range(CHARTERS_PER_HOUR + 1)
    ]
    assert statuses[-1] == 429
    assert 429 not in statuses[:CHARTERS_PER_HOUR]
