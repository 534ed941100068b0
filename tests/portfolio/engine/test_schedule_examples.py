"""The issue's public examples, exactly, through the `loan_schedule` command."""

import json

from tests.portfolio.engine.helpers import FIRST_EXAMPLE, run_command


def _schedule(payload: dict) -> dict:
    status, out, err = run_command("loan_schedule", payload)
    assert status == 0, err
    return json.loads(out)


def _row(installment: dict) -> tuple[str, str, str, str]:
    return installment["principal"], installment["interest"], installment["total"], installment["balance"]


def test_first_example_level_installment_of_305():
    schedule = _schedule(FIRST_EXAMPLE)
    rows = schedule["installments"]
    assert len(rows) == 18
    assert rows[0] == {
        "number": 1,
        "due_date": "2022-12-01",
        "principal": "255.00",
        "interest": "50.00",
        "total": "305.00",
        "balance": "4745.00",
    }
    assert _row(rows[1]) == ("257.55", "47.45", "305.00", "4487.45")
    assert all(row["total"] == "305.00" for row in rows[:-1])
    assert rows[-1]["due_date"] == "2024-05-01"
    assert _row(rows[-1]) == ("300.22", "3.00", "303.22", "0.00")
    assert schedule["totals"] == {"principal": "5000.00", "interest": "488.22", "total": "5488.22"}


def test_first_example_with_three_months_grace_on_principal():
    schedule = _schedule({**FIRST_EXAMPLE, "grace_principal": 3})
    rows = schedule["installments"]
    assert [_row(row) for row in rows[:3]] == [("0.00", "50.00", "50.00", "5000.00")] * 3
    assert _row(rows[3]) == ("311.00", "50.00", "361.00", "4689.00")
    assert all(row["total"] == "361.00" for row in rows[3:-1])
    assert _row(rows[-1]) == ("351.36", "3.51", "354.87", "0.00")
    assert schedule["totals"]["interest"] == "558.87"
    assert schedule["totals"]["principal"] == "5000.00"
