"""``make bench``: each entry runs on a fresh database of its own and prints its measures.

Measures are reported, never asserted: speed depends on the machine, so the
numbers that matter are ratios against a bare Django view in the same run.
"""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.bench import reminders  # noqa: E402

ENTRIES = [reminders.bench_sweep]


def bare_view_seconds(repeat: int = 2_000) -> float:
    """Seconds per call of a view that does nothing: the unit the other measures are in."""
    request = RequestFactory().get("/")

    def view(request):
        return HttpResponse("ok")

    start = time.perf_counter()
    for _ in range(repeat):
        view(request).content  # noqa: B018
    return (time.perf_counter() - start) / repeat


def main() -> int:
    setup_test_environment()
    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    if connection.vendor == "postgresql":
        test_settings["NAME"] = f"test_{settings.DATABASES['default']['NAME']}_bench"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        unit = bare_view_seconds()
        print(f"bare Django view: {unit * 1e6:.1f} µs per call")
        for entry in ENTRIES:
            for line in entry(unit):
                print(line)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
