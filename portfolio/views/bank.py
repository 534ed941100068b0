"""Pages of the bank: statement import (CAMT.053, MT940) and the reconciliation queue of lines no loan was found for.

Fund managers only (admins too); each view reads through fund.access and calls one service.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fund import access
from fund.access import allow
from fund.http import AuthenticatedHttpRequest
from fund.roles import MANAGERS
from fund.service_calls import service_run
from fund.uploads import BANK_STATEMENT_MAX_BYTES, upload_read
from portfolio.models import BankLine, BankStatementImport, Loan
from portfolio.selectors.bank import bank_assignable_loans, bank_lines_dealt_with, bank_reconciliation_queue
from portfolio.services.bank import (
    StatementImportError,
    bank_line_assign,
    bank_line_ignore,
    bank_line_park,
    bank_line_split,
    bank_statement_import,
)
from portfolio.views.common import SERVICING_FIELD_LABELS, amount_from, date_from, managed_fund


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def bank_statements(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Upload a CAMT.053 or MT940 file; the reconciliation queue of lines no loan could be found for."""
    fund = managed_fund(request, slug)
    problems: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a bank statement file."))
        else:
            try:
                content = upload_read(upload, limit=BANK_STATEMENT_MAX_BYTES, field="file")
                result = bank_statement_import(
                    actor=request.user, fund=fund, file_name=upload.name or "", content=content
                )
            except ValidationError as exc:
                messages.error(request, _("The file was not imported: %(reason)s") % {"reason": " ".join(exc.messages)})
            except StatementImportError as exc:
                messages.error(request, _("The file was not imported: %(reason)s") % {"reason": exc})
                problems = exc.problems
            else:
                messages.success(
                    request,
                    _("%(matched)s payments posted, %(queued)s to reconcile, %(dupes)s imported before.")
                    % {"matched": result.matched, "queued": result.queued, "dupes": result.duplicates},
                )
                return redirect(reverse("portfolio:bank_statements", args=[fund.slug]))
    return render(
        request,
        "portfolio/bank_statements.html",
        {
            "fund": fund,
            "queue": bank_reconciliation_queue(fund=fund),
            "dealt_with": bank_lines_dealt_with(fund=fund),
            "loans": bank_assignable_loans(fund=fund),
            "split_rows": range(1, SPLIT_ROWS + 1),
            "imports": BankStatementImport.objects.filter(fund=fund)[:10],
            "problems": problems,
        },
    )


SPLIT_ROWS = 4  # parts the split form offers; empty rows are left out


def _bank_line(request: AuthenticatedHttpRequest, pk: int) -> BankLine:
    line = access.get_visible_or_404(request.user, BankLine.objects.select_related("fund"), pk=pk)
    if not access.can_manage_fund(request.user, line.fund):
        raise PermissionDenied
    return line


def _to_queue(line: BankLine) -> HttpResponse:
    return redirect(reverse("portfolio:bank_statements", args=[line.fund.slug]))


def _bank_service(request: AuthenticatedHttpRequest, call, success: str) -> None:
    service_run(request, call, success, labels=SERVICING_FIELD_LABELS)


@allow(*MANAGERS)
@require_POST
def bank_line_assign_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Post a queued line on the loan the manager chose, on the value date they chose (the line's own by default)."""
    line = _bank_line(request, pk)
    loan = access.get_visible_or_404(request.user, Loan, pk=request.POST.get("loan") or 0)
    value_date = date_from(request.POST.get("value_date"), line.value_date)
    _bank_service(
        request,
        lambda: bank_line_assign(actor=request.user, line=line, loan=loan, value_date=value_date),
        _("Payment posted."),
    )
    return _to_queue(line)


@allow(*MANAGERS)
@require_POST
def bank_line_split_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Split a queued line across loans: one repayment per filled-in row (loan and amount)."""
    line = _bank_line(request, pk)
    loans = access.scope(request.user, Loan)
    parts = []
    for loan_id, amount in zip(request.POST.getlist("part_loan"), request.POST.getlist("part_amount"), strict=False):
        if not loan_id and not amount.strip():
            continue
        loan = loans.filter(pk=int(loan_id) if loan_id.isdigit() else 0).first()
        if loan is None:
            messages.error(request, _("Split: choose a loan for every amount."))
            return _to_queue(line)
        try:
            parts.append((loan, amount_from(amount)))
        except ValidationError as exc:
            messages.error(request, _("Split: %(error)s") % {"error": " ".join(exc.messages)})
            return _to_queue(line)
    value_date = date_from(request.POST.get("value_date"), line.value_date)
    _bank_service(
        request,
        lambda: bank_line_split(actor=request.user, line=line, parts=parts, value_date=value_date),
        _("Line split; a repayment was posted on each loan."),
    )
    return _to_queue(line)


@allow(*MANAGERS)
@require_POST
def bank_line_park_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Put a queued line aside with a note; it stays on the queue."""
    line = _bank_line(request, pk)
    _bank_service(
        request,
        lambda: bank_line_park(actor=request.user, line=line, note=request.POST.get("note", "")),
        _("Line parked with your note."),
    )
    return _to_queue(line)


@allow(*MANAGERS)
@require_POST
def bank_line_ignore_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Take a queued line off the queue as no loan payment, with the reason."""
    line = _bank_line(request, pk)
    _bank_service(
        request,
        lambda: bank_line_ignore(actor=request.user, line=line, reason=request.POST.get("reason", "")),
        _("Line set aside as not a loan payment."),
    )
    return _to_queue(line)
