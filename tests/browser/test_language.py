"""The language switch in the top bar: English UI text, and Dutch money and date formatting on the fund page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import login, screenshot, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DUTCH_MONEY = re.compile(r"^€\s\d{1,3}(\.\d{3})*,\d{2}$")
ENGLISH_MONEY = re.compile(r"^€\d{1,3}(,\d{3})*\.\d{2}$")


def switch_language(page, code: str) -> None:
    with page.expect_navigation():
        page.get_by_test_id(f"lang-{code}").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_switching_language_changes_the_text_and_the_number_and_date_formats(page, demo_data):
    login(page, demo_data, "manager@sif.example")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(page.get_by_role("heading", name="Fondsen", exact=True)).to_be_visible()

    switch_language(page, "en")

    expect(page).to_have_url(url(demo_data, "/"))
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("heading", name="Funds", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="New organisation")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Toegezegd")

    page.goto(url(demo_data, "/funds/sif-rotterdam/"))
    facts = page.locator("dl.facts")
    expect(facts.locator("dt:has-text('Target size') + dd")).to_have_text(ENGLISH_MONEY)
    expect(facts.locator("dt:has-text('Inception date') + dd")).to_have_text("2019-06-01")

    switch_language(page, "nl")

    expect(page).to_have_url(url(demo_data, "/funds/sif-rotterdam/"))
    expect(page.get_by_role("heading", name="Kapitaal", exact=True)).to_be_visible()
    expect(facts.locator("dt:has-text('Beoogde fondsomvang') + dd")).to_have_text("€\u00a010.000.000,00")
    expect(facts.locator("dt:has-text('Oprichtingsdatum') + dd")).to_have_text("01-06-2019")
    totals = page.get_by_test_id("capital-totals").locator(".figure")
    expect(totals).to_have_count(5)
    for figure in totals.all_inner_texts():
        assert DUTCH_MONEY.match(figure), figure
    expect(page.locator("main")).to_contain_text(re.compile(r"leden, stand per \d{2}-\d{2}-\d{4}\."))
    accounts = page.get_by_test_id("capital-accounts")
    expect(accounts.get_by_role("columnheader", name="Niet-gestort")).to_be_visible()
    for cell in accounts.locator("td.num").all_inner_texts():
        assert DUTCH_MONEY.match(cell), cell
    screenshot(page, "fund-sif-rotterdam")
