"""Four-eyes changes over the API: list them, and approve, reject or withdraw one through the same services as the
pages, so the API refuses exactly what they refuse (the requester never decides: 403). There is no endpoint that
changes a fund setting or an IBAN directly."""

from collections.abc import Callable

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from fund import access
from fund.errors import DomainError, FourEyesError
from fund.models import Fund, PendingChange, User
from fund.roles import MANAGERS_AND_COMMITTEE
from fund.selectors import pending_changes_for
from fund.services.approvals import approval_kind_label, change_approve, change_reject, change_withdraw


class PendingChangeSerializer(serializers.ModelSerializer):
    fund: "serializers.SlugRelatedField[Fund]" = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    kind_label = serializers.SerializerMethodField()
    requested_by: "serializers.StringRelatedField[User]" = serializers.StringRelatedField()
    decided_by: "serializers.StringRelatedField[User]" = serializers.StringRelatedField()

    class Meta:
        model = PendingChange
        fields = [
            "id",
            "fund",
            "kind",
            "kind_label",
            "payload",
            "before",
            "reason",
            "state",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]

    def get_kind_label(self, change: PendingChange) -> str:
        return approval_kind_label(change.kind)


class RejectInputSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True)


class PendingChangeListApi(generics.ListAPIView):
    """The four-eyes changes the user may see (of one fund with `?fund=slug`): awaiting approval first."""

    allowed_roles = MANAGERS_AND_COMMITTEE
    serializer_class = PendingChangeSerializer

    @extend_schema(parameters=[OpenApiParameter("fund", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        slug = self.request.query_params.get("fund")
        fund = access.get_visible_or_404(self.request.user, Fund, slug=slug) if slug else None
        return pending_changes_for(self.request.user, fund=fund)


def _decide(request, pk: int, decide: Callable[[PendingChange], PendingChange]) -> Response:
    change = access.get_visible_or_404(request.user, PendingChange.objects.select_related("fund"), pk=pk)
    try:
        change = decide(change)
    except FourEyesError as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    except DomainError as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    except DjangoValidationError as exc:
        raise ApiValidationError(exc.message_dict) from exc
    return Response(PendingChangeSerializer(change).data)


class PendingChangeApproveApi(APIView):
    """Approve a change and make it. Refused (403) to its requester and to anyone who is not its checker."""

    allowed_roles = MANAGERS_AND_COMMITTEE

    @extend_schema(request=None, responses=PendingChangeSerializer)
    def post(self, request, pk: int):
        return _decide(request, pk, lambda change: change_approve(actor=request.user, change=change))


class PendingChangeRejectApi(APIView):
    """Reject a change with a note. Refused (403) to its requester (who withdraws instead) and non-checkers."""

    allowed_roles = MANAGERS_AND_COMMITTEE

    @extend_schema(request=RejectInputSerializer, responses=PendingChangeSerializer)
    def post(self, request, pk: int):
        data = RejectInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = data.validated_data["note"]
        return _decide(request, pk, lambda change: change_reject(actor=request.user, change=change, note=note))


class PendingChangeWithdrawApi(APIView):
    """The requester withdraws their own pending change (403 for anyone else)."""

    allowed_roles = MANAGERS_AND_COMMITTEE

    @extend_schema(request=None, responses=PendingChangeSerializer)
    def post(self, request, pk: int):
        return _decide(request, pk, lambda change: change_withdraw(actor=request.user, change=change))
