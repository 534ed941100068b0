"""The arithmetic that the schedule and the servicing share: periods, periodic rates, interest, pmt and principal rules.

Interest is computed exactly: balance × annual rate × (numerator / denominator of the period's year fraction) is
formed from exact products and divided once, so a rounding tie is seen as a tie and nothing drifts.
"""

from contextlib import AbstractContextManager
from datetime import date
from decimal import Context, Decimal, localcontext
from typing import NamedTuple

from portfolio.engine.dates import DAYS_IN_YEAR, YEAR_DENOMINATOR, add_periods, year_fraction_numerator
from portfolio.engine.rounding import CENT, ROUNDING_MODES, ZERO, round_money
from portfolio.engine.terms import Terms

# 50 significant digits: amounts are capped at 10^12 with cents, so every product is exact and every quotient is
# correct far below a cent.
ENGINE_CONTEXT = Context(prec=50)

PERIODS_PER_YEAR = {"month": 12, "week": 52}


def engine_context() -> AbstractContextManager[Context]:
    """A context manager that runs engine arithmetic at the engine's precision, whatever the caller's context."""
    return localcontext(ENGINE_CONTEXT)


class Period(NamedTuple):
    """Installment `number`'s interest period [start, due) and its year-fraction denominator (× 100 for percent)."""

    number: int
    start: date
    due: date
    full_numerator: int  # year fraction of the whole period over `denominator`
    denominator: int
    span_denominator: int  # the denominator of `LoanPlan.span_numerator` for parts of this period


class LoanPlan:
    """Terms turned into per-period constants and the rules that decide each installment's principal and interest."""

    __slots__ = (
        "daily",
        "day_count",
        "every",
        "mode",
        "periods",
        "repayments",
        "step",
        "terms",
        "units_per_year",
    )

    def __init__(self, terms: Terms) -> None:
        self.terms = terms
        self.mode = ROUNDING_MODES[terms.rounding]
        self.step = terms.installment_multiple or CENT
        self.repayments = terms.repayments
        self.every = terms.repayment_every
        self.day_count = terms.day_count
        self.daily = terms.interest_period == "daily"
        self.units_per_year = PERIODS_PER_YEAR.get(terms.repayment_unit) or DAYS_IN_YEAR[terms.day_count]
        self.periods = self._periods()

    def _periods(self) -> list[Period]:
        terms = self.terms
        periods = []
        start = terms.disbursement_date
        whole = 100 * self.units_per_year  # a whole period charges every / units_per_year of the annual percent
        every = self.every
        new_period = tuple.__new__  # the plain tuple constructor: building periods is on the hot path
        for number, due in enumerate(terms.due_dates(), start=1):
            if self.daily:
                denominator = 100 * YEAR_DENOMINATOR[self.day_count]
                numerator = year_fraction_numerator(start, due, self.day_count)
                periods.append(Period(number, start, due, numerator, denominator, denominator))
            elif number == 1:
                # convention 9: a broken first period is charged pro rata over the full period that ends on its due date
                full_start = add_periods(due, terms.repayment_unit, self.every, -1)
                denominator = whole * (due - full_start).days
                numerator = self.every * (due - start).days
                periods.append(Period(number, start, due, numerator, denominator, denominator))
            else:
                periods.append(new_period(Period, (number, start, due, every, whole, whole * (due - start).days)))
            start = due
        return periods

    def amortizing_from(self, number: int) -> int:
        """How many installments from `number` to the last repay principal (for re-amortising from `number`)."""
        return self.repayments - number + 1 - max(0, self.terms.grace_principal - (number - 1))

    # --- interest -------------------------------------------------------------------------------------------------

    def periodic_rate(self, annual: Decimal) -> Decimal:
        """The nominal periodic rate r = annual rate × period length / year (a fraction, not a percent)."""
        return annual * self.every / (100 * self.units_per_year)

    def span_numerator(self, period: Period, start: date, end: date) -> int:
        """The year fraction of [start, end) inside `period`, over `period.span_denominator`.

        With `repayment_period` interest a part of a period is charged pro rata by actual days over the whole period.
        """
        if self.daily:
            return year_fraction_numerator(start, end, self.day_count)
        return self.every * (end - start).days

    def round_interest(self, accrued: Decimal, period: Period) -> Decimal:
        """Round a sum of balance × annual rate × numerator over the period's denominator to cents, once."""
        return round_money(accrued / period.span_denominator, self.mode)

    def period_interest(self, balance: Decimal, annual: Decimal, period: Period) -> Decimal:
        """Interest of a whole period on a constant balance."""
        return round_money(balance * annual * period.full_numerator / period.denominator, self.mode)

    # --- principal ------------------------------------------------------------------------------------------------

    def level_installment(self, balance: Decimal, annual: Decimal, from_number: int) -> Decimal:
        """pmt over the principal-repaying installments from `from_number` on, rounded to cents or the multiple."""
        count = self.amortizing_from(from_number)
        return round_money(pmt(self.periodic_rate(annual), count, balance), self.mode, self.step)

    def equal_principal(self, balance: Decimal, from_number: int) -> Decimal:
        """Principal per installment for equal principal (or a fixed percent of the principal lent)."""
        percent = self.terms.fixed_principal_percent
        if percent is not None:
            return round_money(self.terms.principal * percent / 100, self.mode)
        return round_money(balance / self.amortizing_from(from_number), self.mode)

    def scheduled_principal(self, number: int, charged: Decimal, remaining: Decimal, level: Decimal) -> Decimal:
        """Principal of installment `number` on the declining balance, given the interest it charges.

        Never negative and never more than `remaining`; the last installment repays everything left.
        """
        if number <= self.terms.grace_principal:
            return ZERO
        if number >= self.repayments:
            return remaining
        if self.terms.amortization == "equal_installments":
            principal = level - charged
            if principal < 0:
                # interest above the level installment is charged in full; principal then waits
                return ZERO
        else:
            principal = level
        return principal if principal < remaining else remaining


def pmt(rate: Decimal, periods: int, principal: Decimal) -> Decimal:
    """The unrounded level payment that repays `principal` in `periods` payments at periodic `rate`."""
    if rate == 0:
        return principal / periods
    return principal * rate / (1 - (1 + rate) ** -periods)
