"""Read-only JSON API; every endpoint declares its roles and reads through the access scope."""

import datetime

from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from fund import access
from fund.access import AUTHENTICATED
from fund.api.serializers import CapitalAccountSerializer, FundSerializer, OrganisationSerializer
from fund.models import Fund, Member, Organisation
from fund.roles import FUND_PAGE_READERS, ORGANISATION_READERS
from fund.selectors import member_capital_accounts, organisation_list


class FundListApi(generics.ListAPIView):
    allowed_roles = FUND_PAGE_READERS
    serializer_class = FundSerializer

    def get_queryset(self):
        return access.scope(self.request.user, Fund).prefetch_related("themes", "region").order_by("name")


class OrganisationListApi(generics.ListAPIView):
    allowed_roles = ORGANISATION_READERS
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        return organisation_list(
            organisations=access.scope(self.request.user, Organisation), search=self.request.query_params.get("q", "")
        )


class CapitalAccountsApi(APIView):
    """The capital accounts of a fund's members that the user may see, as of a date (default today)."""

    allowed_roles = FUND_PAGE_READERS

    @extend_schema(parameters=[OpenApiParameter("as_of", datetime.date)], responses=CapitalAccountSerializer(many=True))
    def get(self, request, slug: str):
        fund = access.get_visible_or_404(request.user, Fund, slug=slug)
        raw = request.query_params.get("as_of")
        try:
            as_of = datetime.date.fromisoformat(raw) if raw else datetime.date.today()
        except ValueError as exc:
            raise ValidationError({"as_of": "Use a date as YYYY-MM-DD."}) from exc
        members = access.scope(request.user, Member).filter(fund=fund)
        accounts = member_capital_accounts(fund=fund, as_of=as_of, members=members)
        return Response(CapitalAccountSerializer(accounts, many=True).data)


class SchemaApi(SpectacularAPIView):
    allowed_roles = (AUTHENTICATED,)
