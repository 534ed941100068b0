"""Hypothesis strategies for loan terms and payment sequences."""

import os
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from portfolio.engine.terms import Terms, Tranche

# ENGINE_EXAMPLES_SCALE=20 runs twenty times more examples, for a thorough search before a release
SCALE = int(os.environ.get("ENGINE_EXAMPLES_SCALE", "1"))


def examples(count: int) -> int:
    return count * SCALE


money = st.integers(min_value=10_000, max_value=50_000_000).map(lambda cents: Decimal(cents) / 100)
rates = st.integers(min_value=0, max_value=3000).map(lambda hundredths: Decimal(hundredths) / 100)
start_dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def loan_terms(draw, *, tranches: bool = True, flat: bool = True) -> Terms:
    """Random valid terms across every convention the engine supports."""
    repayments = draw(st.integers(min_value=1, max_value=72))
    unit = draw(st.sampled_from(["month", "month", "week", "day"]))
    every = draw(st.integers(min_value=1, max_value=3 if unit == "month" else 30 if unit == "day" else 4))
    method = draw(st.sampled_from(["declining_balance", "flat"] if flat else ["declining_balance"]))
    amortization = draw(st.sampled_from(["equal_installments", "equal_principal"]))
    disbursed = draw(start_dates)
    first_due = None
    if draw(st.booleans()):
        first_due = disbursed + timedelta(days=draw(st.integers(min_value=1, max_value=80)))
    grace = st.integers(min_value=0, max_value=max(0, min(repayments - 1, 6)))
    values = {
        "principal": draw(money),
        "annual_interest_rate": draw(rates),
        "repayments": repayments,
        "repayment_every": every,
        "repayment_unit": unit,
        "disbursement_date": disbursed,
        "first_repayment_date": first_due,
        "interest_method": method,
        "amortization": amortization,
        "interest_period": draw(st.sampled_from(["repayment_period", "daily"])),
        "day_count": draw(st.sampled_from(["30/360", "actual/360", "actual/364", "actual/365", "actual/actual"])),
        "grace_principal": draw(grace),
        "grace_interest_payment": draw(grace),
        "grace_interest_charged": draw(grace),
        "installment_multiple": draw(st.sampled_from([None, None, Decimal("1"), Decimal("5"), Decimal("0.50")])),
        "rounding": draw(st.sampled_from(["half_even", "half_up"])),
    }
    if (method == "flat" or amortization == "equal_principal") and draw(st.booleans()):
        amortizing = repayments - values["grace_principal"]
        ceiling = 100 if amortizing <= 1 else max(1, 100 // (amortizing - 1))
        values["fixed_principal_percent"] = Decimal(draw(st.integers(min_value=1, max_value=ceiling)))
    provisional = Terms(**values)
    if tranches and method == "declining_balance" and "fixed_principal_percent" not in values and draw(st.booleans()):
        last_due = provisional.due_dates()[-1]
        span = (last_due - disbursed).days
        offsets = sorted(draw(st.lists(st.integers(min_value=0, max_value=span - 1), max_size=3)))
        values["disbursements"] = tuple(Tranche(disbursed + timedelta(days=o), draw(money)) for o in offsets)
        return Terms(**values)
    return provisional


policies = st.builds(
    lambda allocation, recalc, prepayment, early_payment: {
        "allocation": allocation,
        "interest_recalculation": recalc,
        "prepayment": prepayment,
        "early_payment": early_payment,
    },
    st.sampled_from(
        ["penalties_fees_interest_principal", "principal_interest_penalties_fees", "interest_principal_penalties_fees"]
    ),
    st.booleans(),
    st.sampled_from(["reduce_installment", "reduce_term", "pay_ahead"]),
    st.sampled_from(["settle_next", "principal_first"]),
)


@st.composite
def payment_days(draw, terms: Terms, *, max_size: int = 12) -> list[tuple[date, Decimal]]:
    """Random repayments (date, amount) between the disbursement and a little after the last due date."""
    last_due = terms.due_dates()[-1]
    span = (last_due - terms.disbursement_date).days + 40
    scale = max(int(terms.total_principal) // max(terms.repayments, 1), 1)
    items = draw(
        st.lists(
            st.tuples(st.integers(min_value=0, max_value=span), st.integers(min_value=1, max_value=scale * 300)),
            max_size=max_size,
        )
    )
    return [(terms.disbursement_date + timedelta(days=d), Decimal(cents) / 100) for d, cents in items]
