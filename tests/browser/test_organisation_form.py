"""The fund manager creates an organisation: a bad KvK number is refused next to its field, then fixed and saved."""

import re

import pytest
from playwright.sync_api import expect

from fund.models import Organisation
from tests.browser.helpers import login, screenshot, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_fixes_a_seven_digit_kvk_number_and_saves_the_organisation(page, demo_data):
    login(page, demo_data, "manager@sif.example")
    page.goto(url(demo_data, "/organisations/new/"))
    form = page.get_by_test_id("organisation-form")
    form.locator("#id_legal_name").fill("Werkkracht Spaarne B.V.")
    form.locator("#id_trade_name").fill("Werkkracht")
    form.locator("#id_kvk_number").fill("6012345")
    form.locator("#id_legal_form").select_option("bv")
    form.locator("#id_street").fill("Grote Markt 2")
    form.locator("#id_postcode").fill("2011 AB")
    form.locator("#id_city").fill("Haarlem")
    before = Organisation.objects.count()

    with page.expect_navigation():
        form.get_by_role("button", name="Opslaan").click()

    expect(page).to_have_url(url(demo_data, "/organisations/new/"))
    kvk = form.locator("#id_kvk_number")
    expect(kvk).to_have_attribute("aria-invalid", "true")
    error = form.locator("#id_kvk_number_error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("KvK-nummer")
    expect(error).to_contain_text("6012345")
    # The message sits right above the KvK field's own row, not somewhere else on the form.
    expect(form.locator("p:has(#id_kvk_number)").locator("xpath=preceding-sibling::*[1]")).to_have_id(
        "id_kvk_number_error"
    )
    expect(form.locator(".errorlist")).to_have_count(1)
    expect(form.locator("#id_legal_name")).to_have_value("Werkkracht Spaarne B.V.")
    assert Organisation.objects.count() == before
    screenshot(page, "organisation-form-error")

    kvk.fill("60123456")
    with page.expect_navigation():
        form.get_by_role("button", name="Opslaan").click()

    expect(page).to_have_url(re.compile(r"/organisations/\d+/$"))
    assert Organisation.objects.count() == before + 1
    created = Organisation.objects.get(kvk_number="60123456")
    assert page.url == url(demo_data, f"/organisations/{created.pk}/")
    expect(page.locator("h1")).to_have_text("Werkkracht")
    expect(page.locator(".messages")).to_contain_text("opgeslagen")
    expect(page.get_by_test_id("municipality")).to_contain_text("Haarlem (GM0392)")
    history = page.get_by_test_id("history")
    expect(history.locator("tbody tr")).to_have_count(1)
    expect(history).to_contain_text("Mehmet Manager")
    expect(history).to_contain_text("60123456")
    screenshot(page, "organisation-detail")
