"""Steps the browser tests share."""

import os
from pathlib import Path

from fund.auth import DEMO_PASSWORD
from tests.otp import user_totp_code

TWO_FACTOR_PATH = "/accounts/two-factor/"


def url(live_server, path: str) -> str:
    return f"{live_server.url}{path}"


def two_factor_enter(page, code: str) -> None:
    form = page.get_by_test_id("two-factor-form")
    form.locator("input[name=token]").fill(code)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def login(page, live_server, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the form; a user with an authenticator then types the code it shows, computed here."""
    page.goto(url(live_server, "/accounts/login/"))
    form = page.get_by_test_id("login-form")
    form.locator("input[name=username]").fill(email)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    if page.url.split("?")[0].endswith(TWO_FACTOR_PATH):
        two_factor_enter(page, user_totp_code(email))


def screenshot(page, name: str) -> None:
    """Save a screenshot for a visual review when SIF_SCREENSHOTS names a folder."""
    folder = os.environ.get("SIF_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
