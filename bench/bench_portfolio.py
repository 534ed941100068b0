"""Portfolio dashboard selectors for a fund of 2,000 loans: each figure set is one SQL aggregation over snapshots.

Needs PostgreSQL (`make bench` starts a throwaway one through scripts/with-services.sh and passes DATABASE_URL):
creates the tables, writes 2,000 loans with a disbursement and a snapshot on each of twelve month ends in bulk,
then times each selector the dashboard calls (best of five) and counts its queries.
"""

import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

LOANS = 2_000
ROUNDS = 5


def _book():
    from bench.book import bulk_loans
    from fund.models import Fund, Municipality, Organisation
    from portfolio.models import Loan, LoanSnapshot
    from portfolio.services.arrears import month_ends

    today = timezone.localdate()
    dates = month_ends(today, 12)
    fund, _ = Fund.objects.get_or_create(
        slug="bench-fund",
        defaults={"name": "Bench fund", "inception_date": datetime.date(2020, 1, 1), "target_size": Decimal(10**7)},
    )
    if Loan.objects.filter(fund=fund).count() >= LOANS:
        return fund, dates
    organisation = Organisation.objects.filter(kvk_number="99999999").first() or Organisation.objects.create(
        legal_name="Bench B.V.",
        kvk_number="99999999",
        legal_form="bv",
        postcode="3026 AK",
        city="Rotterdam",
        municipality=Municipality.objects.get(code="GM0599"),
    )
    loans = bulk_loans(
        fund=fund,
        organisations=[organisation] * LOANS,
        prefix="BENCH",
        amount=Decimal("12000"),
        term_months=12,
        approved_on=dates[0],
        disbursed_on=dates[0] - datetime.timedelta(days=40),
    )
    LoanSnapshot.objects.bulk_create(
        (
            LoanSnapshot(
                loan=loan,
                fund=fund,
                as_of=day,
                status="active",
                outstanding_principal=Decimal("6000"),
                arrears=Decimal(i % 7 * 100),
                days_past_due=i % 7 * 20,
                bucket=["current", "1-30", "31-60", "61-90", "91-180", ">180", ">180"][i % 7],
                disbursed=Decimal("12000"),
                principal_repaid=Decimal("6000"),
                income_received=Decimal("100"),
                written_off_principal=Decimal(0),
                recovered=Decimal(0),
                annual_interest_rate=Decimal("4"),
            )
            for i, loan in enumerate(loans)
            for day in dates
        ),
        batch_size=5000,
    )
    return fund, dates


def _time(label: str, call) -> None:
    best = None
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            call()
            elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"{label:<44} {best * 1000:8.1f} ms  {len(queries):3d} queries", flush=True)


def main() -> None:
    from portfolio.selectors.quality import (
        missing_snapshot_loans,
        portfolio_figures,
        portfolio_loans,
        portfolio_period,
        portfolio_trend,
        watch_list,
    )

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    fund, dates = _book()
    print(f"{LOANS:,} loans with 12 month-end snapshots written in {time.perf_counter() - start:.1f} s", flush=True)
    as_of = dates[-1]
    _time("portfolio_figures (PAR, NPL, aging, yield)", lambda: portfolio_figures(fund=fund, as_of=as_of))
    _time("portfolio_trend (12 month ends)", lambda: portfolio_trend(fund=fund, dates=dates))
    _time("portfolio_period (write-off ratio, yield)", lambda: portfolio_period(fund=fund, start=dates[0], end=as_of))
    _time("portfolio_loans (drill-down, all loans)", lambda: portfolio_loans(fund=fund, as_of=as_of))
    _time("portfolio_loans (PAR30 drill-down)", lambda: portfolio_loans(fund=fund, as_of=as_of, min_dpd=30))
    _time("watch_list", lambda: watch_list(fund=fund, as_of=as_of, overdue_impact_organisations=set()))
    _time("missing_snapshot_loans (12 dates)", lambda: missing_snapshot_loans(fund=fund, dates=dates))


if __name__ == "__main__":
    main()
