"""What the portfolio pages share: finding the object a user may act on (or refusing), reading typed dates and
amounts, and where a page goes back to after an action. Public names only: every views module imports from here.
"""

import datetime
from decimal import Decimal
from typing import overload

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from fund import access, formatting
from fund.fields import LocalizedMoneyField
from fund.http import AuthenticatedHttpRequest
from fund.models import Fund, PendingChange
from portfolio.models import Application, LedgerEntry, Loan, Tranche
from portfolio.transitions import APPLICATION_TRANSITIONS, PIPELINE

# How the loan, loan-change and bank pages name a field when a service refuses it ("Value date: ...").
SERVICING_FIELD_LABELS = {
    "amount": gettext_lazy("Amount"),
    "value_date": gettext_lazy("Value date"),
    "note": gettext_lazy("Note"),
    "reason": gettext_lazy("Reason"),
    "status": gettext_lazy("Status"),
    "evidence": gettext_lazy("Evidence"),
    "evidence_document": gettext_lazy("Evidence document"),
    "effective_date": gettext_lazy("Effective from"),
    "repayments": gettext_lazy("Installments from then"),
    "annual_interest_rate": gettext_lazy("Interest rate"),
    "grace_months": gettext_lazy("Grace on principal"),
    "end": gettext_lazy("Period end"),
    "paid_on": gettext_lazy("Paid on"),
    "rate": gettext_lazy("New rate"),
    "achieved_value": gettext_lazy("Verified value"),
    "planned_date": gettext_lazy("Planned date"),
    "loan": gettext_lazy("Loan"),
    "parts": gettext_lazy("Split"),
}


# The moves a manager makes on the board (approval, decline and withdrawal have their own services).
BOARD_MOVES = {status: [t for t in targets if t in PIPELINE] for status, targets in APPLICATION_TRANSITIONS.items()}


def visible_application(request: AuthenticatedHttpRequest, pk: int, *related: str) -> Application:
    """The application if the user may see it (a 404 otherwise)."""
    return access.get_visible_or_404(
        request.user, Application.objects.select_related("fund", "organisation__municipality", *related), pk=pk
    )


def fund_manager_check(request: AuthenticatedHttpRequest, fund: Fund) -> None:
    """Refuse (403) a user who does not manage `fund`."""
    if not access.can_manage_fund(request.user, fund):
        raise PermissionDenied


def applicant_check(request: AuthenticatedHttpRequest, application: Application) -> None:
    """Refuse (403) a user who does not act for the applicant organisation."""
    if application.organisation_id not in access.investee_organisation_ids(request.user):
        raise PermissionDenied


def application_redirect(application: Application) -> HttpResponse:
    """Back to the application page."""
    return redirect("portfolio:application_detail", pk=application.pk)


def managed_fund(request: AuthenticatedHttpRequest, slug: str) -> Fund:
    """The fund if the user manages it (a 404 when they may not see it, a 403 when they may not manage it)."""
    fund = access.get_visible_or_404(request.user, Fund, slug=slug)
    if not access.can_manage_fund(request.user, fund):
        raise PermissionDenied
    return fund


def managed_loan(request: AuthenticatedHttpRequest, pk: int) -> Loan:
    """The loan if the user manages its fund (a 404 when they may not see it, a 403 when they may not manage it)."""
    loan = access.get_visible_or_404(request.user, Loan.objects.select_related("fund", "organisation"), pk=pk)
    if not access.can_manage_fund(request.user, loan.fund):
        raise PermissionDenied
    return loan


def managed_tranche(request: AuthenticatedHttpRequest, pk: int) -> Tranche:
    """The tranche if the user manages its loan's fund (404 when not visible, 403 when not managed)."""
    tranche = access.get_visible_or_404(request.user, Tranche.objects.select_related("loan__fund"), pk=pk)
    if not access.can_manage_fund(request.user, tranche.loan.fund):
        raise PermissionDenied
    return tranche


def payment_message(result: LedgerEntry | PendingChange) -> str:
    """What a manager is told after typing a payment: posted, or sent for approval above the fund's threshold."""
    if isinstance(result, PendingChange):
        return gettext(
            "Payment of %(amount)s sent for approval: it is above the fund's threshold of %(threshold)s for manual "
            "payments, so another fund manager approves it before it is posted."
        ) % {
            "amount": formatting.money(result.payload["amount"]),
            "threshold": formatting.money(result.before["threshold"]),
        }
    return gettext("Payment posted.")


def loan_redirect(loan_id: int) -> HttpResponse:
    """Back to the loan page."""
    return redirect(reverse("portfolio:loan_detail", args=[loan_id]))


@overload
def date_from(value: str | None, default: datetime.date) -> datetime.date: ...


@overload
def date_from(value: str | None, default: None = None) -> datetime.date | None: ...


def date_from(value: str | None, default: datetime.date | None = None) -> datetime.date | None:
    """A date typed as YYYY-MM-DD; `default` when empty or unreadable."""
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def amount_from(value: str | None, *, name: str = "amount", field: forms.Field | None = None) -> Decimal | None:
    """A typed amount (or, with `field`, another number) read as the page's language writes it; None when empty.

    Raises ValidationError keyed by `name` for what cannot be read, or can be read two ways."""
    try:
        return (field or LocalizedMoneyField(required=False)).clean(value or "")
    except ValidationError as exc:
        raise ValidationError({name: exc.messages}) from None
