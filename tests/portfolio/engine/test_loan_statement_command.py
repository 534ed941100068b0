"""`loan_statement` on the first public example: the issue's must-show, each policy, and bad input."""

import json

import pytest

from tests.portfolio.engine.helpers import FIRST_EXAMPLE, run_command

MONTHLY_DUE_DATES = ["2022-12-01", "2023-01-01", "2023-02-01", "2023-03-01", "2023-04-01", "2023-05-01"]


def _statement(transactions: list[dict], as_of: str, policy: dict | None = None) -> dict:
    payload = {"terms": FIRST_EXAMPLE, "transactions": transactions, "as_of": as_of, "policy": policy or {}}
    status, out, err = run_command("loan_statement", payload)
    assert status == 0, err
    return json.loads(out)


def _repayment(day: str, amount: str) -> dict:
    return {"date": day, "type": "repayment", "amount": amount}


def _rows(statement: dict, *fields: str) -> list[tuple]:
    return [tuple(row[f] for f in fields) for row in statement["installments"]]


@pytest.mark.parametrize("recalculation", [False, True])
def test_must_show_six_paid_two_overdue(recalculation):
    statement = _statement(
        [_repayment(day, "305.00") for day in MONTHLY_DUE_DATES],
        "2023-07-15",
        {"interest_recalculation": recalculation},
    )
    statuses = [row["status"] for row in statement["installments"]]
    assert statuses[:6] == ["paid"] * 6
    assert statuses[6:8] == ["overdue", "overdue"]
    assert statuses[8] == "due"
    assert set(statuses[9:]) == {"future"}
    assert statement["arrears"] == "610.00"
    assert statement["days_past_due"] == 44
    assert statement["outstanding_principal"] == "3431.23"
    assert statement["status"] == "active"


def test_must_show_without_recalculation_keeps_the_scheduled_interest():
    statement = _statement([_repayment(day, "305.00") for day in MONTHLY_DUE_DATES], "2023-07-15")
    assert statement["installments"][8]["interest"] == "28.87"
    # 28.87 × 14 of 31 days
    assert statement["accrued_interest"] == "13.04"
    # arrears 610.00 + the whole next installment 305.00 + principal after it 2611.02
    assert statement["payoff_amount"] == "3526.02"


def test_must_show_with_recalculation_charges_interest_on_the_unpaid_principal():
    statement = _statement(
        [_repayment(day, "305.00") for day in MONTHLY_DUE_DATES], "2023-07-15", {"interest_recalculation": True}
    )
    rows = statement["installments"]
    # installment 7's principal is still owed in period 8: 3431.23 × 1 %
    assert rows[7]["interest"] == "34.31"
    # projected: 3431.23 for 14 days, then 2889.85 once the arrears are paid on 15 July, of a 31-day period
    assert rows[8]["interest"] == "31.34"
    assert statement["accrued_interest"] == "15.50"
    # principal 3431.23 + overdue interest 68.62 + accrued 15.50
    assert statement["payoff_amount"] == "3515.35"


def test_reduce_installment_re_amortises_what_is_left_when_principal_first():
    # principal_first (the engine's only behaviour before settle_next): the figures are unchanged
    statement = _statement([_repayment("2022-12-01", "1305.00")], "2022-12-15", {"early_payment": "principal_first"})
    rows = statement["installments"]
    # 1000.00 left over: 257.55 of installment 2's principal and 742.45 prepaid into it
    assert (rows[1]["principal"], rows[1]["paid"], rows[1]["status"]) == ("1000.00", "1000.00", "partly_paid")
    # pmt(1 %, 16, 3745.00) = 254.30, rounded to whole euros like the original
    assert {row["total"] for row in rows[2:-1]} == {"254.00"}
    assert rows[2]["interest"] == "37.45"
    assert len(rows) == 18
    assert statement["payoff_amount"] == "3792.45"


def test_reduce_installment_settles_the_next_installment_and_re_amortises_the_rest():
    # settle_next (the default): of the 1000.00 left over on 1 Dec, 305.00 is held for installment 2 (257.55 + 47.45)
    # and settles it on 1 Jan; only the 695.00 beyond it is a prepayment on 1 Dec, added to installment 2's principal
    statement = _statement([_repayment("2022-12-01", "1305.00")], "2022-12-15")
    rows = statement["installments"]
    assert (rows[1]["principal"], rows[1]["interest"], rows[1]["paid"]) == ("952.55", "47.45", "1000.00")
    assert statement["held_in_advance"] == "305.00"
    # 5000.00 − 255.00 − 695.00 on 15 Dec: installment 2's own principal is repaid on its due date
    assert statement["outstanding_principal"] == "4050.00"
    # pmt(1 %, 16, 3792.45) = 257.88, rounded to whole euros like the original; 3792.45 × 1 % = 37.92
    assert {row["total"] for row in rows[2:-1]} == {"258.00"}
    assert rows[2]["interest"] == "37.92"
    # 4050.00 principal + installment 2's interest 47.45 − 305.00 held
    assert statement["payoff_amount"] == "3792.45"


def test_pay_ahead_settles_the_next_installment_then_covers_later_principal_in_turn():
    statement = _statement([_repayment("2022-12-01", "1305.00")], "2022-12-15", {"prepayment": "pay_ahead"})
    # 305.00 settles installment 2 whole; the 695.00 beyond it covers 260.13 + 262.73 + 172.14 of the next principals
    assert _rows(statement, "principal", "paid")[1:5] == [
        ("257.55", "305.00"),
        ("260.13", "260.13"),
        ("262.73", "262.73"),
        ("265.35", "172.14"),
    ]
    # everything still on the schedule: 5488.22 − 1305.00, as with principal_first
    assert statement["payoff_amount"] == "4183.22"


def test_reduce_term_keeps_the_level_and_ends_earlier():
    statement = _statement([_repayment("2022-12-01", "1305.00")], "2022-12-15", {"prepayment": "reduce_term"})
    rows = statement["installments"]
    assert {row["total"] for row in rows[2:-1]} == {"305.00"}
    assert len(rows) == 16
    assert rows[-1]["due_date"] == "2024-03-01"


def test_pay_ahead_keeps_the_schedule_and_covers_later_principal_in_turn_when_principal_first():
    statement = _statement(
        [_repayment("2022-12-01", "1305.00")],
        "2022-12-15",
        {"prepayment": "pay_ahead", "early_payment": "principal_first"},
    )
    rows = statement["installments"]
    assert _rows(statement, "principal", "paid")[1:5] == [
        ("257.55", "257.55"),
        ("260.13", "260.13"),
        ("262.73", "262.73"),
        ("265.35", "219.59"),
    ]
    assert rows[5]["status"] == "future"
    # everything still on the schedule: 5488.22 − 1305.00
    assert statement["payoff_amount"] == "4183.22"


@pytest.mark.parametrize(
    ("allocation", "outstanding_principal"),
    [("penalties_fees_interest_principal", "4765.00"), ("principal_interest_penalties_fees", "4745.00")],
)
def test_allocation_order_decides_what_a_short_payment_leaves(allocation, outstanding_principal):
    statement = _statement(
        [
            {"date": "2022-11-20", "type": "fee", "amount": "10.00"},
            {"date": "2022-11-20", "type": "penalty", "amount": "5.00"},
            _repayment("2022-12-01", "300.00"),
        ],
        "2022-12-15",
        {"allocation": allocation},
    )
    first = statement["installments"][0]
    assert (first["fees"], first["penalties"], first["total"], first["outstanding"]) == (
        "10.00",
        "5.00",
        "320.00",
        "20.00",
    )
    assert statement["outstanding_principal"] == outstanding_principal
    assert statement["arrears"] == "20.00"


def test_rate_change_runs_from_its_date_and_re_amortises():
    statement = _statement(
        [_repayment("2022-12-01", "305.00"), {"date": "2022-12-16", "type": "rate_change", "rate": "6"}], "2023-01-15"
    )
    second = statement["installments"][1]
    # 4745.00 × (1 % × 15/31 + 0.5 % × 16/31) = 35.20; pmt(0.5 %, 17, 4745.00) = 291.60 → 292
    assert (second["interest"], second["total"]) == ("35.20", "292.00")
    assert statement["annual_interest_rate"] == "6"


def test_waived_interest_is_forgiven_oldest_first():
    statement = _statement([{"date": "2023-01-10", "type": "waive_interest", "amount": "60.00"}], "2023-01-15")
    assert _rows(statement, "interest")[:3] == [("0.00",), ("37.45",), ("44.87",)]
    assert statement["arrears"] == "550.00"


def test_write_off_and_recovery():
    statement = _statement(
        [
            _repayment("2022-12-01", "305.00"),
            {"date": "2023-03-10", "type": "write_off"},
            {"date": "2023-04-10", "type": "recovery", "amount": "100.00"},
        ],
        "2023-05-15",
    )
    assert statement["status"] == "written_off"
    # principal 4745.00 + the interest of installments 2–4 that fell due: 47.45 + 44.87 + 42.27
    assert statement["written_off_amount"] == "4879.59"
    assert statement["recovered"] == "100.00"
    assert (statement["outstanding_principal"], statement["arrears"], statement["payoff_amount"]) == (
        "0.00",
        "0.00",
        "0.00",
    )


def test_a_reversed_payment_leaves_no_trace():
    payments = [_repayment(day, "305.00") for day in MONTHLY_DUE_DATES]
    reversed_ = _statement([*payments, {"date": "2023-06-02", "type": "reversal", "reverses": 5}], "2023-07-15")
    assert reversed_ == _statement(payments[:5], "2023-07-15")
    assert reversed_["arrears"] == "915.00"


def test_paying_the_payoff_amount_repays_the_loan():
    payments = [_repayment(day, "305.00") for day in MONTHLY_DUE_DATES]
    payoff = _statement(payments, "2023-07-15")["payoff_amount"]
    statement = _statement([*payments, _repayment("2023-07-15", payoff)], "2023-07-15")
    assert statement["status"] == "repaid"
    assert statement["payoff_amount"] == "0.00"
    assert len(statement["installments"]) == 9


def test_money_beyond_every_obligation_is_reported_as_overpaid():
    statement = _statement([_repayment("2022-11-15", "6000.00")], "2022-11-15")
    assert statement["status"] == "overpaid"
    # without recalculation the first installment's 50.00 interest stands: 6000.00 − 5000.00 − 50.00
    assert statement["overpaid_amount"] == "950.00"


BAD_REQUESTS = [
    ({"as_of": "2023-02-30"}, "as_of"),
    ({"as_of": "2022-10-01"}, "as_of"),
    ({"terms": {**FIRST_EXAMPLE, "principal": "-1"}}, "terms.principal"),
    ({"terms": {**FIRST_EXAMPLE, "day_count": "30/365"}}, "terms.day_count"),
    ({"policy": {"allocation": "fees_first"}}, "policy.allocation"),
    ({"policy": {"interest_recalculation": "yes"}}, "policy.interest_recalculation"),
    ({"transactions": [{"date": "2023-01-01", "type": "repayment", "amount": "-5"}]}, "transactions[0].amount"),
    ({"transactions": [{"date": "2023-01-01", "type": "gift", "amount": "5"}]}, "transactions[0].type"),
    ({"transactions": [{"date": "2023-01-01", "type": "rate_change"}]}, "transactions[0].rate"),
    ({"transactions": [{"date": "2023-01-01", "type": "reversal", "reverses": 0}]}, "transactions[0].reverses"),
    ({"transactions": [{"date": "someday", "type": "repayment", "amount": "5"}]}, "transactions[0].date"),
]


@pytest.mark.parametrize(("override", "field"), BAD_REQUESTS)
def test_bad_requests_exit_2_with_one_line_naming_the_field(override, field):
    payload = {"terms": FIRST_EXAMPLE, "transactions": [], "as_of": "2023-07-15", **override}
    status, out, err = run_command("loan_statement", payload)
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"error: {field}: ")
