"""The impact figures that the investor and municipality reports share, from the impactmetrics selectors."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fund.charts import Bar, bars_svg
from fund.models import Municipality
from fund.periods import Quarter
from impactmetrics.choices import MetricKind
from impactmetrics.models import ImpactPlan, OutcomeContract, PersonRecord
from impactmetrics.selectors.aggregation import MetricAggregate, metric_aggregates
from impactmetrics.selectors.outcomes import outcome_payments_summary, place_outcomes
from reporting.formatting import decimal_text, metric_text
from reporting.tables import Table


def _kinds() -> dict[str, str]:
    return {MetricKind.FLOW: _("flow"), MetricKind.STOCK: _("stock"), MetricKind.RATIO: _("ratio")}


def end_of_day(day: datetime.date) -> datetime.datetime:
    """Approvals up to the end of `day` count (reports are reproducible: later approvals do not change them)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _shown(aggregate: MetricAggregate) -> str:
    return metric_text(aggregate.value, data_type=aggregate.data_type, is_ratio=aggregate.kind == MetricKind.RATIO)


def impact_section(*, plans: QuerySet, period: Quarter) -> dict[str, Any]:
    """Year-to-date metrics against the year's targets, with coverage, and a chart of the ones with data."""
    aggregates = metric_aggregates(
        plans=plans, start=datetime.date(period.end.year, 1, 1), end=period.end, as_of=end_of_day(period.end)
    )
    charted = [a for a in aggregates if a.value is not None and a.kind != "ratio"][:14]
    return {
        "investees": plans.count(),
        "metrics": [{"metric": a, "kind": _kinds()[a.kind]} for a in aggregates],
        "chart": bars_svg(
            [Bar(a.name, a.value, a.target, _shown(a)) for a in charted],
            fmt=lambda value: decimal_text(value, 0),
            title=_("Impact year to date"),
            legend=_("Actual year to date"),
            target_legend=_("Target for the year"),
        ),
    }


def place_section(*, fund_plans: QuerySet, municipality: Municipality, period: Quarter) -> dict[str, Any]:
    """Residents of the municipality placed in work by the fund's investees, and the outcome payments due to them."""
    persons = PersonRecord.objects.filter(organisation__in=fund_plans.values("organisation"))
    contracts = OutcomeContract.objects.filter(municipality=municipality).prefetch_related("rates", "payments")
    return {
        "outcomes": place_outcomes(municipality=municipality, as_of=period.end, persons=persons),
        "payments": [outcome_payments_summary(contract=c, as_of=period.end) for c in contracts],
    }


def fund_plans(fund) -> QuerySet:
    return ImpactPlan.objects.filter(fund=fund)


def impact_table(section: dict[str, Any]) -> Table:
    return Table(
        str(_("Impact")),
        [
            str(_("Code")),
            str(_("Metric")),
            str(_("Kind")),
            str(_("Actual")),
            str(_("Target")),
            str(_("Reporting")),
            str(_("Expected")),
        ],
        [
            [
                r["metric"].code,
                r["metric"].name,
                str(r["kind"]),
                r["metric"].value,
                r["metric"].target,
                r["metric"].reporting,
                r["metric"].expected,
            ]
            for r in section["metrics"]
        ],
    )
