"""A fund's settings pages (its managers): bank account and SEPA creditor id, the committee's quorum rule, the
threshold above which a manual payment needs a second manager, and a loan's payee IBAN, each changed by a request
that a second manager approves on the approvals page (fund.approval_views); and the due-diligence checklist and
scoring criteria, which one manager keeps."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fund.access import allow
from fund.http import AuthenticatedHttpRequest
from fund.roles import MANAGERS
from fund.selectors import pending_change_for
from fund.service_calls import form_service_run
from portfolio.models import DueDiligenceTemplateItem, ScoringCriterion
from portfolio.selectors.fund_settings import fund_settings
from portfolio.services.fund_checklists import dd_template_item_save, scoring_criterion_save
from portfolio.services.fund_settings import (
    committee_rules_change_request,
    committee_rules_values,
    fund_bank_account_change_request,
    fund_bank_account_values,
    manual_payment_threshold_change_request,
)
from portfolio.services.payee import BORROWER_IBAN_KIND, borrower_iban_change_request
from portfolio.settings_forms import (
    BankAccountChangeForm,
    CommitteeRulesChangeForm,
    DueDiligenceTemplateItemForm,
    ManualPaymentThresholdChangeForm,
    PayeeIbanChangeForm,
    ScoringCriterionForm,
)
from portfolio.views.common import loan_redirect, managed_fund, managed_loan

REQUESTED = _("Change requested; it takes effect when a second manager of the fund approves it.")


@allow(*MANAGERS)
def fund_settings_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The fund's bank account, creditor id and quorum rule as they are, and the changes to them awaiting approval."""
    fund = managed_fund(request, slug)
    return render(request, "portfolio/fund_settings.html", {"fund": fund, "settings": fund_settings(fund=fund)})


def _change_page(request: AuthenticatedHttpRequest, form, title: str, fund, request_change) -> HttpResponse:
    if request.method == "POST":
        change = form_service_run(form, request_change)
        if change is not None:
            messages.success(request, REQUESTED)
            return redirect("fund:change_detail", pk=change.pk)
    return render(
        request,
        "portfolio/settings_change_form.html",
        {"form": form, "title": title, "fund": fund},
    )


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def fund_bank_account_change_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    fund = managed_fund(request, slug)
    form = BankAccountChangeForm(request.POST or None, initial=fund_bank_account_values(fund))
    return _change_page(
        request,
        form,
        _("Change the fund's bank account"),
        fund,
        lambda data: fund_bank_account_change_request(actor=request.user, fund=fund, **data),
    )


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def committee_rules_change_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    fund = managed_fund(request, slug)
    form = CommitteeRulesChangeForm(request.POST or None, initial=committee_rules_values(fund))
    return _change_page(
        request,
        form,
        _("Change the quorum rule"),
        fund,
        lambda data: committee_rules_change_request(actor=request.user, fund=fund, **data),
    )


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def manual_payment_threshold_change_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Ask for another amount above which a payment a manager types in needs a second manager."""
    fund = managed_fund(request, slug)
    form = ManualPaymentThresholdChangeForm(
        request.POST or None, initial={"threshold": fund.manual_payment_approval_threshold.amount}
    )
    return _change_page(
        request,
        form,
        _("Change the threshold for manual payments"),
        fund,
        lambda data: manual_payment_threshold_change_request(actor=request.user, fund=fund, **data),
    )


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def payee_iban_change_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask for another payee IBAN on a loan (the borrower changed banks)."""
    loan = managed_loan(request, pk)
    waiting = pending_change_for(kind=BORROWER_IBAN_KIND, target=loan)
    if waiting is not None:
        messages.info(request, _("A change of this loan's payee IBAN is awaiting approval already."))
        return redirect("fund:change_detail", pk=waiting.pk)
    form = PayeeIbanChangeForm(request.POST or None, initial={"borrower_iban": loan.borrower_iban})
    if request.method == "POST":
        change = form_service_run(
            form, lambda data: borrower_iban_change_request(actor=request.user, loan=loan, **data)
        )
        if change is not None:
            messages.success(request, REQUESTED)
            return loan_redirect(loan.pk)
    return render(
        request,
        "portfolio/settings_change_form.html",
        {"form": form, "title": _("Change the payee IBAN of %(loan)s") % {"loan": loan.reference}, "loan": loan},
    )


def _setting_line_page(request: AuthenticatedHttpRequest, form, title: str, fund, save) -> HttpResponse:
    if request.method == "POST" and form_service_run(form, save) is not None:
        messages.success(request, _("Saved."))
        return redirect("portfolio:fund_settings", slug=fund.slug)
    return render(request, "portfolio/settings_line_form.html", {"form": form, "title": title, "fund": fund})


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def dd_template_item_view(request: AuthenticatedHttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Add a line to the fund's due-diligence checklist (no pk) or change one."""
    fund = managed_fund(request, slug)
    item = get_object_or_404(DueDiligenceTemplateItem, fund=fund, pk=pk) if pk else None
    initial = {"title": item.title, "position": item.position, "is_active": item.is_active} if item else None
    form = DueDiligenceTemplateItemForm(request.POST or None, initial=initial)
    return _setting_line_page(
        request,
        form,
        _("Due-diligence checklist line"),
        fund,
        lambda data: dd_template_item_save(actor=request.user, fund=fund, item=item, **data),
    )


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def scoring_criterion_view(request: AuthenticatedHttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Add a scoring criterion to the fund (no pk) or change one."""
    fund = managed_fund(request, slug)
    criterion = get_object_or_404(ScoringCriterion, fund=fund, pk=pk) if pk else None
    initial = (
        {name: getattr(criterion, name) for name in ("kind", "name", "weight", "position", "is_active")}
        if criterion
        else None
    )
    form = ScoringCriterionForm(request.POST or None, initial=initial)
    return _setting_line_page(
        request,
        form,
        _("Scoring criterion"),
        fund,
        lambda data: scoring_criterion_save(actor=request.user, fund=fund, criterion=criterion, **data),
    )
