"""Two-factor login in a real browser: a manager without an authenticator app is held at the enrolment page, sets it
up with a code computed here from the secret the page shows, and from then on logs in with password and code."""

import base64
import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.helpers import two_factor_enter, url
from tests.otp import totp_code, user_totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANAGER = "manager@sif.example"


def password_step(page, live_server, email: str) -> None:
    from fund.auth import DEMO_PASSWORD

    page.goto(url(live_server, "/accounts/login/"))
    form = page.get_by_test_id("login-form")
    form.locator("input[name=username]").fill(email)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_manager_opens_no_page_before_enrolling_and_then_logs_in_with_a_totp_code(page, demo_data):
    TOTPDevice.objects.filter(user__email=MANAGER).delete()  # a manager who never set up two-factor

    password_step(page, demo_data, MANAGER)
    enrol = re.compile(r"/accounts/two-factor/setup/")
    expect(page).to_have_url(enrol)
    for path in ("/", "/organisations/", "/funds/sif-rotterdam/", "/admin/", "/accounts/security/"):
        page.goto(url(demo_data, path))
        expect(page).to_have_url(enrol)

    qr = page.get_by_test_id("two-factor-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # the SVG loaded
    secret = page.get_by_test_id("two-factor-secret").inner_text()
    form = page.get_by_test_id("two-factor-enrol-form")
    form.locator("input[name=token]").fill(totp_code(base64.b32decode(secret).hex()))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.locator("main a.btn").click()
    expect(page).to_have_url(url(demo_data, "/"))
    expect(page.get_by_test_id("who")).to_have_text(MANAGER)

    with page.expect_navigation():
        page.locator("header form[action='/accounts/logout/'] button").click()
    password_step(page, demo_data, MANAGER)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next=%2F$"))
    page.goto(url(demo_data, "/organisations/"))
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next=%2Forganisations%2F$"))
    two_factor_enter(page, user_totp_code(MANAGER))
    expect(page).to_have_url(url(demo_data, "/organisations/"))
    expect(page.get_by_test_id("who")).to_have_text(MANAGER)


def test_a_wrong_code_keeps_the_manager_at_the_code_page(page, demo_data):
    password_step(page, demo_data, MANAGER)
    two_factor_enter(page, "000000")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    expect(page.get_by_test_id("two-factor-form").locator(".errorlist")).to_contain_text("code")
    expect(page.locator("header a[href='/admin/']")).to_have_count(0)
