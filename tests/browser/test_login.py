"""Logging in through the login form, for every demo role, and a wrong password."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import login, screenshot, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# email → (text the home page shows for this role, funds listed, funds not listed, back-office link shown)
ROLE_HOMES = {
    "admin@sif.example": ("Welkom, Anna Admin", ["SIF Rotterdam", "SIF ZKIJ"], [], True),
    "manager@sif.example": ("Nieuwe organisatie", ["SIF Rotterdam", "SIF ZKIJ"], [], True),
    "ic@sif.example": ("Welkom, Ilse Investeringscommissie", ["SIF Rotterdam"], ["SIF ZKIJ"], False),
    "investee@sif.example": ("Buurtkeuken", [], ["SIF Rotterdam", "SIF ZKIJ"], False),
    "coinvestor@sif.example": ("Stichting Havenfonds Rotterdam", ["SIF Rotterdam"], ["SIF ZKIJ"], False),
    "haarlem@sif.example": ("GM0392", ["SIF ZKIJ"], ["SIF Rotterdam"], False),
    "rotterdam@sif.example": ("GM0599", ["SIF Rotterdam"], ["SIF ZKIJ"], False),
}


@pytest.mark.parametrize("email", list(ROLE_HOMES))
def test_each_demo_role_logs_in_and_lands_on_its_home_page(page, demo_data, email):
    role_text, funds_shown, funds_hidden, staff = ROLE_HOMES[email]

    login(page, demo_data, email)

    expect(page).to_have_url(url(demo_data, "/"))
    expect(page.get_by_test_id("who")).to_have_text(email)
    main = page.locator("main")
    expect(main).to_contain_text(role_text)
    for name in funds_shown:
        expect(page.get_by_test_id("funds").get_by_role("link", name=name, exact=True)).to_be_visible()
    for name in funds_hidden:
        expect(main.get_by_role("link", name=name, exact=True)).to_have_count(0)
    expect(page.locator("header a[href='/admin/']")).to_have_count(1 if staff else 0)
    screenshot(page, f"home-{email.split('@')[0]}")


def test_wrong_password_shows_an_error_and_stays_on_the_login_page(page, demo_data):
    login(page, demo_data, "manager@sif.example", password="not-the-password")

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    error = page.get_by_test_id("login-form").locator(".errorlist").first
    expect(error).to_be_visible()
    expect(error).to_contain_text("wachtwoord")
    expect(page.get_by_test_id("who")).to_have_count(0)
    expect(page.get_by_test_id("login-form").locator("input[name=username]")).to_have_value("manager@sif.example")
