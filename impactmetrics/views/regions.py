"""Labour-market regions: the regions the user's investees' outcomes are attributed to, and one region's impact."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from fund import access
from fund.access import allow
from fund.http import AuthenticatedHttpRequest
from fund.models import Municipality
from fund.roles import MANAGERS
from impactmetrics.models import ImpactPlan, PersonRecord
from impactmetrics.selectors.aggregation import region_plans
from impactmetrics.selectors.dashboard import metric_dashboard_rows
from impactmetrics.selectors.outcomes import region_place_outcomes
from impactmetrics.selectors.regions import plans_per_municipality, region_rows
from impactmetrics.views.charts import charted_rows
from impactmetrics.views.params import as_of_param, last_day_shown, year_param, years_offered


@allow(*MANAGERS)
def region_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The labour-market regions that the user's investees' outcomes are attributed to."""
    regions = region_rows(
        plans=access.scope(request.user, ImpactPlan), persons=access.scope(request.user, PersonRecord)
    )
    return render(request, "impactmetrics/region_list.html", {"regions": regions})


@allow(*MANAGERS)
def region_impact(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """A labour-market region's impact: the metrics of the plans attributed to its municipalities (with coverage),
    and its residents placed in work, in total and per municipality. Each outcome is attributed to one municipality,
    so the region counts it once."""
    municipalities = list(
        access.scope(request.user, Municipality)
        .filter(labour_market_region__code=code)
        .select_related("labour_market_region")
        .order_by("name")
    )
    if not municipalities:
        raise Http404
    region = municipalities[0].labour_market_region
    year, as_of = year_param(request), as_of_param(request)
    day = last_day_shown(year)
    plans = region_plans(plans=access.scope(request.user, ImpactPlan), region_code=code)
    plan_counts = plans_per_municipality(plans=plans)
    place = region_place_outcomes(
        region_name=region.name,
        municipalities=municipalities,
        as_of=day,
        persons=access.scope(request.user, PersonRecord),
    )
    return render(
        request,
        "impactmetrics/region_impact.html",
        {
            "region": region,
            "year": year,
            "years": years_offered(year),
            "as_of": request.GET.get("as_of", ""),
            "day": day,
            "rows": charted_rows(metric_dashboard_rows(plans=plans, year=year, as_of=as_of)),
            "investees": sum(plan_counts.values()),
            "place": place,
            "municipalities": [
                {"municipality": m, "plans": plan_counts.get(m.pk, 0)} for m in municipalities if plan_counts.get(m.pk)
            ],
        },
    )
