"""Personas, a project they share, and the guards that make missing services fail in CI."""

import importlib
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from coproduce.celery import app as celery_app
from projects.models import Perspective, Role

from .factories import MembershipFactory, ProjectFactory, UserFactory

PASSWORD = "correct horse battery staple"
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config) -> None:
    """The Welsh pages and emails need the compiled translations (make test compiles them
    too; running pytest alone must not test yesterday's)."""
    from coproduce.translations import compile_translations

    compile_translations()


def need(condition: bool, reason: str) -> None:
    """Skip when a service is missing locally; fail when REQUIRE_SERVICES=1 (CI)."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def services_are_real(django_db_setup, django_db_blocker) -> None:
    """With DATABASE_URL/REDIS_URL set, the suite must really run on PostgreSQL and Redis."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert connection.vendor == "postgresql"
    if REQUIRE_SERVICES:
        assert os.environ.get("DATABASE_URL"), "REQUIRE_SERVICES=1 needs DATABASE_URL"
        assert os.environ.get("REDIS_URL"), "REQUIRE_SERVICES=1 needs REDIS_URL"
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            pytest.exit(f"REDIS_URL is set but Redis does not answer: {error}", returncode=1)


@pytest.fixture(autouse=True)
def tasks_run_in_process(settings):
    """Tasks run eagerly unless a test asks for a real worker (``celery_worker``)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Hashing strength is not under test; a slow hasher would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def english_to_begin_with():
    """Each test starts in the site's default language: a request in Welsh leaves Welsh
    active in the thread, which would otherwise carry into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_rate_limits(monkeypatch) -> None:
    """Each test counts attempts from zero, on the same shared cache."""
    monkeypatch.setattr("coproduce.ratelimit.PREFIX", f"ratelimit-test-{uuid.uuid4().hex}")
    from allauth.core.internal import ratelimit as allauth_ratelimit

    prefix = f"test-{uuid.uuid4().hex}:"
    key_of = allauth_ratelimit.get_cache_key
    monkeypatch.setattr(
        allauth_ratelimit, "get_cache_key", lambda *args, **kwargs: prefix + key_of(*args, **kwargs)
    )


@pytest.fixture(autouse=True)
def fresh_cached_counts(monkeypatch) -> None:
    """Each test counts its own closed rounds and reach checks, whatever earlier tests left
    in the shared cache."""
    monkeypatch.setattr(
        "powercheck.scoring.CLOSED_ROUND_CACHE_PREFIX", f"closed-round-test-{uuid.uuid4().hex}"
    )
    monkeypatch.setattr("stakeholders.reach.REACH_CACHE_PREFIX", f"reach-test-{uuid.uuid4().hex}")


@pytest.fixture(autouse=True)
def data_migrations_survive_flushes(request, django_db_blocker) -> None:
    """Transactional tests (live server, real worker) end by emptying every table, which
    removes the rows data migrations loaded; put them back before each such test.
    (pytest-django runs transactional tests after all the others.)"""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.apps import apps

        request.getfixturevalue("transactional_db")
        checklist = importlib.import_module("powercheck.migrations.0002_default_checklist")
        with django_db_blocker.unblock():
            checklist.load_checklist(apps, None)


@pytest.fixture
def redis_url() -> str:
    need(bool(settings.REDIS_URL), "REDIS_URL is not set, so there is no real broker to test with")
    return settings.REDIS_URL


def database_url_for_processes() -> str:
    """The address of this test's database, for processes the test starts."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def start_worker(redis_url, transactional_db, tmp_path):
    """Start real Celery worker processes on real Redis, using this test's database.

    ``start_worker(pool="prefork")`` runs tasks in a child process, as in production;
    the default, "solo", runs them in the worker process itself. Workers stop at teardown.
    """
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_processes(),
        "REDIS_URL": redis_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",  # path = URL path less one slash
        "CONN_MAX_AGE": "0",
    }
    processes: list[subprocess.Popen] = []

    def start(pool: str = "solo", extra_env: dict[str, str] | None = None) -> subprocess.Popen:
        log = tmp_path / f"worker-{len(processes)}.log"
        name = f"test-{uuid.uuid4().hex[:8]}@%h"
        queues = ["-Q", "default,pdf", "--pool", pool, "--concurrency", "1", "-n", name]
        quiet = ["--without-heartbeat", "--without-gossip", "--without-mingle"]
        process = start_celery(
            ["worker", *queues, *quiet, "--loglevel", "INFO"],
            env={**env, **(extra_env or {})},
            log=log,
        )
        processes.append(process)
        celery_app.conf.task_always_eager = False
        deadline = time.monotonic() + 30
        while "ready" not in log.read_text() and time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"The Celery worker exited early:\n{log.read_text()}")
            time.sleep(0.2)
        process.mail_dir = tmp_path / "mail"
        return process

    yield start
    for process in processes:
        stop_process(process)


@pytest.fixture
def celery_worker(start_worker):
    """A real Celery worker process on real Redis, using this test's database."""
    return start_worker()


@pytest.fixture
def celery_beat(celery_worker, tmp_path):
    """A real ``celery beat`` running the settings' schedule, each sweep every second."""
    env = {
        **os.environ,
        "SECRET_KEY": settings.SECRET_KEY,
        "REDIS_URL": settings.REDIS_URL,
        "REMINDER_SWEEP_SECONDS": "1",
        "CHARTER_REQUEUE_SECONDS": "1",
    }
    schedule = ["beat", "--schedule", str(tmp_path / "beat-schedule"), "--loglevel", "INFO"]
    process = start_celery(schedule, env=env, log=tmp_path / "beat.log")
    yield process
    stop_process(process)


def start_celery(arguments: list[str], *, env: dict, log: Path) -> subprocess.Popen:
    """Start ``celery -A coproduce ARGUMENTS`` with its output in ``log`` (as ``process.log``)."""
    celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    process = subprocess.Popen(
        [celery, "-A", "coproduce", *arguments],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    process.log = log
    return process


def stop_process(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_for(predicate, timeout: float = 30, interval: float = 0.2):
    """Poll until predicate() is truthy; return its value or fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"Timed out after {timeout}s waiting for {predicate.__doc__ or predicate}")


@pytest.fixture
def project(db):
    return ProjectFactory(title="Healthy Streets", slug="healthy-streets")


def member(project, role: str, perspective: str, email: str):
    return MembershipFactory(
        project=project, role=role, perspective=perspective, user=UserFactory(email=email)
    ).user


@pytest.fixture
def facilitator(project):
    return member(project, Role.FACILITATOR, Perspective.RESEARCHER, "fac@example.org")


@pytest.fixture
def participant(project):
    return member(project, Role.PARTICIPANT, Perspective.COMMUNITY, "part@example.org")


@pytest.fixture
def observer(project):
    return member(project, Role.OBSERVER, Perspective.ORGANISATION, "obs@example.org")


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@example.org")


@pytest.fixture
def as_user(client):
    """Log the test client in as a user and return it."""

    def login(user):
        client.force_login(user)
        # As after any earlier request: the idle-timeout refresh is not due yet.
        session = client.session
        session["_seen"] = int(time.time())
        session.save()
        return client

    return login
