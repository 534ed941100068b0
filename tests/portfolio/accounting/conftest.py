"""Books fixtures: a quarter of a fund of its own, built through the loan and capital services."""

import datetime
from decimal import Decimal

import pytest

from fund.choices import Role
from fund.services.capital import capital_call_issue, capital_contribution_record
from portfolio.services.ledger import charge_post, repayment_post
from tests import factories

D = datetime.date


@pytest.fixture
def quarter():
    """Two loans, a fee, two repayments, a member's commitment, a capital call and its contribution (Q1 2025)."""
    fund = factories.fund()
    requester = factories.user(Role.FUND_MANAGER, fund=fund)
    approver = factories.user(Role.FUND_MANAGER, fund=fund)
    member = factories.member(fund=fund, committed="100000.00", admitted=D(2025, 1, 1))
    borrower = factories.organisation()
    common = dict(fund=fund, organisation=borrower, requester=requester, approver=approver, term=12)
    # A: 12,000 at 0 % over 12 months: 1,000.00 principal a month from 1 February
    loan_a = factories.loan(**common, amount="12000", rate="0", disbursed_on=D(2025, 1, 1))
    # B: 12,000 at 12 % a year (1 % a month) over 12 months, annuity 12,000 × 0.01 / (1 − 1.01^−12) = 1,066.19;
    # the first installment is 120.00 interest (12,000 × 1 %) and 946.19 principal
    loan_b = factories.loan(**common, amount="12000", rate="12", disbursed_on=D(2025, 1, 1))
    charge_post(actor=requester, loan=loan_b, kind="fee", value_date=D(2025, 1, 15), amount=Decimal("50.00"))
    capital_call_issue(actor=requester, fund=fund, call_date=D(2025, 1, 10), due_date=D(2025, 1, 31), percent=25)
    capital_contribution_record(actor=None, member=member, amount=Decimal("25000.00"), value_date=D(2025, 1, 20))
    repayment_post(actor=None, loan=loan_a, value_date=D(2025, 2, 1), amount=Decimal("1000.00"))
    # 1,066.19 + the 50.00 fee: the engine pays the fee first, then the interest, then principal
    repayment_post(actor=None, loan=loan_b, value_date=D(2025, 2, 1), amount=Decimal("1116.19"))
    return fund, loan_a, loan_b, member
