"""Small builders shared by the engine tests."""

import io
import json
from datetime import date
from decimal import Decimal

from django.core.management import call_command

from portfolio.engine.terms import Terms

FIRST_EXAMPLE = {
    "principal": "5000",
    "annual_interest_rate": "12",
    "repayments": 18,
    "disbursement_date": "2022-11-01",
    "installment_multiple": "1",
}


def terms(**overrides) -> Terms:
    """Terms of a 10,000 EUR, 10 %, six-month loan disbursed on 15 January 2023, with `overrides`."""
    values = {
        "principal": Decimal("10000"),
        "annual_interest_rate": Decimal("10"),
        "repayments": 6,
        "disbursement_date": date(2023, 1, 15),
    }
    values.update(overrides)
    return Terms(**values)


def run_command(name: str, payload: object) -> tuple[int, str, str]:
    """Run a management command with `payload` as JSON on stdin; return (exit status, stdout, stderr)."""
    stdin = io.StringIO(payload if isinstance(payload, str) else json.dumps(payload))
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command(name, stdin=stdin, stdout=stdout, stderr=stderr)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, stdout.getvalue(), stderr.getvalue()
