"""After seeding, the demo funds' history is in their books: real figures that reconcile with the loan engine."""

import datetime

import pytest
from django.utils import timezone

from portfolio.accounting.selectors import Period, loan_receivable_balances, trial_balance
from portfolio.accounting.services import books_post
from portfolio.selectors.loans import loan_state

pytestmark = pytest.mark.django_db


def test_the_demo_funds_books_hold_their_history_and_follow_the_loan_engine(demo):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for fund in (demo.rotterdam_fund, demo.zkij_fund):
        balance = trial_balance(fund=fund, period=Period(datetime.date(2000, 1, 1), yesterday))
        closing = {row.number: row.closing for row in balance.rows}
        assert balance.total_debit == balance.total_credit > 0
        assert closing["0400"] > 0 and closing["8000"] < 0  # loans outstanding, interest earned
        assert closing["0500"] < 0  # members' capital paid in
        receivable = loan_receivable_balances(fund=fund, as_of=yesterday)
        for loan in fund.loans.filter(ledger_entries__isnull=False).distinct():
            assert receivable.get(loan.pk, 0) == loan_state(loan=loan, as_of=yesterday).outstanding_principal
        assert books_post(fund=fund, up_to=yesterday) == 0  # the demo loader posted everything already
