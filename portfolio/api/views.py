"""Deal-flow API: applications (investees their own, managers their funds'), IC decisions (read), votes, funnel.

Every endpoint declares its roles and reads through the access scope; domain errors are 409 with the message."""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from fund import access
from fund.choices import Role
from fund.errors import DomainError
from fund.models import Fund
from fund.roles import APPLICATION_READERS, MANAGERS, MANAGERS_AND_COMMITTEE
from portfolio.api.serializers import (
    ApplicationSerializer,
    FunnelSerializer,
    ICDecisionSerializer,
    VoteInputSerializer,
    VoteSerializer,
)
from portfolio.models import AgendaItem, Application, ICDecision
from portfolio.selectors.dealflow import application_funnel
from portfolio.services.committee import ic_vote_cast


def _applications(user):
    return (
        access.scope(user, Application)
        .select_related("fund", "organisation")
        .prefetch_related("metrics")
        .order_by("-created_at", "-pk")
    )


class ApplicationListApi(generics.ListAPIView):
    allowed_roles = APPLICATION_READERS
    serializer_class = ApplicationSerializer

    @extend_schema(parameters=[OpenApiParameter("fund", str), OpenApiParameter("status", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = _applications(self.request.user)
        if fund := self.request.query_params.get("fund"):
            qs = qs.filter(fund__slug=fund)
        if status_ := self.request.query_params.get("status"):
            qs = qs.filter(status=status_)
        return qs


class ApplicationDetailApi(generics.RetrieveAPIView):
    allowed_roles = APPLICATION_READERS
    serializer_class = ApplicationSerializer

    def get_queryset(self):
        return _applications(self.request.user)


class ICDecisionListApi(generics.ListAPIView):
    allowed_roles = MANAGERS_AND_COMMITTEE
    serializer_class = ICDecisionSerializer

    def get_queryset(self):
        return (
            access.scope(self.request.user, ICDecision)
            .select_related("application__fund", "item__meeting")
            .order_by("-decided_at", "-pk")
        )


class VoteCastApi(APIView):
    """An IC member votes on an agenda item. A member with a declared conflict is refused (409)."""

    allowed_roles = (Role.IC_MEMBER,)

    @extend_schema(request=VoteInputSerializer, responses={201: VoteSerializer})
    def post(self, request, pk: int):
        item = access.get_visible_or_404(request.user, AgendaItem.objects.select_related("meeting__fund"), pk=pk)
        data = VoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            vote = ic_vote_cast(actor=request.user, item=item, **data.validated_data)
        except DomainError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as exc:
            raise ApiValidationError(exc.message_dict) from exc
        return Response(VoteSerializer(vote).data, status=status.HTTP_201_CREATED)


class FunnelApi(APIView):
    """The fund's funnel for a period (default: the last twelve months); the same selector as the page."""

    allowed_roles = MANAGERS

    @extend_schema(
        parameters=[OpenApiParameter("start", datetime.date), OpenApiParameter("end", datetime.date)],
        responses=FunnelSerializer,
    )
    def get(self, request, slug: str):
        fund = access.get_visible_or_404(request.user, Fund, slug=slug)
        if not access.can_manage_fund(request.user, fund):
            raise PermissionDenied
        today = timezone.localdate()
        try:
            start = datetime.date.fromisoformat(
                request.query_params.get("start") or str(today - datetime.timedelta(days=365))
            )
            end = datetime.date.fromisoformat(request.query_params.get("end") or str(today))
        except ValueError as exc:
            raise ApiValidationError({"start": "Use dates as YYYY-MM-DD."}) from exc
        return Response(FunnelSerializer(application_funnel(fund=fund, start=start, end=end)).data)
