"""Importing a spreadsheet of 5,000 stakeholders into the large demo project: the file read,
every row checked and matched against the map (what the preview needs), then saved.

The baseline is the least any import of the file must do: read it with ``csv.reader`` and
save its rows with one ``bulk_create``, checking nothing. Both save inside a transaction
that is rolled back, so the database is left as it was and each run sees the same map.
"""

import csv
import functools
import io
import statistics
import time

ROWS = 5000
REPEATS = 3
CATEGORIES = ["Carer or family member", "lived experience", "researcher", "Frontline practitioner"]


def spreadsheet(rows: int = ROWS) -> bytes:
    """A file as Excel on Windows saves one: Windows-1252, semicolons, day-first dates."""
    lines = ["Full name;Organisation/Org;E-mail;Type;Power;Interest;Seldom heard;Consent date"]
    for n in range(rows):
        lines.append(
            f"Person {n} Brontë;Org {n % 40};import{n}@example.org;{CATEGORIES[n % 4]};"
            f"{n % 5 + 1};{n * 3 % 5 + 1};{'yes' if n % 7 == 0 else ''};12/05/2025"
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


class RolledBack(Exception):
    pass


def timed_in_rollback(work) -> float:
    from django.db import transaction

    began = time.perf_counter()
    try:
        with transaction.atomic():
            work()
            seconds = time.perf_counter() - began
            raise RolledBack
    except RolledBack:
        pass
    return seconds


def baseline(raw: bytes, project) -> float:
    """Read the file and save its rows unchecked: the least an import could do."""
    from stakeholders.models import Stakeholder

    def work() -> None:
        reader = csv.reader(io.StringIO(raw.decode("cp1252")), delimiter=";")
        next(reader)
        Stakeholder.objects.bulk_create(
            Stakeholder(project=project, name=row[0], organisation=row[1], category="carer")
            for row in reader
        )

    return timed_in_rollback(work)


def measure_import(project) -> dict:
    """Seconds to preview and to save 5,000 rows, and their sum as a ratio of the baseline."""
    from stakeholders.actions import do_import_stakeholders
    from stakeholders.csvfile import parse_file
    from stakeholders.matching import count_plan, plan_import

    raw = spreadsheet()
    previews, saves, baselines = [], [], []
    for n in range(REPEATS + 1):  # the first run warms up (regular expressions, translations)
        began = time.perf_counter()
        parsed = parse_file(raw)
        plan = count_plan(plan_import(project, parsed.rows))
        preview = time.perf_counter() - began
        save = timed_in_rollback(
            functools.partial(
                do_import_stakeholders,
                project=project,
                rows=parsed.rows,
                columns=parsed.columns,
                key=f"bench-{n}",
            )
        )
        base = baseline(raw, project)
        if n:
            previews.append(preview)
            saves.append(save)
            baselines.append(base)
    preview, save, base = (statistics.median(x) for x in (previews, saves, baselines))
    return {
        "rows": len(parsed.rows),
        "errors": len(parsed.errors),
        "new": plan.new,
        "on_map_already": plan.on_map,
        "preview_seconds": round(preview, 2),
        "save_seconds": round(save, 2),
        "baseline_seconds": round(base, 3),
        "ratio": round((preview + save) / base, 1),
    }
