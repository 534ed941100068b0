"""The impact start page (what this user does with impact) and the metric catalog."""

from django.http import HttpResponse
from django.shortcuts import render

from fund import access
from fund.access import allow
from fund.http import AuthenticatedHttpRequest
from fund.models import Fund, Municipality, Organisation
from fund.roles import EVERY_ROLE, FUND_DASHBOARD_READERS
from impactmetrics.models import DataRequest, Metric
from impactmetrics.selectors.requests import data_request_list, overdue_data_requests, review_queue
from impactmetrics.views.params import today


@allow(*EVERY_ROLE)
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What this user does with impact: report (investee), review (manager), read (others)."""
    user = request.user
    visible_requests = access.scope(user, DataRequest)
    managed = access.is_admin(user) or bool(access.managed_fund_ids(user))
    return render(
        request,
        "impactmetrics/index.html",
        {
            "my_requests": data_request_list(
                requests=visible_requests.filter(plan__organisation__pk__in=access.investee_organisation_ids(user))
            )[:40],
            "review": review_queue(requests=visible_requests)[:50] if managed else [],
            "overdue": overdue_data_requests(requests=visible_requests, today=today())[:50] if managed else [],
            "funds": access.scope(user, Fund).order_by("name")
            if set(access.role_names(user)) & set(FUND_DASHBOARD_READERS)
            else [],
            "municipalities": access.scope(user, Municipality).filter(pk__in=access.officer_municipality_ids(user)),
            "my_organisations": access.scope(user, Organisation).filter(pk__in=access.investee_organisation_ids(user)),
            "today": today(),
            "managed": managed,
        },
    )


@allow(*EVERY_ROLE)
def metric_catalog(request: AuthenticatedHttpRequest) -> HttpResponse:
    metrics = access.scope(request.user, Metric).filter(is_active=True).prefetch_related("themes")
    return render(
        request,
        "impactmetrics/metric_catalog.html",
        {"metrics": metrics.select_related("numerator", "denominator", "part_of")},
    )
