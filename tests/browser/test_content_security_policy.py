"""The strict Content-Security-Policy in Chromium: the violation watch of conftest.py catches a violation, and the
behaviours that used to be inline (the year picker submits on change) or that htmx adds (live search) still work."""

import time

import pytest

from tests.browser.helpers import login, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inline_script_under_the_policy_is_refused_and_the_watch_reports_it(page, demo_data, csp_watch):
    probe = url(demo_data, "/csp-probe")
    page.route(
        probe,
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": "default-src 'self'; script-src 'self'"},
            body="<!doctype html><title>probe</title><script>document.title = 'ran'</script>",
        ),
    )
    page.goto(probe)
    deadline = time.monotonic() + 5
    while not csp_watch.violations and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert page.title() == "probe"  # the inline script did not run
    assert any("script-src" in text for text in csp_watch.violations)
    csp_watch.violations.clear()  # caught on purpose: this test must not fail for it


def test_the_year_picker_submits_on_change_without_inline_script(page, demo_data):
    login(page, demo_data, "manager@sif.example")
    page.goto(url(demo_data, "/impact/funds/sif-rotterdam/"))
    picker = page.get_by_test_id("year-picker").locator("select[name=year]")
    other = picker.locator("option:not([selected])").first.get_attribute("value")
    with page.expect_navigation():
        picker.select_option(other)
    assert f"year={other}" in page.url


def test_the_htmx_search_filters_organisations_under_the_policy(page, demo_data):
    login(page, demo_data, "manager@sif.example")
    page.goto(url(demo_data, "/organisations/"))
    page.locator("input[name=q]").fill("Buurtkeuken")
    page.wait_for_url("**/organisations/?q=Buurtkeuken")
    rows = page.locator("#organisation-rows tr")
    assert rows.count() >= 1
    assert all("Buurtkeuken" in rows.nth(i).inner_text() for i in range(rows.count()))
