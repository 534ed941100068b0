"""Browser fixtures: one headless Debian Chromium per session, a fresh context per test, the demo data set.

Browser tests run against pytest-django's `live_server`, so they need real transactions
(`@pytest.mark.django_db(transaction=True)`). After each such test pytest-django flushes every table, which also
removes the reference data (municipalities, postcodes) the migration loaded and the demo data set; `demo_data` loads
both again when they are missing. pytest-django runs transactional tests after all others, so the flushes never take
data away from a non-browser test.

Every page a test opens is watched for Content-Security-Policy violations (Chromium reports each in the page's
console, and an uncaught error names the policy when, say, eval is refused): a test whose pages had one fails, naming
it, so the strict policy (config/settings/base.py) and the pages are kept in step.

On failure a screenshot goes to `test-artifacts/` (gitignored). Set `SIF_SCREENSHOTS=<dir>` to also save the
screenshots the tests take on purpose (home page per role, fund page, form with an error) for a visual review.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
TIMEOUT_MS = 10_000

# The Playwright sync API keeps an asyncio loop in the main thread; Django's ORM refuses to run while it sees one.
# Tests touch the ORM only between page actions, never concurrently with the loop, so the guard is lifted here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _chromium_stderr() -> str:
    """Start Chromium once by hand to show why Playwright could not start it."""
    try:
        result = subprocess.run(
            [CHROMIUM, "--headless", *CHROMIUM_ARGS, "--dump-dom", "about:blank"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{CHROMIUM} could not be run: {exc}"
    return f"exit status {result.returncode}\n--- stderr ---\n{result.stderr.strip()}"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test installs it)", pytrace=False)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except PlaywrightError as exc:
        playwright.stop()
        pytest.fail(f"Chromium did not start: {exc}\n\n{_chromium_stderr()}", pytrace=False)
    yield browser
    browser.close()
    playwright.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


CSP_MARKERS = ("Content Security Policy", "Content-Security-Policy")


class CspWatch:
    """What Chromium reported as a Content-Security-Policy violation on the pages of one context."""

    def __init__(self) -> None:
        self.violations: list[str] = []

    def attach(self, page) -> None:
        page.on("console", lambda message: self._seen(f"{page.url}: {message.text}"))
        page.on("pageerror", lambda error: self._seen(f"{page.url}: {error}"))

    def _seen(self, text: str) -> None:
        if any(marker in text for marker in CSP_MARKERS):
            self.violations.append(text)


@pytest.fixture
def csp_watch() -> CspWatch:
    return CspWatch()


@pytest.fixture
def page(request, browser, csp_watch):
    """A fresh browser context (no cookies) in Dutch, the product's default language; fails the test when one of its
    pages reports a Content-Security-Policy violation."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.on("page", csp_watch.attach)  # every page of the context: this one, popups, new tabs
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    if csp_watch.violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(csp_watch.violations), pytrace=False)


@pytest.fixture
def demo_data(live_server):
    """Reference data (again, if a flush removed it) and the demo data set; returns the live server."""
    from demo.seed import demo_seed
    from fund.models import Fund, Municipality
    from fund.services.reference import reference_data_load

    if not Municipality.objects.exists():
        reference_data_load()
    if not Fund.objects.filter(slug="sif-rotterdam").exists():
        demo_seed()
    return live_server
