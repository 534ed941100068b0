"""Pages of the period end and close of the fund's books: the checklist of a month or quarter, running the period
end (accrual and provision), closing, asking to reopen, and the provision rates (table and per-loan) under four eyes.

Fund managers only (admins too); each view reads through fund.access and calls one service or selector.
"""

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fund.access import allow
from fund.http import AuthenticatedHttpRequest
from fund.periods import Quarter
from fund.roles import MANAGERS
from fund.service_calls import FAILED, service_run
from portfolio.accounting.closing import close_checklist, closed_periods, period_close, period_reopen_request
from portfolio.accounting.period_end import (
    period_end_done,
    period_end_figures,
    period_end_post,
    provision_override_request,
    provision_rates,
    provision_rates_request,
)
from portfolio.accounting.period_models import ClosedPeriod, ProvisionBucket
from portfolio.accounting.periods import period_kind, period_label
from portfolio.models import Loan
from portfolio.views.common import amount_from, date_from, managed_fund


def _period(request: AuthenticatedHttpRequest) -> tuple[datetime.date, datetime.date]:
    """The month or quarter asked for (GET or POST); by default the last completed quarter."""
    quarter = Quarter.last_completed(timezone.localdate())
    data = request.POST if request.method == "POST" else request.GET
    start = date_from(data.get("start"), quarter.start)
    end = date_from(data.get("end"), quarter.end)
    if period_kind(start, end) is None:
        return quarter.start, quarter.end
    return start, end


def _back(fund_slug: str, start: datetime.date, end: datetime.date) -> HttpResponse:
    url = reverse("portfolio:books_close", args=[fund_slug])
    return redirect(f"{url}?start={start.isoformat()}&end={end.isoformat()}")


@allow(*MANAGERS)
@require_GET
def books_close(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The period's checklist, its accrual and provision per loan, the closed periods and the provision rates."""
    fund = managed_fund(request, slug)
    start, end = _period(request)
    rates = provision_rates(fund=fund)
    done = period_end_done(fund=fund, as_of=end)
    figures = period_end_figures(fund=fund, as_of=end) if end < timezone.localdate() else []
    return render(
        request,
        "portfolio/books_close.html",
        {
            "fund": fund,
            "start": start,
            "end": end,
            "label": period_label(start, end),
            "checklist": close_checklist(fund=fund, start=start, end=end),
            "done": done,
            "figures": figures,
            "closed_periods": closed_periods(fund=fund),
            "rates": [(bucket, label, rates[bucket]) for bucket, label in ProvisionBucket.choices],
            "loans": Loan.objects.filter(fund=fund, ledger_entries__isnull=False).distinct().order_by("reference"),
            "quarters": [Quarter.last_completed(timezone.localdate())],
        },
    )


@allow(*MANAGERS)
@require_POST
def books_period_end_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Run the period end on the period's last day: post the books, snapshots, accrual and provision (once)."""
    fund = managed_fund(request, slug)
    start, end = _period(request)
    if end >= timezone.localdate():
        messages.error(request, _("The period is not over yet."))
        return _back(fund.slug, start, end)
    posted = service_run(request, lambda: period_end_post(fund=fund, as_of=end, actor=request.user))
    if posted is not FAILED:
        messages.success(
            request,
            _("Period end of %(period)s: %(count)s journal entries posted.")
            % {"period": period_label(start, end), "count": posted},
        )
    return _back(fund.slug, start, end)


@allow(*MANAGERS)
@require_POST
def books_period_close_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Close the month or quarter when its checklist allows it."""
    fund = managed_fund(request, slug)
    start, end = _period(request)
    closed = service_run(
        request,
        lambda: period_close(actor=request.user, fund=fund, start=start, end=end, note=request.POST.get("note", "")),
        labels={"end": _("Period")},
    )
    if closed is not FAILED:
        messages.success(request, _("%(period)s is closed.") % {"period": period_label(start, end)})
    return _back(fund.slug, start, end)


@allow(*MANAGERS)
@require_POST
def books_period_reopen_view(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Ask to reopen a closed period; a second manager approves on the approvals page."""
    fund = managed_fund(request, slug)
    closed = get_object_or_404(ClosedPeriod, fund=fund, pk=pk)
    done = service_run(
        request,
        lambda: period_reopen_request(actor=request.user, closed=closed, reason=request.POST.get("reason", "")),
        labels={"reason": _("Reason")},
    )
    if done is not FAILED:
        messages.success(request, _("The reopening waits for a second manager's approval."))
    return _back(fund.slug, closed.start, closed.end)


@allow(*MANAGERS)
@require_POST
def provision_rates_request_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Ask for a new provision rate table; a second manager approves it."""
    fund = managed_fund(request, slug)
    start, end = _period(request)

    def ask() -> object:
        rates = {b: amount_from(request.POST.get(f"rate_{b}"), name=f"rate_{b}") for b in ProvisionBucket.values}
        return provision_rates_request(
            actor=request.user, fund=fund, rates=rates, reason=request.POST.get("reason", "")
        )

    done = service_run(
        request,
        ask,
        labels={**{f"rate_{b}": str(label) for b, label in ProvisionBucket.choices}, "reason": _("Reason")},
    )
    if done is not FAILED:
        messages.success(request, _("The rates wait for a second manager's approval."))
    return _back(fund.slug, start, end)


@allow(*MANAGERS)
@require_POST
def provision_override_request_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Ask for a provision rate for one loan in place of its bucket's (empty: back to the bucket's rate)."""
    fund = managed_fund(request, slug)
    start, end = _period(request)
    loan = get_object_or_404(Loan, fund=fund, pk=request.POST.get("loan") or 0)

    def ask() -> object:
        rate = amount_from(request.POST.get("rate"), name="rate")
        return provision_override_request(
            actor=request.user, loan=loan, rate=rate, reason=request.POST.get("reason", "")
        )

    done = service_run(request, ask, labels={"rate": _("Rate (%)"), "reason": _("Reason")})
    if done is not FAILED:
        messages.success(request, _("The loan's rate waits for a second manager's approval."))
    return _back(fund.slug, start, end)
