"""Exports for the accountant: the journal CSV row by row, the XAF 3.2 auditfile valid against the official schema
with totals equal to the trial balance, as files from the command line and as downloads from the books page."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree

from fund.choices import Role
from fund.services.approvals import change_approve
from portfolio.accounting.exports import JOURNAL_CSV_HEADER, journal_csv
from portfolio.accounting.models import Account, JournalEntry, JournalLine
from portfolio.accounting.selectors import Period, trial_balance
from portfolio.accounting.services import ManualLine, books_post, manual_entry_request
from portfolio.accounting.xaf import XAF_NAMESPACE, xaf_validate
from tests import factories

D = datetime.date
NS = {"x": XAF_NAMESPACE}
pytestmark = pytest.mark.django_db


def _csv_rows(text):
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_journal_csv_has_the_accountants_columns_and_the_hand_checked_rows(quarter, tmp_path):
    fund, _loan_a, loan_b, member = quarter
    books_post(fund=fund, up_to=D(2025, 3, 31))
    path = tmp_path / "journal.csv"
    call_command(
        "export_journal", "--fund", fund.slug, "--from", "2025-01-01", "--to", "2025-03-31",
        "--format", "csv", "--output", str(path), stdout=io.StringIO(),
    )  # fmt: skip
    rows = _csv_rows(path.read_text(encoding="utf-8"))
    assert rows[0] == list(JOURNAL_CSV_HEADER) == [
        "date", "journal", "entry_number", "account", "description", "debit", "credit", "dimension", "reference",
    ]  # fmt: skip
    # 7 entries with 2 lines each, and the repayment of B with 4 (bank, principal, interest, fee): 16 lines
    assert len(rows) == 1 + 16
    repayment_b = JournalEntry.objects.get(
        fund=fund, kind="repayment", lines__loan=loan_b, lines__account__number="1100"
    )
    number = f"2025-{repayment_b.number:04d}"
    reference = f"loan_ledger:{repayment_b.source_id}"
    text = f"Aflossing {loan_b.reference}"  # the description is written when posted, in the site's language (Dutch)
    # loan B's 1,116.19 = 946.19 principal + 120.00 interest + 50.00 fee (worked out in test_books_posting)
    assert sorted(row for row in rows if row[2] == number) == sorted(
        [
            ["2025-02-01", "LEN", number, "0400", text, "", "946.19", loan_b.reference, reference],
            ["2025-02-01", "LEN", number, "1100", text, "1116.19", "", loan_b.reference, reference],
            ["2025-02-01", "LEN", number, "8000", text, "", "120.00", loan_b.reference, reference],
            ["2025-02-01", "LEN", number, "8010", text, "", "50.00", loan_b.reference, reference],
        ]
    )
    contribution = [row for row in rows if row[3] == "0500"]
    # the member's 25,000.00 on members' capital, with the member as dimension, in the capital journal
    assert [(r[0], r[1], r[5], r[6], r[7]) for r in contribution] == [
        ("2025-01-20", "KAP", "", "25000.00", f"MEM-{member.pk}")
    ]
    debit = sum(float(r[5] or 0) for r in rows[1:])
    credit = sum(float(r[6] or 0) for r in rows[1:])
    assert round(debit, 2) == round(credit, 2) == 176116.19  # the quarter's trial balance (test_books_pages)


def test_the_journal_csv_download_streams_the_period_of_the_books_page(client, quarter):
    fund, *_ = quarter
    books_post(fund=fund, up_to=D(2025, 3, 31))
    client.force_login(factories.user(Role.FUND_MANAGER, fund=fund))
    url = reverse("portfolio:books_export_download", args=[fund.slug]) + "?format=csv&start=2025-02-01&end=2025-02-28"
    response = client.get(url)
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert f"{fund.slug}-journal-2025-02-01-2025-02-28.csv" in response["Content-Disposition"]
    rows = _csv_rows(b"".join(response.streaming_content).decode())
    # February holds the two repayments only: 2 lines for A, 4 for B
    assert len(rows) == 1 + 6 and {r[0] for r in rows[1:]} == {"2025-02-01"}


def test_the_xaf_auditfile_of_the_year_is_valid_and_its_totals_are_the_trial_balance(client, quarter, tmp_path):
    fund, loan_a, _loan_b, member = quarter
    books_post(fund=fund, up_to=D(2025, 12, 31))
    path = tmp_path / "books.xaf"
    call_command(
        "export_journal", "--fund", fund.slug, "--from", "2025-01-01", "--to", "2025-12-31",
        "--format", "xaf", "--output", str(path), stdout=io.StringIO(),
    )  # fmt: skip
    content = path.read_bytes()
    assert xaf_validate(content) == []
    document = etree.fromstring(content)
    balance = trial_balance(fund=fund, period=Period(D(2025, 1, 1), D(2025, 12, 31)))
    totals = document.find("x:company/x:transactions", NS)
    assert totals.findtext("x:totalDebit", namespaces=NS) == f"{balance.total_debit:.2f}"
    assert totals.findtext("x:totalCredit", namespaces=NS) == f"{balance.total_credit:.2f}"
    lines = JournalLine.objects.filter(entry__fund=fund, entry__value_date__year=2025).count()
    assert int(totals.findtext("x:linesCount", namespaces=NS)) == lines == len(document.findall(".//x:trLine", NS))
    accounts = {a.findtext("x:accID", namespaces=NS): a for a in document.findall(".//x:ledgerAccount", NS)}
    assert accounts["0400"].findtext("x:accTp", namespaces=NS) == "B"
    assert accounts["8000"].findtext("x:accTp", namespaces=NS) == "P"
    assert accounts["0400"].findtext("x:taxonomy/x:entryPoint/x:conceptRef", namespaces=NS) == "BFvaOvr"
    relations = {c.findtext("x:custSupID", namespaces=NS) for c in document.findall(".//x:customerSupplier", NS)}
    used = {line.findtext("x:custSupID", namespaces=NS) for line in document.findall(".//x:trLine", NS)}
    assert {f"ORG-{loan_a.organisation_id}", f"MEM-{member.pk}"} <= relations and used <= relations
    # the same file as a download from the books page
    client.force_login(factories.user(Role.FUND_MANAGER, fund=fund))
    response = client.get(reverse("portfolio:books_export_download", args=[fund.slug]) + "?format=xaf&year=2025")
    assert f"{fund.slug}-2025.xaf" in response["Content-Disposition"]
    assert xaf_validate(b"".join(response.streaming_content)) == []


def test_a_manual_entry_whose_text_looks_like_a_formula_is_exported_as_text(quarter):
    fund, *_ = quarter
    requester = factories.user(Role.FUND_MANAGER, fund=fund)
    costs = Account.objects.get(fund=fund, role="operating_costs")
    bank = Account.objects.get(fund=fund, role="bank")
    change = manual_entry_request(
        actor=requester,
        fund=fund,
        value_date=D(2025, 3, 10),
        description='=HYPERLINK("http://example.com")',
        lines=[
            ManualLine(costs, Decimal("1250.00"), Decimal("0")),
            ManualLine(bank, Decimal("0"), Decimal("1250.00"), "+31 accountant"),
        ],
        reason="Factuur 2025-017",
    )
    change_approve(actor=factories.user(Role.FUND_MANAGER, fund=fund), change=change)
    rows = _csv_rows("".join(journal_csv(fund=fund, start=D(2025, 3, 1), end=D(2025, 3, 31))))
    entry = JournalEntry.objects.get(fund=fund, source_type="manual")
    # the memorial journal; a spreadsheet opening the file shows the texts, it does not run them
    assert [row[1:] for row in rows[1:]] == [
        ["MEM", f"2025-{entry.number:04d}", "4000", "'=HYPERLINK(\"http://example.com\")", "1250.00", "", "",
         f"manual:{entry.source_id}"],
        ["MEM", f"2025-{entry.number:04d}", "1100", "'+31 accountant", "", "1250.00", "", f"manual:{entry.source_id}"],
    ]  # fmt: skip
