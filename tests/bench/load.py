"""An HTTP client with its own cookie jar, and a bounded load driver built on it.

Production settings make cookies ``Secure`` and ``__Host-`` prefixed; a browser would not
send them over plain http, so this client keeps its own jar and always sends them (the
benchmark runs on loopback only).

``python -m tests.bench.load`` reads a JSON spec on stdin and prints the summary as JSON,
so that the load comes from a process other than the one that started the server.
"""

import http.client
import json
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from tests.bench.stats import summarise

CSRF_COOKIES = ("__Host-csrftoken", "csrftoken")
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class HttpClient:
    """One keep-alive connection (reopened when the server closes it) and a cookie jar."""

    host: str
    port: int
    timeout: float = 30.0
    cookies: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    @property
    def csrf_token(self) -> str:
        return next((self.cookies[name] for name in CSRF_COOKIES if name in self.cookies), "")

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        """Send one request with the jar's cookies; store the cookies the response sets."""
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method != "GET":
            form = {"csrfmiddlewaretoken": self.csrf_token, **(form or {})}
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.csrf_token
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed an idle keep-alive connection; try once on a fresh one.
            self.connection.close()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(response.status, dict(response.getheaders()), content)

    def log_in(self, email: str, password: str, path: str = "/accounts/login/") -> None:
        """Log in through the login form, as a browser would; raise if it did not work."""
        page = self.request("GET", path)
        token = CSRF_INPUT.search(page.body)
        if page.status != 200 or not token:
            raise RuntimeError(f"The login page answered {page.status} without a CSRF token.")
        response = self.request(
            "POST",
            path,
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "login": email,
                "password": password,
            },
        )
        if response.status != 302:
            raise RuntimeError(f"Logging in as {email} failed (status {response.status}).")

    def close(self) -> None:
        self.connection.close()


def drive(
    *,
    host: str,
    port: int,
    path: str,
    method: str = "GET",
    form: dict[str, str] | None = None,
    cookies: dict[str, str] | None = None,
    concurrency: int = 4,
    requests: int = 1000,
    warmup: int = 100,
    time_limit: float = 120.0,
    raw: bool = False,
) -> dict:
    """Send ``warmup`` then ``requests`` requests over ``concurrency`` connections at once.

    Only the second phase is timed. A request counts as an error unless it answers 200
    (GET) or 2xx/3xx (other methods). Stops early at ``time_limit`` seconds. With ``raw``
    the result also holds every latency (seconds), to be merged with other runs.
    """
    lock = threading.Lock()
    remaining = {"warmup": warmup, "timed": requests}
    latencies: list[float] = []
    errors: list[str] = []
    start = threading.Barrier(concurrency + 1)
    deadline = time.monotonic() + time_limit

    def ok(status: int) -> bool:
        return status == 200 if method == "GET" else 200 <= status < 400

    def take(phase: str) -> bool:
        with lock:
            if remaining[phase] <= 0 or time.monotonic() > deadline:
                return False
            remaining[phase] -= 1
            return True

    def worker() -> None:
        client = HttpClient(host, port, cookies=dict(cookies or {}))
        mine: list[float] = []
        try:
            while take("warmup"):
                client.request(method, path, form)
        except Exception as error:
            errors.append(repr(error))
        start.wait()
        while take("timed"):
            began = time.perf_counter()
            try:
                status = client.request(method, path, form).status
            except Exception as error:
                errors.append(repr(error))
                continue
            if ok(status):
                mine.append(time.perf_counter() - began)
            else:
                errors.append(f"status {status}")
        client.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    result = summarise(latencies, time.perf_counter() - began, errors=len(errors))
    if errors:
        result["first_error"] = errors[0]
    if raw:
        result["latencies"] = latencies
    return result


def main() -> None:
    spec = json.load(sys.stdin)
    json.dump(drive(**spec), sys.stdout)


if __name__ == "__main__":
    main()
