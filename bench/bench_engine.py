"""Loan engine throughput: 60-month annuity schedules and 60-payment statements per second.

Each figure stands next to the same work done by a naive float implementation, for scale only: the float version is
not exact to the cent and is never used by the product. Run with `python bench/bench_engine.py` (or `make bench`).
"""

import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portfolio.engine.schedule import generate_schedule
from portfolio.engine.statement import loan_statement
from portfolio.engine.terms import Terms
from portfolio.engine.transactions import Policy, Transaction

SCHEDULES = 10_000
STATEMENTS = 500
MONTHS = 60


def _terms(rng: random.Random) -> Terms:
    return Terms(
        principal=Decimal(rng.randint(1_000_000, 50_000_000)) / 100,
        annual_interest_rate=Decimal(rng.randint(100, 1200)) / 100,
        repayments=MONTHS,
        disbursement_date=date(2024, 1, 1) + timedelta(days=rng.randint(0, 365)),
    )


def naive_float_schedule(principal: float, annual_rate: float, months: int) -> list[tuple[float, float, float]]:
    """The textbook annuity in binary floats: what a spreadsheet does, drift and all."""
    rate = annual_rate / 1200
    level = round(principal * rate / (1 - (1 + rate) ** -months), 2)
    balance = principal
    rows = []
    for k in range(months):
        interest = round(balance * rate, 2)
        capital = balance if k == months - 1 else level - interest
        balance = round(balance - capital, 2)
        rows.append((capital, interest, balance))
    return rows


def naive_float_statement(principal: float, annual_rate: float, months: int, payments: list[float]) -> float:
    """Allocate payments to a float schedule, interest before principal, oldest first; return what is still owed."""
    rows = naive_float_schedule(principal, annual_rate, months)
    owed = [[interest, capital] for capital, interest, _ in rows]
    for amount in payments:
        for item in owed:
            for part in (0, 1):
                paid = min(amount, item[part])
                item[part] -= paid
                amount -= paid
    return sum(i + c for i, c in owed)


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>10,.0f}/s"


def run() -> list[str]:
    rng = random.Random(60)
    terms = [_terms(rng) for _ in range(SCHEDULES)]
    started = time.perf_counter()
    for item in terms:
        generate_schedule(item)
    exact = time.perf_counter() - started

    floats = [(float(t.principal), float(t.annual_interest_rate)) for t in terms]
    started = time.perf_counter()
    for principal, rate in floats:
        naive_float_schedule(principal, rate, MONTHS)
    naive = time.perf_counter() - started

    lines = [
        f"60-month annuity schedules: {SCHEDULES:,} in {exact:.2f} s = {_rate(SCHEDULES, exact)} "
        f"(naive float: {_rate(SCHEDULES, naive)}; target: 10,000 in under 2 s)",
    ]
    loans = []
    for item in terms[:STATEMENTS]:
        schedule = generate_schedule(item)
        payments = [
            Transaction(index=i, date=row.due_date, type="repayment", amount=row.total)
            for i, row in enumerate(schedule.installments)
        ]
        loans.append((item, payments, schedule.installments[-1].due_date))
    for recalculation in (False, True):
        policy = Policy(interest_recalculation=recalculation)
        started = time.perf_counter()
        for item, payments, as_of in loans:
            loan_statement(item, payments, as_of, policy)
        elapsed = time.perf_counter() - started
        label = "with interest recalculation" if recalculation else "interest as scheduled"
        lines.append(
            f"statements, 60 payments, {label}: {STATEMENTS:,} in {elapsed:.2f} s = {_rate(STATEMENTS, elapsed)}"
        )
    float_loans = [
        (float(t.principal), float(t.annual_interest_rate), [float(p.amount) for p in ps]) for t, ps, _ in loans
    ]
    started = time.perf_counter()
    for principal, rate, payments in float_loans:
        naive_float_statement(principal, rate, MONTHS, payments)
    naive = time.perf_counter() - started
    lines.append(f"statements, 60 payments, naive float: {_rate(STATEMENTS, naive)}")
    return lines


def main() -> None:
    print("# Loan engine")
    for line in run():
        print(line)


if __name__ == "__main__":
    main()
