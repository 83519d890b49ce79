"""Agreements, the charter and reminders moved out of projects/: a database holding the demo in
the old layout keeps every row when it migrates to the new one."""

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from agreements.models import (
    CommunicationItem,
    DecisionRule,
    GroundRule,
    GroundRuleAgreement,
    Principle,
)
from charter.models import Charter
from projects.models import Membership
from reminders.actions import do_renew_calendar_feed
from reminders.models import CalendarFeed, Reminder

MOVED = [
    Principle,
    DecisionRule,
    GroundRule,
    GroundRuleAgreement,
    CommunicationItem,
    Charter,
    Reminder,
    CalendarFeed,
]
# The layout before the move: projects/ held every one of these tables.
OLD_LAYOUT = [
    ("projects", "0006_charter_withdrawn"),
    ("agreements", None),
    ("charter", None),
    ("reminders", None),
]


def migrate_to(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


# Columns added after the move: going back to the old layout drops them (and what they held).
ADDED_SINCE = {"made_from"}


def rows(model) -> list[tuple]:
    """Every row of the model's table, read with plain SQL (whatever the layout), without the
    columns added since the move."""
    columns = ", ".join(
        connection.ops.quote_name(field.column)
        for field in model._meta.concrete_fields
        if field.column not in ADDED_SINCE
    )
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY id")  # noqa: S608 (our names)
        return cursor.fetchall()


def old_table(model) -> str:
    return f"projects_{model._meta.model_name}"


def test_the_demo_in_the_old_layout_keeps_every_row_in_the_new_one(transactional_db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "pw-demo")
    call_command("render_charter", "healthy-streets-together", "-o", "/dev/null")
    do_renew_calendar_feed(membership=Membership.objects.filter(role="facilitator").first())
    before = {model: rows(model) for model in MOVED}
    assert all(before.values()), "the demo holds rows of every moved model"
    ContentType.objects.get_for_models(*MOVED)  # as the admin and permissions would

    try:
        migrate_to(OLD_LAYOUT)
        tables = set(connection.introspection.table_names())
        assert {old_table(model) for model in MOVED} <= tables
        assert not {model._meta.db_table for model in MOVED} & tables
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM projects_reminder")
            assert cursor.fetchone()[0] == len(before[Reminder])
    finally:
        migrate_to(latest())

    for model in MOVED:
        assert rows(model) == before[model], model.__name__
    labels = {ct.app_label for ct in ContentType.objects.get_for_models(*MOVED).values()}
    assert labels == {"agreements", "charter", "reminders"}
    assert not ContentType.objects.filter(
        app_label="projects", model__in=[m._meta.model_name for m in MOVED]
    ).exists(), "content types (and so permissions and admin history) moved with the models"
