"""Reads of the fund's books: trial balance, balance sheet and profit and loss for any period, with comparatives.

Every figure is a SQL sum over journal lines (one query per statement, whatever the number of entries). A balance is
debit minus credit; the pages show credit balances of liabilities, equity and income as positive amounts.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from fund.models import Fund

from .choices import BALANCE_SHEET_KINDS, PROFIT_AND_LOSS_KINDS, AccountKind
from .models import Account, account_label

_FIELDS = ("number", "name", "role", "kind", "rgs_code")

ZERO = Decimal("0.00")
_AMOUNT: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=18, decimal_places=2)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def previous(self) -> "Period":
        """The period of the same length just before this one (a quarter before a quarter, a year before a year)."""
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        if self.start.day == 1 and (self.end + datetime.timedelta(days=1)).day == 1:
            first = self.start.year * 12 + self.start.month - 1 - months
            start = datetime.date(first // 12, first % 12 + 1, 1)
            return Period(start, self.start - datetime.timedelta(days=1))
        days = (self.end - self.start).days + 1
        return Period(self.start - datetime.timedelta(days=days), self.start - datetime.timedelta(days=1))


@dataclass(frozen=True)
class TrialBalanceRow:
    number: str
    name: str
    kind: str
    rgs_code: str
    opening: Decimal  # debit minus credit before the period
    debit: Decimal
    credit: Decimal
    closing: Decimal


@dataclass(frozen=True)
class TrialBalance:
    period: Period
    rows: tuple[TrialBalanceRow, ...]
    total_debit: Decimal
    total_credit: Decimal
    total_closing: Decimal  # zero when the books balance


def _sum(column: str, condition: Q) -> Coalesce:
    return Coalesce(Sum(f"lines__{column}", filter=condition), Value(ZERO), output_field=_AMOUNT)


def trial_balance(*, fund: Fund, period: Period) -> TrialBalance:
    """Every account of the fund with its opening balance, the period's debits and credits, and its closing balance.

    Guarantees: one query; total debits equal total credits and closing balances add up to zero when every entry
    balances (the posting refuses one that does not)."""
    before = Q(lines__entry__value_date__lt=period.start)
    within = Q(lines__entry__value_date__gte=period.start, lines__entry__value_date__lte=period.end)
    accounts = (
        Account.objects.filter(fund=fund)
        .values(*_FIELDS)
        .annotate(
            opening_debit=_sum("debit", before),
            opening_credit=_sum("credit", before),
            period_debit=_sum("debit", within),
            period_credit=_sum("credit", within),
        )
        .order_by("number")
    )
    rows = []
    for a in accounts:
        opening = a["opening_debit"] - a["opening_credit"]
        rows.append(
            TrialBalanceRow(
                number=a["number"],
                name=account_label(a["name"], a["role"]),
                kind=a["kind"],
                rgs_code=a["rgs_code"],
                opening=opening,
                debit=a["period_debit"],
                credit=a["period_credit"],
                closing=opening + a["period_debit"] - a["period_credit"],
            )
        )
    return TrialBalance(
        period=period,
        rows=tuple(rows),
        total_debit=sum((r.debit for r in rows), ZERO),
        total_credit=sum((r.credit for r in rows), ZERO),
        total_closing=sum((r.closing for r in rows), ZERO),
    )


@dataclass(frozen=True)
class StatementRow:
    number: str
    name: str
    kind: str
    amount: Decimal  # as the statement shows it: assets and expenses debit-positive, the rest credit-positive
    comparative: Decimal


@dataclass(frozen=True)
class BalanceSheet:
    as_of: datetime.date
    comparative_as_of: datetime.date
    assets: tuple[StatementRow, ...]
    liabilities_and_equity: tuple[StatementRow, ...]
    result_for_year: Decimal  # the fiscal year's result to `as_of`, not yet closed into retained result
    comparative_result_for_year: Decimal
    total_assets: Decimal
    comparative_total_assets: Decimal
    total_liabilities_and_equity: Decimal
    comparative_total_liabilities_and_equity: Decimal


@dataclass(frozen=True)
class ProfitAndLoss:
    period: Period
    comparative: Period
    income: tuple[StatementRow, ...]
    expenses: tuple[StatementRow, ...]
    result: Decimal
    comparative_result: Decimal


def _shown(kind: str, balance: Decimal) -> Decimal:
    return balance if kind in (AccountKind.ASSET, AccountKind.EXPENSE) else -balance


def balance_sheet(*, fund: Fund, as_of: datetime.date, comparative_as_of: datetime.date) -> BalanceSheet:
    """Assets against liabilities and equity on `as_of` and on `comparative_as_of` (one query).

    The result of the fiscal year to date (calendar year) is shown under equity; results of earlier years that no
    year-end entry has moved yet are shown with the retained result. Off-balance accounts are left out."""
    conditions = {
        "now": Q(lines__entry__value_date__lte=as_of),
        "then": Q(lines__entry__value_date__lte=comparative_as_of),
    }
    year_start = {"now": datetime.date(as_of.year, 1, 1), "then": datetime.date(comparative_as_of.year, 1, 1)}
    annotations: dict[str, Coalesce] = {}
    for key, condition in conditions.items():
        annotations[f"{key}_d"] = _sum("debit", condition)
        annotations[f"{key}_c"] = _sum("credit", condition)
        earlier = condition & Q(lines__entry__value_date__lt=year_start[key])
        annotations[f"{key}_earlier_d"] = _sum("debit", earlier)
        annotations[f"{key}_earlier_c"] = _sum("credit", earlier)
    accounts = list(Account.objects.filter(fund=fund).values(*_FIELDS).annotate(**annotations).order_by("number"))
    result = {"now": ZERO, "then": ZERO}
    earlier_result = {"now": ZERO, "then": ZERO}
    for a in accounts:
        if a["kind"] in PROFIT_AND_LOSS_KINDS:
            for key in result:
                total = a[f"{key}_d"] - a[f"{key}_c"]
                earlier = a[f"{key}_earlier_d"] - a[f"{key}_earlier_c"]
                earlier_result[key] -= earlier
                result[key] -= total - earlier
    assets: list[StatementRow] = []
    other: list[StatementRow] = []
    for a in accounts:
        kind = a["kind"]
        if kind not in BALANCE_SHEET_KINDS:
            continue
        now, then = _shown(kind, a["now_d"] - a["now_c"]), _shown(kind, a["then_d"] - a["then_c"])
        if a["role"] == "retained_result":
            now, then = now + earlier_result["now"], then + earlier_result["then"]
        if a["role"] == "result_for_period":
            now, then = now + result["now"], then + result["then"]
        row = StatementRow(a["number"], account_label(a["name"], a["role"]), kind, now, then)
        (assets if kind == AccountKind.ASSET else other).append(row)
    return BalanceSheet(
        as_of=as_of,
        comparative_as_of=comparative_as_of,
        assets=tuple(assets),
        liabilities_and_equity=tuple(other),
        result_for_year=result["now"],
        comparative_result_for_year=result["then"],
        total_assets=sum((r.amount for r in assets), ZERO),
        comparative_total_assets=sum((r.comparative for r in assets), ZERO),
        total_liabilities_and_equity=sum((r.amount for r in other), ZERO),
        comparative_total_liabilities_and_equity=sum((r.comparative for r in other), ZERO),
    )


def profit_and_loss(*, fund: Fund, period: Period, comparative: Period | None = None) -> ProfitAndLoss:
    """Income and expenses of `period` and of the comparative period (by default the one just before; one query)."""
    comparative = comparative or period.previous()
    now = Q(lines__entry__value_date__gte=period.start, lines__entry__value_date__lte=period.end)
    then = Q(lines__entry__value_date__gte=comparative.start, lines__entry__value_date__lte=comparative.end)
    accounts = (
        Account.objects.filter(fund=fund, kind__in=PROFIT_AND_LOSS_KINDS)
        .values(*_FIELDS)
        .annotate(
            now_d=_sum("debit", now), now_c=_sum("credit", now), then_d=_sum("debit", then), then_c=_sum("credit", then)
        )
        .order_by("number")
    )
    income: list[StatementRow] = []
    expenses: list[StatementRow] = []
    for a in accounts:
        kind = a["kind"]
        row = StatementRow(
            a["number"],
            account_label(a["name"], a["role"]),
            kind,
            _shown(kind, a["now_d"] - a["now_c"]),
            _shown(kind, a["then_d"] - a["then_c"]),
        )
        (income if kind == AccountKind.INCOME else expenses).append(row)
    result = sum((r.amount for r in income), ZERO) - sum((r.amount for r in expenses), ZERO)
    comparative_result = sum((r.comparative for r in income), ZERO) - sum((r.comparative for r in expenses), ZERO)
    return ProfitAndLoss(
        period=period,
        comparative=comparative,
        income=tuple(income),
        expenses=tuple(expenses),
        result=result,
        comparative_result=comparative_result,
    )


def chart_of_accounts(*, fund: Fund) -> list[Account]:
    """The fund's accounts by number."""
    return list(Account.objects.filter(fund=fund).order_by("number"))


def loan_receivable_balances(*, fund: Fund, as_of: datetime.date) -> dict[int, Decimal]:
    """Loans receivable in the books per loan on `as_of` (debit minus credit; one query)."""
    rows = (
        Account.objects.filter(fund=fund, role="loans_receivable", lines__entry__value_date__lte=as_of)
        .values("lines__loan_id")
        .annotate(d=Sum("lines__debit"), c=Sum("lines__credit"))
    )
    return {row["lines__loan_id"]: row["d"] - row["c"] for row in rows}
