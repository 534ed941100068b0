"""Report production: documents per minute with 1 and 2 worker processes for a fund of 200 loans and 12
municipalities, the share of time spent gathering data versus rendering in WeasyPrint, the queries one document
needs, and a re-run of an unchanged period (which must render nothing).

Needs PostgreSQL and Redis (`make bench` starts throwaway ones through scripts/with-services.sh). Creates the tables,
writes the fund in bulk (87 members, so that one period gives exactly 100 documents: the investor report, 87
capital accounts and 12 municipality reports), then runs real Celery workers.
"""

import datetime
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

LOANS = 200
MEMBERS = 87
PERIOD = "2026Q3"
MUNICIPALITIES = [
    "GM0489",
    "GM0502",
    "GM0542",
    "GM0556",
    "GM0597",
    "GM0599",
    "GM0606",
    "GM0613",
    "GM0622",
    "GM1892",
    "GM1930",
    "GM1963",
]


def _fund():
    from bench.book import bulk_loans
    from fund.models import CapitalMovement, Fund, Member, Municipality, Organisation, PostcodeArea
    from fund.periods import Quarter
    from portfolio.models import LoanSnapshot
    from reporting.definitions.loans import report_dates

    fund = Fund.objects.filter(slug="bench-reports").first()
    if fund is not None:
        return fund
    fund = Fund.objects.create(
        name="SIF Bench", slug="bench-reports", inception_date=datetime.date(2020, 1, 1), target_size=Decimal(10**8)
    )
    municipalities = list(Municipality.objects.filter(code__in=MUNICIPALITIES))
    fund.region.set(municipalities)
    postcodes = {a.municipality_id: a.pc4 for a in PostcodeArea.objects.filter(municipality__in=municipalities)}
    organisations = Organisation.objects.bulk_create(
        Organisation(
            legal_name=f"Bench {i:03d} B.V.",
            kvk_number=f"97{i:06d}",
            legal_form="bv",
            postcode=postcodes[municipalities[i % 12].pk],
            municipality=municipalities[i % 12],
            is_investee=i < LOANS,
        )
        for i in range(LOANS + MEMBERS)
    )
    members = Member.objects.bulk_create(
        Member(fund=fund, organisation=o, kind="foundation", admission_date=datetime.date(2020, 1, 1))
        for o in organisations[LOANS:]
    )
    CapitalMovement.objects.bulk_create(
        CapitalMovement(member=m, kind=kind, value_date=datetime.date(2020, 2, 1), amount=Decimal(amount))
        for m in members
        for kind, amount in (("commitment", "100000"), ("call", "60000"), ("contribution", "60000"))
    )
    loans = bulk_loans(
        fund=fund,
        organisations=organisations[:LOANS],
        prefix="BR",
        amount=Decimal("50000"),
        term_months=60,
        approved_on=datetime.date(2023, 1, 10),
        disbursed_on=datetime.date(2023, 2, 1),
        first_due=datetime.date(2023, 3, 1),
    )
    buckets = ["current", "current", "current", "1-30", "31-60", "61-90", "91-180", ">180"]
    dpd = [0, 0, 0, 12, 45, 75, 120, 200]
    LoanSnapshot.objects.bulk_create(
        LoanSnapshot(
            loan=loan,
            fund=fund,
            as_of=day,
            status="active",
            outstanding_principal=Decimal(40000 - n * 1000),
            arrears=Decimal(i % 8 * 250),
            days_past_due=dpd[i % 8],
            bucket=buckets[i % 8],
            disbursed=Decimal("50000"),
            principal_repaid=Decimal(10000 + n * 1000),
            income_received=Decimal(2000 + n * 500),
            written_off_principal=Decimal(0),
            recovered=Decimal(0),
            annual_interest_rate=Decimal("4"),
        )
        for i, loan in enumerate(loans)
        for n, day in enumerate(report_dates(Quarter.parse(PERIOD)))
    )
    return fund


def _worker(concurrency: int) -> subprocess.Popen:
    from config.celery import app

    db = connection.settings_dict
    env = os.environ | {"DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            "default,reports",
            "-c",
            str(concurrency),
            "--max-tasks-per-child",
            "50",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"bench{concurrency}@%h",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while not app.control.ping(timeout=0.5):
        time.sleep(0.2)
    return process


def _produce(fund, language: str) -> tuple[float, list]:
    from reporting.models import ReportRun
    from reporting.services import report_run_request

    start = time.perf_counter()
    runs = [
        report_run_request(fund=fund, report_type=t, period=PERIOD, requested_by=None, language=language)
        for t in ("investor", "municipality")
    ]
    ids = [r.pk for r in runs]
    while ReportRun.objects.filter(pk__in=ids, status__in=["queued", "running"]).exists():
        time.sleep(0.2)
    return time.perf_counter() - start, list(ReportRun.objects.filter(pk__in=ids).prefetch_related("documents"))


def _summary(label: str, seconds: float, runs: list) -> None:
    documents = [d for r in runs for d in r.documents.all()]
    rendered = [d for d in documents if d.status == "done"]
    gather = sum(float(d.gather_seconds or 0) for d in documents)
    render = sum(float(d.render_seconds or 0) for d in documents)
    share = 100 * gather / (gather + render) if gather + render else 0
    print(
        f"{label:<34} {len(documents):4d} documents ({len(rendered)} rendered) in {seconds:6.1f} s = "
        f"{len(documents) * 60 / seconds:6.1f} per minute; data {gather:5.1f} s, WeasyPrint {render:6.1f} s "
        f"(data {share:4.1f} %)",
        flush=True,
    )


def main() -> None:
    from fund.periods import Quarter
    from reporting.definitions import DEFINITIONS
    from reporting.definitions.base import Recipient

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    fund = _fund()
    print(
        f"fund with {LOANS} loans, {MEMBERS} members and 12 municipalities written in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    with CaptureQueriesContext(connection) as queries:
        DEFINITIONS["investor"].gather(fund=fund, period=Quarter.parse(PERIOD), recipient=Recipient("fund", "all"))
    print(f"queries to gather the investor report of {LOANS} loans: {len(queries)}", flush=True)

    from reporting.models import ReportRun

    # Warm-up (not counted): a first document per process loads fonts, templates and translations.
    worker = _worker(1)
    try:
        _produce(fund, "en")
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    for concurrency in (1, 2):
        ReportRun.objects.filter(fund=fund).delete()  # so every document renders again
        worker = _worker(concurrency)
        try:
            seconds, runs = _produce(fund, "nl")
            _summary(f"{concurrency} worker process{'es' if concurrency > 1 else ''}", seconds, runs)
            if concurrency == 2:
                seconds, runs = _produce(fund, "nl")
                _summary("re-run of the unchanged period", seconds, runs)
        finally:
            worker.terminate()
            worker.wait(timeout=60)


if __name__ == "__main__":
    main()
