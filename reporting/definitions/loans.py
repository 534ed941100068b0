"""The loan figures the investor and municipality reports share, from the portfolio selectors (snapshots)."""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fund.formatting import percent as percent_text
from fund.models import Fund
from portfolio.selectors.activity import TapeRow, loan_case_notes, loan_tape, portfolio_activity
from portfolio.selectors.quality import percent, portfolio_figures, portfolio_period, portfolio_trend
from reporting.charts import Bar, bars_svg, line_svg
from reporting.periods import Quarter
from reporting.tables import Table

TREND_QUARTERS = 5
TICKETS = [
    (Decimal("50000"), "< € 50.000"),
    (Decimal("100000"), "€ 50.000 – 100.000"),
    (Decimal("250000"), "€ 100.000 – 250.000"),
    (None, "≥ € 250.000"),
]


def report_dates(period: Quarter) -> list[datetime.date]:
    """The quarter ends a report needs loan snapshots for: this quarter and the ones before it for the trends."""
    quarters = [period]
    while len(quarters) < TREND_QUARTERS + 1:
        quarters.append(quarters[-1].previous())
    return sorted(q.end for q in quarters)


def _ticket(amount: Decimal) -> str:
    return next(label for limit, label in TICKETS if limit is None or amount < limit)


def _concentration(tape: list[TapeRow]) -> dict[str, Any]:
    outstanding = sum((r.outstanding for r in tape), Decimal(0))
    by_municipality: dict[str, Decimal] = defaultdict(Decimal)
    by_ticket: dict[str, list] = {label: [0, Decimal(0)] for _limit, label in TICKETS}
    for row in tape:
        by_municipality[row.municipality] += row.outstanding
        by_ticket[_ticket(row.committed)][0] += 1
        by_ticket[_ticket(row.committed)][1] += row.outstanding
    return {
        "by_municipality": [
            {"name": name, "outstanding": amount, "share": percent(amount, outstanding)}
            for name, amount in sorted(by_municipality.items(), key=lambda item: -item[1])
        ],
        "by_ticket": [
            {"label": label, "loans": count, "outstanding": amount, "share": percent(amount, outstanding)}
            for label, (count, amount) in by_ticket.items()
        ],
        "top": [
            {
                "investee": r.investee,
                "reference": r.reference,
                "outstanding": r.outstanding,
                "share": percent(r.outstanding, outstanding),
            }
            for r in sorted(tape, key=lambda r: -r.outstanding)[:5]
        ],
    }


def portfolio_section(*, fund: Fund, period: Quarter) -> dict[str, Any]:
    """Activity in the quarter, quality at its end with the trend over the last quarters, the loan tape and
    concentration. A fixed number of queries, whatever the number of loans."""
    previous = period.previous()
    dates = report_dates(period)
    trend = portfolio_trend(fund=fund, dates=dates[1:])
    labels = [str(Quarter.of(d)) for d in dates[1:]]
    tape = loan_tape(fund=fund, as_of=period.end)
    figures = portfolio_figures(fund=fund, as_of=period.end)
    return {
        "figures": figures,
        "period_figures": portfolio_period(fund=fund, start=previous.end, end=period.end),
        "activity": portfolio_activity(fund=fund, start=previous.end, end=period.end),
        "trend": [{"quarter": label, "point": point} for label, point in zip(labels, trend, strict=True)],
        "chart_outstanding": line_svg([(label, p.outstanding) for label, p in zip(labels, trend, strict=True)]),
        "chart_par30": line_svg([(label, p.par30_ratio) for label, p in zip(labels, trend, strict=True)], unit=" %"),
        "chart_aging": bars_svg([Bar(b.label, b.balance, None, f"{b.count}") for b in figures.buckets]),
        "tape": tape,
        "concentration": (concentration := _concentration(tape)),
        "chart_municipalities": bars_svg(
            [Bar(m["name"], m["outstanding"], None, percent_text(m["share"])) for m in concentration["by_municipality"]]
        ),
    }


def municipality_capital(*, fund: Fund, loans: QuerySet, period: Quarter) -> dict[str, Any]:
    """Capital deployed in the enterprises of one municipality: now and in each of the last quarters."""
    tape = loan_tape(fund=fund, as_of=period.end, loans=loans)
    quarters, quarter = [], period
    for _i in range(4):
        activity = portfolio_activity(fund=fund, start=quarter.previous().end, end=quarter.end, loans=loans)
        quarters.append({"quarter": str(quarter), "activity": activity})
        quarter = quarter.previous()
    return {
        "loans": len(tape),
        "committed": sum((r.committed for r in tape), Decimal(0)),
        "disbursed": sum((r.disbursed for r in tape), Decimal(0)),
        "outstanding": sum((r.outstanding for r in tape), Decimal(0)),
        "repaid": sum((r.principal_repaid for r in tape), Decimal(0)),
        "tape": tape,
        "quarters": quarters,
        "case_notes": list(loan_case_notes(loans=loans.filter(reference__in=[r.reference for r in tape])).values()),
    }


def tape_table(tape: list[TapeRow]) -> Table:
    return Table(
        _("Loan tape"),
        [
            _("Loan"),
            _("Investee"),
            _("Municipality"),
            _("Instrument"),
            _("Status"),
            _("Approved"),
            _("Maturity"),
            _("Committed"),
            _("Disbursed"),
            _("Outstanding"),
            _("Rate %"),
            _("Days past due"),
            _("Bucket"),
        ],
        [
            [
                r.reference,
                r.investee,
                r.municipality,
                r.instrument,
                r.status,
                r.approved_on,
                r.maturity,
                r.committed,
                r.disbursed,
                r.outstanding,
                r.rate,
                r.days_past_due,
                r.bucket,
            ]
            for r in tape
        ],
    )


def quality_table(section: dict[str, Any]) -> Table:
    figures = section["figures"]
    return Table(
        _("Portfolio quality"),
        [_("Bucket"), _("Loans"), _("Outstanding"), _("Share %")],
        [[b.label, b.count, b.balance, b.share] for b in figures.buckets]
        + [
            [_("PAR30"), "", figures.par30, figures.par30_ratio],
            [_("PAR90"), "", figures.par90, figures.par90_ratio],
            [_("NPL"), "", figures.npl, figures.npl_ratio],
        ],
    )
