"""The layout holds: projects/ is the ground floor, every part plugs in through the registry,
and the Celery task names that queued messages carry still resolve."""

import ast
from pathlib import Path

import pytest

from coproduce.celery import app as celery_app
from projects.parts import get_parts

ROOT = Path(__file__).resolve().parents[2]
# Each app may import the apps listed before it, never one after it.
FLOORS = [
    "coproduce",
    "projects",
    "reminders",
    "charter",
    "agreements",
    "stakeholders",
    "powercheck",
    "partners",
    "decisions",
    "meetings",
    "impact",
    "reciprocity",
    "reporting",
]
# The root of the Django project, which wires every app together.
WIRING = {"coproduce/urls.py", "coproduce/settings.py", "coproduce/celery.py"}


def imported_apps(path: Path) -> set[str]:
    """The first-party apps a module imports, wherever in the module it does so."""
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names & set(FLOORS)


def app_modules(app: str) -> list[Path]:
    return [
        path
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and str(path.relative_to(ROOT)) not in WIRING
    ]


@pytest.mark.parametrize("app", FLOORS)
def test_no_app_imports_one_above_it(app):
    above = set(FLOORS[FLOORS.index(app) + 1 :])
    offending = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & above)
        for path in app_modules(app)
        if imported_apps(path) & above
    }
    assert offending == {}


def test_every_part_of_a_project_is_registered_once_in_order():
    parts = get_parts()
    assert [type(part).__module__ for part in parts] == [
        "projects.part",
        "stakeholders.part",
        "powercheck.part",
        "agreements.part",
        "partners.part",
        "charter.part",
        "reminders.part",
        "decisions.part",
        "meetings.part",
        "impact.part",
        "reciprocity.part",
        "reporting.part",
    ]


def test_no_module_is_over_about_four_hundred_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for app in FLOORS
        for path in app_modules(app)
        if (n := len(path.read_text().splitlines())) > 420
    }
    assert long == {}


@pytest.mark.parametrize(
    "name",
    [
        "projects.tasks.render_charter",
        "projects.tasks.requeue_waiting_charters",
        "projects.tasks.send_due_reminders",
    ],
)
def test_task_names_that_queued_messages_carry_still_run(name, settings):
    celery_app.loader.import_default_modules()
    assert name in celery_app.tasks
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled | set(settings.CELERY_TASK_ROUTES) <= set(celery_app.tasks)
