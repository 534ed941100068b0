"""Building blocks for impact tests: a fund of their own in Rotterdam, a fresh investee with a plan, requests for chosen
periods, approved data."""

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal

import pytest

from fund.models import User
from fund.services.organisations import organisation_create
from impactmetrics.choices import MetricKind
from impactmetrics.models import DataRequest, ImpactPlan, Metric, ReportingPeriod
from impactmetrics.services.plans import PlanMetricSpec, impact_plan_create
from impactmetrics.services.submissions import (
    SubmissionInput,
    submission_approve,
    submission_submit,
)
from tests import factories

_kvk = itertools.count(60_000_001)


def investee(name: str, postcode: str = "3011 AB"):
    return organisation_create(
        actor=None,
        legal_name=name,
        kvk_number=str(next(_kvk)),
        legal_form="bv",
        postcode=postcode,
        is_investee=True,
    )


def plan_for(fund, codes, *, name="Testbedrijf B.V.", postcode="3011 AB", targets=None, frequency="3"):
    org = investee(name, postcode)
    targets = targets or {}
    return impact_plan_create(
        actor=None,
        organisation=org,
        fund=fund,
        start_date=datetime.date(2024, 1, 1),
        frequency=frequency,
        metrics=[PlanMetricSpec(code=c, targets=targets.get(c, {})) for c in codes],
    )


def request_for(plan, end: datetime.date, months: int = 3) -> DataRequest:
    start = datetime.date(end.year, end.month - months + 1, 1)
    period, _ = ReportingPeriod.objects.get_or_create(
        fund=plan.fund, end=end, defaults={"start": start, "due_date": end + datetime.timedelta(days=31)}
    )
    return DataRequest.objects.create(
        plan=plan, period=period, period_start=start, period_end=end, due_date=period.due_date
    )


def data(raw: dict, explanations: dict | None = None, comments: dict | None = None) -> SubmissionInput:
    return SubmissionInput(
        raw={k: v if isinstance(v, int | Decimal) else str(v) for k, v in raw.items()},
        comments=comments or {},
        explanations=explanations or {},
    )


def second_manager(submitter, fund=None):
    """Another fund manager (a manager who typed an investee's figures never approves them): of `fund` when given
    (made for the test when the fund has no other), else the other of the demo's two managers."""
    if fund is not None:
        others = User.objects.filter(roles__role="fund_manager", roles__fund=fund).exclude(pk=submitter.pk)
        return others.first() or factories.user("fund_manager", fund=fund)
    other = User.objects.get(email="manager2@sif.example")
    return User.objects.get(email="manager@sif.example") if submitter.pk == other.pk else other


def approved(plan, end, raw, *, actor, explanations=None):
    """Submitted by `actor`, approved by another fund manager (four eyes); every value carries an explanation so
    test series may jump freely."""
    explanations = explanations or dict.fromkeys(raw, "Test series.")
    request = request_for(plan, end)
    version = submission_submit(actor=actor, request=request, data=data(raw, explanations))
    return submission_approve(actor=second_manager(actor, plan.fund), version=version)


Q1, Q2, Q3, Q4 = (
    datetime.date(2025, 3, 31),
    datetime.date(2025, 6, 30),
    datetime.date(2025, 9, 30),
    datetime.date(2025, 12, 31),
)
D = Decimal


def metrics_of_every_kind(n: int) -> list[Metric]:
    """n catalog metrics, in turn a flow, a stock and the ratio of that flow to that stock."""
    made: list[Metric] = []
    for i in range(n):
        kind = (MetricKind.FLOW, MetricKind.STOCK, MetricKind.RATIO)[i % 3]
        extra = {"numerator": made[-2], "denominator": made[-1], "unit": "%"} if kind == MetricKind.RATIO else {}
        made.append(Metric.objects.create(code=f"QB-{n}-{i}", name=f"Budget metric {i}", kind=kind, **extra))
    return made


def rotterdam_plan_with_metrics(fund, n: int, *, actor):
    """An investee in Rotterdam whose plan has n extra metrics, with approved figures for every quarter of 2025."""
    metrics = metrics_of_every_kind(n)
    plan = plan_for(fund, [m.code for m in metrics], name=f"Budget {n} B.V.", postcode="3026 AK")
    for quarter, end in enumerate((Q1, Q2, Q3, Q4), start=1):
        approved(plan, end, {m.code: 10 * quarter for m in metrics if m.is_entered}, actor=actor)
    return plan


@pytest.fixture
def rotterdam(db):
    """A fund of the tests' own in Rotterdam (so the demo's plans, when loaded, never mix into the figures)."""
    return factories.fund(
        name="SIF Maasstad", region_codes=("GM0599",), themes=("labour_participation", "equal_opportunity", "poverty")
    )


@pytest.fixture
def manager(rotterdam):
    return factories.user("fund_manager", fund=rotterdam)


@pytest.fixture
def investee_user(db):
    return factories.user("investee", organisation=factories.organisation())


JOBS = ["OD9151", "OI8869", "OI4038", "SIF-DISTANCE", "SIF-DIST-SHARE", "PI3687", "SIF-PLACED", "SIF-INWORK"]
JOBS += ["SIF-RET12", "SIF-BANEN"]


@dataclass
class OpenReport:
    plan: ImpactPlan
    request: DataRequest  # Q3 2026, open
    investee: User
    manager: User


@pytest.fixture
def open_report(rotterdam, manager) -> OpenReport:
    """Buurtkeuken reports on jobs (nine entered metrics, the share of people far from work computed); its Q2 2026
    figures were approved: 35 employees, 21 permanent, 4 jobs created, 18 far from work, 0 new jobs, 2 placed from
    social assistance, 11 in work, 9 still after 12 months, 16.9 Banenafspraak jobs. Q3 2026 is open."""
    plan = plan_for(rotterdam, JOBS, name="Buurtkeuken Delfshaven B.V.", postcode="3026 AK")
    previous = {"OD9151": 35, "OI8869": 21, "OI4038": 4, "SIF-DISTANCE": 18, "PI3687": 0, "SIF-PLACED": 2}
    previous |= {"SIF-INWORK": 11, "SIF-RET12": 9, "SIF-BANEN": D("16.9")}
    approved(plan, datetime.date(2026, 6, 30), previous, actor=manager)
    return OpenReport(
        plan=plan,
        request=request_for(plan, datetime.date(2026, 9, 30)),
        investee=factories.user("investee", organisation=plan.organisation),
        manager=manager,
    )
