"""For any loan book and payment sequence, the books balance and follow the loan engine to the cent."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fund.choices import Role
from fund.errors import DomainError
from fund.services.approvals import change_approve
from portfolio.accounting.models import JournalLine
from portfolio.accounting.selectors import loan_receivable_balances
from portfolio.accounting.services import books_post
from portfolio.selectors.loans import loan_state
from portfolio.services.ledger import charge_post, ledger_entry_reverse, repayment_post
from portfolio.services.loan_approvals import interest_waiver_request, loan_write_off_request
from tests import factories

D = datetime.date
START = D(2025, 1, 1)
pytestmark = pytest.mark.django_db

events = st.lists(
    st.tuples(
        st.sampled_from(["pay", "pay", "pay", "fee", "penalty", "waive", "reverse", "write_off"]),
        st.integers(min_value=0, max_value=2),  # which loan
        st.integers(min_value=1, max_value=600),  # days after the start
        st.integers(min_value=1, max_value=300_000),  # cents
    ),
    max_size=10,
)
loans = st.lists(
    st.tuples(
        st.integers(min_value=1_000_00, max_value=200_000_00),
        st.sampled_from(["0", "3.5", "6", "12"]),
        st.integers(min_value=3, max_value=36),
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(book=loans, sequence=events, cutoffs=st.lists(st.integers(min_value=0, max_value=700), max_size=2))
def test_debits_equal_credits_and_loans_receivable_is_the_engines_outstanding_principal(book, sequence, cutoffs):
    fund = factories.fund()
    requester = factories.user(Role.FUND_MANAGER, fund=fund)
    approver = factories.user(Role.FUND_MANAGER, fund=fund)
    borrower = factories.organisation()
    made = [
        factories.loan(
            fund=fund,
            organisation=borrower,
            requester=requester,
            approver=approver,
            amount=str(Decimal(cents) / 100),
            rate=rate,
            term=term,
            disbursed_on=START,
        )
        for cents, rate, term in book
    ]
    for kind, which, days, cents in sorted(sequence, key=lambda e: e[2]):
        loan = made[which % len(made)]
        on, amount = START + datetime.timedelta(days=days), Decimal(cents) / 100
        try:
            if kind == "pay":
                repayment_post(actor=None, loan=loan, value_date=on, amount=amount)
            elif kind in ("fee", "penalty"):
                charge_post(actor=requester, loan=loan, kind=kind, value_date=on, amount=amount)
            elif kind == "waive":
                change = interest_waiver_request(
                    actor=requester, loan=loan, value_date=on, amount=amount, note="Coulance"
                )
                change_approve(actor=approver, change=change)
            elif kind == "write_off":
                change = loan_write_off_request(actor=requester, loan=loan, on=on, reason="Faillissement")
                change_approve(actor=approver, change=change)
            else:
                last = loan.ledger_entries.filter(entry_type="repayment", reversed_by__isnull=True).last()
                if last is not None:
                    ledger_entry_reverse(actor=requester, entry=last, reason="Teruggeboekt")
        except (
            ValidationError,
            DomainError,
        ):  # the ledger refused it (a repaid loan, a waiver with nothing to waive): as a manager sees
            continue
    # post in steps (nightly runs up to a date), then to the end
    for cutoff in [*sorted(cutoffs), 720]:
        up_to = START + datetime.timedelta(days=cutoff)
        books_post(fund=fund, up_to=up_to)
        totals = JournalLine.objects.filter(entry__fund=fund).aggregate(d=Sum("debit"), c=Sum("credit"))
        assert totals["d"] == totals["c"]
        balances = loan_receivable_balances(fund=fund, as_of=up_to)
        for loan in made:
            loan.refresh_from_db()
            assert balances.get(loan.pk, Decimal(0)) == loan_state(loan=loan, as_of=up_to).outstanding_principal
    assert books_post(fund=fund, up_to=START + datetime.timedelta(days=720)) == 0
