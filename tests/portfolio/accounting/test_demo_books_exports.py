"""The demo's books prove themselves: they reconcile with the loan engine and the capital ledger, and the XAF
auditfile of the last full year is valid against the official schema with the trial balance's totals."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from lxml import etree

from portfolio.accounting.selectors import Period, trial_balance
from portfolio.accounting.xaf import XAF_NAMESPACE, xaf_validate

NS = {"x": XAF_NAMESPACE}
pytestmark = pytest.mark.django_db


def test_the_demo_books_reconcile_and_the_last_full_years_auditfile_is_valid_with_the_trial_balance(demo, tmp_path):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    year = timezone.localdate().year - 1
    for fund in (demo.rotterdam_fund, demo.zkij_fund):
        out = io.StringIO()
        call_command("reconcile_books", "--fund", fund.slug, "--date", yesterday.isoformat(), stdout=out)
        assert "the books reconcile" in out.getvalue()  # and no SystemExit: exit code 0
        path = tmp_path / f"{fund.slug}.xaf"
        call_command(
            "export_journal", "--fund", fund.slug, "--from", f"{year}-01-01", "--to", f"{year}-12-31",
            "--format", "xaf", "--output", str(path), stdout=io.StringIO(),
        )  # fmt: skip
        content = path.read_bytes()
        assert xaf_validate(content) == []
        document = etree.fromstring(content)
        balance = trial_balance(fund=fund, period=Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
        transactions = document.find("x:company/x:transactions", NS)
        assert balance.total_debit > 0
        assert transactions.findtext("x:totalDebit", namespaces=NS) == f"{balance.total_debit:.2f}"
        assert transactions.findtext("x:totalCredit", namespaces=NS) == f"{balance.total_credit:.2f}"
        assert int(transactions.findtext("x:linesCount", namespaces=NS)) == len(document.findall(".//x:trLine", NS))
        opening = document.find("x:company/x:openingBalance", NS)
        # the opening balance carries the years before (earlier results in the retained result) and balances
        assert opening.findtext("x:totalDebit", namespaces=NS) == opening.findtext("x:totalCredit", namespaces=NS)
        opening_lines = {
            line.findtext("x:accID", namespaces=NS): line.findtext("x:amnt", namespaces=NS)
            for line in opening.findall("x:obLine", NS)
        }
        assert int(opening.findtext("x:linesCount", namespaces=NS)) == len(opening_lines)
        loans = next(row for row in balance.rows if row.number == "0400")
        assert opening_lines.get("0400", "0.00") == f"{loans.opening:.2f}"


def test_the_reconciliation_page_compares_the_day_the_nightly_job_posted_up_to(client, demo):
    # The demo's books are posted up to yesterday, as the nightly job leaves them; opened without a date the page
    # compares that day, so a manager does not read tonight's posting as a difference.
    from django.urls import reverse

    client.force_login(demo.manager)
    response = client.get(reverse("portfolio:books_reconciliation", args=["sif-rotterdam"]))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert response.context["reconciliation"].as_of == yesterday
    assert 'data-testid="reconciles"' in response.content.decode()


def test_the_books_page_title_is_the_books_and_the_fund_and_its_manual_entry_form_is_in_the_page(client, demo):
    from django.urls import reverse

    client.force_login(demo.manager)
    page = client.get(reverse("portfolio:books", args=["sif-rotterdam"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<title>Books · SIF Rotterdam" in page
    assert page.count('data-testid="manual-entry-form"') == 1 and page.index("manual-entry-form") > page.index("<main")
