"""The rows of the impact dashboards (fund, investee, municipality, region): each metric's aggregate for a year with
its three-year quarterly trend, in a fixed number of queries whatever the number of metrics or investees."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from fund.periods import Quarter
from impactmetrics.choices import MetricKind
from impactmetrics.models import ImpactPlan, Metric
from impactmetrics.selectors.aggregation import MetricAggregate, TrendPoint, metric_aggregates, metric_trends


@dataclass(frozen=True)
class DashboardRow:
    """One metric on a dashboard: the year's figure against target, and its quarters over three years."""

    aggregate: MetricAggregate
    trend: list[TrendPoint]

    @property
    def is_ratio(self) -> bool:
        return self.aggregate.kind == MetricKind.RATIO


def metric_dashboard_rows(
    *,
    plans: QuerySet[ImpactPlan],
    year: int,
    as_of: datetime.datetime | None = None,
    metrics: QuerySet[Metric] | None = None,
) -> list[DashboardRow]:
    """Every metric the plans report (or those of `metrics` among them) for the calendar year `year`, by the rules of
    metric_aggregates, each with its trend over the quarters of `year` and the two years before (metric_trends).
    Six queries, whatever the number of metrics and plans."""
    aggregates = metric_aggregates(
        plans=plans, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), as_of=as_of, metrics=metrics
    )
    by_code = {
        m.code: m
        for m in Metric.objects.filter(code__in=[a.code for a in aggregates]).select_related("numerator", "denominator")
    }
    trends = metric_trends(
        plans=plans, metrics=list(by_code.values()), periods=Quarter.of_years(year - 2, year), as_of=as_of
    )
    return [DashboardRow(aggregate=a, trend=trends[by_code[a.code].pk]) for a in aggregates]
