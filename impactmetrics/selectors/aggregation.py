"""Adding impact up without double counting. Pages, the API and reports all read these.

Rules (the metric's kind decides, nothing else):
- flow (people placed, tonnes recovered): the sum over the requests whose period lies inside the window;
- stock (employees, jobs): per investee the value at the latest period end inside the window, never summed over
  time; investees' latest values are added up;
- ratio (shares): recomputed as Σ numerator / Σ denominator (each aggregated by its own kind) over the investees that
  reported both, never an average of ratios.
Only approved values count: as of a moment, the version approved at or before it and not yet superseded then.
Every outcome belongs to one plan, attributed to one municipality, so a municipality or region total counts it once.
Coverage: of the investees whose plan includes the metric, the share that has approved data in the window.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum

from fund.money import percent_of
from fund.periods import Quarter
from impactmetrics.choices import MetricKind, VersionStatus
from impactmetrics.models import ImpactPlan, Metric, MetricValue, PlanMetric, Target


def approved_q(as_of: datetime.datetime | None = None, prefix: str = "version__") -> Q:
    """Versions whose values count: approved (and, as of a moment, approved then and not yet superseded then)."""
    if as_of is None:
        return Q(**{f"{prefix}status": VersionStatus.APPROVED})
    return Q(
        **{
            f"{prefix}status__in": (VersionStatus.APPROVED, VersionStatus.SUPERSEDED),
            f"{prefix}approved_at__lte": as_of,
        }
    ) & (Q(**{f"{prefix}superseded_at__isnull": True}) | Q(**{f"{prefix}superseded_at__gt": as_of}))


@dataclass(frozen=True)
class MetricAggregate:
    """One metric added up over a set of investees and a window; value and target in the metric's unit (ratios in %)."""

    code: str
    name: str
    kind: str
    unit: str
    data_type: str
    value: Decimal | None
    target: Decimal | None
    reporting: int
    expected: int

    @property
    def coverage(self) -> Decimal | None:
        """Share (0–100 %) of the investees that should report this metric that have approved data in the window."""
        return percent_of(Decimal(self.reporting), Decimal(self.expected)) if self.expected else None

    @property
    def target_share(self) -> Decimal | None:
        return percent_of(self.value, self.target) if self.target else None


def plan_values(
    *,
    plans: QuerySet[ImpactPlan],
    metrics: list[Metric],
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.datetime | None = None,
) -> dict[tuple[int, int], Decimal]:
    """{(plan_id, metric_id): value} for the entered metrics, per investee, aggregated in SQL by kind (two queries)."""
    base = MetricValue.objects.filter(
        approved_q(as_of), version__request__plan__in=plans, value__isnull=False, metric__in=[m.pk for m in metrics]
    )
    flows = (
        base.filter(
            metric__kind=MetricKind.FLOW,
            version__request__period_start__gte=start,
            version__request__period_end__lte=end,
        )
        .values("metric_id", plan_id=F("version__request__plan_id"))
        .annotate(total=Sum("value"))
    )
    in_window = base.filter(version__request__period_end__gte=start, version__request__period_end__lte=end)
    latest_end = (
        in_window.filter(metric=OuterRef("metric"), version__request__plan=OuterRef("version__request__plan"))
        .order_by("-version__request__period_end")
        .values("version__request__period_end")[:1]
    )
    stocks = in_window.filter(metric__kind=MetricKind.STOCK, version__request__period_end=Subquery(latest_end)).values(
        "metric_id", "value", plan_id=F("version__request__plan_id")
    )
    values = {(row["plan_id"], row["metric_id"]): row["total"] for row in flows}
    values.update({(row["plan_id"], row["metric_id"]): row["value"] for row in stocks})
    return values


def _ratio_parts(metric: Metric) -> tuple[Metric, Metric]:
    """A ratio's numerator and denominator (the catalog never saves a ratio without both)."""
    if metric.numerator is None or metric.denominator is None:
        raise ValueError(f"The ratio {metric.code} names no numerator or no denominator.")
    return metric.numerator, metric.denominator


def _ratio_part_ids(metric: Metric) -> tuple[int, int]:
    """The ids of a ratio's numerator and denominator, read without loading them."""
    if metric.numerator_id is None or metric.denominator_id is None:
        raise ValueError(f"The ratio {metric.code} names no numerator or no denominator.")
    return metric.numerator_id, metric.denominator_id


def _with_parts(metrics: list[Metric]) -> list[Metric]:
    """The metrics plus the numerators and denominators their ratios need."""
    out = {m.pk: m for m in metrics}
    for m in metrics:
        if m.kind == MetricKind.RATIO:
            for part in _ratio_parts(m):
                out.setdefault(part.pk, part)
    return list(out.values())


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def metric_aggregates(
    *,
    plans: QuerySet[ImpactPlan],
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.datetime | None = None,
    metrics: QuerySet[Metric] | None = None,
) -> list[MetricAggregate]:
    """Every metric the plans report, added up over the plans for [start, end] (see the module's rules), with the
    targets of `end`'s year and the data coverage. Four queries, whatever the number of investees."""
    plan_metrics = list(
        PlanMetric.objects.filter(plan__in=plans, plan__start_date__lte=end)
        .filter(metric__in=metrics if metrics is not None else Metric.objects.all())
        .select_related("metric__numerator", "metric__denominator")
        .order_by("metric__kind", "metric__code")
    )
    expected: dict[int, set[int]] = defaultdict(set)
    by_id: dict[int, Metric] = {}
    for pm in plan_metrics:
        expected[pm.metric_id].add(pm.plan_id)
        by_id[pm.metric_id] = pm.metric
    wanted = list(by_id.values())
    values = plan_values(plans=plans, metrics=_with_parts(wanted), start=start, end=end, as_of=as_of)
    targets = {
        (t["plan_metric__plan_id"], t["plan_metric__metric_id"]): t["value"]
        for t in Target.objects.filter(plan_metric__plan__in=plans, year=end.year).values(
            "plan_metric__plan_id", "plan_metric__metric_id", "value"
        )
    }
    out = []
    for metric in sorted(wanted, key=lambda m: (m.kind == MetricKind.RATIO, m.code)):
        plan_ids = expected[metric.pk]
        if metric.kind == MetricKind.RATIO:
            numerator_id, denominator_id = _ratio_part_ids(metric)
            both = [p for p in plan_ids if (p, numerator_id) in values and (p, denominator_id) in values]
            value = percent_of(
                _sum(values[(p, numerator_id)] for p in both),
                _sum(values[(p, denominator_id)] for p in both),
            )
            own = [targets[(p, metric.pk)] for p in plan_ids if (p, metric.pk) in targets]
            target = (
                own[0]
                if len(plan_ids) == 1 and own
                else percent_of(
                    _sum(targets.get((p, numerator_id)) for p in plan_ids),
                    _sum(targets.get((p, denominator_id)) for p in plan_ids),
                )
            )
            reporting = len(both)
        else:
            reported = [p for p in plan_ids if (p, metric.pk) in values]
            value = _sum(values[(p, metric.pk)] for p in reported)
            target = _sum(targets.get((p, metric.pk)) for p in plan_ids)
            reporting = len(reported)
        out.append(
            MetricAggregate(
                code=metric.code,
                name=metric.local_name,
                kind=metric.kind,
                unit=metric.local_unit,
                data_type=metric.data_type,
                value=value,
                target=target,
                reporting=reporting,
                expected=len(plan_ids),
            )
        )
    return out


@dataclass(frozen=True)
class TrendPoint:
    label: str
    end: datetime.date
    value: Decimal | None


def metric_trend(
    *,
    plans: QuerySet[ImpactPlan],
    metric: Metric,
    periods: list[Quarter],
    as_of: datetime.datetime | None = None,
) -> list[TrendPoint]:
    """The metric per quarter (by the same rules as metric_aggregates): flows per quarter, stocks at each quarter's
    end (each investee's latest value up to it), ratios recomputed; each point labelled as the reader writes the
    quarter ("Q3 2026"). One query for all quarters."""
    return metric_trends(plans=plans, metrics=[metric], periods=periods, as_of=as_of)[metric.pk]


def metric_trends(
    *,
    plans: QuerySet[ImpactPlan],
    metrics: list[Metric],
    periods: list[Quarter],
    as_of: datetime.datetime | None = None,
) -> dict[int, list[TrendPoint]]:
    """{metric id: its trend} for every metric, by the rules of metric_trend. One query for all metrics and periods
    (ratios need their numerator and denominator loaded: select_related them)."""
    parts = _with_parts(metrics)
    by_metric: dict[int, list[tuple[int, datetime.date, datetime.date, Decimal]]] = defaultdict(list)
    if metrics:
        for metric_id, plan_id, p_start, p_end, value in MetricValue.objects.filter(
            approved_q(as_of),
            version__request__plan__in=plans,
            value__isnull=False,
            metric__in=[m.pk for m in parts],
            version__request__period_end__lte=periods[-1].end if periods else datetime.date.min,
        ).values_list(
            "metric_id",
            "version__request__plan_id",
            "version__request__period_start",
            "version__request__period_end",
            "value",
        ):
            if value is not None:  # (excluded by the query; said again for the type checker)
                by_metric[metric_id].append((plan_id, p_start, p_end, value))
    kinds = {m.pk: m.kind for m in parts}

    def value_of(metric_id: int, start: datetime.date, end: datetime.date) -> dict[int, Decimal]:
        per_plan: dict[int, Decimal] = {}
        if kinds[metric_id] == MetricKind.FLOW:
            for plan_id, p_start, p_end, value in by_metric[metric_id]:
                if p_start >= start and p_end <= end:
                    per_plan[plan_id] = per_plan.get(plan_id, Decimal(0)) + value
        else:
            latest: dict[int, tuple[datetime.date, Decimal]] = {}
            for plan_id, _p_start, p_end, value in by_metric[metric_id]:
                if p_end <= end and (plan_id not in latest or p_end > latest[plan_id][0]):
                    latest[plan_id] = (p_end, value)
            per_plan = {plan_id: v for plan_id, (_d, v) in latest.items()}
        return per_plan

    trends: dict[int, list[TrendPoint]] = {}
    for metric in metrics:
        points = []
        for quarter in periods:
            start, end = quarter.start, quarter.end
            if metric.kind == MetricKind.RATIO:
                numerator_id, denominator_id = _ratio_part_ids(metric)
                num, den = value_of(numerator_id, start, end), value_of(denominator_id, start, end)
                both = set(num) & set(den)
                value = percent_of(_sum(num[p] for p in both), _sum(den[p] for p in both))
            else:
                value = _sum(value_of(metric.pk, start, end).values())
            points.append(TrendPoint(label=quarter.label(), end=end, value=value))
        trends[metric.pk] = points
    return trends


@dataclass(frozen=True)
class ContributionRow:
    """One investee's share of an aggregate, with the approved values behind it (for the drill-down)."""

    plan_id: int
    organisation_id: int
    organisation: str
    municipality: str
    value: Decimal | None
    target: Decimal | None
    submissions: list[tuple[int, str, int, Decimal]]  # (request id, period label, version number, value)


def metric_contributions(
    *,
    plans: QuerySet[ImpactPlan],
    metric: Metric,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.datetime | None = None,
) -> list[ContributionRow]:
    """Per investee: its value of the metric for the window and the approved submissions it comes from."""
    parts = _with_parts([metric])
    plan_list = list(
        ImpactPlan.objects.filter(pk__in=plans.values("pk"), plan_metrics__metric=metric)
        .select_related("organisation", "municipality")
        .order_by("organisation__legal_name")
    )
    values = plan_values(plans=plans, metrics=parts, start=start, end=end, as_of=as_of)
    targets = dict(
        Target.objects.filter(plan_metric__plan__in=plans, plan_metric__metric=metric, year=end.year).values_list(
            "plan_metric__plan_id", "value"
        )
    )
    behind: dict[int, list[tuple[int, str, int, Decimal]]] = defaultdict(list)
    for v in (
        MetricValue.objects.filter(
            approved_q(as_of),
            version__request__plan__in=plans,
            metric__in=[m.pk for m in parts],
            value__isnull=False,
            version__request__period_end__gte=start,
            version__request__period_end__lte=end,
        )
        .select_related("version__request__period", "version__request__plan", "metric")
        .order_by("version__request__period_end")
    ):
        if v.value is None:  # (excluded by the query; said again for the type checker)
            continue
        request = v.version.request
        behind[request.plan_id].append((request.pk, f"{request.label} {v.metric.code}", v.version.number, v.value))
    rows = []
    for plan in plan_list:
        if metric.kind == MetricKind.RATIO:
            numerator_id, denominator_id = _ratio_part_ids(metric)
            value = percent_of(values.get((plan.pk, numerator_id)), values.get((plan.pk, denominator_id)))
        else:
            value = values.get((plan.pk, metric.pk))
        rows.append(
            ContributionRow(
                plan_id=plan.pk,
                organisation_id=plan.organisation_id,
                organisation=plan.organisation.display_name,
                municipality=plan.municipality.name,
                value=value,
                target=targets.get(plan.pk),
                submissions=behind.get(plan.pk, []),
            )
        )
    return rows


def theme_aggregates(
    *,
    plans: QuerySet[ImpactPlan],
    theme: str,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.datetime | None = None,
) -> list[MetricAggregate]:
    """The metrics tagged with `theme` (fund.choices.Theme), added up over the plans by the same rules."""
    return metric_aggregates(
        plans=plans, start=start, end=end, as_of=as_of, metrics=Metric.objects.filter(themes__theme=theme)
    )


def region_plans(*, plans: QuerySet[ImpactPlan], region_code: str) -> QuerySet[ImpactPlan]:
    """The plans whose outcomes are attributed to a municipality in the labour-market region (e.g. AM37)."""
    return plans.filter(municipality__labour_market_region__code=region_code)
