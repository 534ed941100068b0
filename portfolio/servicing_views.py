"""Pages of loan servicing: loans and their ledger, tranches, repayments, bank statements, the portfolio dashboard.

Every view declares its roles and reads through fund.access; services do the work and their errors become messages.
"""

import datetime
import io
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fund import access
from fund.access import allow
from fund.choices import Role
from fund.formatting import number
from fund.models import Fund, User
from portfolio.charts import bar_chart, line_chart
from portfolio.choices import QUEUED_LINE_STATUSES, SERVICED_STATUSES, AgingBucket, LoanStatus
from portfolio.models import BankLine, BankStatementImport, Loan, Tranche
from portfolio.selectors.loans import loan_state
from portfolio.selectors.quality import (
    portfolio_figures,
    portfolio_loans,
    portfolio_period,
    portfolio_trend,
    watch_list,
)
from portfolio.services.arrears import month_ends, snapshots_take
from portfolio.services.bank import StatementImportError, bank_line_assign, bank_statement_import
from portfolio.services.disbursement import tranche_approve, tranche_blockers, tranche_confirm, tranche_request
from portfolio.services.ledger import repayment_post
from portfolio.views import _service

MANAGERS = (Role.ADMIN, Role.FUND_MANAGER)
LOAN_READERS = (Role.ADMIN, Role.FUND_MANAGER, Role.INVESTEE)


def _date(value: str | None, default: datetime.date | None = None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _amount(value: str | None) -> Decimal | None:
    try:
        return Decimal((value or "").replace(",", ".").strip()) if value else None
    except InvalidOperation:
        return None


def _managed_fund(request: HttpRequest, slug: str) -> Fund:
    fund = access.get_visible_or_404(request.user, Fund, slug=slug)
    if not access.can_manage_fund(request.user, fund):
        raise PermissionDenied
    return fund


def _managed_loan(request: HttpRequest, pk: int) -> Loan:
    loan = access.get_visible_or_404(request.user, Loan.objects.select_related("fund", "organisation"), pk=pk)
    if not access.can_manage_fund(request.user, loan.fund):
        raise PermissionDenied
    return loan


def _to_loan(loan_id: int) -> HttpResponse:
    return redirect(reverse("portfolio:loan_detail", args=[loan_id]))


def _overdue_impact_organisations(fund: Fund, today: datetime.date) -> set[int]:
    from impactmetrics.models import DataRequest
    from impactmetrics.selectors.requests import overdue_data_requests

    overdue = overdue_data_requests(requests=DataRequest.objects.filter(plan__fund=fund), today=today)
    return set(overdue.values_list("plan__organisation_id", flat=True))


@allow(*LOAN_READERS)
@require_GET
def loan_list(request: HttpRequest) -> HttpResponse:
    """The loans the user may see; fund managers also get their funds' dashboards."""
    loans = access.scope(request.user, Loan).select_related("fund", "organisation").order_by("fund__name", "reference")
    funds = [f for f in access.scope(request.user, Fund).order_by("name") if access.can_manage_fund(request.user, f)]
    return render(request, "portfolio/loan_list.html", {"loans": loans, "funds": funds})


@allow(*MANAGERS)
@require_GET
def portfolio_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """A fund's credit quality on a date, with its trend and the loans behind every number."""
    fund = _managed_fund(request, slug)
    today = timezone.localdate()
    as_of = min(_date(request.GET.get("as_of"), today), today)
    dates = month_ends(as_of, 12)
    snapshots_take(fund=fund, dates=dates)
    figures = portfolio_figures(fund=fund, as_of=as_of)
    trend = portfolio_trend(fund=fund, dates=dates)
    year_ago = dates[0]
    period = portfolio_period(fund=fund, start=year_ago, end=as_of)
    bucket = request.GET.get("bucket", "")
    min_dpd = {"par30": 30, "par90": 90}.get(request.GET.get("par", ""))
    drill = portfolio_loans(
        fund=fund, as_of=as_of, bucket=bucket if bucket in AgingBucket.values else "", min_dpd=min_dpd
    )
    labels = [d.strftime("%m-%Y") for d in dates]
    context = {
        "fund": fund,
        "as_of": as_of,
        "figures": figures,
        "period": period,
        "loans": drill,
        "watch": watch_list(
            fund=fund, as_of=as_of, overdue_impact_organisations=_overdue_impact_organisations(fund, today)
        ),
        "outstanding_chart": line_chart(
            labels=labels, series=[(_("Outstanding"), "series-a", [p.outstanding for p in trend])]
        ),
        "par_chart": line_chart(
            labels=labels,
            series=[
                ("PAR30", "series-a", [p.par30_ratio or Decimal(0) for p in trend]),
                ("PAR90", "series-b", [p.par90_ratio or Decimal(0) for p in trend]),
            ],
            unit=" %",
        ),
        "aging_chart": bar_chart(items=[(b.label, b.balance, number(b.balance, 0)) for b in figures.buckets]),
        "drill_label": bucket or request.GET.get("par", ""),
    }
    return render(request, "portfolio/portfolio_dashboard.html", context)


@allow(*MANAGERS)
@require_GET
def loan_tape_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    """The loan tape on a date as an XLSX workbook (one row per loan, the figures of the dashboard)."""
    from openpyxl import Workbook

    fund = _managed_fund(request, slug)
    today = timezone.localdate()
    as_of = min(_date(request.GET.get("as_of"), today), today)
    snapshots_take(fund=fund, dates=[as_of])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{_('Loan tape')} {as_of:%Y-%m-%d}"[:31]
    sheet.append(
        [
            _("Loan"),
            _("Borrower"),
            _("Status"),
            _("Outstanding"),
            _("Arrears"),
            _("Days past due"),
            _("Aging bucket"),
            _("Rate"),
        ]
    )
    for row in portfolio_loans(fund=fund, as_of=as_of):
        sheet.append(
            [
                row.reference,
                row.organisation,
                str(LoanStatus(row.status).label),
                row.outstanding,
                row.arrears,
                row.days_past_due,
                str(AgingBucket(row.bucket).label),
                row.rate,
            ]
        )
    for column in ("D", "E"):  # amounts in euros, shown with two decimals
        for cell in sheet[column][1:]:
            cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="loan-tape-{fund.slug}-{as_of}.xlsx"'
    return response


def loan_servicing_context(request: HttpRequest, loan: Loan) -> dict:
    """What the loan page adds once a loan is contracted: state today, schedule versions, ledger, tranches."""
    today = timezone.localdate()
    managing = access.can_manage_fund(request.user, loan.fund)
    state = loan_state(loan=loan, as_of=today) if loan.status not in ("approved", "contracted") else None
    tranches = list(loan.tranches.select_related("requested_by", "approved_by"))
    return {
        "state": state,
        "managing": managing,
        "versions": list(loan.schedule_versions.prefetch_related("installments")),
        "entries": list(loan.ledger_entries.select_related("created_by").order_by("value_date", "pk")),
        "tranches": [(t, tranche_blockers(t) if t.status == "requested" else []) for t in tranches],
        "restructurings": list(loan.restructurings.select_related("requested_by", "decided_by")) if managing else [],
        "impact_targets": list(loan.impact_targets.select_related("metric")) if managing else [],
        "can_post": managing and loan.status in (*SERVICED_STATUSES, "written_off"),
        "today": today,
    }


@allow(*MANAGERS)
@require_POST
def tranche_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    loan = _managed_loan(request, pk)
    _service(
        request,
        lambda: tranche_request(
            actor=request.user,
            loan=loan,
            amount=_amount(request.POST.get("amount")),
            planned_date=_date(request.POST.get("planned_date")),
        ),
        _("Tranche requested; another fund manager approves it."),
    )
    return _to_loan(loan.pk)


def _tranche(request: HttpRequest, pk: int) -> Tranche:
    tranche = access.get_visible_or_404(request.user, Tranche.objects.select_related("loan__fund"), pk=pk)
    if not access.can_manage_fund(request.user, tranche.loan.fund):
        raise PermissionDenied
    return tranche


@allow(*MANAGERS)
@require_POST
def tranche_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    tranche = _tranche(request, pk)
    _service(request, lambda: tranche_approve(actor=request.user, tranche=tranche), _("Tranche approved."))
    return _to_loan(tranche.loan_id)


@allow(*MANAGERS)
@require_POST
def tranche_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    tranche = _tranche(request, pk)
    _service(
        request,
        lambda: tranche_confirm(
            actor=request.user, tranche=tranche, paid_on=_date(request.POST.get("paid_on"), timezone.localdate())
        ),
        _("Tranche paid out and posted to the ledger."),
    )
    return _to_loan(tranche.loan_id)


@allow(*MANAGERS)
@require_POST
def repayment_post_view(request: HttpRequest, pk: int) -> HttpResponse:
    loan = _managed_loan(request, pk)
    _service(
        request,
        lambda: repayment_post(
            actor=request.user,
            loan=loan,
            value_date=_date(request.POST.get("value_date")),
            amount=_amount(request.POST.get("amount")),
            note=request.POST.get("note", ""),
        ),
        _("Payment posted."),
    )
    return _to_loan(loan.pk)


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def bank_statements(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a CAMT.053 or MT940 file; the reconciliation queue of lines no loan could be found for."""
    fund = _managed_fund(request, slug)
    problems: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a bank statement file."))
        else:
            try:
                result = bank_statement_import(
                    actor=request.user, fund=fund, file_name=upload.name, content=upload.read()
                )
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
    queue = BankLine.objects.filter(fund=fund, status__in=QUEUED_LINE_STATUSES).order_by("value_date", "pk")
    loans = Loan.objects.filter(fund=fund, status__in=(*SERVICED_STATUSES, "written_off")).select_related(
        "organisation"
    )
    return render(
        request,
        "portfolio/bank_statements.html",
        {
            "fund": fund,
            "queue": queue,
            "loans": loans.order_by("reference"),
            "imports": BankStatementImport.objects.filter(fund=fund)[:10],
            "problems": problems,
        },
    )


@allow(*MANAGERS)
@require_POST
def bank_line_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    line = access.get_visible_or_404(request.user, BankLine.objects.select_related("fund"), pk=pk)
    if not access.can_manage_fund(request.user, line.fund):
        raise PermissionDenied
    loan = access.get_visible_or_404(request.user, Loan, pk=request.POST.get("loan") or 0)
    _service(request, lambda: bank_line_assign(actor=request.user, line=line, loan=loan), _("Payment posted."))
    return redirect(reverse("portfolio:bank_statements", args=[line.fund.slug]))


def _user_name(user: User | None) -> str:
    return user.get_full_name() if user else ""
