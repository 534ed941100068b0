"""Steps the browser tests share."""

import os
from pathlib import Path

from fund.auth import DEMO_PASSWORD


def url(live_server, path: str) -> str:
    return f"{live_server.url}{path}"


def login(page, live_server, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(url(live_server, "/accounts/login/"))
    form = page.get_by_test_id("login-form")
    form.locator("input[name=username]").fill(email)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def screenshot(page, name: str) -> None:
    """Save a screenshot for a visual review when SIF_SCREENSHOTS names a folder."""
    folder = os.environ.get("SIF_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
