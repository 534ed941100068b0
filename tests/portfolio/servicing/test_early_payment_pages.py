"""What a fund manager and a borrower see of money paid early, of the payoff quote and of a written-off loan."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse

from portfolio.choices import AgingBucket
from portfolio.selectors.loans import loan_state
from portfolio.selectors.quality import portfolio_loans
from portfolio.services.arrears import snapshots_take
from portfolio.services.ledger import repayment_post

D = datetime.date


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode().replace("\xa0", " "))


def test_an_installment_paid_two_days_early_is_not_in_arrears_after_its_due_date(book):
    # 5,000 at 12 % over 18 months, disbursed 1 Nov 2022, first due 1 Dec: installment 1 is 254.91 + 50.00
    loan = book.loan(amount="5000", rate="12", term=18, disbursed_on=D(2022, 11, 1))
    first = loan_state(loan=loan, as_of=D(2022, 12, 1)).installments[0]
    repayment_post(actor=book.requester, loan=loan, value_date=D(2022, 11, 29), amount=first.total)
    state = loan_state(loan=loan, as_of=D(2022, 12, 15))
    assert (state.arrears, state.days_past_due, state.bucket) == (0, 0, "current")
    assert state.installments[0].status == "paid"
    # before the due date the money is held for the installment and the payoff deducts it
    before = loan_state(loan=loan, as_of=D(2022, 11, 30))
    assert before.held_in_advance == first.total
    assert before.payoff_amount == before.payoff_breakdown.principal + before.payoff_breakdown.interest - first.total


def test_the_payoff_quote_lists_principal_interest_and_money_paid_in_advance(client, book):
    loan = book.loan(amount="5000", rate="12", term=18, disbursed_on=D(2022, 11, 1))
    repayment_post(
        actor=book.requester,
        loan=loan,
        value_date=D(2022, 11, 29),
        amount=loan_state(loan=loan, as_of=D(2022, 12, 1)).installments[0].total,
    )
    client.force_login(book.requester)
    response = client.get(
        reverse("portfolio:loan_payoff", args=[loan.pk]), {"on": "2022-11-30"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    text = _text(response)
    parts = loan_state(loan=loan, as_of=D(2022, 11, 30)).payoff_breakdown
    # 5,000.00 principal + 50.00 interest of the first installment − 304.91 (pmt(1 %, 18, 5000)) paid in advance
    assert (parts.principal, parts.interest, parts.held_in_advance) == (5000, 50, Decimal("304.91"))
    assert "Principal outstanding" in text and "5,000.00" in text
    assert "Less paid in advance" in text and "304.91" in text
    assert "4,745.09" in text


def test_a_written_off_loan_reads_written_off_never_current(client, book):
    loan = book.loan(amount="6000", rate="0", term=12, disbursed_on=D(2025, 1, 1))
    book.write_off(loan, D(2025, 3, 15), "Faillissement")
    state = loan_state(loan=loan, as_of=D(2025, 6, 30))
    assert state.bucket == AgingBucket.WRITTEN_OFF
    snapshots_take(fund=book.fund, dates=[D(2025, 6, 30)])
    (row,) = portfolio_loans(fund=book.fund, as_of=D(2025, 6, 30))
    assert row.bucket == "written_off"
    assert str(AgingBucket(row.bucket).label) == "Written off"


def test_the_page_of_a_written_off_loan_says_what_was_written_off_and_recovered(client, book):
    loan = book.loan(amount="6000", rate="0", term=12, disbursed_on=D(2025, 1, 1))
    book.pay(loan, D(2025, 2, 1), "500")
    book.write_off(loan, D(2025, 3, 15), "Faillissement")
    client.force_login(book.requester)
    text = _text(client.get(reverse("portfolio:loan_detail", args=[loan.pk]), HTTP_ACCEPT_LANGUAGE="en"))
    # 6,000.00 lent, 500.00 repaid: 5,500.00 written off, nothing recovered yet
    assert re.search(r'data-testid="written-off">€5,500.00<', text)
    assert re.search(r'data-testid="recovered">€0.00<', text)
