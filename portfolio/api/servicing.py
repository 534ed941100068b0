"""Loan servicing API: loans, their schedule and ledger (read; investees their own), bank-statement upload (managers).

Tranche approval has no API endpoint here; its service refuses the requester in any case (four-eyes)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from fund import access
from fund.models import Fund
from fund.roles import MANAGERS, MANAGERS_AND_INVESTEES
from fund.uploads import BANK_STATEMENT_MAX_BYTES, upload_read
from portfolio.models import LedgerEntry, Loan
from portfolio.selectors.loans import loan_state
from portfolio.services.bank import StatementImportError, bank_statement_import


class LoanSerializer(serializers.ModelSerializer):
    fund: "serializers.SlugRelatedField[Fund]" = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    organisation = serializers.CharField(source="organisation.legal_name", read_only=True)
    principal = serializers.DecimalField(source="principal.amount", max_digits=14, decimal_places=2)

    class Meta:
        model = Loan
        fields = [
            "id",
            "reference",
            "fund",
            "organisation",
            "status",
            "principal",
            "annual_interest_rate",
            "term_months",
            "grace_months",
            "signed_on",
            "first_due_date",
        ]


class LedgerEntrySerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(source="amount.amount", max_digits=14, decimal_places=2, allow_null=True)

    class Meta:
        model = LedgerEntry
        fields = ["id", "entry_type", "value_date", "booking_date", "amount", "rate", "reverses", "source", "note"]


class InstallmentSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    due_date = serializers.DateField()
    principal = serializers.DecimalField(max_digits=14, decimal_places=2)
    interest = serializers.DecimalField(max_digits=14, decimal_places=2)
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2)
    outstanding = serializers.DecimalField(max_digits=14, decimal_places=2)
    status = serializers.CharField()


class ImportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    file_name = serializers.CharField()
    file_format = serializers.CharField()
    lines_read = serializers.IntegerField()
    matched = serializers.IntegerField()
    queued = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())


def _loans(user):
    return access.scope(user, Loan).select_related("fund", "organisation").order_by("reference")


class LoanListApi(generics.ListAPIView):
    allowed_roles = MANAGERS_AND_INVESTEES
    serializer_class = LoanSerializer

    def get_queryset(self):
        return _loans(self.request.user)


class LoanDetailApi(generics.RetrieveAPIView):
    allowed_roles = MANAGERS_AND_INVESTEES
    serializer_class = LoanSerializer

    def get_queryset(self):
        return _loans(self.request.user)


class LoanScheduleApi(APIView):
    """The loan's installments today (the engine over the ledger): amounts, paid, outstanding, status."""

    allowed_roles = MANAGERS_AND_INVESTEES

    @extend_schema(responses=InstallmentSerializer(many=True))
    def get(self, request, pk: int):
        loan = access.get_visible_or_404(request.user, Loan, pk=pk)
        state = loan_state(loan=loan, as_of=timezone.localdate())
        return Response(InstallmentSerializer(state.installments, many=True).data)


class LoanLedgerApi(generics.ListAPIView):
    allowed_roles = MANAGERS_AND_INVESTEES
    serializer_class = LedgerEntrySerializer

    def get_queryset(self):
        loan = access.get_visible_or_404(self.request.user, Loan, pk=self.kwargs["pk"])
        return access.scope(self.request.user, LedgerEntry).filter(loan=loan).order_by("value_date", "pk")


class BankStatementUploadApi(APIView):
    """Upload a CAMT.053 or MT940 file for the fund (multipart `file`); 409 names the entries of a refused file."""

    allowed_roles = MANAGERS
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
        },
        responses={201: ImportSerializer},
    )
    def post(self, request, slug: str):
        fund = access.get_visible_or_404(request.user, Fund, slug=slug)
        if not access.can_manage_fund(request.user, fund):
            raise PermissionDenied
        upload = request.FILES.get("file")
        if upload is None:
            raise ApiValidationError({"file": ["Upload a bank statement file."]})
        try:
            content = upload_read(upload, limit=BANK_STATEMENT_MAX_BYTES, field="file")
        except ValidationError as exc:
            raise ApiValidationError(exc.message_dict) from exc
        try:
            record = bank_statement_import(actor=request.user, fund=fund, file_name=upload.name, content=content)
        except StatementImportError as exc:
            return Response({"detail": str(exc), "problems": exc.problems}, status=status.HTTP_409_CONFLICT)
        return Response(ImportSerializer(record).data, status=status.HTTP_201_CREATED)
