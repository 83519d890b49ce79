import http.client
import os
import re
import subprocess
import sys
import time
import urllib.parse
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection

from tests.conftest import ROOT

from .proxy import TcpProxy, free_port


def database_url(port: int | None = None) -> str:
    """A URL for this test's database, optionally through another port."""
    db = connection.settings_dict
    return (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
        f"{port or db['PORT'] or 5432}/{db['NAME']}"
    )


class AppServer:
    """gunicorn serving the app with production settings, in its own process."""

    def __init__(self, env: dict[str, str], log: Path, *, workers: int = 1, threads: int = 1):
        self.port = free_port()
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "coproduce.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self.log = log
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                self.get("/healthz/", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"gunicorn did not start:\n{log.read_text()}")

    def get(self, path: str, timeout: float = 10, headers: dict | None = None):
        """(status, seconds taken, body) of one GET."""
        return self.request("GET", path, timeout=timeout, headers=headers)[:3]

    def request(
        self,
        method: str,
        path: str,
        *,
        body: dict | None = None,
        timeout: float = 10,
        headers: dict | None = None,
    ):
        """(status, seconds taken, body, response headers) of one request."""
        headers = dict(headers or {})
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
            return response.status, time.monotonic() - started, text, response.headers
        finally:
            conn.close()

    def post_form(self, path: str, fields: dict, *, cookie: str, form_page: str):
        """POST fields as a browser would after loading form_page: with its CSRF token."""
        status, _, page, headers = self.request("GET", form_page, headers={"Cookie": cookie})
        assert status == 200, page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        csrf_cookie = next(
            value.split(";")[0]
            for value in headers.get_all("Set-Cookie", [])
            if value.startswith(settings.CSRF_COOKIE_NAME)
        )
        return self.request(
            "POST",
            path,
            body={**fields, "csrfmiddlewaretoken": token},
            headers={"Cookie": f"{cookie}; {csrf_cookie}"},
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def session_cookie(user) -> dict[str, str]:
    """The Cookie header of a browser in which ``user`` has just signed in."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # As after any earlier request: the idle-timeout refresh is not due yet.
    store["_seen"] = int(time.time())
    store.save()
    return {"Cookie": f"__Host-sessionid={store.session_key}"}


@pytest.fixture
def postgres_proxy(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("a database outage is simulated for PostgreSQL (set DATABASE_URL)")
    db = connection.settings_dict
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def redis_proxy(redis_url):
    """A proxy in front of the real Redis; ``.url`` is the same database through it."""
    parsed = urllib.parse.urlparse(redis_url)
    proxy = TcpProxy(parsed.hostname or "127.0.0.1", parsed.port or 6379).start()
    proxy.url = parsed._replace(netloc=f"127.0.0.1:{proxy.port}").geturl()
    yield proxy
    proxy.stop()


@pytest.fixture
def app_server(tmp_path):
    servers: list[AppServer] = []

    def start(*, workers: int = 1, threads: int = 1, **env: str) -> AppServer:
        base = {
            "DEBUG": "0",
            "SECRET_KEY": settings.SECRET_KEY,
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        log = tmp_path / f"gunicorn-{len(servers)}.log"
        server = AppServer({**base, **env}, log, workers=workers, threads=threads)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
