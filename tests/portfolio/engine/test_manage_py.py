"""The commands as a script runs them: a real `python manage.py` process, its stdout, stderr and exit status."""

import json
import subprocess
import sys
from pathlib import Path

from tests.portfolio.engine.helpers import FIRST_EXAMPLE

MANAGE = Path(__file__).resolve().parents[3] / "manage.py"


def _manage(command: str, payload: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(MANAGE), command],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_loan_schedule_prints_the_first_public_example():
    result = _manage("loan_schedule", FIRST_EXAMPLE)
    assert result.returncode == 0, result.stderr
    schedule = json.loads(result.stdout)
    assert schedule["installments"][0]["total"] == "305.00"
    assert schedule["totals"]["interest"] == "488.22"


def test_bad_terms_exit_2_with_one_line_and_no_traceback():
    result = _manage("loan_schedule", {**FIRST_EXAMPLE, "repayments": 0})
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == ["error: repayments: must be at least 1"]
