"""Impact dashboards: a fund's, its drill-down per metric, an investee's, and a municipality's page. Their rows come
from impactmetrics.selectors.dashboard; this module only picks the plans a reader may see and draws the charts."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render

from fund import access
from fund.access import allow
from fund.http import AuthenticatedHttpRequest
from fund.models import Fund, Municipality, Organisation
from fund.roles import FUND_DASHBOARD_READERS, MANAGERS, MANAGERS_AND_INVESTEES, MUNICIPALITY_READERS
from impactmetrics.models import DataRequest, ImpactPlan, Metric, OutcomeContract, SroiAnalysis
from impactmetrics.selectors.aggregation import metric_aggregates, metric_contributions
from impactmetrics.selectors.dashboard import metric_dashboard_rows
from impactmetrics.selectors.outcomes import (
    PERSON_RECORD_METRICS,
    outcome_payments_summaries,
    place_outcomes,
    residents_placed_in_work,
)
from impactmetrics.selectors.requests import data_request_list, overdue_data_requests
from impactmetrics.views.charts import charted_rows
from impactmetrics.views.params import as_of_param, last_day_shown, today, year_param, years_offered


@allow(*FUND_DASHBOARD_READERS)
def fund_dashboard(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A fund's impact for a year: every metric with actual against target, coverage and a three-year trend."""
    fund = access.get_visible_or_404(request.user, Fund, slug=slug)
    year, as_of = year_param(request), as_of_param(request)
    plans = ImpactPlan.objects.filter(fund=fund)
    can_drill = access.scope(request.user, ImpactPlan).filter(fund=fund).exists()
    return render(
        request,
        "impactmetrics/fund_dashboard.html",
        {
            "fund": fund,
            "year": year,
            "years": years_offered(year),
            "as_of": request.GET.get("as_of", ""),
            "rows": charted_rows(metric_dashboard_rows(plans=plans, year=year, as_of=as_of)),
            "investees": plans.count(),
            "can_drill": can_drill,
            "overdue": overdue_data_requests(
                requests=access.scope(request.user, DataRequest).filter(plan__fund=fund), today=today()
            )
            if can_drill
            else [],
        },
    )


@allow(*MANAGERS)
def fund_metric_detail(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    """Drill-down: the investees behind a fund figure, each with the approved submissions it comes from."""
    fund = access.get_visible_or_404(request.user, Fund, slug=slug)
    metric = access.get_visible_or_404(
        request.user, Metric.objects.select_related("numerator", "denominator"), code=code
    )
    year, as_of = year_param(request), as_of_param(request)
    plans = access.scope(request.user, ImpactPlan).filter(fund=fund)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return render(
        request,
        "impactmetrics/fund_metric_detail.html",
        {
            "fund": fund,
            "metric": metric,
            "year": year,
            "rows": metric_contributions(plans=plans, metric=metric, start=start, end=end, as_of=as_of),
            "total": next(
                iter(
                    metric_aggregates(
                        plans=plans, start=start, end=end, as_of=as_of, metrics=Metric.objects.filter(pk=metric.pk)
                    )
                ),
                None,
            ),
        },
    )


@allow(*MANAGERS_AND_INVESTEES)
def investee_dashboard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An investee's impact per plan: actual against target per metric, trends, its requests and SROI."""
    organisation = access.get_visible_or_404(request.user, Organisation, pk=pk)
    plans = list(
        access.scope(request.user, ImpactPlan).filter(organisation=organisation).select_related("fund", "municipality")
    )
    if not plans:
        raise Http404
    year, as_of = year_param(request), as_of_param(request)
    sections = [
        {
            "plan": plan,
            "rows": charted_rows(
                metric_dashboard_rows(plans=ImpactPlan.objects.filter(pk=plan.pk), year=year, as_of=as_of)
            ),
            "requests": data_request_list(requests=plan.requests.all())[:16],
        }
        for plan in plans
    ]
    return render(
        request,
        "impactmetrics/investee_dashboard.html",
        {
            "organisation": organisation,
            "year": year,
            "years": years_offered(year),
            "sections": sections,
            "has_sroi": SroiAnalysis.objects.filter(plan__in=plans).exists(),
            "can_manage": any(access.can_manage_fund(request.user, plan.fund) for plan in plans),
            "today": today(),
        },
    )


@allow(*MUNICIPALITY_READERS)
def municipality_impact(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """What a municipality reads: only outcomes attributed to it, as aggregates (never another municipality's)."""
    municipality = access.get_visible_or_404(request.user, Municipality, code=code)
    year, as_of = year_param(request), as_of_param(request)
    day = last_day_shown(year)
    plans = ImpactPlan.objects.filter(municipality=municipality)
    contracts = access.scope(request.user, OutcomeContract).filter(municipality=municipality)
    # Placement figures come from the residents' person records only (residents_placed_in_work), never from the
    # totals the enterprises report for their own workforce.
    reported = Metric.objects.exclude(code__in=PERSON_RECORD_METRICS)
    return render(
        request,
        "impactmetrics/municipality_impact.html",
        {
            "municipality": municipality,
            "year": year,
            "years": years_offered(year),
            "as_of": request.GET.get("as_of", ""),
            "day": day,
            "rows": charted_rows(metric_dashboard_rows(plans=plans, year=year, as_of=as_of, metrics=reported)),
            "investees": plans.count(),
            "placed_in_year": residents_placed_in_work(
                municipality=municipality, start=datetime.date(year, 1, 1), end=day
            ),
            "place": place_outcomes(municipality=municipality, as_of=day),
            "payments": outcome_payments_summaries(contracts=list(contracts), as_of=day),
        },
    )
