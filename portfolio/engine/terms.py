"""Loan terms: the typed, validated input of every schedule.

`Terms` refuses anything the engine cannot schedule exactly, raising `TermsError` with the field at fault.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from portfolio.engine.dates import DAY_COUNTS, UNITS, add_periods, due_dates
from portfolio.engine.errors import TermsError
from portfolio.engine.rounding import ROUNDING_MODES

INTEREST_METHODS = ("declining_balance", "flat")
AMORTIZATIONS = ("equal_installments", "equal_principal")
INTEREST_PERIODS = ("repayment_period", "daily")

MAX_AMOUNT = Decimal("1000000000000")  # 10^12 EUR keeps every product far inside the engine's 50-digit precision
MAX_RATE = Decimal(1000)
MAX_REPAYMENTS = 1200


@dataclass(frozen=True, slots=True)
class Tranche:
    """An amount paid out to the borrower on a date after the first disbursement."""

    date: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Terms:
    """The contract of one loan, as the fund agreed it (see docs/loan-engine.md for each convention).

    Guarantees after construction: every amount is a positive Decimal with at most two decimals, counts are in range,
    graces are shorter than the loan, the first due date falls after the disbursement, and tranches fall between the
    disbursement and the last due date.
    """

    principal: Decimal
    annual_interest_rate: Decimal
    repayments: int
    disbursement_date: date
    repayment_every: int = 1
    repayment_unit: str = "month"
    first_repayment_date: date | None = None
    interest_method: str = "declining_balance"
    amortization: str = "equal_installments"
    fixed_principal_percent: Decimal | None = None
    interest_period: str = "repayment_period"
    day_count: str = "30/360"
    grace_principal: int = 0
    grace_interest_payment: int = 0
    grace_interest_charged: int = 0
    installment_multiple: Decimal | None = None
    rounding: str = "half_even"
    disbursements: tuple[Tranche, ...] = field(default=())

    def __post_init__(self) -> None:
        _check_amount("principal", self.principal)
        _check_decimal("annual_interest_rate", self.annual_interest_rate, minimum=Decimal(0), maximum=MAX_RATE)
        _check_count("repayments", self.repayments, minimum=1, maximum=MAX_REPAYMENTS)
        _check_count("repayment_every", self.repayment_every, minimum=1, maximum=366)
        _check_choice("repayment_unit", self.repayment_unit, UNITS)
        _check_choice("interest_method", self.interest_method, INTEREST_METHODS)
        _check_choice("amortization", self.amortization, AMORTIZATIONS)
        _check_choice("interest_period", self.interest_period, INTEREST_PERIODS)
        _check_choice("day_count", self.day_count, DAY_COUNTS)
        _check_choice("rounding", self.rounding, tuple(ROUNDING_MODES))
        if not isinstance(self.disbursement_date, date):
            raise TermsError("disbursement_date", "must be a date")
        if self.first_repayment_date is not None:
            if not isinstance(self.first_repayment_date, date):
                raise TermsError("first_repayment_date", "must be a date")
            if self.first_repayment_date <= self.disbursement_date:
                raise TermsError("first_repayment_date", "must fall after the disbursement date")
        for name in ("grace_principal", "grace_interest_payment", "grace_interest_charged"):
            grace = getattr(self, name)
            _check_count(name, grace, minimum=0, maximum=MAX_REPAYMENTS)
            if grace >= self.repayments:
                raise TermsError(name, f"must be shorter than the loan ({self.repayments} repayments)")
        if self.installment_multiple is not None:
            _check_amount("installment_multiple", self.installment_multiple)
        if self.fixed_principal_percent is not None:
            self._check_fixed_principal_percent(self.fixed_principal_percent)
        self._check_disbursements()

    def _check_fixed_principal_percent(self, percent: Decimal) -> None:
        _check_decimal("fixed_principal_percent", percent, minimum=Decimal(0), maximum=Decimal(100))
        if percent == 0:
            raise TermsError("fixed_principal_percent", "must be greater than 0")
        if self.interest_method != "flat" and self.amortization != "equal_principal":
            raise TermsError("fixed_principal_percent", "applies only to equal_principal or flat loans")
        # the installments before the balloon must not repay more than was lent
        if percent * (self.repayments - self.grace_principal - 1) > 100:
            raise TermsError("fixed_principal_percent", "the installments before the last would repay more than 100 %")

    def _check_disbursements(self) -> None:
        if not isinstance(self.disbursements, tuple):
            raise TermsError("disbursements", "must be a list of tranches")
        if not self.disbursements:
            return
        if self.interest_method == "flat":
            raise TermsError("disbursements", "tranches need declining_balance interest")
        if self.fixed_principal_percent is not None:
            raise TermsError("disbursements", "tranches cannot be combined with fixed_principal_percent")
        last_due = self.due_dates()[-1]
        previous = self.disbursement_date
        for index, tranche in enumerate(self.disbursements):
            where = f"disbursements[{index}]"
            if not isinstance(tranche, Tranche):
                raise TermsError(where, "must be a tranche with a date and an amount")
            _check_amount(f"{where}.amount", tranche.amount)
            if not isinstance(tranche.date, date):
                raise TermsError(f"{where}.date", "must be a date")
            if tranche.date < previous:
                raise TermsError(f"{where}.date", "tranches must be in date order, on or after the disbursement date")
            if tranche.date >= last_due:
                raise TermsError(f"{where}.date", f"must fall before the last due date {last_due.isoformat()}")
            previous = tranche.date

    @property
    def first_due_date(self) -> date:
        """The first due date: as agreed, else one period after the disbursement."""
        if self.first_repayment_date is not None:
            return self.first_repayment_date
        return add_periods(self.disbursement_date, self.repayment_unit, self.repayment_every)

    def due_dates(self) -> list[date]:
        return due_dates(self.first_due_date, self.repayment_unit, self.repayment_every, self.repayments)

    @property
    def total_principal(self) -> Decimal:
        """Everything that is lent: the principal plus every tranche."""
        return self.principal + sum((t.amount for t in self.disbursements), Decimal(0))


def _check_decimal(name: str, value: object, *, minimum: Decimal, maximum: Decimal) -> Decimal:
    """`value` itself when it is a finite decimal within [minimum, maximum]."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TermsError(name, "must be a decimal number")
    if value < minimum:
        raise TermsError(name, f"must be at least {minimum}")
    if value > maximum:
        raise TermsError(name, f"must be at most {maximum}")
    return value


def _check_amount(name: str, value: object) -> None:
    """A positive amount in euros with at most two decimals."""
    if isinstance(value, Decimal) and value.is_finite() and value <= 0:
        raise TermsError(name, f"must be greater than 0 (got {value})")
    amount = _check_decimal(name, value, minimum=Decimal(0), maximum=MAX_AMOUNT)
    if amount != amount.quantize(Decimal("0.01")):
        raise TermsError(name, "must be in whole cents (at most two decimals)")


def _check_count(name: str, value: object, *, minimum: int, maximum: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TermsError(name, "must be a whole number")
    if value < minimum:
        raise TermsError(name, f"must be at least {minimum}")
    if value > maximum:
        raise TermsError(name, f"must be at most {maximum}")


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise TermsError(name, f"must be one of {', '.join(choices)} (got {value!r})")
