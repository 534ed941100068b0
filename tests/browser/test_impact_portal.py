"""The impact round trip in a real browser: the investee fills in its open request (fixing one validation error on
the way), the fund manager returns one value with a comment, the investee corrects it, the manager approves, and the
fund dashboard's figure for that metric grows by exactly the approved value."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from impactmetrics.models import DataRequest
from impactmetrics.services.validation import previous_approved_values
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.helpers import login, screenshot, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUURTKEUKEN = "Buurtkeuken Delfshaven B.V."
DASHBOARD = "/impact/funds/sif-rotterdam/?year=2026"


@pytest.fixture
def as_user(browser, demo_data):
    contexts = []

    def open_as(email: str):
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        login(page, demo_data, email)
        return page

    yield open_as
    for context in contexts:
        context.close()


def _figure(page) -> int:
    """The fund's 2026 'people from social assistance placed' as shown (Dutch grouping dots removed)."""
    page.goto(url(page.live_server, DASHBOARD))
    text = page.get_by_test_id("actual-SIF-PLACED").inner_text().strip()
    return int(text.replace(".", "").replace("\u00a0", "") or 0)


def _fill(page, values: dict[str, str]) -> None:
    form = page.get_by_test_id("report-form")
    for code, value in values.items():
        form.locator(f"[name='value_{code}']").fill(value)


def test_investee_reports_manager_returns_one_value_investee_corrects_manager_approves(as_user, demo_data):
    request = DataRequest.objects.get(plan__organisation__legal_name=BUURTKEUKEN, period_end=datetime.date(2026, 9, 30))
    previous = {code: f"{value.normalize():f}" for code, value in previous_approved_values(request=request).items()}
    placed_before = int(previous["SIF-PLACED"])  # 2 or 3 in the demo, so one more stays within a 50 % change
    request_url = url(demo_data, f"/impact/requests/{request.pk}/")

    manager = as_user("manager@sif.example")
    manager.live_server = demo_data
    figure_before = _figure(manager)

    # The investee fills in the form, with a word where a number belongs.
    investee = as_user("investee@sif.example")
    investee.goto(request_url)
    _fill(investee, previous | {"OD9151": "twaalf"})
    with investee.expect_navigation():
        investee.get_by_test_id("submit").click()
    field = investee.locator("#id_value_OD9151")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(investee.locator("#id_value_OD9151_error")).to_contain_text("twaalf")
    expect(investee.locator(".errorlist")).to_have_count(1)
    assert not request.versions.exists()
    screenshot(investee, "impact-portal-error")

    field.fill(previous["OD9151"])
    with investee.expect_navigation():
        investee.get_by_test_id("submit").click()
    expect(investee.get_by_test_id("request-status")).to_have_text(re.compile("Ingediend|Submitted"))
    # What it submitted stays readable (not editable) while the fund reviews it.
    expect(investee.get_by_test_id("value-OD9151")).to_have_text(previous["OD9151"])
    expect(investee.get_by_test_id("report-form")).to_have_count(0)

    # The manager returns the placements with a comment.
    manager.goto(request_url)
    review = manager.get_by_test_id("review-form")
    review.locator("[name='review_SIF-PLACED']").fill("Het loonoverzicht toont één plaatsing meer.")
    with manager.expect_navigation():
        manager.get_by_test_id("return").click()
    expect(manager.get_by_test_id("request-status")).to_have_text(re.compile("Teruggestuurd|Returned"))
    # The reviewer stays on the review, which now shows the comment beside the figure it is about.
    expect(manager).to_have_url(re.compile(r"#review$"))
    expect(manager.get_by_test_id("figures")).to_contain_text("één plaatsing meer")

    # The investee sees the comment next to the value, corrects it and submits again.
    investee.goto(request_url)
    expect(investee.get_by_test_id("review-comment-SIF-PLACED")).to_contain_text("één plaatsing meer")
    expect(investee.locator("[name='value_SIF-PLACED']")).to_have_value(previous["SIF-PLACED"])
    _fill(investee, {"SIF-PLACED": str(placed_before + 1)})
    with investee.expect_navigation():
        investee.get_by_test_id("submit").click()
    expect(investee.get_by_test_id("request-status")).to_have_text(re.compile("Ingediend|Submitted"))

    # Until approval the dashboard is unchanged; after it, it grows by exactly the approved placements.
    assert _figure(manager) == figure_before
    manager.goto(request_url)
    with manager.expect_navigation():
        manager.get_by_test_id("approve").click()
    expect(manager.get_by_test_id("request-status")).to_have_text(re.compile("Goedgekeurd|Approved"))
    versions = manager.get_by_test_id("versions")
    expect(versions.locator("tbody tr")).to_have_count(2)
    expect(versions).to_contain_text(f"SIF-PLACED: {placed_before} → {placed_before + 1}")
    screenshot(manager, "impact-review-history")

    assert _figure(manager) == figure_before + placed_before + 1
    screenshot(manager, "impact-fund-dashboard")
