"""The yearly impact report of a fund: the year's metrics against targets, per theme and per municipality of the
region, with coverage; place-based outcomes; and the SROI analyses of its investees, always with their assumptions."""

import datetime
from typing import Any

from django.utils.translation import gettext as _

from fund.choices import Theme
from fund.models import Fund
from fund.periods import Quarter
from impactmetrics.models import SroiAnalysis
from impactmetrics.selectors.aggregation import metric_aggregates, theme_aggregates
from impactmetrics.services.sroi import analysis_assumptions, sroi_calculate
from reporting.choices import ReportType
from reporting.definitions.base import Recipient, ReportDefinition
from reporting.definitions.glossary import glossary
from reporting.definitions.impact import end_of_day, fund_plans, impact_section, impact_table
from reporting.tables import Table

FUND_KEY = "fund"


class YearlyImpactReport(ReportDefinition):
    report_type = ReportType.IMPACT
    template = "reporting/reports/yearly_impact.html"

    def title(self) -> str:
        return _("Yearly impact report")

    def recipients(self, *, fund: Fund, period: Quarter) -> list[Recipient]:
        return [Recipient(FUND_KEY, _("All members of %(fund)s") % {"fund": fund.name})]

    def gather(self, *, fund: Fund, period: Quarter, recipient: Recipient) -> dict[str, Any]:
        plans = fund_plans(fund)
        start, end, as_of = datetime.date(period.year, 1, 1), period.end, end_of_day(period.end)
        themes = []
        for theme in fund.themes.all():
            rows = [
                a
                for a in theme_aggregates(plans=plans, theme=theme.theme, start=start, end=end, as_of=as_of)
                if a.value is not None
            ]
            themes.append({"theme": str(Theme(theme.theme).label), "metrics": rows})
        municipalities = []
        for municipality in fund.region.order_by("name"):
            local = plans.filter(municipality=municipality)
            rows = [a for a in metric_aggregates(plans=local, start=start, end=end, as_of=as_of) if a.value is not None]
            municipalities.append({"name": municipality.name, "investees": local.count(), "metrics": rows})
        analyses = []
        for analysis in (
            SroiAnalysis.objects.filter(plan__in=plans)
            .select_related("plan__organisation")
            .prefetch_related("outcomes")
        ):
            outcomes = analysis_assumptions(analysis)
            result = sroi_calculate(
                outcomes=outcomes, discount_rate=analysis.discount_rate, investment=analysis.investment.amount
            )
            analyses.append(
                {
                    "title": analysis.title,
                    "investee": analysis.plan.organisation.display_name,
                    "result": result,
                    "assumptions": outcomes,
                }
            )
        return {
            "fund": {"name": fund.name},
            "period": str(period.year),  # a yearly report is labelled by its year
            "year": period.year,
            "period_start": start,
            "as_of": end,
            "impact": impact_section(plans=plans, period=period),
            "themes": themes,
            "municipalities": municipalities,
            "sroi": analyses,
            "glossary": glossary(),
        }

    def tables(self, context: dict[str, Any]) -> list[Table]:
        sroi = Table(
            _("SROI"),
            [_("Investee"), _("Analysis"), _("Present value"), _("Investment"), _("Ratio"), _("Net ratio")],
            [
                [
                    a["investee"],
                    a["title"],
                    a["result"].present_value,
                    a["result"].investment,
                    a["result"].ratio,
                    a["result"].net_ratio,
                ]
                for a in context["sroi"]
            ],
        )
        per_municipality = Table(
            _("Per municipality"),
            [_("Municipality"), _("Code"), _("Metric"), _("Actual"), _("Target"), _("Coverage")],
            [
                [m["name"], a.code, a.name, a.value, a.target, f"{a.reporting}/{a.expected}"]
                for m in context["municipalities"]
                for a in m["metrics"]
            ],
        )
        return [impact_table(context["impact"]), per_municipality, sroi]
