"""Bad terms exit with status 2 and one line on stderr naming the field; the engine raises typed errors only."""

import pytest

from tests.portfolio.engine.helpers import FIRST_EXAMPLE, run_command

BAD_TERMS = [
    ({"principal": "-5000"}, "principal"),
    ({"principal": "0"}, "principal"),
    ({"principal": "abc"}, "principal"),
    ({"principal": "10.001"}, "principal"),
    ({"repayments": 0}, "repayments"),
    ({"repayments": "18"}, "repayments"),
    ({"grace_principal": 18}, "grace_principal"),
    ({"grace_interest_payment": 20}, "grace_interest_payment"),
    ({"grace_interest_charged": 18}, "grace_interest_charged"),
    ({"day_count": "actual/366"}, "day_count"),
    ({"disbursement_date": "2022-02-30"}, "disbursement_date"),
    ({"disbursement_date": "1 November 2022"}, "disbursement_date"),
    ({"first_repayment_date": "2022-10-01"}, "first_repayment_date"),
    ({"annual_interest_rate": "-1"}, "annual_interest_rate"),
    ({"repayment_unit": "year"}, "repayment_unit"),
    ({"installment_multiple": "-1"}, "installment_multiple"),
    ({"rounding": "up"}, "rounding"),
    ({"grace_principle": 3}, "grace_principle"),
    ({"disbursements": [{"date": "2030-01-01", "amount": "100"}]}, "disbursements[0].date"),
    ({"fixed_principal_percent": "10"}, "fixed_principal_percent"),
]


@pytest.mark.parametrize(("override", "field"), BAD_TERMS)
def test_bad_terms_exit_2_with_one_line_naming_the_field(override, field):
    status, out, err = run_command("loan_schedule", {**FIRST_EXAMPLE, **override})
    assert status == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {field}: ")
    assert "Traceback" not in err


def test_missing_required_field_is_named():
    payload = {key: value for key, value in FIRST_EXAMPLE.items() if key != "annual_interest_rate"}
    status, _, err = run_command("loan_schedule", payload)
    assert status == 2
    assert err.startswith("error: annual_interest_rate: is required")


def test_input_that_is_not_json_exits_2():
    status, _, err = run_command("loan_schedule", "{not json")
    assert status == 2
    assert err.startswith("error: input: ")


def test_terms_that_are_not_an_object_exit_2():
    status, _, err = run_command("loan_schedule", [1, 2])
    assert status == 2
    assert err.startswith("error: terms: ")
