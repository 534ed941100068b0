"""Read-only impact API; every endpoint declares its roles and reads through the access scope.

Investees see their own plans, requests and submissions; fund managers those of their funds; aggregates follow
the pages (fund aggregates for the fund's readers, municipality aggregates for its officer)."""

import datetime

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from fund import access
from fund.choices import Role
from fund.models import Fund, Municipality
from impactmetrics.api.serializers import (
    DataRequestSerializer,
    ImpactPlanSerializer,
    MetricAggregateSerializer,
    MetricSerializer,
    SubmissionVersionSerializer,
)
from impactmetrics.models import DataRequest, ImpactPlan, Metric, SubmissionVersion
from impactmetrics.selectors.aggregation import metric_aggregates
from impactmetrics.selectors.requests import data_request_list

ALL = (Role.ADMIN, Role.FUND_MANAGER, Role.IC_MEMBER, Role.INVESTEE, Role.CO_INVESTOR, Role.MUNICIPALITY_OFFICER)
PORTAL = (Role.ADMIN, Role.FUND_MANAGER, Role.INVESTEE)
WINDOW = [
    OpenApiParameter("year", int, description="Calendar year (default: this year)"),
    OpenApiParameter("as_of", datetime.date, description="Approved values as they stood at the end of this day"),
]


class MetricListApi(generics.ListAPIView):
    allowed_roles = ALL
    serializer_class = MetricSerializer

    def get_queryset(self):
        return (
            access.scope(self.request.user, Metric)
            .filter(is_active=True)
            .select_related("numerator", "denominator", "part_of")
            .prefetch_related("themes")
        )


class PlanListApi(generics.ListAPIView):
    allowed_roles = PORTAL
    serializer_class = ImpactPlanSerializer

    def get_queryset(self):
        return (
            access.scope(self.request.user, ImpactPlan)
            .select_related("organisation", "fund", "municipality")
            .prefetch_related("plan_metrics__metric", "plan_metrics__targets")
            .order_by("fund__slug", "organisation__legal_name")
        )


class RequestListApi(generics.ListAPIView):
    allowed_roles = PORTAL
    serializer_class = DataRequestSerializer

    def get_queryset(self):
        requests = access.scope(self.request.user, DataRequest)
        status = self.request.query_params.get("status")
        return data_request_list(requests=requests.filter(status=status) if status else requests)


class SubmissionListApi(generics.ListAPIView):
    """Every version of the request's submission, with values (investee: own; manager: their funds')."""

    allowed_roles = PORTAL
    serializer_class = SubmissionVersionSerializer

    def get_queryset(self):
        data_request = access.get_visible_or_404(self.request.user, DataRequest, pk=self.kwargs["pk"])
        return (
            access.scope(self.request.user, SubmissionVersion)
            .filter(request=data_request)
            .select_related("submitted_by", "reviewed_by")
            .prefetch_related("values__metric")
            .order_by("number")
        )


def _window(request) -> tuple[datetime.date, datetime.date, datetime.datetime | None]:
    try:
        year = int(request.query_params.get("year", datetime.date.today().year))
        raw = request.query_params.get("as_of")
        as_of = (
            datetime.datetime.combine(datetime.date.fromisoformat(raw), datetime.time.max, tzinfo=datetime.UTC)
            if raw
            else None
        )
    except ValueError as exc:
        raise ValidationError({"year": "Use a year such as 2026 and a date as YYYY-MM-DD."}) from exc
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31), as_of


class FundAggregatesApi(APIView):
    """The fund's metrics added up for a calendar year, with coverage (see impactmetrics.selectors.aggregation)."""

    allowed_roles = (Role.ADMIN, Role.FUND_MANAGER, Role.IC_MEMBER, Role.CO_INVESTOR)

    @extend_schema(parameters=WINDOW, responses=MetricAggregateSerializer(many=True))
    def get(self, request, slug: str):
        fund = access.get_visible_or_404(request.user, Fund, slug=slug)
        start, end, as_of = _window(request)
        rows = metric_aggregates(plans=ImpactPlan.objects.filter(fund=fund), start=start, end=end, as_of=as_of)
        return Response(MetricAggregateSerializer(rows, many=True).data)


class MunicipalityAggregatesApi(APIView):
    """Metrics of the plans attributed to one municipality: its officer sees only its own."""

    allowed_roles = (Role.ADMIN, Role.FUND_MANAGER, Role.MUNICIPALITY_OFFICER)

    @extend_schema(parameters=WINDOW, responses=MetricAggregateSerializer(many=True))
    def get(self, request, code: str):
        municipality = access.get_visible_or_404(request.user, Municipality, code=code)
        start, end, as_of = _window(request)
        plans = ImpactPlan.objects.filter(municipality=municipality)
        return Response(
            MetricAggregateSerializer(metric_aggregates(plans=plans, start=start, end=end, as_of=as_of), many=True).data
        )
