"""The benchmark harness's own parts work; the benchmarks themselves run only in `make bench`."""

import contextlib
import datetime
import importlib
import io
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import clear_url_caches, reverse
from django.utils import timezone

from powercheck.models import Answer
from projects.demo import DEMO_SLUG, FACILITATOR
from projects.models import Project
from reminders.models import Reminder
from tests.bench import charter as charter_bench
from tests.bench import reminders as reminders_bench
from tests.bench import run
from tests.bench.entries import MEASUREMENTS, PAGES, Target, open_round
from tests.bench.inprocess import measure_pages
from tests.bench.load import HttpClient, drive
from tests.bench.stats import format_table, percent, percentile, summarise
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, ReminderFactory, UserFactory


def test_percentiles_use_the_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([7.0], 99) == 7
    with pytest.raises(ValueError):
        percentile([], 50)


def test_summary_reports_throughput_and_latency_in_milliseconds():
    summary = summarise([0.010, 0.020, 0.030, 0.040], elapsed=0.5, errors=1)
    assert summary["requests"] == 4
    assert summary["errors"] == 1
    assert summary["requests_per_second"] == 8.0
    assert summary["p50_ms"] == 25.0
    assert summary["p99_ms"] == 40.0


def test_table_aligns_numbers_and_marks_missed_targets():
    text = format_table(
        ["page", "req/s", "of baseline", "met"],
        [["baseline", 1234.5, percent(1.0), True], ["overview", None, percent(0.2), False]],
    )
    lines = text.splitlines()
    assert lines[2].split() == ["baseline", "1,234.5", "100%", "yes"]
    assert lines[3].split() == ["overview", "—", "20%", "NO"]
    assert len({len(line) for line in lines[:3]}) == 1


def test_targets_are_met_only_within_their_bounds():
    fast = Target("at least 1,000 per second", "per_second", at_least=1000)
    assert fast.met({"per_second": 1500}) is True
    assert fast.met({"per_second": 999}) is False
    assert fast.met({}) is None
    assert Target("flat", "constant", equals=True).met({"constant": False}) is False


class FakeApp(BaseHTTPRequestHandler):
    """Sets a Secure __Host- cookie, as production does, and checks it comes back."""

    protocol_version = "HTTP/1.1"
    seen: list[dict] = []

    def reply(self, status: int, body: bytes = b"ok") -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "__Host-csrftoken=secret; Path=/; Secure; SameSite=Lax")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.reply(500 if self.path == "/broken/" else 200)

    def do_POST(self) -> None:
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.seen.append({"cookie": self.headers["Cookie"], "form": form, **self.headers})
        self.reply(302)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def fake_app():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeApp)
    Thread(target=server.serve_forever, daemon=True).start()
    FakeApp.seen = []
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_load_client_sends_exactly_the_requests_asked_for(fake_app):
    result = drive(host="127.0.0.1", port=fake_app, path="/", concurrency=3, requests=50, warmup=6)
    assert result["requests"] == 50
    assert result["errors"] == 0
    assert result["requests_per_second"] > 0
    assert result["p50_ms"] <= result["p99_ms"]


def test_load_client_counts_failures_as_errors(fake_app):
    result = drive(
        host="127.0.0.1", port=fake_app, path="/broken/", concurrency=2, requests=10, warmup=0
    )
    assert result["requests"] == 0
    assert result["errors"] == 10
    assert result["first_error"] == "status 500"


def test_posts_send_secure_cookies_and_the_csrf_token_over_http(fake_app):
    client = HttpClient("127.0.0.1", fake_app)
    client.request("GET", "/")
    assert client.request("POST", "/submit/", {"answer": "4"}).status == 302
    sent = FakeApp.seen[0]
    assert sent["cookie"] == "__Host-csrftoken=secret"
    assert sent["form"] == {"csrfmiddlewaretoken": ["secret"], "answer": ["4"]}
    assert sent["X-CSRFToken"] == "secret"


def test_client_logs_in_through_the_real_login_form(live_server, facilitator, project):
    host, port = urlsplit(live_server.url).netloc.split(":")
    client = HttpClient(host, int(port))
    client.log_in(facilitator.email, PASSWORD)
    assert any(name.startswith("__Host-session") for name in client.cookies)
    page = client.request("GET", reverse("projects-detail", args=[project.slug]))
    assert page.status == 200
    assert project.title.encode() in page.body
    result = drive(
        host=host,
        port=int(port),
        path=reverse("projects-members", args=[project.slug]),
        cookies=client.cookies,
        concurrency=2,
        requests=6,
        warmup=2,
    )
    assert (result["requests"], result["errors"]) == (6, 0)


def test_baseline_url_does_not_exist_without_the_benchmark_setting(as_user, facilitator):
    assert as_user(facilitator).get("/bench/ok/").status_code == 404


@pytest.fixture
def benchmark_on(settings):
    """The URLs as `make bench` serves them (BENCHMARK=1)."""
    import coproduce.urls

    original = coproduce.urls.urlpatterns
    settings.BENCHMARK = True
    importlib.reload(coproduce.urls)
    clear_url_caches()
    yield
    coproduce.urls.urlpatterns = original
    clear_url_caches()


def test_baseline_answers_ok_to_signed_in_users_only(benchmark_on, client, facilitator):
    assert client.get("/bench/ok/").status_code == 302
    client.force_login(facilitator)
    response = client.get("/bench/ok/")
    assert response.content == b"ok"


def test_every_page_entry_answers_and_its_queries_are_counted(benchmark_on, db):
    call_command("seed_demo", "--force", "--password", "pw-demo", stdout=io.StringIO())
    measured = measure_pages()
    assert list(measured["pages"]) == [page.name for page in PAGES]
    assert all(page["queries"] >= 2 for page in measured["pages"].values())
    assert measured["database"]["rows"]["projects.Goal"] == 3
    submission = measured["pages"]["checklist submission"]
    assert submission["method"] == "POST"
    assert any(value == "4" for value in submission["form"].values())


def test_the_checklist_submission_can_be_repeated_as_often_as_the_load_sends_it(
    benchmark_on, db, client
):
    call_command("seed_demo", "--force", "--password", "pw-demo", stdout=io.StringIO())
    project = Project.objects.get(slug=DEMO_SLUG)
    client.force_login(get_user_model().objects.get(email=FACILITATOR))
    page = next(page for page in PAGES if page.name == "checklist submission")
    for _ in range(3):
        response = client.post(page.url(project), page.body(project))
        assert response.status_code == 302
    answers = Answer.objects.filter(
        response__member__user__email=FACILITATOR, response__round=open_round(project)
    )
    assert answers.count() == len(page.body(project)) // 2


SPREAD = "members: p99 within 5× p50 at both sizes, and at the large size with 32 clients"


def fake_report() -> dict:
    load = {"requests_per_second": 100.0, "p50_ms": 10.0, "p99_ms": 30.0, "errors": 0}
    pages = {
        page.name: {
            "queries": {"small": 3, "large": 3 if index else 2},
            "small": {**load, "ratio": 1.0 if index == 0 else 0.5},
            "large": {
                **load,
                "ratio": 1.0 if index == 0 else 0.2,
                "crowd": {**load, "p99_ms": 40.0, "ratio": 1.0 if index == 0 else 0.3},
            },
        }
        for index, page in enumerate(PAGES)
    }
    sweep = {"per_second": 50, "targets": [{"target": "sweep: fast", "measured": 50, "met": False}]}
    return {
        "pages": pages,
        "measurements": {"sweep": sweep},
        "memory": {"web_worker_peak_rss_kib": {"small": 60000, "large": 161000}}
        | {"celery_worker_peak_rss_kib": None},
    }


def test_unequal_query_counts_and_slow_tails_are_reported_as_missed():
    report = fake_report()
    report["pages"]["members"]["large"]["crowd"]["p99_ms"] = 60.0
    found = {target["target"]: target for target in run.targets(report)}
    spread = found[SPREAD]
    assert (spread["measured"], spread["met"]) == ("3.0× / 3.0× / 6.0×", False)
    assert found["members: the same number of queries at both sizes"]["met"] is True
    unequal = found["baseline: the same number of queries at both sizes"]
    assert (unequal["measured"], unequal["met"]) == ("3 / 2", False)


def test_report_lists_every_target_and_says_which_were_missed():
    report = fake_report()
    report["targets"] = run.targets(report)
    found = {target["target"]: target for target in report["targets"]}
    overview = found[
        "project overview: at least 50% of the baseline's requests/s at the large size"
    ]
    assert (overview["measured"], overview["met"]) == ("20%", False)
    assert found["baseline: the same number of queries at both sizes"]["met"] is False
    assert found[SPREAD]["met"] is True
    assert found["sweep: fast"]["met"] is False
    memory = found["a web worker's peak memory at most 150 MB"]
    assert (memory["measured"], memory["met"]) == ("157 MB", False)
    assert found["the charter worker's peak memory at most 400 MB"]["met"] is None
    text = run.table(report)
    assert "large  project overview" in text and "20%" in text
    assert "large  project overview (32 clients)" in text and "30%" in text
    members = found["members: at least 25% of the baseline's requests/s at the large size"]
    assert members["met"] is False
    assert "Celery worker: not measured" in text
    json.dumps(report)


def test_measurement_targets_are_checked_against_the_numbers_returned(monkeypatch):
    def fake_render(*args: str) -> dict:
        memory = {"peak_rss_kib": 120_000, "rss_before_render_kib": 90_000}
        if args[0] == "charter":
            return {"seconds": 1.5, "gather_seconds": 0.1, "pages": 12, **memory}
        return {"seconds": 0.5, "pages": int(args[1]), **memory}

    monkeypatch.setattr(charter_bench, "in_own_process", fake_render)
    numbers = charter_bench.measure_charter(None)
    assert (numbers["ratio"], numbers["reference_pages"]) == (3.0, 12)
    target = next(m for m in MEASUREMENTS if m.name == "charter").targets[0]
    assert target.met(numbers) is False
    assert target.met({**numbers, "ratio": 2.0}) is True


def test_the_reference_document_has_the_pages_asked_for():
    from weasyprint import HTML

    pdf = HTML(string=charter_bench.reference_html(3)).write_pdf()
    assert charter_bench.count_pages(pdf) == 3


def test_sweep_measurement_sends_each_due_reminder_once_and_counts_queries_per_batch(
    project, monkeypatch
):
    users = UserFactory.create_batch(5)
    for user in users:
        MembershipFactory(project=project, user=user)
    for n in range(30):
        ReminderFactory(project=project, recipient=users[n % 5])
    ReminderFactory(
        project=project, recipient=users[0], due_at=timezone.now() + datetime.timedelta(days=1)
    )
    monkeypatch.setattr(reminders_bench, "FIRST_SWEEP", 10)
    numbers = reminders_bench.measure_sweep(project)
    assert (numbers["due"], numbers["sent"], numbers["emails"]) == (30, 30, 30)
    assert numbers["batches"] == [1, 1]
    assert numbers["queries_per_batch_constant"] is True
    assert Reminder.objects.pending().count() == 1
    sweep = next(m for m in MEASUREMENTS if m.name == "reminder sweep")
    assert [target.met({**numbers, "per_second": 1999}) for target in sweep.targets] == [
        False,
        True,
    ]


def test_without_redis_no_celery_worker_is_started(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert run.through_celery("sqlite:///unused") == {"celery_worker_peak_rss_kib": None}


def test_sqlite_databases_are_analysed_after_seeding(tmp_path):
    import sqlite3

    path = tmp_path / "bench.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE t (n INTEGER)")
        connection.execute("CREATE INDEX t_n ON t (n)")
        connection.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(10)])
        connection.commit()
    run.analyse(f"sqlite:///{path}")
    with contextlib.closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] >= 1


def test_each_size_gets_its_own_database():
    urls = run.database_urls("postgres://bench@db.example.org:5432/coproduce")
    assert urls == {
        "small": "postgres://bench@db.example.org:5432/coproduce_bench_small",
        "large": "postgres://bench@db.example.org:5432/coproduce_bench_large",
    }
    assert run.database_urls("")["large"].endswith("var/bench/large.sqlite3")
