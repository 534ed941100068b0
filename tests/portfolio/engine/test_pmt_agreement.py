"""The level installment agrees with numpy-financial's pmt to the cent, for thousands of random terms."""

import random
from datetime import date
from decimal import Decimal

import numpy_financial as npf

from portfolio.engine.schedule import generate_schedule
from portfolio.engine.terms import Terms

UNITS = {"month": 12, "week": 52}


def test_level_installment_matches_numpy_financial_pmt():
    rng = random.Random(20240601)
    compared = 0
    for _ in range(3000):
        unit = rng.choice(["month", "week", "day"])
        every = rng.randint(1, 3)
        day_count = rng.choice(["30/360", "actual/360", "actual/364", "actual/365", "actual/actual"])
        repayments = rng.randint(1, 120)
        grace = rng.randint(0, min(6, repayments - 1))
        principal = Decimal(rng.randint(10_000, 100_000_000)) / 100
        rate = Decimal(rng.randint(1, 3000)) / 100
        terms = Terms(
            principal=principal,
            annual_interest_rate=rate,
            repayments=repayments,
            repayment_every=every,
            repayment_unit=unit,
            day_count=day_count,
            grace_principal=grace,
            disbursement_date=date(2023, 1, 1) + (date(2023, 1, 1) - date(2022, 1, 1)) * rng.random(),
        )
        per_year = UNITS.get(unit) or {"30/360": 360, "actual/360": 360, "actual/364": 364}.get(day_count, 365)
        expected = npf.pmt(float(rate) / 100 * every / per_year, repayments - grace, -float(principal))
        cents = expected * 100
        if abs(cents - round(cents) - 0.5) < 1e-6 or abs(cents - round(cents) + 0.5) < 1e-6:
            continue  # a float cannot say which side of a half cent it is on
        level = generate_schedule(terms).level_installment
        assert level == Decimal(repr(float(expected))).quantize(Decimal("0.01")), (terms, expected)
        compared += 1
    assert compared > 2900
