"""Background work of the portfolio app: thin tasks that load by id and do one thing."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from fund.choices import Role
from fund.models import RoleAssignment
from portfolio.models import Application
from portfolio.services.member_payments import capital_call_reminders_send

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def application_notify_applicant(application_id: int, subject: str, body: str) -> int:
    """E-mail the applicant organisation's investee users; returns how many were written to."""
    application = Application.objects.select_related("organisation", "fund").get(pk=application_id)
    recipients = list(
        RoleAssignment.objects.filter(role=Role.INVESTEE, organisation=application.organisation, user__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    send_mail(
        subject=f"{application.fund.name} · {application.reference}: {subject}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(recipients)


def _enqueue(application_id: int, subject: str, body: str) -> None:
    try:
        application_notify_applicant.delay(application_id, subject, body)
    except Exception:  # a broker outage must not fail a change that is already committed
        logger.exception("Could not queue the notification for application %s", application_id)


def notify_applicant_on_commit(application: Application, subject: str, body: str) -> None:
    """Queue an e-mail to the applicant once the current transaction commits (never for a rolled-back change)."""
    transaction.on_commit(lambda: _enqueue(application.pk, str(subject), str(body)))


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def arrears_update_daily() -> int:
    """The daily beat job: every loan's DPD, arrears and aging bucket as of today, and the reminders they call for."""
    from portfolio.services.arrears import arrears_update

    return arrears_update()


@shared_task(acks_late=True)
def capital_call_reminders_daily() -> int:
    """Daily: remind the members whose capital call share is overdue, at most once per configured interval."""
    return capital_call_reminders_send(
        today=timezone.localdate(), interval_days=settings.SIF_CALL_REMINDER_INTERVAL_DAYS
    )


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def books_post_nightly() -> int:
    """The nightly beat job: every fund's books posted up to yesterday (idempotent: a re-run posts nothing)."""
    import datetime

    from django.utils import timezone

    from fund.models import Fund
    from portfolio.accounting.services import books_post

    up_to = timezone.localdate() - datetime.timedelta(days=1)
    return sum(books_post(fund=fund, up_to=up_to) for fund in Fund.objects.order_by("pk"))
