"""The loan figures the investor and municipality reports share, from the portfolio selectors (snapshots)."""

import datetime
from collections import defaultdict
from decimal import Decimal
from itertools import pairwise
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fund.charts import Bar, bars_svg, line_svg
from fund.models import Fund
from fund.money import percent_of
from fund.periods import Quarter
from fund.templatetags.sif_format import money
from portfolio.selectors.activity import (
    LOAN_TAPE_COLUMNS,
    CaseNote,
    TapeRow,
    loan_case_notes,
    loan_tape,
    portfolio_activity,
)
from portfolio.selectors.quality import portfolio_figures, portfolio_period, portfolio_trend
from reporting.formatting import decimal_text, percent_text
from reporting.tables import Table

TREND_QUARTERS = 5
TICKET_LIMITS = [Decimal("50000"), Decimal("100000"), Decimal("250000")]  # upper bounds of the ticket sizes, in euros


def _euros(amount: Decimal) -> str:
    """Whole euros in the active language: "€ 50.000" in Dutch, "€50,000" in English."""
    separator = decimal_text(0, 2)[1]  # "," in Dutch, "." in English
    return money(amount).rsplit(separator, 1)[0]  # a round amount without its ",00" cents


def _tickets() -> list[tuple[Decimal | None, str]]:
    """(upper bound, label) of each ticket size, labelled in the active language's format."""
    labels = [f"< {_euros(TICKET_LIMITS[0])}"]
    labels += [f"{_euros(low)} – {_euros(high)}" for low, high in pairwise(TICKET_LIMITS)]
    labels.append(f"≥ {_euros(TICKET_LIMITS[-1])}")
    return list(zip([*TICKET_LIMITS, None], labels, strict=True))


def report_dates(period: Quarter) -> list[datetime.date]:
    """The quarter ends a report needs loan snapshots for: this quarter and the ones before it for the trends."""
    quarters = [period]
    while len(quarters) < TREND_QUARTERS + 1:
        quarters.append(quarters[-1].previous())
    return sorted(q.end for q in quarters)


def _ticket(amount: Decimal, tickets: list[tuple[Decimal | None, str]]) -> str:
    return next(label for limit, label in tickets if limit is None or amount < limit)


def _concentration(tape: list[TapeRow]) -> dict[str, Any]:
    outstanding = sum((r.outstanding for r in tape), Decimal(0))
    by_municipality: dict[str, Decimal] = defaultdict(Decimal)
    tickets = _tickets()
    by_ticket: dict[str, list] = {label: [0, Decimal(0)] for _limit, label in tickets}
    for row in tape:
        by_municipality[row.municipality] += row.outstanding
        by_ticket[_ticket(row.committed, tickets)][0] += 1
        by_ticket[_ticket(row.committed, tickets)][1] += row.outstanding
    return {
        "by_municipality": [
            {"name": name, "outstanding": amount, "share": percent_of(amount, outstanding)}
            for name, amount in sorted(by_municipality.items(), key=lambda item: -item[1])
        ],
        "by_ticket": [
            {"label": label, "loans": count, "outstanding": amount, "share": percent_of(amount, outstanding)}
            for label, (count, amount) in by_ticket.items()
        ],
        "top": [
            {
                "investee": r.investee,
                "reference": r.reference,
                "outstanding": r.outstanding,
                "share": percent_of(r.outstanding, outstanding),
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
    labels = [Quarter.of(d).label() for d in dates[1:]]
    tape = loan_tape(fund=fund, as_of=period.end)
    figures = portfolio_figures(fund=fund, as_of=period.end)
    return {
        "figures": figures,
        "period_figures": portfolio_period(fund=fund, start=previous.end, end=period.end),
        "activity": portfolio_activity(fund=fund, start=previous.end, end=period.end),
        "trend": [{"quarter": label, "point": point} for label, point in zip(labels, trend, strict=True)],
        "chart_outstanding": line_svg(
            [(label, p.outstanding) for label, p in zip(labels, trend, strict=True)],
            fmt=money,
            title=_("Outstanding over time"),
            legend=_("Outstanding principal at the quarter's end"),
        ),
        "chart_par30": line_svg(
            [(label, p.par30_ratio) for label, p in zip(labels, trend, strict=True)],
            fmt=percent_text,
            title=_("PAR30 over time"),
            legend=_("PAR30: share of the outstanding principal more than 30 days past due"),
        ),
        "chart_aging": bars_svg(
            [Bar(b.label, b.balance, None, f"{b.count}") for b in figures.buckets],
            fmt=money,
            title=_("Aging by balance and count"),
            legend=_("Outstanding principal; the number beside a bar counts its loans"),
        ),
        "tape": tape,
        "tape_columns": LOAN_TAPE_COLUMNS,
        "concentration": (concentration := _concentration(tape)),
        "chart_municipalities": bars_svg(
            [
                Bar(m["name"], m["outstanding"], None, percent_text(m["share"]))
                for m in concentration["by_municipality"]
            ],
            fmt=money,
            title=_("Per municipality"),
            legend=_("Outstanding principal; beside a bar its share of the portfolio"),
        ),
    }


def municipality_capital(*, fund: Fund, loans: QuerySet, period: Quarter) -> dict[str, Any]:
    """Capital deployed in the enterprises of one municipality: now and in each of the last quarters."""
    tape = loan_tape(fund=fund, as_of=period.end, loans=loans)
    quarters, quarter = [], period
    for _i in range(4):
        activity = portfolio_activity(fund=fund, start=quarter.previous().end, end=quarter.end, loans=loans)
        quarters.append({"quarter": quarter.label(), "activity": activity})
        quarter = quarter.previous()
    return {
        "loans": len(tape),
        "committed": sum((r.committed for r in tape), Decimal(0)),
        "disbursed": sum((r.disbursed for r in tape), Decimal(0)),
        "outstanding": sum((r.outstanding for r in tape), Decimal(0)),
        "repaid": sum((r.principal_repaid for r in tape), Decimal(0)),
        "tape": tape,
        "quarters": quarters,
        "case_notes": purposes_grouped(loan_case_notes(loans=loans.filter(reference__in=[r.reference for r in tape]))),
    }


def purposes_grouped(notes: dict[str, CaseNote]) -> list[dict[str, Any]]:
    """What the loans are for, each purpose once: loans whose applications say the same thing (such as the loans taken
    over from before the system) share one line that names them all, instead of the same sentence on every row."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for reference in sorted(notes):
        note = notes[reference]
        groups[(note.purpose.strip(), note.target_group.strip())].append(reference)
    return [
        {"references": references, "purpose": purpose, "target_group": target_group}
        for (purpose, target_group), references in sorted(groups.items(), key=lambda item: item[1][0])
        if purpose or target_group
    ]


def tape_table(tape: list[TapeRow]) -> Table:
    """The loan tape as the PDF prints it: the same columns (LOAN_TAPE_COLUMNS) as the dashboard's XLSX."""
    return Table(
        str(_("Loan tape")),
        [str(column.label) for column in LOAN_TAPE_COLUMNS],
        [[getattr(row, column.field) for column in LOAN_TAPE_COLUMNS] for row in tape],
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
