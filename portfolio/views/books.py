"""Pages of the fund's books: the statements (trial balance, balance sheet, P&L with comparatives), posting on
demand, and the chart of accounts where a manager sets the fund's own account numbers.

Fund managers only (admins too); each view reads through fund.access and calls one service or selector.
"""

import datetime
import tempfile
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fund.access import allow
from fund.http import AuthenticatedHttpRequest
from fund.periods import Quarter
from fund.roles import MANAGERS
from fund.service_calls import FAILED, service_run
from portfolio.accounting.exports import journal_csv
from portfolio.accounting.models import Account
from portfolio.accounting.reconciliation import books_reconcile
from portfolio.accounting.selectors import Period, balance_sheet, chart_of_accounts, profit_and_loss, trial_balance
from portfolio.accounting.services import ManualLine, account_number_set, books_post, manual_entry_request
from portfolio.accounting.xaf import xaf_write
from portfolio.views.common import amount_from, date_from, managed_fund


def _period(request: AuthenticatedHttpRequest, today: datetime.date) -> Period:
    """The period the page asks for; by default the last completed quarter."""
    quarter = Quarter.last_completed(today)
    start = date_from(request.GET.get("start"), quarter.start)
    end = date_from(request.GET.get("end"), quarter.end)
    return Period(start, end) if start <= end else Period(quarter.start, quarter.end)


@allow(*MANAGERS)
@require_GET
def books(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Trial balance, balance sheet and profit and loss of a period, each beside the period before."""
    fund = managed_fund(request, slug)
    today = timezone.localdate()
    period = _period(request, today)
    comparative = period.previous()
    return render(
        request,
        "portfolio/books.html",
        {
            "fund": fund,
            "period": period,
            "comparative": comparative,
            "trial_balance": trial_balance(fund=fund, period=period),
            "balance_sheet": balance_sheet(fund=fund, as_of=period.end, comparative_as_of=comparative.end),
            "pnl": profit_and_loss(fund=fund, period=period, comparative=comparative),
            "today": today,
            "accounts": chart_of_accounts(fund=fund),
            "manual_rows": range(1, MANUAL_ROWS + 1),
        },
    )


MANUAL_ROWS = 4  # lines the manual-entry form offers; empty rows are left out


def _manual_lines(request: AuthenticatedHttpRequest, accounts: dict[str, Account]) -> list[ManualLine]:
    lines = []
    for n in range(1, MANUAL_ROWS + 1):
        account = accounts.get(request.POST.get(f"line-{n}-account", ""))
        debit = amount_from(request.POST.get(f"line-{n}-debit"), name="lines")
        credit = amount_from(request.POST.get(f"line-{n}-credit"), name="lines")
        if account is None and debit is None and credit is None:
            continue
        if account is None:
            raise ValidationError({"lines": [_("Choose an account on every line with an amount.")]})
        lines.append(
            ManualLine(account, debit or Decimal(0), credit or Decimal(0), request.POST.get(f"line-{n}-text", ""))
        )
    return lines


@allow(*MANAGERS)
@require_POST
def manual_entry_request_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Ask for a manual journal entry; a second manager of the fund approves it on the approvals page."""
    fund = managed_fund(request, slug)
    accounts = {str(a.pk): a for a in chart_of_accounts(fund=fund)}

    def request_entry() -> object:
        return manual_entry_request(
            actor=request.user,
            fund=fund,
            value_date=date_from(request.POST.get("value_date")),
            description=request.POST.get("description", ""),
            lines=_manual_lines(request, accounts),
            reason=request.POST.get("reason", ""),
        )

    service_run(
        request,
        request_entry,
        success=_("The entry waits for a second manager's approval."),
        labels={
            "lines": _("Lines"),
            "value_date": _("Value date"),
            "description": _("Description"),
            "reason": _("Reason"),
        },
    )
    return redirect(reverse("portfolio:books", args=[fund.slug]))


@allow(*MANAGERS)
@require_POST
def books_post_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Post what the loan and capital ledgers hold up to a date (today by default) and is not yet in the books."""
    fund = managed_fund(request, slug)
    today = timezone.localdate()
    up_to = min(date_from(request.POST.get("up_to"), today), today)
    posted = service_run(request, lambda: books_post(fund=fund, up_to=up_to, actor=request.user))
    if posted is not FAILED:
        messages.success(
            request,
            _("%(count)s journal entries posted up to %(date)s.")
            % {"count": posted, "date": date_format(up_to, "SHORT_DATE_FORMAT")},
        )
    return redirect(reverse("portfolio:books", args=[fund.slug]))


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def chart_of_accounts_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The fund's chart of accounts; a manager gives an account the number the fund's bookkeeping package uses."""
    fund = managed_fund(request, slug)
    if request.method == "POST":
        account = get_object_or_404(Account, fund=fund, pk=request.POST.get("account") or 0)
        number = request.POST.get("number", "")
        done = service_run(
            request,
            lambda: account_number_set(actor=request.user, account=account, number=number),
            labels={"number": _("Account number")},
        )
        if done is not FAILED:
            messages.success(request, _("Account %(number)s saved.") % {"number": done.number})
        return redirect(reverse("portfolio:chart_of_accounts", args=[fund.slug]))
    return render(request, "portfolio/chart_of_accounts.html", {"fund": fund, "accounts": chart_of_accounts(fund=fund)})


@allow(*MANAGERS)
@require_GET
def books_reconciliation(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The books against the loan engine, the last bank statement and the capital ledger on a date: every difference."""
    fund = managed_fund(request, slug)
    today = timezone.localdate()
    # By default the day the nightly job has posted the books up to (yesterday): today's payments and the money the
    # engine applies today reach the books tonight, so comparing today would list them as differences.
    as_of = min(date_from(request.GET.get("date"), today - datetime.timedelta(days=1)), today)
    return render(
        request,
        "portfolio/books_reconciliation.html",
        {"fund": fund, "today": today, "reconciliation": books_reconcile(fund=fund, as_of=as_of)},
    )


@allow(*MANAGERS)
@require_GET
def books_export(request: AuthenticatedHttpRequest, slug: str) -> HttpResponseBase:
    """The journal as a streamed download: CSV for a period, or the XAF 3.2 auditfile of a fiscal year."""
    fund = managed_fund(request, slug)
    today = timezone.localdate()
    if request.GET.get("format") == "xaf":
        year = request.GET.get("year", "")
        fiscal_year = int(year) if year.isdigit() and 1900 < int(year) <= today.year else today.year - 1
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
        xaf_write(fund=fund, year=fiscal_year, out=spool)
        spool.seek(0)
        return FileResponse(
            spool,
            as_attachment=True,
            filename=f"{fund.slug}-{fiscal_year}.xaf",
            content_type="application/xml",
        )
    period = _period(request, today)
    response = StreamingHttpResponse(
        journal_csv(fund=fund, start=period.start, end=period.end), content_type="text/csv; charset=utf-8"
    )
    name = f"{fund.slug}-journal-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
