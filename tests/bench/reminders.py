"""One reminder sweep over 10,000 due reminders among 100,000 rows."""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.demo import add_many_reminders
from projects.models import Membership, Project, Role
from projects.reminders import BATCH_SIZE, send_due_reminders


def bench_sweep(unit: float) -> list[str]:
    """Reminders sent per second, and the queries each batch of the sweep costs."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    project = Project.objects.create(title="Bench", slug="bench")
    User = get_user_model()
    users = User.objects.bulk_create(User(email=f"bench{n}@example.org") for n in range(200))
    Membership.objects.bulk_create(
        Membership(project=project, user=user, role=Role.PARTICIPANT) for user in users
    )
    start = time.perf_counter()
    add_many_reminders(project, count=100_000, due=10_000)
    seeded = time.perf_counter() - start
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = send_due_reminders()
        elapsed = time.perf_counter() - start
    per_second = result.sent / elapsed
    return [
        f"reminders: seeded 100,000 rows in {seeded:.1f} s",
        f"reminders: one sweep sent {result.sent:,} in {elapsed:.1f} s "
        f"= {per_second:,.0f} reminders/s "
        f"({elapsed / result.sent / unit:.0f}× a bare view per reminder)",
        f"reminders: {len(queries)} queries in {result.batches} batches of {BATCH_SIZE} "
        f"= {len(queries) / max(result.batches, 1):.1f} queries per batch",
    ]
