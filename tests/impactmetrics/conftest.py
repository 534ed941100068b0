"""Building blocks for impact tests: a fresh investee with a plan, requests for chosen periods, approved data."""

import datetime
import itertools
from decimal import Decimal

import pytest

from fund.models import User
from fund.services.organisations import organisation_create
from impactmetrics.choices import MetricKind
from impactmetrics.models import DataRequest, Metric, ReportingPeriod
from impactmetrics.services.plans import PlanMetricSpec, impact_plan_create
from impactmetrics.services.submissions import (
    SubmissionInput,
    submission_approve,
    submission_submit,
)

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


def second_manager(submitter):
    """Another fund manager of both demo funds: a manager who typed an investee's figures never approves them."""
    other = User.objects.get(email="manager2@sif.example")
    return User.objects.get(email="manager@sif.example") if submitter.pk == other.pk else other


def approved(plan, end, raw, *, actor, explanations=None):
    """Submitted by `actor`, approved by another fund manager (four eyes); every value carries an explanation so
    test series may jump freely."""
    explanations = explanations or dict.fromkeys(raw, "Test series.")
    request = request_for(plan, end)
    version = submission_submit(actor=actor, request=request, data=data(raw, explanations))
    return submission_approve(actor=second_manager(actor), version=version)


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


def rotterdam_plan_with_metrics(demo, n: int):
    """An investee in Rotterdam whose plan has n extra metrics, with approved figures for every quarter of 2025."""
    metrics = metrics_of_every_kind(n)
    plan = plan_for(demo.rotterdam_fund, [m.code for m in metrics], name=f"Budget {n} B.V.", postcode="3026 AK")
    for quarter, end in enumerate((Q1, Q2, Q3, Q4), start=1):
        approved(plan, end, {m.code: 10 * quarter for m in metrics if m.is_entered}, actor=demo.manager)
    return plan


@pytest.fixture
def rotterdam(demo):
    return demo.rotterdam_fund
