"""Walk the audit trail's hash chain: exit 0 with the number of events checked, or 1 naming the first that does not
match."""

from django.core.management.base import BaseCommand, CommandError

from fund.audit import audit_chain_verify
from fund.services.audit_trail import broken_event_description


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit code 1 names the first event that was changed or removed."

    def handle(self, *args, **options):
        report = audit_chain_verify()
        if not report.ok:
            raise CommandError(broken_event_description(report), returncode=1)
        self.stdout.write(broken_event_description(report))
