"""Producing reports: a run is requested, prepared into one document row per recipient, and each document is
gathered, fingerprinted and rendered (or found unchanged) by its own task. Every step is idempotent on its row."""

import datetime
import json
import time
from decimal import Decimal

from celery import current_app
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_celery_beat.models import PeriodicTask

from fund.audit import audit_record
from fund.choices import Role
from fund.errors import DomainError
from fund.models import CapitalCall, Distribution, Fund, RoleAssignment, User
from fund.periods import PeriodError, Quarter
from portfolio.services.arrears import snapshots_take
from reporting.choices import (
    FINISHED_DOCUMENT_STATUSES,
    NOTICE_REPORTS,
    AuditAction,
    DocumentStatus,
    ReportType,
    RunStatus,
)
from reporting.definitions import DEFINITIONS
from reporting.definitions.base import Recipient, fingerprint
from reporting.definitions.loans import report_dates
from reporting.models import ReportDocument, ReportRun
from reporting.pdf import pdf_document
from reporting.tables import workbook_bytes


@transaction.atomic
def report_run_request(
    *, fund: Fund, report_type: str, period: str, requested_by: User | None, language: str = "nl"
) -> ReportRun:
    """Queue a run of one report for one fund and quarter; the work starts when the transaction commits."""
    errors: dict[str, list[str]] = {}
    if report_type not in DEFINITIONS:
        errors["report_type"] = [_("Unknown report: %(type)s.") % {"type": report_type}]
    try:
        quarter = Quarter.parse(period)
    except PeriodError as exc:
        errors["period"] = [str(exc)]
    if language not in {"nl", "en"}:
        errors["language"] = [_("Reports are written in Dutch (nl) or English (en).")]
    if errors:
        raise ValidationError(errors)
    run = ReportRun.objects.create(
        fund=fund,
        report_type=report_type,
        period=str(quarter),
        as_of=quarter.end,
        language=language,
        requested_by=requested_by,
    )
    audit_record(actor=requested_by, action=AuditAction.REPORT_RUN_REQUESTED, obj=run)
    _task_queue_on_commit("reporting.tasks.report_run_orchestrate", run.pk)
    return run


def _task_queue_on_commit(name: str, *args: int) -> None:
    """Queue one of the reporting tasks once the transaction commits. By name, not by import: the tasks call these
    services, so importing them here would make the two modules import each other."""
    transaction.on_commit(lambda: current_app.send_task(name, args=args))


@transaction.atomic
def report_run_prepare(*, run_id: int) -> list[int]:
    """Create the run's document rows (once per recipient) and return the ids of those still to produce."""
    run = ReportRun.objects.select_for_update().select_related("fund").get(pk=run_id)
    definition = DEFINITIONS[run.report_type]
    quarter = Quarter.parse(run.period)
    # The loan figures of every document come from snapshots on the quarter ends: take the missing ones once here.
    snapshots_take(fund=run.fund, dates=report_dates(quarter))
    with translation.override(run.language):
        recipients = definition.recipients(fund=run.fund, period=quarter)
    existing = set(run.documents.values_list("recipient_key", flat=True))
    ReportDocument.objects.bulk_create(
        [
            ReportDocument(
                run=run,
                recipient_key=r.key,
                recipient_label=r.label[:200],
                member_id=r.member_id,
                municipality_id=r.municipality_id,
                organisation_id=r.organisation_id,
            )
            for r in recipients
            if r.key not in existing
        ]
    )
    if run.status == RunStatus.QUEUED:
        run.status = RunStatus.RUNNING
        run.started_at = timezone.now()
        run.save(update_fields=["status", "started_at"])
    return list(run.documents.exclude(status__in=FINISHED_DOCUMENT_STATUSES).values_list("pk", flat=True))


def _previous_version(document: ReportDocument) -> ReportDocument | None:
    """The latest produced document for the same report, fund, period and recipient in an earlier run."""
    return (
        ReportDocument.objects.filter(
            run__fund_id=document.run.fund_id,
            run__report_type=document.run.report_type,
            run__period=document.run.period,
            run__language=document.run.language,
            recipient_key=document.recipient_key,
            status=DocumentStatus.DONE,
            run_id__lt=document.run_id,
        )
        .order_by("-version", "-id")
        .first()
    )


def report_document_produce(*, document_id: int, final_attempt: bool = True) -> ReportDocument:
    """Gather a document's numbers, and render it unless an earlier version had exactly the same inputs.

    Safe to call again for the same document (a retried or redelivered task): a finished document is left alone.
    On an error the document is marked failed on the final attempt and the error re-raised so the task retries.
    """
    with transaction.atomic():
        document = ReportDocument.objects.select_for_update().select_related("run__fund").get(pk=document_id)
        if document.is_finished:
            return document
        document.status = DocumentStatus.RENDERING
        document.attempts += 1
        document.started_at = timezone.now()
        document.save(update_fields=["status", "attempts", "started_at"])
    try:
        _produce(document)
    except Exception as exc:
        ReportDocument.objects.filter(pk=document.pk).update(
            status=DocumentStatus.FAILED if final_attempt else DocumentStatus.PENDING,
            error=f"{exc.__class__.__name__}: {exc}"[:2000],
        )
        report_run_refresh(run_id=document.run_id)
        raise
    report_run_refresh(run_id=document.run_id)
    return document


def _produce(document: ReportDocument) -> None:
    run = document.run
    definition = DEFINITIONS[run.report_type]
    recipient = Recipient(
        document.recipient_key,
        document.recipient_label,
        document.member_id,
        document.municipality_id,
        document.organisation_id,
    )
    template = definition.template_for(recipient)
    started = time.perf_counter()
    with translation.override(run.language):
        context = definition.gather(fund=run.fund, period=Quarter.parse(run.period), recipient=recipient)
        context |= {"report_title": definition.title(), "recipient": recipient.label, "fund_name": run.fund.name}
        gathered = time.perf_counter()
        digest = fingerprint(template=template, language=run.language, context=context)
        previous = _previous_version(document)
        if previous is not None and previous.fingerprint == digest:
            _finish(
                document,
                status=DocumentStatus.UNCHANGED,
                fingerprint=digest,
                version=previous.version,
                same_as=previous.source,
                gather=gathered - started,
                render=0,
            )
            return
        rendered = pdf_document(template, context)
        tables = workbook_bytes(definition.tables(context))
    version = (previous.version + 1) if previous else 1
    name = f"{run.fund.slug}/{run.period}/{document.file_name(version)}"  # under the field's reports/ folder
    document.file.save(name, ContentFile(rendered.content), save=False)
    document.tables_file.save(name.removesuffix(".pdf") + ".xlsx", ContentFile(tables), save=False)
    _finish(
        document,
        status=DocumentStatus.DONE,
        fingerprint=digest,
        version=version,
        same_as=None,
        gather=gathered - started,
        render=time.perf_counter() - gathered,
        pages=rendered.pages,
        size=rendered.size,
    )


def _finish(
    document: ReportDocument,
    *,
    status: DocumentStatus,
    fingerprint: str,
    version: int,
    same_as: ReportDocument | None,
    gather: float,
    render: float,
    pages: int = 0,
    size: int = 0,
) -> None:
    ReportDocument.objects.filter(pk=document.pk).update(
        status=status,
        fingerprint=fingerprint,
        version=version,
        same_as=same_as,
        file=document.file.name if status == DocumentStatus.DONE else "",
        tables_file=document.tables_file.name if status == DocumentStatus.DONE else "",
        pages=pages,
        size=size,
        error="",
        finished_at=timezone.now(),
        gather_seconds=Decimal(f"{gather:.3f}"),
        render_seconds=Decimal(f"{render:.3f}"),
    )


@transaction.atomic
def report_run_refresh(*, run_id: int) -> ReportRun:
    """Close the run when every document is finished: done, or failed if any document failed.

    Recipients of new document versions are e-mailed once the run is done (after the transaction commits).
    """
    run = ReportRun.objects.select_for_update().get(pk=run_id)
    statuses = list(run.documents.values_list("status", flat=True))
    if statuses and all(s in FINISHED_DOCUMENT_STATUSES for s in statuses):
        failed = DocumentStatus.FAILED in statuses
        run.status = RunStatus.FAILED if failed else RunStatus.DONE
        run.error = (
            _("%(count)d documents failed.") % {"count": statuses.count(DocumentStatus.FAILED)} if failed else ""
        )
        run.finished_at = run.finished_at or timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        if not failed and run.notified_at is None:
            _task_queue_on_commit("reporting.tasks.report_run_notify", run.pk)
    return run


def _recipient_users(document: ReportDocument) -> list[User]:
    """The people a document is for: the member's co-investors, the fund's co-investors for the shared report,
    the municipality's officers, the organisation's investee users."""
    roles = RoleAssignment.objects.select_related("user").filter(user__is_active=True)
    if document.member_id:
        roles = roles.filter(role=Role.CO_INVESTOR, member_id=document.member_id)
    elif document.municipality_id:
        roles = roles.filter(role=Role.MUNICIPALITY_OFFICER, municipality_id=document.municipality_id)
    elif document.organisation_id:
        roles = roles.filter(role=Role.INVESTEE, organisation_id=document.organisation_id)
    else:
        roles = roles.filter(role=Role.CO_INVESTOR, member__fund_id=document.run.fund_id)
    return [r.user for r in roles]


def report_run_notify(*, run_id: int) -> int:
    """E-mail each recipient of a run's new document versions once; returns the number of e-mails sent."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().select_related("fund").get(pk=run_id)
        if run.notified_at is not None or run.status != RunStatus.DONE:
            return 0
        run.notified_at = timezone.now()
        run.save(update_fields=["notified_at"])
        by_user: dict[User, list[ReportDocument]] = {}
        for document in run.documents.filter(status=DocumentStatus.DONE).select_related("run__fund"):
            for user in _recipient_users(document):
                by_user.setdefault(user, []).append(document)
    emails = []
    for user, documents in by_user.items():
        lines = "\n".join(f"- {d.recipient_label}: {d.file_name(d.version)}" for d in documents)
        subject = _("%(fund)s: new report for %(period)s") % {"fund": run.fund.name, "period": run.period}
        if run.report_type in NOTICE_REPORTS:  # a notice asks the member to act (pay) or tells it is paid
            with translation.override(run.language):
                subject = f"{run.fund.name}: {DEFINITIONS[run.report_type].title()}"
        emails.append(
            EmailMessage(
                subject=subject,
                body=_("New report documents are ready in the portal under Reports:\n\n%(lines)s\n") % {"lines": lines},
                to=[user.email],
            )
        )
    with get_connection() as connection:
        connection.send_messages(emails)
    return len(emails)


@transaction.atomic
def reports_due_request(*, today: datetime.date) -> list[ReportRun]:
    """Request the last completed quarter's investor and municipality reports and investee statements (and after Q4
    the yearly impact report)
    of every fund whose report day (quarter end + the fund's delay) has come and that has no run for them yet. Safe to
    run every day."""
    quarter = Quarter.last_completed(today)
    requested = []
    for fund in Fund.objects.all():
        if today < quarter.end + datetime.timedelta(days=fund.report_delay_days):
            continue
        done = set(ReportRun.objects.filter(fund=fund, period=str(quarter)).values_list("report_type", flat=True))
        # The yearly impact report comes with the fourth quarter's reports.
        due = [ReportType.INVESTOR, ReportType.MUNICIPALITY, ReportType.STATEMENT]
        due += [ReportType.IMPACT] if quarter.quarter == 4 else []
        for report_type in due:
            if report_type not in done:
                requested.append(
                    report_run_request(fund=fund, report_type=report_type, period=str(quarter), requested_by=None)
                )
    return requested


@transaction.atomic
def member_notices_request(*, today: datetime.date) -> list[ReportRun]:
    """Request the notice runs still missing: for every quarter holding a capital call (or distribution) dated on or
    before `today` whose member notices have no document yet and no run on the way. The documents are e-mailed to the
    members' co-investors when the run is done (report_run_notify). Safe to run as often as wanted."""
    wanted: set[tuple[int, str, str]] = set()
    calls = CapitalCall.objects.filter(call_date__lte=today).values_list("pk", "fund_id", "call_date")
    distributions = Distribution.objects.filter(value_date__lte=today).values_list("pk", "fund_id", "value_date")
    for report_type, rows in ((ReportType.CALL_NOTICE, calls), (ReportType.DISTRIBUTION_NOTICE, distributions)):
        done = {
            int(key.split(":")[1])
            for key in ReportDocument.objects.filter(run__report_type=report_type).values_list(
                "recipient_key", flat=True
            )
        }
        wanted |= {(fund_id, report_type, str(Quarter.of(day))) for pk, fund_id, day in rows if pk not in done}
    on_the_way = set(
        ReportRun.objects.filter(report_type__in=NOTICE_REPORTS, status__in=(RunStatus.QUEUED,)).values_list(
            "fund_id", "report_type", "period"
        )
    )
    funds = {f.pk: f for f in Fund.objects.filter(pk__in={fund_id for fund_id, _type, _period in wanted})}
    return [
        report_run_request(fund=funds[fund_id], report_type=report_type, period=period, requested_by=None)
        for fund_id, report_type, period in sorted(wanted - on_the_way)
    ]


@transaction.atomic
def report_run_retry(*, run: ReportRun, actor: User | None) -> ReportRun:
    """Try a failed run's failed documents again."""
    run = ReportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.FAILED:
        raise DomainError(_("Only a failed run can be retried."))
    run.documents.filter(status=DocumentStatus.FAILED).update(status=DocumentStatus.PENDING, error="")
    run.status, run.finished_at, run.error = RunStatus.RUNNING, None, ""
    run.save(update_fields=["status", "finished_at", "error"])
    audit_record(actor=actor, action=AuditAction.REPORT_RUN_RETRIED, obj=run)
    _task_queue_on_commit("reporting.tasks.report_run_orchestrate", run.pk)
    return run


@transaction.atomic
def schedule_enable(*, task: PeriodicTask, enabled: bool, actor: User | None) -> PeriodicTask:
    """Pause or resume a periodic job; beat picks the change up on its next tick."""
    task = PeriodicTask.objects.select_for_update().get(pk=task.pk)
    if task.enabled != enabled:
        audit_record(
            actor=actor,
            action=AuditAction.SCHEDULE_RESUMED if enabled else "schedule.paused",
            obj=task,
            changes={"enabled": [str(task.enabled), str(enabled)]},
        )
        task.enabled = enabled
        task.save(update_fields=["enabled"])
    return task


def schedule_trigger(*, task: PeriodicTask, actor: User | None) -> None:
    """Queue a periodic job now, outside its schedule (sent when the transaction commits)."""
    audit_record(actor=actor, action=AuditAction.SCHEDULE_TRIGGERED, obj=task)
    kwargs = json.loads(task.kwargs or "{}")
    transaction.on_commit(lambda: current_app.send_task(task.task, kwargs=kwargs))
