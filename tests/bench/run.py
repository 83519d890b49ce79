"""`make bench`: speed, scale and memory as ratios against baselines measured in the same run.

Seeds the demo project at the small and the large size into two fresh databases (PostgreSQL
when DATABASE_URL is set, else SQLite files in var/bench/), counts each page's queries at
both sizes, serves each database with gunicorn (production settings, 2 workers), logs in as
the demo facilitator over HTTP and drives every page from a separate load process. Prints a
table and writes var/bench/results.json. These are measurements: nothing here fails on a
missed target.

Knobs (environment): BENCH_CONCURRENCY (4 connections), BENCH_REQUESTS (1000 per page and
size), BENCH_ROUNDS (5 interleaved rounds), BENCH_WARMUP (100), BENCH_KEEP=1 keeps the
PostgreSQL databases afterwards.
"""

import contextlib
import datetime
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.bench.entries import MEASUREMENTS, PAGES
from tests.bench.load import HttpClient
from tests.bench.stats import format_table, percent, ratio, summarise

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
SIZES = ("small", "large")
WORKERS = 2
P99_OVER_P50 = 5
# The busy case: as many clients again as a small team clicking at once, at the large size.
CROWD = int(os.environ.get("BENCH_CROWD", "32"))
WEB_WORKER_MAX_KIB = 150 * 1024
CELERY_WORKER_MAX_KIB = 400 * 1024
LOAD = {
    "concurrency": int(os.environ.get("BENCH_CONCURRENCY", "4")),
    "requests": int(os.environ.get("BENCH_REQUESTS", "1000")),
    "warmup": int(os.environ.get("BENCH_WARMUP", "100")),
    "rounds": int(os.environ.get("BENCH_ROUNDS", "5")),
}
PASSWORD = f"bench-{secrets.token_urlsafe(12)}"


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- databases -------------------------------------------------------------------------


def database_urls(database_url: str) -> dict[str, str]:
    """One database per size: two PostgreSQL databases named after DATABASE_URL's, or files."""
    if database_url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(database_url)
        name = parts.path.lstrip("/") or "coproduce"
        return {size: urlunsplit(parts._replace(path=f"/{name}_bench_{size}")) for size in SIZES}
    return {size: f"sqlite:///{OUT / f'{size}.sqlite3'}" for size in SIZES}


def recreate_database(url: str, *, create: bool = True) -> None:
    """Drop the database at ``url`` if it exists, then (unless told not to) create it empty."""
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(urlsplit(url).path + suffix).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def app_env(database_url: str) -> dict[str, str]:
    """Production settings on loopback, with the baseline view switched on."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "insecure-bench-only-key",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "BENCHMARK": "1",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def python(*args: str, env: dict[str, str], log: Path) -> None:
    """Run ``python args`` in the project directory; on failure show the end of its log."""
    with log.open("a") as output:
        done = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    if done.returncode:
        tail = "\n".join(log.read_text().splitlines()[-30:])
        raise SystemExit(f"`python {' '.join(args)}` failed:\n{tail}")


def seed(size: str, url: str) -> float:
    """Migrate and seed one database; the seconds it took."""
    recreate_database(url)
    env, log = app_env(url), OUT / f"seed-{size}.log"
    log.unlink(missing_ok=True)
    began = time.perf_counter()
    python("manage.py", "migrate", "--noinput", "-v0", env=env, log=log)
    python(
        "manage.py",
        "seed_demo",
        "--size",
        size,
        "--force",
        "--password",
        PASSWORD,
        env=env,
        log=log,
    )
    analyse(url)
    return round(time.perf_counter() - began, 1)


def analyse(url: str) -> None:
    """Bring the planner's statistics up to date, as autovacuum soon would after a bulk load."""
    if url.startswith("sqlite"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(urlsplit(url).path)) as connection:
            connection.execute("ANALYZE")
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def in_process(what: str, size: str, url: str) -> dict:
    """Run tests.bench.inprocess against one database and read what it wrote."""
    out = OUT / f"{what}-{size}.json"
    log = OUT / f"{what}-{size}.log"
    log.unlink(missing_ok=True)
    python("-m", "tests.bench.inprocess", what, str(out), env=app_env(url), log=log)
    return json.loads(out.read_text())


# --- the server --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(size: str, url: str) -> Iterator[tuple[int, int]]:
    """Serve one database on a free loopback port; yields (port, master pid)."""
    port, log = free_port(), OUT / f"gunicorn-{size}.log"
    command = [
        sys.executable, "-m", "gunicorn", "coproduce.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
        "--timeout", "30", "--log-level", "warning",
    ]  # fmt: skip
    with log.open("w") as output:
        server = subprocess.Popen(
            command, cwd=ROOT, env=app_env(url), stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_until_serving(server, port, log)
        yield port, server.pid
    finally:
        stop(server, timeout=15)


def stop(process: subprocess.Popen, *, timeout: float) -> None:
    """Ask a process to stop; kill it if it has not within ``timeout`` seconds."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_serving(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            client = HttpClient("127.0.0.1", port, timeout=2)
            client.request("GET", "/healthz/")
            client.close()
            # Both workers answer before timing starts.
            if len(child_pids(server.pid)) >= WORKERS:
                return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within 30 seconds:\n{log.read_text()[-3000:]}")


def child_pids(parent: int) -> list[int]:
    """Processes whose parent is ``parent`` (gunicorn's workers), from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == parent:
                children.append(int(stat.parent.name))
    return sorted(children)


def peak_rss_kib(pid: int) -> int | None:
    """The process's peak resident set size so far (VmHWM), in KiB."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


@contextlib.contextmanager
def celery_worker(url: str) -> Iterator[int | None]:
    """A Celery worker on the default and pdf queues, as in production; yields its pid.

    Yields None (and starts nothing) without REDIS_URL: tasks then run in-process.
    """
    if not os.environ.get("REDIS_URL"):
        yield None
        return
    log = OUT / "celery.log"
    command = [
        sys.executable, "-m", "celery", "-A", "coproduce", "worker", "-Q", "default,pdf",
        "--concurrency", "1", "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
        "--hostname", f"bench-{os.getpid()}@%h",
    ]  # fmt: skip
    with log.open("w") as output:
        worker = subprocess.Popen(
            command, cwd=ROOT, env=app_env(url), stdout=output, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while not child_pids(worker.pid):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"The Celery worker did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield worker.pid
    finally:
        stop(worker, timeout=30)


def through_celery(url: str) -> dict:
    """Render the large charter through a real worker; its time and the worker's peak memory."""
    with celery_worker(url) as pid:
        if pid is None:
            return {"celery_worker_peak_rss_kib": None}
        task = in_process("charter-task", "large", url)
        processes = [pid, *child_pids(pid)]
        peaks = {str(p): peak_rss_kib(p) for p in processes}
    return {
        "charter_through_worker": task,
        "celery_worker_processes_peak_rss_kib": peaks,
        "celery_worker_peak_rss_kib": max((kib for kib in peaks.values() if kib), default=None),
    }


# --- load --------------------------------------------------------------------------------


def drive(
    port: int, page: dict, cookies: dict[str, str], *, requests: int, warmup: int, clients: int
) -> dict:
    """Drive one page from a separate process; the summary with every latency."""
    spec = {
        "host": "127.0.0.1",
        "port": port,
        "path": page["path"],
        "method": page["method"],
        "form": page["form"],
        "cookies": cookies,
        "concurrency": clients,
        "requests": requests,
        "warmup": warmup,
        "raw": True,
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.load"],
        cwd=ROOT,
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        raise SystemExit(f"The load client failed on {page['path']}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def drive_in_rounds(
    port: int, pages: dict, cookies: dict[str, str], *, clients: int, requests: int
) -> dict[str, dict]:
    """Every page's load numbers, its requests spread over interleaved rounds.

    Each round drives every page in turn, so that anything else the machine does during
    the run slows the baseline and the pages alike and the ratios stay meaningful.
    """
    runs: dict[str, list[dict]] = {name: [] for name in pages}
    per_round = max(1, requests // LOAD["rounds"])
    for number in range(LOAD["rounds"]):
        # A full warm-up first; later rounds only reopen their connections.
        warmup = max(LOAD["warmup"], clients) if number == 0 else clients
        for name, page in pages.items():
            runs[name].append(
                drive(port, page, cookies, requests=per_round, warmup=warmup, clients=clients)
            )
    results = {}
    for name, rounds in runs.items():
        latencies = [latency for run in rounds for latency in run["latencies"]]
        elapsed = sum(run["seconds"] for run in rounds)
        errors = sum(run["errors"] for run in rounds)
        results[name] = summarise(latencies, elapsed, errors=errors)
        results[name]["rounds_requests_per_second"] = [run["requests_per_second"] for run in rounds]
        if errors:
            results[name]["first_error"] = next(r["first_error"] for r in rounds if r["errors"])
    return results


def serve_and_drive(size: str, url: str, pages: dict, facilitator: str) -> dict:
    """Every page's load numbers and ratio at one size, and the web workers' peak memory."""
    with gunicorn(size, url) as (port, master):
        client = HttpClient("127.0.0.1", port)
        client.log_in(facilitator, PASSWORD)
        client.close()
        say(f"{size}: driving {len(pages)} pages on port {port}")
        results = drive_in_rounds(
            port, pages, client.cookies, clients=LOAD["concurrency"], requests=LOAD["requests"]
        )
        if size == "large":
            say(f"{size}: driving them again with {CROWD} clients at once")
            crowded = drive_in_rounds(
                port, pages, client.cookies, clients=CROWD, requests=LOAD["requests"] // 2
            )
            for name, numbers in crowded.items():
                results[name]["crowd"] = numbers
        workers = child_pids(master)
        memory = {
            "web_workers_peak_rss_kib": {str(pid): peak_rss_kib(pid) for pid in workers},
            "web_master_peak_rss_kib": peak_rss_kib(master),
        }
    base_rps = results[PAGES[0].name]["requests_per_second"]
    crowd_rps = results[PAGES[0].name].get("crowd", {}).get("requests_per_second")
    for numbers in results.values():
        numbers["ratio"] = ratio(numbers["requests_per_second"], base_rps)
        if "crowd" in numbers:
            numbers["crowd"]["ratio"] = ratio(numbers["crowd"]["requests_per_second"], crowd_rps)
    return {"pages": results, "memory": memory}


# --- report ------------------------------------------------------------------------------


def machine() -> dict:
    """What the numbers were measured on."""
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cpu_model": None,
        "memory_kib": None,
        # Other work on the machine shows here; the interleaved rounds share it out fairly.
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
    }
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_kib"] = int(line.split()[1])
    return info


def targets(report: dict) -> list[dict]:
    """Every target of the issue that an entry exists for, with what was measured."""
    found = []
    for page in PAGES[1:]:
        numbers = report["pages"][page.name]
        if page.min_ratio is not None:
            measured = numbers["large"]["ratio"]
            found.append(
                {
                    "target": f"{page.name}: at least {page.min_ratio:.0%} of the baseline's "
                    "requests/s at the large size",
                    "measured": percent(measured),
                    "met": measured is not None and measured >= page.min_ratio,
                }
            )
        spreads = [numbers[size]["p99_ms"] / numbers[size]["p50_ms"] for size in SIZES]
        crowd = numbers["large"]["crowd"]
        spreads.append(crowd["p99_ms"] / crowd["p50_ms"])
        found.append(
            {
                "target": f"{page.name}: p99 within {P99_OVER_P50}× p50 at both sizes, and at "
                f"the large size with {CROWD} clients",
                "measured": " / ".join(f"{spread:.1f}×" for spread in spreads),
                "met": max(spreads) <= P99_OVER_P50,
            }
        )
    for page in PAGES:
        queries = report["pages"][page.name]["queries"]
        found.append(
            {
                "target": f"{page.name}: the same number of queries at both sizes",
                "measured": f"{queries['small']} / {queries['large']}",
                "met": queries["small"] == queries["large"],
            }
        )
    for numbers in report["measurements"].values():
        found += numbers["targets"]
    memory = report["memory"]
    web = memory["web_worker_peak_rss_kib"].get("large")
    found.append(
        {
            "target": f"a web worker's peak memory at most {WEB_WORKER_MAX_KIB // 1024} MB",
            "measured": None if web is None else f"{web / 1024:.0f} MB",
            "met": None if web is None else web <= WEB_WORKER_MAX_KIB,
        }
    )
    celery = memory["celery_worker_peak_rss_kib"]
    found.append(
        {
            "target": "the charter worker's peak memory at most "
            f"{CELERY_WORKER_MAX_KIB // 1024} MB",
            "measured": None if celery is None else f"{celery / 1024:.0f} MB",
            "met": None if celery is None else celery <= CELERY_WORKER_MAX_KIB,
        }
    )
    return found


def table(report: dict) -> str:
    rows = []
    for size in SIZES:
        for page in PAGES:
            numbers = report["pages"][page.name]
            load = numbers[size]
            rows.append(
                [
                    f"{size:<5}  {page.name}",
                    numbers["queries"][size],
                    load["requests_per_second"],
                    load["p50_ms"],
                    load["p99_ms"],
                    percent(load["ratio"]),
                    load["errors"],
                ]
            )
            if "crowd" in load:
                crowd = load["crowd"]
                rows.append(
                    [
                        f"{size:<5}  {page.name} ({CROWD} clients)",
                        numbers["queries"][size],
                        crowd["requests_per_second"],
                        crowd["p50_ms"],
                        crowd["p99_ms"],
                        percent(crowd.get("ratio")),
                        crowd["errors"],
                    ]
                )
    text = [
        format_table(
            ["size   page", "queries", "req/s", "p50 ms", "p99 ms", "of baseline", "errors"], rows
        )
    ]
    memory = report["memory"]
    text.append(
        "\npeak RSS of a web worker (KiB): "
        + ", ".join(f"{size} {memory['web_worker_peak_rss_kib'][size]:,}" for size in SIZES)
        + "; Celery worker: "
        + (
            "not measured"
            if memory["celery_worker_peak_rss_kib"] is None
            else f"{memory['celery_worker_peak_rss_kib']:,}"
        )
    )
    for name, numbers in report["measurements"].items():
        shown = ", ".join(f"{k} {v}" for k, v in numbers.items() if k != "targets")
        text.append(f"{name}: {shown}")
    text.append(
        "\n"
        + format_table(
            ["target", "measured", "met"],
            [[t["target"], t["measured"], t["met"]] for t in report["targets"]],
        )
    )
    return "\n".join(text)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    urls = database_urls(os.environ.get("DATABASE_URL", ""))
    say("collecting static files")
    python("manage.py", "collectstatic", "--noinput", "-v0", env=app_env(urls["small"]),
           log=OUT / "collectstatic.log")  # fmt: skip
    report: dict = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load": {**LOAD, "crowd": CROWD, "gunicorn_workers": WORKERS, "worker_class": "sync"},
        "sizes": {},
        "pages": {page.name: {"queries": {}, "min_ratio": page.min_ratio} for page in PAGES},
        "measurements": {},
        "memory": {
            "web_worker_peak_rss_kib": {},
            "web_workers": {},
            "celery_worker_peak_rss_kib": None,
        },
    }
    try:
        for size in SIZES:
            say(f"{size}: seeding {urls[size].split('@')[-1]}")
            seconds = seed(size, urls[size])
            counted = in_process("pages", size, urls[size])
            report["sizes"][size] = {"seed_seconds": seconds, "database": counted["database"]}
            for name, page in counted["pages"].items():
                report["pages"][name]["queries"][size] = page["queries"]
            served = serve_and_drive(size, urls[size], counted["pages"], counted["facilitator"])
            for name, numbers in served["pages"].items():
                report["pages"][name][size] = numbers
            workers = served["memory"]["web_workers_peak_rss_kib"]
            report["memory"]["web_workers"][size] = served["memory"]
            report["memory"]["web_worker_peak_rss_kib"][size] = max(
                (kib for kib in workers.values() if kib), default=None
            )
        if MEASUREMENTS:
            say("large: running in-process measurements")
            report["measurements"] = in_process("measurements", "large", urls["large"])
        say("large: rendering the charter through a Celery worker")
        report["memory"] |= through_celery(urls["large"])
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            for url in urls.values():
                if not url.startswith("sqlite"):
                    recreate_database(url, create=False)
    report["machine"]["load_average_at_end"] = [round(load, 2) for load in os.getloadavg()]
    report["targets"] = targets(report)
    report["seconds"] = round(time.perf_counter() - began, 1)
    (OUT / "results.json").write_text(json.dumps(report, indent=2))
    print(table(report))
    print(f"\nWritten to {(OUT / 'results.json').relative_to(ROOT)} in {report['seconds']} s.")


if __name__ == "__main__":
    main()
