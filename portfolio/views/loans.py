"""Pages of loans and their servicing: the loan list, the loan page (state, schedule versions, ledger, tranches),
tranche requests and approvals, repayments.

Every view declares its roles and reads through fund.access; services do the work and their errors become messages.
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fund import access
from fund.access import allow
from fund.http import AuthenticatedHttpRequest
from fund.models import Fund
from fund.roles import MANAGERS, MANAGERS_AND_INVESTEES
from fund.selectors import object_history
from fund.service_calls import service_run, service_run_once
from portfolio.choices import SERVICED_STATUSES, ImpactTargetStatus, LoanStatus, TrancheStatus
from portfolio.models import Loan
from portfolio.selectors.approvals import impact_target_evidence, loan_pending_changes
from portfolio.selectors.conditions import loan_conditions, loan_evidence_documents
from portfolio.selectors.loans import loan_contracted_schedule, loan_state
from portfolio.services.disbursement import (
    CONDITION_STATUSES,
    open_conditions,
    tranche_approve,
    tranche_blockers,
    tranche_confirm,
    tranche_request,
)
from portfolio.services.loan_approvals import manual_payment_post
from portfolio.views.common import (
    SERVICING_FIELD_LABELS,
    amount_from,
    date_from,
    loan_redirect,
    managed_loan,
    managed_tranche,
    payment_message,
)


def _service_once(request: AuthenticatedHttpRequest, call: Callable, success: str) -> None:
    """A money form's service, recorded once (a double click records nothing more), its errors naming the field."""
    service_run_once(request, call, success, labels=SERVICING_FIELD_LABELS)


@allow(*MANAGERS_AND_INVESTEES)
@require_GET
def loan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The loans the user may see, newest approval first; fund managers also get their funds' dashboards."""
    loans = access.scope(request.user, Loan).select_related("fund", "organisation").order_by("-approved_at", "-pk")
    funds = [f for f in access.scope(request.user, Fund).order_by("name") if access.can_manage_fund(request.user, f)]
    return render(request, "portfolio/loan_list.html", {"loans": loans, "funds": funds})


@allow(*MANAGERS_AND_INVESTEES)
@require_GET
def loan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One loan: its conditions, covenants and, once contracted, its state, schedule versions, ledger and tranches."""
    loan = access.get_visible_or_404(
        request.user, Loan.objects.select_related("fund", "organisation", "application", "decision"), pk=pk
    )
    return render(
        request,
        "portfolio/loan_detail.html",
        {
            "loan": loan,
            "conditions": loan_conditions(loan=loan),
            "covenants": list(loan.covenants.all()),
            "history": object_history(loan) if access.can_see_history(request.user) else [],
            "LoanStatus": LoanStatus,  # the templates compare statuses by name
            "TrancheStatus": TrancheStatus,
            **_loan_servicing_context(request, loan),
        },
    )


def _loan_servicing_context(request: AuthenticatedHttpRequest, loan: Loan) -> dict:
    """What the loan page adds once a loan is contracted: state today, schedule versions, ledger, tranches."""
    today = timezone.localdate()
    managing = access.can_manage_fund(request.user, loan.fund)
    state = (
        loan_state(loan=loan, as_of=today) if loan.status not in (LoanStatus.APPROVED, LoanStatus.CONTRACTED) else None
    )
    tranches = list(loan.tranches.select_related("requested_by", "approved_by"))
    conditions_changeable = managing and loan.status in CONDITION_STATUSES
    return {
        "state": state,
        "contract_version": loan_contracted_schedule(loan=loan) if state is None and loan.signed_on else None,
        "managing": managing,
        "conditions_changeable": conditions_changeable,
        "open_conditions": open_conditions(loan) if managing else [],
        "evidence_documents": loan_evidence_documents(loan=loan) if conditions_changeable else [],
        "versions": list(loan.schedule_versions.prefetch_related("installments")),
        "entries": list(loan.ledger_entries.select_related("created_by").order_by("value_date", "pk")),
        "tranches": [(t, tranche_blockers(t) if t.status == TrancheStatus.REQUESTED else []) for t in tranches],
        "restructurings": list(loan.restructurings.select_related("requested_by", "decided_by")) if managing else [],
        "impact_targets": [
            (t, impact_target_evidence(t) if t.status == ImpactTargetStatus.OPEN else None)
            for t in loan.impact_targets.select_related("metric", "loan__organisation", "loan__fund")
        ]
        if managing
        else [],
        "pending_changes": loan_pending_changes(loan=loan) if managing else [],
        "can_post": managing and loan.status in (*SERVICED_STATUSES, LoanStatus.WRITTEN_OFF),
        "today": today,
    }


@allow(*MANAGERS)
@require_POST
def tranche_request_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    loan = managed_loan(request, pk)
    _service_once(
        request,
        lambda: tranche_request(
            actor=request.user,
            loan=loan,
            amount=amount_from(request.POST.get("amount")),
            planned_date=date_from(request.POST.get("planned_date")),
        ),
        _("Tranche requested; another fund manager approves it."),
    )
    return loan_redirect(loan.pk)


@allow(*MANAGERS)
@require_POST
def tranche_approve_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    tranche = managed_tranche(request, pk)
    service_run(request, lambda: tranche_approve(actor=request.user, tranche=tranche), _("Tranche approved."))
    return loan_redirect(tranche.loan_id)


@allow(*MANAGERS)
@require_POST
def tranche_confirm_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    tranche = managed_tranche(request, pk)
    service_run(
        request,
        lambda: tranche_confirm(
            actor=request.user, tranche=tranche, paid_on=date_from(request.POST.get("paid_on"), timezone.localdate())
        ),
        _("Tranche paid out and posted to the ledger."),
    )
    return loan_redirect(tranche.loan_id)


@allow(*MANAGERS)
@require_POST
def repayment_post_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A payment the manager types in: posted, or above the fund's threshold sent for another manager's approval."""
    loan = managed_loan(request, pk)

    def post() -> object:
        result = manual_payment_post(
            actor=request.user,
            loan=loan,
            value_date=date_from(request.POST.get("value_date")),
            amount=amount_from(request.POST.get("amount")),
            note=request.POST.get("note", ""),
        )
        messages.success(request, payment_message(result))
        return result

    _service_once(request, post, "")
    return loan_redirect(loan.pk)
