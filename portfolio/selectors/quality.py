"""Credit quality of a fund's portfolio as of any date, from the loan snapshots (one SQL aggregation per figure set).

Basis of every figure (also stated on the dashboard and in the reports):
- Outstanding portfolio (gross): the sum of the principal outstanding of every loan on the date, restructured loans
  included, written-off loans excluded (their principal left the portfolio at the write-off).
- Days past due (DPD) of a loan: the age in days of its oldest unpaid installment that fell due before the date.
- PAR30 / PAR90: the outstanding principal of all loans more than 30 / 90 days past due, their *whole* balance, as a
  share of the gross outstanding portfolio.
- NPL ratio: the outstanding principal of loans 90 or more days past due, as a share of the gross outstanding
  portfolio.
- Aging buckets by balance and by count: current (0), 1–30, 31–60, 61–90, 91–180 and over 180 days past due.
- Write-off ratio: principal written off in the period ÷ average gross portfolio (mean of its start and end),
  annualised (× 365 / days in the period).
- Portfolio yield: interest, fees and penalties received in the period ÷ average gross portfolio, annualised.
- Contractual yield: the annual rate of each loan weighted by its outstanding principal on the date.
Ratios are percentages with two decimals, half up; None when the portfolio is empty.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Min, Q, Sum
from django.db.models.functions import Coalesce

from fund.models import Fund
from fund.money import money_round, percent_of, ratio_of
from portfolio.choices import AGING_BUCKETS, LedgerEntryType
from portfolio.models import Covenant, Loan, LoanSnapshot

ZERO = Decimal("0.00")
BUCKETS = AGING_BUCKETS


def money_sum(field: str, condition: Q | None = None) -> Coalesce:
    """SQL sum of a money column (optionally only the rows matching `condition`); 0.00 when there are none."""
    return Coalesce(Sum(field, filter=condition), ZERO, output_field=DecimalField(max_digits=20, decimal_places=2))


@dataclass(frozen=True)
class BucketRow:
    bucket: str
    label: str
    balance: Decimal
    count: int
    share: Decimal | None


@dataclass(frozen=True)
class PortfolioFigures:
    """The credit figures of a fund on `as_of` (see the module docstring for each definition)."""

    as_of: datetime.date
    loans: int
    disbursed: Decimal
    outstanding: Decimal
    arrears: Decimal
    par30: Decimal
    par90: Decimal
    npl: Decimal
    par30_ratio: Decimal | None
    par90_ratio: Decimal | None
    npl_ratio: Decimal | None
    contractual_yield: Decimal | None
    buckets: tuple[BucketRow, ...]


def portfolio_figures(*, fund: Fund, as_of: datetime.date) -> PortfolioFigures:
    """Outstanding, PAR30, PAR90, NPL, aging by balance and count and contractual yield on `as_of` (one query)."""
    rows = LoanSnapshot.objects.filter(fund=fund, as_of=as_of)
    weighted = ExpressionWrapper(
        F("outstanding_principal") * F("annual_interest_rate"),
        output_field=DecimalField(max_digits=24, decimal_places=5),
    )
    aggregates = {
        "loans": Count("pk", filter=Q(outstanding_principal__gt=0)),
        "disbursed": money_sum("disbursed"),
        "outstanding": money_sum("outstanding_principal"),
        "arrears": money_sum("arrears"),
        "par30": money_sum("outstanding_principal", Q(days_past_due__gt=30)),
        "par90": money_sum("outstanding_principal", Q(days_past_due__gt=90)),
        "npl": money_sum("outstanding_principal", Q(days_past_due__gte=90)),
        "weighted": Coalesce(Sum(weighted), Decimal(0), output_field=DecimalField(max_digits=24, decimal_places=5)),
    }
    for bucket in BUCKETS:
        live = Q(bucket=bucket.value, outstanding_principal__gt=0)
        aggregates[f"b_{bucket.value}"] = money_sum("outstanding_principal", live)
        aggregates[f"n_{bucket.value}"] = Count("pk", filter=live)
    data = rows.aggregate(**aggregates)
    outstanding = data["outstanding"]
    buckets = tuple(
        BucketRow(
            bucket=b.value,
            label=str(b.label),
            balance=data[f"b_{b.value}"],
            count=data[f"n_{b.value}"],
            share=percent_of(data[f"b_{b.value}"], outstanding),
        )
        for b in BUCKETS
    )
    return PortfolioFigures(
        as_of=as_of,
        loans=data["loans"],
        disbursed=data["disbursed"],
        outstanding=outstanding,
        arrears=data["arrears"],
        par30=data["par30"],
        par90=data["par90"],
        npl=data["npl"],
        par30_ratio=percent_of(data["par30"], outstanding),
        par90_ratio=percent_of(data["par90"], outstanding),
        npl_ratio=percent_of(data["npl"], outstanding),
        contractual_yield=ratio_of(data["weighted"], outstanding),
        buckets=buckets,
    )


@dataclass(frozen=True)
class PeriodFigures:
    """Write-off ratio and portfolio yield over (start, end], annualised (see the module docstring)."""

    start: datetime.date
    end: datetime.date
    written_off: Decimal
    income: Decimal
    average_outstanding: Decimal
    write_off_ratio: Decimal | None
    portfolio_yield: Decimal | None


def portfolio_period(*, fund: Fund, start: datetime.date, end: datetime.date) -> PeriodFigures:
    """Principal written off and income received between the two dates, over the average gross portfolio."""
    data = LoanSnapshot.objects.filter(fund=fund, as_of__in=(start, end)).aggregate(
        out_start=money_sum("outstanding_principal", Q(as_of=start)),
        out_end=money_sum("outstanding_principal", Q(as_of=end)),
        wo_start=money_sum("written_off_principal", Q(as_of=start)),
        wo_end=money_sum("written_off_principal", Q(as_of=end)),
        inc_start=money_sum("income_received", Q(as_of=start)),
        inc_end=money_sum("income_received", Q(as_of=end)),
    )
    days = (end - start).days
    average = (data["out_start"] + data["out_end"]) / 2
    written_off = data["wo_end"] - data["wo_start"]
    income = data["inc_end"] - data["inc_start"]

    def annualised(amount: Decimal) -> Decimal | None:
        if not average or days <= 0:
            return None
        return percent_of(amount * 365, average * days)

    return PeriodFigures(
        start=start,
        end=end,
        written_off=written_off,
        income=income,
        average_outstanding=money_round(average),
        write_off_ratio=annualised(written_off),
        portfolio_yield=annualised(income),
    )


@dataclass(frozen=True)
class TrendPoint:
    as_of: datetime.date
    outstanding: Decimal
    par30_ratio: Decimal | None
    par90_ratio: Decimal | None


def portfolio_trend(*, fund: Fund, dates: list[datetime.date]) -> list[TrendPoint]:
    """Outstanding, PAR30 and PAR90 on each date (one grouped query)."""
    rows = (
        LoanSnapshot.objects.filter(fund=fund, as_of__in=dates)
        .values("as_of")
        .annotate(
            outstanding=money_sum("outstanding_principal"),
            par30=money_sum("outstanding_principal", Q(days_past_due__gt=30)),
            par90=money_sum("outstanding_principal", Q(days_past_due__gt=90)),
        )
    )
    by_date = {row["as_of"]: row for row in rows}
    points = []
    for as_of in sorted(dates):
        row = by_date.get(as_of, {"outstanding": ZERO, "par30": ZERO, "par90": ZERO})
        points.append(
            TrendPoint(
                as_of,
                row["outstanding"],
                percent_of(row["par30"], row["outstanding"]),
                percent_of(row["par90"], row["outstanding"]),
            )
        )
    return points


@dataclass(frozen=True)
class LoanRow:
    loan_id: int
    reference: str
    organisation: str
    status: str
    outstanding: Decimal
    arrears: Decimal
    days_past_due: int
    bucket: str
    rate: Decimal


def portfolio_loans(*, fund: Fund, as_of: datetime.date, bucket: str = "", min_dpd: int | None = None) -> list[LoanRow]:
    """The loans behind a figure: every snapshot row on `as_of`, or those in one bucket or above a DPD (one query)."""
    rows = LoanSnapshot.objects.filter(fund=fund, as_of=as_of)
    if bucket:
        rows = rows.filter(bucket=bucket, outstanding_principal__gt=0)
    if min_dpd is not None:
        rows = rows.filter(days_past_due__gt=min_dpd)
    values = rows.order_by("-days_past_due", "loan__reference").values(
        "loan_id",
        "loan__reference",
        "loan__organisation__legal_name",
        "status",
        "outstanding_principal",
        "arrears",
        "days_past_due",
        "bucket",
        "annual_interest_rate",
    )
    return [
        LoanRow(
            r["loan_id"],
            r["loan__reference"],
            r["loan__organisation__legal_name"],
            r["status"],
            r["outstanding_principal"],
            r["arrears"],
            r["days_past_due"],
            r["bucket"],
            r["annual_interest_rate"],
        )
        for r in values
    ]


def missing_snapshot_loans(*, fund: Fund, dates: list[datetime.date]) -> list[int]:
    """Ids of the fund's loans that were paid out by one of `dates` but have no snapshot for it (two queries)."""
    starts = dict(
        Loan.objects.filter(fund=fund, ledger_entries__entry_type=LedgerEntryType.DISBURSEMENT)
        .annotate(first=Min("ledger_entries__value_date"))
        .values_list("pk", "first")
    )
    have = set(LoanSnapshot.objects.filter(fund=fund, as_of__in=dates).values_list("loan_id", "as_of"))
    return sorted({pk for pk, first in starts.items() for d in dates if first <= d and (pk, d) not in have})


@dataclass(frozen=True)
class WatchItem:
    loan_id: int
    reference: str
    organisation: str
    days_past_due: int
    arrears: Decimal
    reasons: tuple[str, ...]


def watch_list(*, fund: Fund, as_of: datetime.date, overdue_impact_organisations: set[int]) -> list[WatchItem]:
    """Loans that need attention: days past due above 0, a covenant breached, or impact data overdue.

    `overdue_impact_organisations` are the organisations with an overdue impact data request (impactmetrics)."""
    from django.utils.translation import gettext as _

    snapshots = {
        row["loan_id"]: row
        for row in LoanSnapshot.objects.filter(fund=fund, as_of=as_of).values("loan_id", "days_past_due", "arrears")
    }
    breached = set(
        Covenant.objects.filter(loan__fund=fund, breached_since__isnull=False, breached_since__lte=as_of).values_list(
            "loan_id", flat=True
        )
    )
    loans = Loan.objects.filter(fund=fund, pk__in=snapshots.keys()).values(
        "pk", "reference", "organisation_id", "organisation__legal_name"
    )
    items = []
    for loan in loans:
        snap = snapshots[loan["pk"]]
        reasons = []
        if snap["days_past_due"] > 0:
            reasons.append(_("%(days)s days past due") % {"days": snap["days_past_due"]})
        if loan["pk"] in breached:
            reasons.append(_("covenant breached"))
        if loan["organisation_id"] in overdue_impact_organisations:
            reasons.append(_("impact data overdue"))
        if reasons:
            items.append(
                WatchItem(
                    loan["pk"],
                    loan["reference"],
                    loan["organisation__legal_name"],
                    snap["days_past_due"],
                    snap["arrears"],
                    tuple(reasons),
                )
            )
    return sorted(items, key=lambda i: (-i.days_past_due, i.reference))
