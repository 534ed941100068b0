"""Downloads of PDFs. Each view declares its roles and reads through fund.access, like every other page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_celery_beat.models import PeriodicTask

from fund import access
from fund.access import allow
from fund.errors import DomainError
from fund.http import AuthenticatedHttpRequest
from fund.models import Fund
from fund.periods import Quarter
from fund.roles import ADMINS, MANAGERS, MANAGERS_AND_COMMITTEE, MANAGERS_AND_INVESTEES, REPORT_READERS
from portfolio.models import Application
from portfolio.selectors.dealflow import ic_memo
from reporting.choices import ReportType, RunStatus
from reporting.models import ReportDocument, ReportRun
from reporting.pdf import pdf_render
from reporting.selectors import READY, documents_for, report_runs_with_progress
from reporting.services import (
    report_run_request,
    report_run_retry,
    schedule_enable,
    schedule_trigger,
)


@allow(*MANAGERS_AND_COMMITTEE)
@require_GET
def ic_memo_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The IC memo of an application as a PDF, for the fund's managers and (once on an agenda) its IC members."""
    application = access.get_visible_or_404(request.user, Application.objects.select_related("fund"), pk=pk)
    if not (
        access.can_manage_fund(request.user, application.fund)
        or application.fund_id in access.ic_fund_ids(request.user)
    ):
        raise PermissionDenied
    pdf = pdf_render("reporting/ic_memo.html", {"memo": ic_memo(application=application)})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ic-memo-{application.reference}.pdf"'
    return response


# ---- report runs and documents ----------------------------------------------------------------------------------


def _period_choices() -> list[str]:
    quarter = Quarter.last_completed(timezone.localdate())
    choices = []
    for _i in range(8):
        choices.append(str(quarter))
        quarter = quarter.previous()
    return choices


@allow(*MANAGERS)
@require_http_methods(["GET", "POST"])
def run_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The managers' view of report runs, with a form to request one; progress refreshes itself while runs work."""
    funds = access.scope(request.user, Fund).filter(pk__in=_manageable_fund_ids(request.user)).order_by("name")
    if request.method == "POST":
        fund = access.get_visible_or_404(request.user, funds, slug=request.POST.get("fund", ""))
        try:
            run = report_run_request(
                fund=fund,
                report_type=request.POST.get("report_type", ""),
                period=request.POST.get("period", ""),
                language=request.POST.get("language", "nl"),
                requested_by=request.user,
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                messages.error(request, " ".join(errors))
        else:
            messages.success(request, _("Queued: %(run)s.") % {"run": run})
        return redirect("reporting:run_list")
    runs = report_runs_with_progress(runs=access.scope(request.user, ReportRun).order_by("-created_at", "-pk")[:50])
    template = "reporting/_run_rows.html" if request.htmx else "reporting/run_list.html"
    return render(
        request,
        template,
        {
            "runs": runs,
            "funds": funds,
            "report_types": ReportType.choices,
            "periods": _period_choices(),
            "working": any(p.run.status in (RunStatus.QUEUED, RunStatus.RUNNING) for p in runs),
        },
    )


def _manageable_fund_ids(user) -> set[int] | list[int]:
    return list(Fund.objects.values_list("pk", flat=True)) if access.is_admin(user) else access.managed_fund_ids(user)


@allow(*MANAGERS)
def run_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = access.get_visible_or_404(request.user, ReportRun.objects.select_related("fund", "requested_by"), pk=pk)
    progress = report_runs_with_progress(runs=ReportRun.objects.filter(pk=run.pk))[0]
    documents = run.documents.select_related("same_as").order_by("recipient_key")
    template = "reporting/_run_documents.html" if request.htmx else "reporting/run_detail.html"
    return render(
        request,
        template,
        {
            "run": run,
            "progress": progress,
            "documents": documents,
            "working": run.status in (RunStatus.QUEUED, RunStatus.RUNNING),
        },
    )


@allow(*MANAGERS)
@require_POST
def run_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = access.get_visible_or_404(request.user, ReportRun, pk=pk)
    try:
        report_run_retry(run=run, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The failed documents are queued again."))
    return redirect("reporting:run_detail", pk=run.pk)


@allow(*REPORT_READERS)
def document_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every report document the user may open, newest period first."""
    return render(request, "reporting/document_list.html", {"documents": documents_for(request.user)})


@allow(*REPORT_READERS)
@require_GET
def document_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    document = access.get_visible_or_404(
        request.user, ReportDocument.objects.filter(status__in=READY).select_related("run__fund", "same_as"), pk=pk
    )
    source = document.source
    return FileResponse(
        source.file.open("rb"),
        as_attachment=True,
        filename=document.file_name(source.version),
        content_type="application/pdf",
    )


@allow(*REPORT_READERS)
@require_GET
def document_tables(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The XLSX of the tables behind a report document, for whoever may open the PDF."""
    document = access.get_visible_or_404(
        request.user, ReportDocument.objects.filter(status__in=READY).select_related("run__fund", "same_as"), pk=pk
    )
    source = document.source
    if not source.tables_file:
        raise Http404
    return FileResponse(
        source.tables_file.open("rb"),
        as_attachment=True,
        filename=document.file_name(source.version).removesuffix(".pdf") + ".xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# Celery's own housekeeping (celery.backend_cleanup, …) is no job of the product's: never shown, paused or run here.
def _product_jobs():
    return PeriodicTask.objects.exclude(task__startswith="celery.")


@allow(*ADMINS)
@require_http_methods(["GET", "POST"])
def schedule_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The periodic jobs (UTC): when they run, when they last ran; pause, resume or run one now. Administrators only:
    the jobs run for every fund at once."""
    if request.method == "POST":
        task = get_object_or_404(_product_jobs(), pk=request.POST.get("task"))
        action = request.POST.get("action")
        if action == "run":
            schedule_trigger(task=task, actor=request.user)
            messages.success(request, _("%(name)s is queued.") % {"name": task.name})
        elif action in {"pause", "resume"}:
            schedule_enable(task=task, enabled=action == "resume", actor=request.user)
        return redirect("reporting:schedule_list")
    tasks = _product_jobs().select_related("crontab", "interval")
    return render(request, "reporting/schedule_list.html", {"tasks": tasks.order_by("name")})


# ---- loan statement --------------------------------------------------------------------------------------------------


@allow(*MANAGERS_AND_INVESTEES)
@require_GET
def loan_statement_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The borrower's loan statement on a date (today unless `as_of`): schedule, payments and what is due."""
    import datetime

    from portfolio.models import Loan
    from portfolio.selectors.loans import loan_state

    loan = access.get_visible_or_404(request.user, Loan.objects.select_related("fund", "organisation"), pk=pk)
    today = timezone.localdate()
    try:
        as_of = min(datetime.date.fromisoformat(request.GET.get("as_of", "")), today)
    except ValueError:
        as_of = today
    state = loan_state(loan=loan, as_of=as_of) if loan.schedule_versions.exists() else None
    entries = access.scope(request.user, loan.ledger_entries.filter(value_date__lte=as_of)).order_by("value_date", "pk")
    pdf = pdf_render(
        "reporting/loan_statement.html", {"loan": loan, "state": state, "entries": entries, "as_of": as_of}
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="statement-{loan.reference}-{as_of}.pdf"'
    return response
