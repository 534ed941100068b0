"""Money paid before an installment falls due: held for it and settling it on its due date (`settle_next`).

Borrowers pay a few days early all the time (weekends, standing orders); such a payment must never leave the
installment's interest unpaid and the loan in arrears the day after its due date.
"""

import json
from datetime import timedelta
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from portfolio.engine.schedule import generate_schedule
from portfolio.engine.statement import loan_statement
from portfolio.engine.transactions import Policy, Transaction
from tests.portfolio.engine.helpers import FIRST_EXAMPLE, run_command
from tests.portfolio.engine.strategies import examples, loan_terms

# 5,000 at 12 % over 6 months, daily interest (actual/365), whole-euro installments: level 863.00
RECALCULATED = {
    "principal": "5000",
    "annual_interest_rate": "12",
    "repayments": 6,
    "disbursement_date": "2022-11-01",
    "installment_multiple": "1",
    "interest_period": "daily",
    "day_count": "actual/365",
}


def _statement(terms: dict, transactions: list[dict], as_of: str, policy: dict | None = None) -> dict:
    payload = {"terms": terms, "transactions": transactions, "as_of": as_of, "policy": policy or {}}
    status, out, err = run_command("loan_statement", payload)
    assert status == 0, err
    return json.loads(out)


def _repayment(day: str, amount: str) -> dict:
    return {"date": day, "type": "repayment", "amount": amount}


def _first(statement: dict, number: int = 1) -> tuple:
    row = statement["installments"][number - 1]
    return row["principal"], row["interest"], row["paid"], row["status"]


def test_an_installment_paid_two_days_early_is_paid_on_its_due_date_and_nothing_is_in_arrears():
    # 305.00 on 29 Nov 2022, two days before installment 1 (255.00 + 50.00) falls due on 1 Dec
    statement = _statement(FIRST_EXAMPLE, [_repayment("2022-11-29", "305.00")], "2022-12-15")
    assert _first(statement) == ("255.00", "50.00", "305.00", "paid")
    assert (statement["arrears"], statement["days_past_due"]) == ("0.00", 0)
    assert statement["outstanding_principal"] == "4745.00"
    # installment 2 as scheduled: 4745.00 × 1 % = 47.45 interest, 305.00 − 47.45 principal
    assert _first(statement, 2) == ("257.55", "47.45", "0.00", "due")


def test_principal_first_keeps_the_old_reading_of_the_same_payment():
    # the whole 305.00 went to principal on 29 Nov: installment 1 asks 305.00 + 50.00, 50.00 unpaid, 14 days late
    statement = _statement(
        FIRST_EXAMPLE, [_repayment("2022-11-29", "305.00")], "2022-12-15", {"early_payment": "principal_first"}
    )
    assert (statement["arrears"], statement["days_past_due"]) == ("50.00", 14)
    assert statement["outstanding_principal"] == "4695.00"


def test_money_held_in_advance_is_shown_and_deducted_from_the_payoff_before_the_due_date():
    statement = _statement(FIRST_EXAMPLE, [_repayment("2022-11-29", "305.00")], "2022-11-30")
    assert statement["held_in_advance"] == "305.00"
    # nothing is repaid before the due date: principal stays 5000.00
    assert statement["outstanding_principal"] == "5000.00"
    # 5000.00 principal + installment 1's interest 50.00 − 305.00 held
    assert statement["payoff_amount"] == "4745.00"
    assert statement["payoff_breakdown"] == {
        "principal": "5000.00",
        "interest": "50.00",
        "fees": "0.00",
        "penalties": "0.00",
        "held_in_advance": "305.00",
        "credit": "0.00",
    }
    assert (statement["arrears"], statement["days_past_due"]) == ("0.00", 0)


def test_with_daily_recalculation_the_installment_charges_the_interest_accrued_to_its_due_date():
    statement = _statement(
        RECALCULATED, [_repayment("2022-11-27", "863.00")], "2022-12-15", {"interest_recalculation": True}
    )
    # 5000.00 × 12 % × 30/365 = 49.32 (not 12 days' interest): 863.00 − 49.32 = 813.68 principal on 1 Dec
    assert _first(statement) == ("813.68", "49.32", "863.00", "paid")
    assert statement["outstanding_principal"] == "4186.32"
    # 4186.32 × 12 % × 31/365 = 42.67; 863.00 − 42.67 = 820.33
    assert _first(statement, 2)[:2] == ("820.33", "42.67")
    assert statement["arrears"] == "0.00"


def test_an_interest_only_installment_in_principal_grace_paid_early_is_settled():
    terms = {**FIRST_EXAMPLE, "grace_principal": 2}
    statement = _statement(terms, [_repayment("2022-11-29", "50.00")], "2022-12-15")
    # installment 1 is interest only: 5000.00 × 1 % = 50.00
    assert _first(statement) == ("0.00", "50.00", "50.00", "paid")
    assert (statement["arrears"], statement["outstanding_principal"]) == ("0.00", "5000.00")


def test_money_beyond_the_next_installment_is_a_prepayment_on_its_own_date():
    # 1305.00 on 29 Nov: 305.00 held for installment 1, 1000.00 prepays principal that day
    statement = _statement(FIRST_EXAMPLE, [_repayment("2022-11-29", "1305.00")], "2022-11-30")
    assert statement["held_in_advance"] == "305.00"
    assert statement["outstanding_principal"] == "4000.00"


def test_a_payment_that_covers_the_payoff_repays_the_loan_that_day():
    before = _statement(
        RECALCULATED, [_repayment("2022-11-20", "100.00")], "2022-11-27", {"interest_recalculation": True}
    )
    # 5000.00 + 26 days' interest 42.74 − 100.00 held
    assert before["payoff_amount"] == "4942.74"
    after = _statement(
        RECALCULATED,
        [_repayment("2022-11-20", "100.00"), _repayment("2022-11-27", before["payoff_amount"])],
        "2022-11-27",
        {"interest_recalculation": True},
    )
    assert (after["status"], after["outstanding_principal"], after["held_in_advance"]) == ("repaid", "0.00", "0.00")


def test_held_money_beyond_a_smaller_installment_prepays_principal_on_the_due_date():
    # the rate falls from 12 % to 6 % on 10 Nov after 863.00 was held on 5 Nov: installment 1 shrinks and the
    # difference is a principal prepayment on 1 Dec
    statement = _statement(
        RECALCULATED,
        [_repayment("2022-11-05", "863.00"), {"date": "2022-11-10", "type": "rate_change", "rate": "6"}],
        "2022-12-15",
        {"interest_recalculation": True},
    )
    first = statement["installments"][0]
    assert first["status"] == "paid"
    # 5000 × (12 % × 9 + 6 % × 21) / 365 = 14.79 + 17.26 = 32.05 interest
    assert first["interest"] == "32.05"
    # everything of the 863.00 not taken by interest repaid principal on 1 Dec: 5000.00 − 830.95
    assert statement["outstanding_principal"] == "4169.05"
    assert statement["arrears"] == "0.00"


def test_money_held_when_the_loan_is_written_off_is_not_written_off():
    statement = _statement(
        FIRST_EXAMPLE,
        [_repayment("2022-11-29", "305.00"), {"date": "2022-11-30", "type": "write_off"}],
        "2022-12-15",
    )
    # 5000.00 principal − 305.00 received; interest of the open period was never owed
    assert statement["written_off_amount"] == "4695.00"


@settings(max_examples=examples(150), deadline=None)
@given(loan_terms(flat=False), st.integers(1, 5), st.booleans())
def test_paying_every_installment_a_few_days_early_reproduces_the_schedule_with_no_arrears(terms, early, recalc):
    # a tranche paid out after an early payment changes the installment it was held for; tested by example above
    assume(not terms.disbursements)
    # under an interest-payment grace with recalculation the payable principal is the level less the interest the
    # period charges, so it moves with the balance (docs/loan-engine.md, early payments)
    assume(not (recalc and terms.grace_interest_payment))
    schedule = generate_schedule(terms)
    rows = schedule.installments
    previous = [terms.disbursement_date, *(row.due_date for row in rows[:-1])]
    payments = [
        Transaction(
            index=i,
            date=max(row.due_date - timedelta(days=early), start + timedelta(days=1)),
            type="repayment",
            amount=row.total,
        )
        for i, (row, start) in enumerate(zip(rows, previous, strict=True))
    ]
    for row in rows:
        statement = loan_statement(
            terms, payments, row.due_date + timedelta(days=1), Policy(interest_recalculation=recalc)
        )
        assert statement.arrears == Decimal("0.00"), (row.number, statement)
        assert statement.days_past_due == 0
    if not recalc:
        assert [(v.principal, v.interest) for v in statement.installments] == [(r.principal, r.interest) for r in rows]
    # with daily interest the last installment paid early exceeds the payoff of that day: the loan is repaid in full
    # then, and the interest not accrued is an overpayment to return
    assert statement.status == "repaid" or (recalc and statement.status == "overpaid")
    assert statement.outstanding_principal == 0


def test_the_policy_is_named_in_errors():
    status, _, err = run_command(
        "loan_statement",
        {"terms": FIRST_EXAMPLE, "transactions": [], "as_of": "2022-12-01", "policy": {"early_payment": "soon"}},
    )
    assert status != 0
    assert "policy.early_payment" in err


def test_the_default_policy_settles_next():
    assert Policy().early_payment == "settle_next"
