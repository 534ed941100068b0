"""Background jobs of the fund app: thin wrappers that call one service.

Scheduled by `setup_periodic_tasks` (beat, UTC): `audit_chain_check_weekly` on Monday night.
"""

from celery import shared_task

from fund.services.audit_trail import audit_chain_check


@shared_task(acks_late=True)
def audit_chain_check_weekly() -> bool:
    """Verify the audit trail; the administrators get a mail when it is broken. Returns whether it was intact."""
    return audit_chain_check().ok
