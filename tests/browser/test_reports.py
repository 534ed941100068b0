"""A co-investor opens the latest investor report and downloads its PDF."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import login, screenshot, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def produced_reports(demo_data):
    """The investor reports of SIF Rotterdam for two quarters, produced through the report services."""
    from fund.models import Fund
    from reporting.services import report_document_produce, report_run_prepare, report_run_request

    fund = Fund.objects.get(slug="sif-rotterdam")
    for period in ("2026Q2", "2026Q3"):
        run = report_run_request(fund=fund, report_type="investor", period=period, requested_by=None)
        for document_id in report_run_prepare(run_id=run.pk):
            report_document_produce(document_id=document_id)
    return demo_data


def test_co_investor_downloads_the_latest_investor_report(page, produced_reports):
    login(page, produced_reports, "coinvestor@sif.example")
    page.locator("header nav a[href='/reports/']").click()
    documents = page.get_by_test_id("documents")
    # the shared report and its own capital account, for both quarters; never another member's account
    expect(documents.locator("tbody tr")).to_have_count(4)
    expect(documents).to_contain_text("Stichting Havenfonds Rotterdam")
    expect(documents).not_to_contain_text("Stichting Maasstad Vooruit")
    latest = documents.locator("tbody tr").first
    expect(latest).to_contain_text("3e kwartaal 2026")  # the period as a reader writes it (once "2026Q3")
    expect(latest).to_contain_text("Nederlands")  # the document's language
    screenshot(page, "reports-coinvestor")
    with page.expect_download() as download_info:
        latest.get_by_test_id("download").click()
    download = download_info.value
    assert download.suggested_filename.startswith("sif-rotterdam-2026Q3-investor-")
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert url(produced_reports, "/reports/") == page.url
