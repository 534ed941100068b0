"""Checking the audit trail: the weekly walk of the hash chain, and the alarm when it is broken."""

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils.translation import gettext as _

from fund.audit import ChainReport, audit_chain_verify
from fund.choices import Role
from fund.models import User


def administrator_emails() -> list[str]:
    """Who hears about a broken audit trail: settings.ADMINS, or else every active administrator."""
    configured = [email for _name, email in settings.ADMINS]
    if configured:
        return configured
    admins = User.objects.filter(Q(is_superuser=True) | Q(roles__role=Role.ADMIN), is_active=True).exclude(email="")
    return sorted(set(admins.values_list("email", flat=True)))


def broken_event_description(report: ChainReport) -> str:
    """One line naming the first event that does not match and why (untranslated: for logs and the command)."""
    event = report.broken
    if event is None:
        return f"Audit trail intact: {report.checked} events checked."
    return (
        f"Audit event {event.pk} ({event.action} on {event.object_repr!r} at {event.at:%Y-%m-%d %H:%M:%S} UTC) does "
        f"not match: {report.reason}. The {report.checked} events before it match."
    )


def audit_chain_check() -> ChainReport:
    """Walk the audit chain (`fund.audit.audit_chain_verify`); when it is broken, mail the administrators naming the
    first event that does not match. Reads only; sends at most one mail."""
    report = audit_chain_verify()
    recipients = administrator_emails()
    if not report.ok and recipients:
        send_mail(
            _("The audit trail does not verify"),
            _(
                "The weekly check of the audit trail found an event that does not match its hash chain:\n\n%(line)s\n\n"
                "Someone changed or removed audit events outside the application. Run `manage.py audit_verify` and "
                "compare the database with its backups."
            )
            % {"line": broken_event_description(report)},
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    return report
