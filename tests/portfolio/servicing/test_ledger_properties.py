"""Money invariant at the persistence level: for any schedule and payment sequence posted through the services,
principal repaid + principal outstanding = principal disbursed, to the cent."""

import datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.selectors.loans import loan_state
from portfolio.services.ledger import ledger_entry_reverse

D = datetime.date

payments = st.lists(
    st.tuples(st.integers(min_value=1, max_value=500), st.integers(min_value=1, max_value=400_000)),
    min_size=0,
    max_size=8,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amount=st.integers(min_value=1_000_00, max_value=500_000_00),
    rate=st.sampled_from(["0", "2.5", "4", "7.25"]),
    term=st.integers(min_value=3, max_value=48),
    grace=st.integers(min_value=0, max_value=2),
    sequence=payments,
    reverse_first=st.booleans(),
)
def test_principal_repaid_plus_outstanding_is_disbursed(book, amount, rate, term, grace, sequence, reverse_first):
    principal = Decimal(amount) / 100
    loan = book.loan(amount=str(principal), rate=rate, term=term, grace=grace)
    posted = []
    for days, cents in sorted(sequence):
        posted.append(book.pay(loan, D(2025, 1, 1) + datetime.timedelta(days=days), str(Decimal(cents) / 100)) or None)
    if reverse_first and sequence:
        ledger_entry_reverse(
            actor=book.requester,
            entry=loan.ledger_entries.filter(entry_type="repayment").first(),
            reason="Teruggeboekt",
        )
    loan.refresh_from_db()
    for as_of in (D(2025, 1, 1), D(2025, 6, 30), D(2026, 3, 1)):
        state = loan_state(loan=loan, as_of=as_of)
        assert state.disbursed == principal
        assert state.principal_repaid + state.outstanding_principal == principal
        assert state.principal_repaid >= 0
