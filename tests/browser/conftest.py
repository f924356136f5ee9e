"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

- Skipped, with the reason shown, when /usr/bin/chromium is absent; Playwright's own browser
  download is never used (no ``playwright install``).
- Playwright's sync API runs an event loop in the test thread, so Django's async-safety check
  must be off for the database calls the tests make (DJANGO_ALLOW_ASYNC_UNSAFE).
- The live server needs committed data (``transactional_db``), and the flush after each such test
  also deletes what migrations loaded: the ``reference_data`` fixture (tests/conftest.py) loads the
  municipalities, the roles, the catalogue and the rubrics again.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser tests last, and skip them (visibly) when Chromium is absent.

    pytest-django runs the transactional tests after the others, because their flush deletes
    what the migrations loaded. pytest-playwright parametrizes the browser tests with a
    session-scoped browser name, and pytest's regrouping for that moves them back in among the
    others: put them at the end again.
    """
    browser_tests = [item for item in items if HERE in item.path.parents]
    if not browser_tests:
        return
    items[:] = [item for item in items if HERE not in item.path.parents] + browser_tests
    if not CHROMIUM.exists():
        skip = pytest.mark.skip(
            reason=f"Chromium ({CHROMIUM}) ontbreekt: browsertests overgeslagen"
        )
        for item in browser_tests:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def live_server(django_settings_for_live_server, live_server):
    return live_server


@pytest.fixture(scope="session")
def base_url(live_server):
    """Pages open relative to the live server (``page.goto("/aanmelden/")``)."""
    return live_server.url


@pytest.fixture(scope="session")
def django_settings_for_live_server():
    """The live server wraps a media handler that cannot take MEDIA_URL = None (uploads are
    private, served by no URL). A URL on another host keeps that handler from serving anything."""
    from django.conf import settings

    settings.MEDIA_URL = "https://media.invalid/"


@pytest.fixture
def login(page):
    """Log in through the login form; returns the page, on the page the user lands on."""

    def log_in(username, password):
        page.goto("/aanmelden/")
        form = page.locator("form:has(input[name=password])")
        form.locator("input[name=username]").fill(username)
        form.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            form.locator("[type=submit]").click()
        return page

    return log_in
