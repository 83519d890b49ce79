"""Real-browser fixtures: Playwright driving the system Chromium, with an axe-core check."""

import os
from pathlib import Path

import pytest

from tests.conftest import need

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
# test body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session", autouse=True)
def static_files_from_source():
    """The live server serves static files from their sources, so names must not be hashed."""
    from django.conf import settings
    from django.test import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(scope="session")
def browser():
    need(CHROMIUM.exists(), f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def is_policy_violation(message) -> bool:
    """Whether a console message is Chromium reporting a Content Security Policy violation."""
    return message.type == "error" and "Content Security Policy" in message.text


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (its own cookies) and return a page in it.

    Every page opened this way is watched for Content Security Policy violations (Chromium
    reports each one on the console); the test fails if any page it visited had one.
    """
    contexts = []
    violations: list[str] = []

    def open_page(viewport: dict | None = None):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport or {"width": 1280, "height": 900},
            accept_downloads=True,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                violations.append(f"{page.url}: {message.text}")
                if is_policy_violation(message)
                else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not violations, "Content Security Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def axe_check():
    """Assert the page in its current state has no WCAG 2.2 AA violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page) -> None:
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check
