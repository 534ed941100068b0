"""Moving an application's status: the one function every status-changing service goes through."""

from django.utils import timezone

from fund.audit import audit_record
from fund.models import User
from portfolio.choices import AuditAction
from portfolio.models import Application, ApplicationStatusChange
from portfolio.transitions import application_transition_check


def application_lock(application: Application) -> Application:
    """Re-read the application under a row lock, so two moves cannot interleave."""
    return Application.objects.select_for_update().select_related("fund", "organisation").get(pk=application.pk)


def application_status_set(
    *, actor: User | None, application: Application, target: str, reason: str = ""
) -> Application:
    """Move a locked application to `target` if the transition table allows it; records the change and audits it.

    Call inside a transaction on an application obtained from `application_lock`."""
    current = application.status
    application_transition_check(current, target)
    now = timezone.now()
    application.status = target
    application.status_changed_at = now
    application.save(update_fields=["status", "status_changed_at"])
    ApplicationStatusChange.objects.create(
        application=application, from_status=current, to_status=target, at=now, actor=actor, reason=reason
    )
    changes: dict[str, list[str | None]] = {"status": [current, target]}
    if reason:
        changes["reason"] = [None, reason]
    audit_record(actor=actor, action=AuditAction(f"application.{target}"), obj=application, changes=changes)
    return application
