"""An installment paid two days early, through the fund's bank statement, in a real browser (Dutch screens).

A loan of 5,000.00 at 12 % over 18 months in SIF Rotterdam whose first installment fell due yesterday. The borrower's
standing order paid that installment two days before its due date; the fund manager imports the CAMT.053 statement
today, the day after the due date. The loan is current: nothing overdue, 0 days past due, the installment paid, and the
payoff quote lists its parts.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fund.models import Fund, Organisation, User
from portfolio.models import LedgerEntry
from portfolio.selectors.loans import loan_state
from tests.browser.helpers import login, url
from tests.portfolio.servicing.camt import Credit, camt053
from tests.portfolio.servicing.conftest import Book

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FUND_IBAN = "NL91ABNA0417164300"  # SIF Rotterdam's account in the demo


def euro(amount: str) -> re.Pattern:
    return re.compile(r"€\s?" + re.escape(amount))


def test_an_installment_paid_two_days_early_by_bank_leaves_the_loan_current_the_day_after_its_due_date(page, demo_data):
    today = timezone.localdate()
    due = today - datetime.timedelta(days=1)
    book = Book(
        fund=Fund.objects.get(slug="sif-rotterdam"),
        requester=User.objects.get(email="manager@sif.example"),
        approver=User.objects.get(email="manager2@sif.example"),
        organisation=Organisation.objects.get(legal_name="Buurtkeuken Delfshaven B.V."),
        counter=900,
    )
    loan = book.loan(amount="5000", rate="12", term=18, disbursed_on=due - datetime.timedelta(days=30), first_due=due)
    first = loan_state(loan=loan, as_of=due).installments[0]
    amount = f"{first.total:.2f}"  # about 305.00: principal plus the interest of 30 days

    login(page, demo_data, "manager@sif.example")
    statement = camt053(
        FUND_IBAN,
        [Credit(amount, due - datetime.timedelta(days=2), payer_iban=loan.borrower_iban, remittance=loan.reference)],
        statement_id=f"SIF-ROTTERDAM-EARLY-{today:%Y%m%d}",
    )
    path = f"/tmp/early-{loan.pk}.xml"
    with open(path, "wb") as handle:
        handle.write(statement)
    page.goto(url(demo_data, "/funds/sif-rotterdam/bank/"))
    upload = page.get_by_test_id("bank-upload")
    upload.locator("input[name=file]").set_input_files(path)
    with page.expect_navigation():
        upload.locator("button[type=submit]").click()
    expect(page.locator(".messages .success")).to_contain_text("1 betalingen geboekt")
    assert LedgerEntry.objects.filter(loan=loan, entry_type="repayment").count() == 1

    page.goto(url(demo_data, f"/loans/{loan.pk}/"))
    expect(page.get_by_test_id("arrears")).to_have_text(euro("0,00"))
    expect(page.get_by_test_id("dpd")).to_have_text("0")
    row = page.get_by_test_id("schedule").locator("tbody tr").first
    # paid in full: the whole installment in the paid column, nothing outstanding
    expect(row.locator("td").nth(5)).to_have_text(euro(amount.replace(".", ",")))
    expect(row.locator("td").nth(6)).to_have_text(euro("0,00"))
    expect(page.get_by_test_id("payoff-breakdown")).to_be_visible()
