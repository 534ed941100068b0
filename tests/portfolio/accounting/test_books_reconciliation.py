"""Reconciliation that proves itself: the books against the loan engine and the capital ledger, per loan to the cent,
on a page and from the command line, with a fixed number of queries."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fund.choices import Role
from portfolio.accounting.reconciliation import books_reconcile
from portfolio.accounting.services import books_post
from portfolio.models import FundBankAccount
from portfolio.services.bank import bank_statement_import
from portfolio.services.ledger import repayment_post
from tests import factories
from tests.portfolio.servicing.camt import Credit, camt053

D = datetime.date
pytestmark = pytest.mark.django_db


def _figures(reconciliation):
    return {(line.check, line.subject): (line.gl, line.source) for line in reconciliation.lines}


def test_the_posted_quarter_reconciles_loan_by_loan_and_with_the_capital_ledger(quarter):
    fund, loan_a, loan_b, _member = quarter
    books_post(fund=fund, up_to=D(2025, 3, 31))
    result = books_reconcile(fund=fund, as_of=D(2025, 3, 31))
    figures = _figures(result)
    # A: 12,000.00 − 1,000.00 repaid = 11,000.00; B: 12,000.00 − 946.19 principal = 11,053.81
    assert figures[("loans_receivable", loan_a.reference)] == (Decimal("11000.00"), Decimal("11000.00"))
    assert figures[("loans_receivable", loan_b.reference)] == (Decimal("11053.81"), Decimal("11053.81"))
    # the 25,000.00 contribution, credit on 0500, against paid in 25,000.00 − distributed 0
    capital = [line for line in result.lines if line.check == "members_capital"]
    assert [(line.gl, line.source) for line in capital] == [(Decimal("25000.00"), Decimal("25000.00"))]
    assert result.reconciles
    assert result.skipped  # no bank statement imported: the bank is not compared, and the page says so
    out = io.StringIO()
    call_command("reconcile_books", "--fund", fund.slug, "--date", "2025-03-31", stdout=out)  # no exit: code 0
    assert "the books reconcile" in out.getvalue()


def test_a_repayment_not_yet_posted_to_the_books_is_listed_against_its_loan_and_the_command_exits_1(quarter):
    fund, loan_a, *_ = quarter
    books_post(fund=fund, up_to=D(2025, 3, 31))
    # the loan ledger takes A's March installment (1,000.00 principal at 0 %); books_post has not run since
    repayment_post(actor=None, loan=loan_a, value_date=D(2025, 3, 1), amount=Decimal("1000.00"))
    result = books_reconcile(fund=fund, as_of=D(2025, 3, 31))
    # the books still carry 11,000.00; the engine says 10,000.00: 1,000.00 too much in the books
    assert [(d.subject, d.account_number, d.gl, d.source, d.difference) for d in result.differences] == [
        (loan_a.reference, "0400", Decimal("11000.00"), Decimal("10000.00"), Decimal("1000.00"))
    ]
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("reconcile_books", "--fund", fund.slug, "--date", "2025-03-31", stdout=out, stderr=io.StringIO())
    assert exit_.value.code == 1
    assert f"loans_receivable\t{loan_a.reference}\t0400\t11000.00\t10000.00\t1000.00" in out.getvalue()
    books_post(fund=fund, up_to=D(2025, 3, 31))  # posting it makes the books reconcile again
    assert books_reconcile(fund=fund, as_of=D(2025, 3, 31)).reconciles


def test_reconciling_takes_the_same_number_of_queries_for_more_loans(quarter):
    fund, loan_a, *_ = quarter
    books_post(fund=fund, up_to=D(2025, 3, 31))
    with CaptureQueriesContext(connection) as two_loans:
        books_reconcile(fund=fund, as_of=D(2025, 3, 31))
    manager = factories.user(Role.FUND_MANAGER, fund=fund)
    for _ in range(3):
        factories.loan(
            fund=fund,
            organisation=loan_a.organisation,
            requester=manager,
            approver=factories.user(Role.FUND_MANAGER, fund=fund),
            term=12,
            amount="5000",
            rate="6",
            disbursed_on=D(2025, 2, 1),
        )
    books_post(fund=fund, up_to=D(2025, 3, 31))
    with CaptureQueriesContext(connection) as five_loans:
        result = books_reconcile(fund=fund, as_of=D(2025, 3, 31))
    assert len([line for line in result.lines if line.check == "loans_receivable"]) == 5
    assert result.reconciles
    assert len(five_loans) == len(two_loans) <= 10


def test_the_reconciliation_page_shows_the_difference_in_dutch_and_english(
    client, settings, quarter, django_assert_max_num_queries
):
    fund, loan_a, *_ = quarter
    books_post(fund=fund, up_to=D(2025, 3, 31))
    repayment_post(actor=None, loan=loan_a, value_date=D(2025, 3, 1), amount=Decimal("1000.00"))
    client.force_login(factories.user(Role.FUND_MANAGER, fund=fund))
    url = reverse("portfolio:books_reconciliation", args=[fund.slug]) + "?date=2025-03-31"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    with django_assert_max_num_queries(20):  # session, user, roles, fund, then the reconciliation's fixed reads
        page = client.get(url).content.decode()
    assert loan_a.reference in page and "11.000,00" in page and "10.000,00" in page and "1.000,00" in page
    assert "Aansluiting" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    assert "11,000.00" in page and "differ in 1 place" in page


def test_the_bank_account_is_compared_with_the_closing_balance_of_the_last_imported_statement(quarter):
    fund, *_ = quarter
    books_post(fund=fund, up_to=D(2025, 3, 31))
    iban = FundBankAccount.objects.get(fund=fund).iban
    manager = factories.user(Role.FUND_MANAGER, fund=fund)
    # the bank on 31 March in the books: −12,000 − 12,000 + 25,000 + 1,000.00 + 1,116.19 = 3,116.19; the statement
    # holds one line (a transfer from the previous bank, not a repayment: queued) and closes at the same amount
    opening = Credit("3116.19", D(2025, 3, 31), reference="OPENING")
    bank_statement_import(actor=manager, fund=fund, file_name="march.xml", content=camt053(iban, [opening]))
    bank = [line for line in books_reconcile(fund=fund, as_of=D(2025, 3, 31)).lines if line.check == "bank"]
    assert [(line.account_number, line.gl, line.source, line.note) for line in bank] == [
        ("1100", Decimal("3116.19"), Decimal("3116.19"), "march.xml")
    ]
    # a later statement also carries 12.50 bank charges, which nothing posts to the books yet: closing 3,103.69
    charges = Credit("12.50", D(2025, 3, 31), reference="CHARGES", debit=True)
    content = camt053(iban, [opening, charges], statement_id="STMT-2")
    bank_statement_import(actor=manager, fund=fund, file_name="march-2.xml", content=content)
    result = books_reconcile(fund=fund, as_of=D(2025, 3, 31))
    assert [(d.check, d.gl, d.source, d.difference) for d in result.differences] == [
        ("bank", Decimal("3116.19"), Decimal("3103.69"), Decimal("12.50"))
    ]


def test_the_books_page_links_the_reconciliation_and_offers_both_downloads(client, quarter):
    fund, *_ = quarter
    client.force_login(factories.user(Role.FUND_MANAGER, fund=fund))
    page = client.get(reverse("portfolio:books", args=[fund.slug]) + "?start=2025-01-01&end=2025-03-31").content
    page = page.decode()
    assert reverse("portfolio:books_reconciliation", args=[fund.slug]) in page
    assert reverse("portfolio:books_export_download", args=[fund.slug]) in page
    assert 'name="start" value="2025-01-01"' in page and 'name="year" value="2025"' in page
