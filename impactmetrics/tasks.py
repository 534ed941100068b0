"""Background jobs of impact measurement: thin wrappers that load by id and call one service.

Scheduled by `setup_periodic_tasks` (beat, UTC): `open_data_requests_all_funds` and `send_data_request_reminders`
daily.
"""

from celery import shared_task
from django.utils import timezone

from fund.models import Fund
from impactmetrics.services.requests import data_request_reminders_send, data_requests_open


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def open_data_requests(fund_id: int) -> int:
    """Open the data requests of one fund whose periods have ended; returns how many were opened."""
    fund = Fund.objects.get(pk=fund_id)
    return len(data_requests_open(fund=fund, today=timezone.localdate()))


@shared_task(acks_late=True)
def open_data_requests_all_funds() -> int:
    """Queue `open_data_requests` for every fund."""
    fund_ids = list(Fund.objects.values_list("pk", flat=True))
    for fund_id in fund_ids:
        open_data_requests.delay(fund_id)
    return len(fund_ids)


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_data_request_reminders() -> int:
    """Send the reminders due today; returns how many went out."""
    return len(data_request_reminders_send(today=timezone.localdate()))
