"""`python manage.py reconcile_books --fund SLUG --date YYYY-MM-DD`: list every difference between the fund's books and
the loan engine, the last bank statement and the capital ledger; exit 1 when there is one."""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError

from fund.models import Fund
from portfolio.accounting.reconciliation import books_reconcile


class Command(BaseCommand):
    help = "Reconcile a fund's general ledger on a date; print each difference; exit 1 when there is one."

    def add_arguments(self, parser):
        parser.add_argument("--fund", required=True, help="the fund's slug")
        parser.add_argument("--date", required=True, help="YYYY-MM-DD")

    def handle(self, *args, **options):
        try:
            fund = Fund.objects.get(slug=options["fund"])
        except Fund.DoesNotExist as error:
            raise CommandError(f"No fund {options['fund']!r}.") from error
        try:
            as_of = datetime.date.fromisoformat(options["date"])
        except ValueError as error:
            raise CommandError(f"Not a date (YYYY-MM-DD): {options['date']!r}.") from error
        result = books_reconcile(fund=fund, as_of=as_of)
        for reason in result.skipped:
            self.stdout.write(f"skipped: {reason}")
        if result.reconciles:
            self.stdout.write(f"{fund.slug} on {as_of}: the books reconcile ({len(result.lines)} figures compared).")
            return
        self.stdout.write("check\tsubject\taccount\tGL\tsource\tdifference")
        for line in result.differences:
            self.stdout.write(
                f"{line.check}\t{line.subject}\t{line.account_number}\t{line.gl}\t{line.source}\t{line.difference}"
            )
        self.stderr.write(f"{fund.slug} on {as_of}: {len(result.differences)} difference(s).")
        sys.exit(1)
