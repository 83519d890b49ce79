"""The Django side of `make bench`, run in its own process against one seeded database.

``python -m tests.bench.inprocess pages OUT.json`` resolves every page's URL and form,
requests each once through the test client as the demo facilitator (after one warm-up
request) and counts its queries. ``python -m tests.bench.inprocess measurements OUT.json``
runs every ``MEASUREMENTS`` entry; ``charter-task`` asks for the demo charter as the
facilitator would and waits until a Celery worker has made it. The database comes from
``DATABASE_URL``.
"""

import json
import os
import sys
from pathlib import Path


def database_facts() -> dict:
    """Which database this process measured, and how much the demo project holds."""
    from django.apps import apps
    from django.db import connection

    from projects.demo import DEMO_SLUG

    facts = {"vendor": connection.vendor, "version": None, "rows": {}}
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        if connection.vendor == "postgresql":
            facts["version"] = cursor.fetchone()[0].split(" on ")[0]
        else:
            import sqlite3

            facts["version"] = f"SQLite {sqlite3.sqlite_version}"
    for model in apps.get_models():
        if model._meta.app_label in {"projects", "stakeholders", "powercheck"}:
            project_field = "project__slug" if hasattr(model, "project_id") else None
            queryset = model._default_manager.all()
            if project_field:
                queryset = queryset.filter(**{project_field: DEMO_SLUG})
            facts["rows"][model._meta.label] = queryset.count()
    return facts


def measure_pages() -> dict:
    """Each page's method, path, form and query count, as the demo facilitator sees it."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from projects.demo import DEMO_SLUG, FACILITATOR
    from projects.models import Membership
    from tests.bench.entries import PAGES

    membership = Membership.objects.select_related("project", "user").get(
        user__email=FACILITATOR, project__slug=DEMO_SLUG
    )
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(membership.user)
    pages = {}
    for page in PAGES:
        path = page.url(membership.project)
        form = page.body(membership.project) if page.body else None
        send = getattr(client, page.method.lower())
        send(path, form or {})
        with CaptureQueriesContext(connection) as queries:
            status = send(path, form or {}).status_code
        expected_ok = status == 200 if page.method == "GET" else 200 <= status < 400
        if not expected_ok:
            raise SystemExit(f"{page.name}: {page.method} {path} answered {status}.")
        pages[page.name] = {
            "method": page.method,
            "path": path,
            "form": form,
            "queries": len(queries),
        }
    return {"database": database_facts(), "facilitator": FACILITATOR, "pages": pages}


def run_measurements() -> dict:
    """Every ``MEASUREMENTS`` entry's numbers, with each target and whether it was met."""
    from projects.demo import DEMO_SLUG
    from projects.models import Project
    from tests.bench.entries import MEASUREMENTS

    project = Project.objects.get(slug=DEMO_SLUG)
    results = {}
    for measurement in MEASUREMENTS:
        numbers = measurement.run(project)
        numbers["targets"] = [
            {
                "target": f"{measurement.name}: {target.description}",
                "measured": numbers.get(target.key),
                "met": target.met(numbers),
            }
            for target in measurement.targets
        ]
        results[measurement.name] = numbers
    return results


def charter_through_worker() -> dict:
    """Ask for the demo charter as the facilitator does and wait for the worker to make it."""
    import time

    from django.db import transaction

    from charter.actions import do_request_charter
    from charter.models import Charter
    from projects.demo import DEMO_SLUG, FACILITATOR
    from projects.models import Membership

    membership = Membership.objects.select_related("project", "user").get(
        user__email=FACILITATOR, project__slug=DEMO_SLUG
    )
    began = time.perf_counter()
    with transaction.atomic():
        charter = do_request_charter(project=membership.project, by=membership.user)
    deadline = time.monotonic() + 600
    while charter.status not in (Charter.Status.READY, Charter.Status.FAILED):
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
        charter.refresh_from_db()
    return {
        "status": charter.status,
        "seconds": round(time.perf_counter() - began, 2),
        "error": charter.error,
    }


def main(argv: list[str]) -> None:
    what, out = argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    import django

    django.setup()
    run = {
        "pages": measure_pages,
        "measurements": run_measurements,
        "charter-task": charter_through_worker,
    }[what]
    result = run()
    Path(out).write_text(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
