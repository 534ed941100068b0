"""Pages of loan servicing: loans and their ledger, tranches, repayments, bank statements, the portfolio dashboard.

Every view declares its roles and reads through fund.access; services do the work and their errors become messages.
"""

import datetime
import io
from collections.abc import Callable
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fund import access
from fund.access import allow
from fund.charts import Bar, Series, bars_svg, chart_number, lines_svg
from fund.choices import Role
from fund.fields import LocalizedMoneyField
from fund.formatting import percent
from fund.models import Fund, User
from fund.once import submit_once
from fund.templatetags.sif_format import money
from portfolio.choices import SERVICED_STATUSES, AgingBucket
from portfolio.models import BankLine, BankStatementImport, Loan, Tranche
from portfolio.selectors.activity import LOAN_TAPE_COLUMNS, loan_tape
from portfolio.selectors.bank import bank_assignable_loans, bank_lines_dealt_with, bank_reconciliation_queue
from portfolio.selectors.conditions import loan_evidence_documents
from portfolio.selectors.loans import loan_contracted_schedule, loan_state
from portfolio.selectors.quality import (
    portfolio_figures,
    portfolio_loans,
    portfolio_period,
    portfolio_trend,
    watch_list,
)
from portfolio.services.arrears import month_ends, snapshots_take
from portfolio.services.bank import (
    StatementImportError,
    bank_line_assign,
    bank_line_ignore,
    bank_line_park,
    bank_line_split,
    bank_statement_import,
)
from portfolio.services.disbursement import (
    CONDITION_STATUSES,
    open_conditions,
    tranche_approve,
    tranche_blockers,
    tranche_confirm,
    tranche_request,
)
from portfolio.services.ledger import repayment_post
from portfolio.views import FAILED, _service

MANAGERS = (Role.ADMIN, Role.FUND_MANAGER)
SERVICING_LABELS = {
    "amount": gettext_lazy("Amount"),
    "planned_date": gettext_lazy("Planned date"),
    "value_date": gettext_lazy("Value date"),
}
LOAN_READERS = (Role.ADMIN, Role.FUND_MANAGER, Role.INVESTEE)


def _date(value: str | None, default: datetime.date | None = None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _amount(value: str | None, *, name: str = "amount", field: forms.Field | None = None) -> Decimal | None:
    """A typed amount (or, with `field`, another number) read as the page's language writes it; None when empty.

    Raises ValidationError keyed by `name` for what cannot be read, or can be read two ways."""
    try:
        return (field or LocalizedMoneyField(required=False)).clean(value or "")
    except ValidationError as exc:
        raise ValidationError({name: exc.messages}) from None


def _service_once(request: HttpRequest, call: Callable, success: str, labels: dict | None = None) -> None:
    """`_service` for a money form: a second submit of the same rendered form (a double click) records nothing more
    and shows the page with what the first one recorded (fund.once)."""
    submit_once(request, lambda: _service(request, call, success, labels=labels or SERVICING_LABELS) is not FAILED)


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
    """The loans the user may see, newest approval first; fund managers also get their funds' dashboards."""
    loans = access.scope(request.user, Loan).select_related("fund", "organisation").order_by("-approved_at", "-pk")
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
        "outstanding_chart": lines_svg(
            labels,
            [Series(_("Outstanding"), [p.outstanding for p in trend])],
            fmt=chart_number,
            title=_("Outstanding over time"),
            width=600,
            height=200,
            testid="chart-outstanding",
        ),
        "par_chart": lines_svg(
            labels,
            [
                Series("PAR30", [p.par30_ratio or Decimal(0) for p in trend]),
                Series("PAR90", [p.par90_ratio or Decimal(0) for p in trend]),
            ],
            fmt=lambda value: percent(value, 0),
            title="PAR30 / PAR90",
            width=600,
            height=200,
            testid="chart-par",
        ),
        "aging_chart": bars_svg(
            [Bar(b.label, b.balance, None, money(b.balance)) for b in figures.buckets],
            fmt=chart_number,
            title=_("Aging by bucket"),
            legend=_("Outstanding principal per aging bucket (€)"),
            width=600,
            testid="chart-aging",
        ),
        "drill_label": _drill_label(bucket, request.GET.get("par", "")),
    }
    return render(request, "portfolio/portfolio_dashboard.html", context)


def _drill_label(bucket: str, par: str) -> str:
    """The loans the table below the dashboard shows, in words ("31–60 days past due", "more than 30 days past due")."""
    if bucket == AgingBucket.CURRENT:
        return str(AgingBucket(bucket).label)
    if bucket in AgingBucket.values:
        return _("%(days)s past due") % {"days": AgingBucket(bucket).label}
    return {"par30": _("more than 30 days past due (PAR30)"), "par90": _("more than 90 days past due (PAR90)")}.get(
        par, ""
    )


TAPE_NUMBER_FORMATS = {"money": "#,##0.00", "percent": '0.00" %"', "date": "dd-mm-yyyy", "count": "0"}


def _spreadsheet_text(value):
    """A text that a spreadsheet would read as a formula (=, +, -, @) is written as text."""
    return f"'{value}" if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value


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
    # the columns of the investor report's loan tape, worst arrears first
    sheet.append([str(column.label) for column in LOAN_TAPE_COLUMNS])
    rows = sorted(loan_tape(fund=fund, as_of=as_of), key=lambda r: (-r.days_past_due, r.reference))
    for row in rows:
        sheet.append([_spreadsheet_text(getattr(row, column.field)) for column in LOAN_TAPE_COLUMNS])
    for index, column in enumerate(LOAN_TAPE_COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, len(str(column.label)) + 2)
        for cell in sheet[letter][1:]:
            cell.number_format = TAPE_NUMBER_FORMATS.get(column.kind, cell.number_format)
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
    _service_once(
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
    _service_once(
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
BANK_FIELD_LABELS = {
    "loan": gettext_lazy("Loan"),
    "value_date": gettext_lazy("Value date"),
    "amount": gettext_lazy("Amount"),
    "parts": gettext_lazy("Split"),
    "note": gettext_lazy("Note"),
    "reason": gettext_lazy("Reason"),
}


def _bank_line(request: HttpRequest, pk: int) -> BankLine:
    line = access.get_visible_or_404(request.user, BankLine.objects.select_related("fund"), pk=pk)
    if not access.can_manage_fund(request.user, line.fund):
        raise PermissionDenied
    return line


def _to_queue(line: BankLine) -> HttpResponse:
    return redirect(reverse("portfolio:bank_statements", args=[line.fund.slug]))


def _bank_service(request: HttpRequest, call, success: str) -> None:
    _service(request, call, success, labels=BANK_FIELD_LABELS)


@allow(*MANAGERS)
@require_POST
def bank_line_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Post a queued line on the loan the manager chose, on the value date they chose (the line's own by default)."""
    line = _bank_line(request, pk)
    loan = access.get_visible_or_404(request.user, Loan, pk=request.POST.get("loan") or 0)
    value_date = _date(request.POST.get("value_date"), line.value_date)
    _bank_service(
        request,
        lambda: bank_line_assign(actor=request.user, line=line, loan=loan, value_date=value_date),
        _("Payment posted."),
    )
    return _to_queue(line)


@allow(*MANAGERS)
@require_POST
def bank_line_split_view(request: HttpRequest, pk: int) -> HttpResponse:
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
            parts.append((loan, _amount(amount)))
        except ValidationError as exc:
            messages.error(request, _("Split: %(error)s") % {"error": " ".join(exc.messages)})
            return _to_queue(line)
    value_date = _date(request.POST.get("value_date"), line.value_date)
    _bank_service(
        request,
        lambda: bank_line_split(actor=request.user, line=line, parts=parts, value_date=value_date),
        _("Line split; a repayment was posted on each loan."),
    )
    return _to_queue(line)


@allow(*MANAGERS)
@require_POST
def bank_line_park_view(request: HttpRequest, pk: int) -> HttpResponse:
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
def bank_line_ignore_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a queued line off the queue as no loan payment, with the reason."""
    line = _bank_line(request, pk)
    _bank_service(
        request,
        lambda: bank_line_ignore(actor=request.user, line=line, reason=request.POST.get("reason", "")),
        _("Line set aside as not a loan payment."),
    )
    return _to_queue(line)


def _user_name(user: User | None) -> str:
    return user.get_full_name() if user else ""
