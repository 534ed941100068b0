"""Celery tasks of the report pipeline: thin, each loads by id and calls one service.

Documents render on the `reports` queue (a worker started with --max-tasks-per-child); tasks are acknowledged late,
so a worker killed mid-document leaves the message to be delivered again, and the document row makes that safe.
"""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from reporting import services

RENDER_SOFT_LIMIT = 240  # seconds; the hard limit (300) stays below the broker's visibility timeout
RENDER_HARD_LIMIT = 300


@shared_task(
    acks_late=True, reject_on_worker_lost=True, autoretry_for=(OperationalError,), retry_backoff=2, max_retries=5
)
def report_run_orchestrate(run_id: int) -> int:
    """Create the run's document rows and queue one render task per unfinished document."""
    document_ids = services.report_run_prepare(run_id=run_id)
    for document_id in document_ids:
        report_document_render.apply_async((document_id,), queue="reports")
    return len(document_ids)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=RENDER_SOFT_LIMIT,
    time_limit=RENDER_HARD_LIMIT,
)
def report_document_render(self, document_id: int) -> str:
    document = services.report_document_produce(
        document_id=document_id, final_attempt=self.request.retries >= self.max_retries
    )
    return document.status


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def report_run_notify(run_id: int) -> int:
    """E-mail the recipients of a finished run (once)."""
    return services.report_run_notify(run_id=run_id)


@shared_task(acks_late=True)
def scheduled_reports_due() -> int:
    """Daily: request the quarterly reports whose day has come (UTC date)."""
    return len(services.reports_due_request(today=timezone.now().date()))


@shared_task(acks_late=True)
def member_notices_due() -> int:
    """Every few minutes: request the capital call and distribution notices not yet produced."""
    return len(services.member_notices_request(today=timezone.now().date()))
