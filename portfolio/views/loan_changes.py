"""Pages for the steps of a loan's life after approval: contract, conditions precedent (met with evidence, waived
four-eyes), payment files, payoff, restructuring, write-off, interest waiver and the impact-linked step-down (each
sent for another fund manager's approval: four eyes).

Fund managers only (admins too); each view declares its roles, reads through fund.access and calls one service.
A service's field errors become messages that name the field, so a manager knows what to correct.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fund import access
from fund.access import allow
from fund.errors import DomainError
from fund.fields import LocalizedDecimalField
from fund.http import AuthenticatedHttpRequest
from fund.roles import MANAGERS
from fund.service_calls import FAILED, form_errors_add, service_run, service_run_once
from portfolio.choices import LoanStatus
from portfolio.forms import ContractForm
from portfolio.models import (
    ApplicationDocument,
    ConditionPrecedent,
    ConditionWaiver,
    ImpactTarget,
    PaymentFile,
    Restructuring,
)
from portfolio.selectors.loans import loan_state
from portfolio.services.bank import direct_debit_file_create
from portfolio.services.contract import loan_contract_sign
from portfolio.services.disbursement import (
    condition_precedent_meet,
    condition_waiver_approve,
    condition_waiver_reject,
    condition_waiver_request,
    tranche_payment_file,
)
from portfolio.services.loan_approvals import (
    impact_step_down_request,
    interest_waiver_request,
    loan_write_off_request,
)
from portfolio.services.loan_changes import (
    loan_payoff,
    restructuring_approve,
    restructuring_request,
)
from portfolio.views.common import (
    SERVICING_FIELD_LABELS,
    amount_from,
    date_from,
    loan_redirect,
    managed_fund,
    managed_loan,
    managed_tranche,
    payment_message,
)

RATE_FIELD = LocalizedDecimalField(required=False, max_digits=6, decimal_places=3)


def _run(request: AuthenticatedHttpRequest, call: Callable, success: str) -> Any:
    """Run a loan-change service (errors become messages naming the field); its result, or None when it refused."""
    result = service_run(request, call, success, labels=SERVICING_FIELD_LABELS)
    return None if result is FAILED else result


def _xml_download(payment_file: PaymentFile, name: str) -> HttpResponse:
    response = HttpResponse(payment_file.content.encode(), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def contract_sign_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the signed contract of an approved loan."""
    loan = managed_loan(request, pk)
    if loan.status != LoanStatus.APPROVED:
        messages.error(request, _("The contract of this loan has been signed already."))
        return loan_redirect(loan.pk)
    today = timezone.localdate()
    initial = {
        "signed_on": today,
        "planned_disbursement_date": today,
        "borrower_iban": loan.organisation.iban,
        "allocation": loan.allocation,
        "prepayment": loan.prepayment,
        "early_payment": loan.early_payment,
    }
    form = ContractForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            signed = loan_contract_sign(actor=request.user, loan=loan, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_add(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Contract recorded; the contract schedule is on the loan page."))
            if not signed.borrower_iban:
                messages.info(request, _("The payee IBAN is paid to once a second manager approves it."))
            return loan_redirect(loan.pk)
    return render(request, "portfolio/contract_form.html", {"loan": loan, "form": form})


def _condition(request: AuthenticatedHttpRequest, pk: int) -> ConditionPrecedent:
    condition = access.get_visible_or_404(request.user, ConditionPrecedent.objects.select_related("loan__fund"), pk=pk)
    if not access.can_manage_fund(request.user, condition.loan.fund):
        raise PermissionDenied
    return condition


def _waiver(request: AuthenticatedHttpRequest, pk: int) -> ConditionWaiver:
    waiver = access.get_visible_or_404(
        request.user, ConditionWaiver.objects.select_related("condition__loan__fund"), pk=pk
    )
    if not access.can_manage_fund(request.user, waiver.condition.loan.fund):
        raise PermissionDenied
    return waiver


@allow(*MANAGERS)
@require_POST
def condition_meet_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark an open condition precedent met, with its evidence (a description and/or one of the loan's documents)."""
    condition = _condition(request, pk)
    document_id = request.POST.get("evidence_document", "")
    document = None
    if document_id:
        document = (
            access.scope(request.user, ApplicationDocument)
            .filter(pk=int(document_id) if document_id.isdigit() else 0, application_id=condition.loan.application_id)
            .first()
        )
        if document is None:
            messages.error(request, _("Evidence document: choose one of this loan's documents."))
            return loan_redirect(condition.loan_id)
    _run(
        request,
        lambda: condition_precedent_meet(
            actor=request.user,
            condition=condition,
            evidence=request.POST.get("evidence", ""),
            evidence_document=document,
        ),
        _("Condition marked met."),
    )
    return loan_redirect(condition.loan_id)


@allow(*MANAGERS)
@require_POST
def condition_waiver_request_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask to waive an open condition precedent, with the reason; another fund manager decides."""
    condition = _condition(request, pk)
    _run(
        request,
        lambda: condition_waiver_request(
            actor=request.user, condition=condition, reason=request.POST.get("reason", "")
        ),
        _("Waiver requested; another fund manager approves or rejects it."),
    )
    return loan_redirect(condition.loan_id)


@allow(*MANAGERS)
@require_POST
def condition_waiver_approve_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The second fund manager approves a waiver request (refused to the requester)."""
    waiver = _waiver(request, pk)
    _run(
        request,
        lambda: condition_waiver_approve(actor=request.user, waiver=waiver),
        _("Waiver approved: the condition is waived."),
    )
    return loan_redirect(waiver.condition.loan_id)


@allow(*MANAGERS)
@require_POST
def condition_waiver_reject_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The second fund manager rejects a waiver request: the condition stays open (refused to the requester)."""
    waiver = _waiver(request, pk)
    _run(
        request,
        lambda: condition_waiver_reject(actor=request.user, waiver=waiver),
        _("Waiver rejected: the condition stays open."),
    )
    return loan_redirect(waiver.condition.loan_id)


@allow(*MANAGERS)
@require_POST
def tranche_payment_file_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The pain.001 credit-transfer file of an approved tranche, for the bank."""
    tranche = managed_tranche(request, pk)
    payment_file = _run(
        request,
        lambda: tranche_payment_file(actor=request.user, fund=tranche.loan.fund, tranches=[tranche]),
        _("Payment file made."),
    )
    if payment_file is None:
        return loan_redirect(tranche.loan_id)
    return _xml_download(payment_file, f"pain001-{tranche.end_to_end_id}.xml")


@allow(*MANAGERS)
@require_POST
def direct_debit_file_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The pain.008 direct-debit file for the installments due in a period."""
    fund = managed_fund(request, slug)
    start, end = date_from(request.POST.get("start")), date_from(request.POST.get("end"))
    if start is None or end is None:
        messages.error(request, _("Period: enter the first and the last day."))
        return redirect(reverse("portfolio:bank_statements", args=[fund.slug]))
    payment_file = _run(
        request,
        lambda: direct_debit_file_create(actor=request.user, fund=fund, start=start, end=end),
        _("Direct-debit file made."),
    )
    if payment_file is None:
        return redirect(reverse("portfolio:bank_statements", args=[fund.slug]))
    return _xml_download(payment_file, f"pain008-{fund.slug}-{start}-{end}.xml")


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def loan_payoff_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The payoff amount for a date (the engine's quote), and posting the early repayment in full."""
    loan = managed_loan(request, pk)
    today = timezone.localdate()
    on = min(date_from(request.POST.get("on") or request.GET.get("on"), today), today)
    if request.method == "POST":
        result = _run(request, lambda: loan_payoff(actor=request.user, loan=loan, on=on), "")
        if result is not None:
            messages.success(request, payment_message(result))
        return loan_redirect(loan.pk)
    serviced = loan.status in (LoanStatus.ACTIVE, LoanStatus.RESTRUCTURED)
    state = loan_state(loan=loan, as_of=on) if serviced else None
    quote = state.payoff_amount if state else None
    return render(
        request, "portfolio/payoff.html", {"loan": loan, "on": on, "quote": quote, "state": state, "today": today}
    )


@allow(*MANAGERS)
@require_POST
def restructuring_request_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    loan = managed_loan(request, pk)
    repayments = request.POST.get("repayments", "")
    grace = request.POST.get("grace_months", "")
    _run(
        request,
        lambda: restructuring_request(
            actor=request.user,
            loan=loan,
            effective_date=date_from(request.POST.get("effective_date")),
            repayments=int(repayments) if repayments.isdigit() else None,
            annual_interest_rate=amount_from(
                request.POST.get("annual_interest_rate"), name="annual_interest_rate", field=RATE_FIELD
            ),
            grace_months=int(grace) if grace.isdigit() else 0,
            reason=request.POST.get("reason", ""),
        ),
        _("Restructuring sent for approval: another fund manager of the fund approves it."),
    )
    return loan_redirect(loan.pk)


@allow(*MANAGERS)
@require_POST
def restructuring_approve_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    restructuring = access.get_visible_or_404(request.user, Restructuring.objects.select_related("loan__fund"), pk=pk)
    if not access.can_manage_fund(request.user, restructuring.loan.fund):
        raise PermissionDenied
    _run(
        request,
        lambda: restructuring_approve(actor=request.user, restructuring=restructuring),
        _("Restructuring approved: the new schedule runs from its effective date."),
    )
    return loan_redirect(restructuring.loan_id)


@allow(*MANAGERS)
@require_POST
def loan_write_off_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    loan = managed_loan(request, pk)
    _run(
        request,
        lambda: loan_write_off_request(
            actor=request.user,
            loan=loan,
            on=date_from(request.POST.get("value_date"), timezone.localdate()),
            reason=request.POST.get("reason", ""),
        ),
        _("Write-off sent for approval: another fund manager of the fund approves it before it is posted."),
    )
    return loan_redirect(loan.pk)


@allow(*MANAGERS)
@require_POST
def interest_waive_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    loan = managed_loan(request, pk)
    service_run_once(
        request,
        lambda: interest_waiver_request(
            actor=request.user,
            loan=loan,
            value_date=date_from(request.POST.get("value_date")),
            amount=amount_from(request.POST.get("amount")),
            note=request.POST.get("note", ""),
        ),
        _("Interest waiver sent for approval: another fund manager of the fund approves it before it is posted."),
        labels=SERVICING_FIELD_LABELS,
    )
    return loan_redirect(loan.pk)


@allow(*MANAGERS)
@require_POST
def impact_step_down_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask for the step-down of a met impact target, on the investee's approved figures (never a typed value);
    another fund manager approves it."""
    target = access.get_visible_or_404(request.user, ImpactTarget.objects.select_related("loan__fund"), pk=pk)
    if not access.can_manage_fund(request.user, target.loan.fund):
        raise PermissionDenied
    _run(
        request,
        lambda: impact_step_down_request(actor=request.user, target=target),
        _("Step-down sent for approval with the approved impact figures: another fund manager approves it."),
    )
    return loan_redirect(target.loan_id)
