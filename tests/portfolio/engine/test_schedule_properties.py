"""Money invariants of every schedule, over random terms."""

from decimal import Decimal

from hypothesis import given, settings

from portfolio.engine.schedule import generate_schedule
from tests.portfolio.engine.strategies import examples, loan_terms

CENT = Decimal("0.01")


@settings(max_examples=examples(400), deadline=None)
@given(loan_terms())
def test_schedule_money_invariants(terms):
    schedule = generate_schedule(terms)
    rows = schedule.installments
    # the principal of every schedule sums to the amount lent, and the loan ends at zero
    assert sum(row.principal for row in rows) == terms.total_principal == schedule.total_principal
    assert rows[-1].balance == 0
    assert len(rows) <= terms.repayments
    balance = terms.principal
    tranches = list(terms.disbursements)
    for row in rows:
        entering = sum(t.amount for t in tranches if t.date < row.due_date)
        tranches = [t for t in tranches if t.date >= row.due_date]
        # balances never go negative and never rise except by a disbursement
        assert row.balance == balance + entering - row.principal
        assert row.balance >= 0
        assert row.principal >= 0
        assert row.interest >= 0
        assert row.total == row.principal + row.interest
        for amount in (row.principal, row.interest, row.balance):
            assert amount == amount.quantize(CENT)
        balance = row.balance
    assert not tranches
    assert schedule.total == schedule.total_principal + schedule.total_interest


@settings(max_examples=examples(150), deadline=None)
@given(loan_terms(tranches=False, flat=False))
def test_interest_free_loans_charge_no_interest(terms):
    free = generate_schedule(terms.__class__(**{**_fields(terms), "annual_interest_rate": Decimal(0)}))
    assert free.total_interest == 0


def _fields(terms) -> dict:
    return {name: getattr(terms, name) for name in terms.__dataclass_fields__}
