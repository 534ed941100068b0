"""`python manage.py export_journal --fund SLUG --from YYYY-MM-DD --to YYYY-MM-DD --format csv|xaf --output PATH`:
the fund's journal as CSV (for Exact Online or Twinfield) or as an XML Auditfile Financieel 3.2 of a fiscal year."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from fund.models import Fund
from portfolio.accounting.exports import journal_csv
from portfolio.accounting.xaf import xaf_write


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}.") from error


class Command(BaseCommand):
    help = "Export a fund's journal for a period as CSV, or a fiscal year as XAF 3.2."

    def add_arguments(self, parser):
        parser.add_argument("--fund", required=True, help="the fund's slug")
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--format", choices=("csv", "xaf"), default="csv")
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args, **options):
        try:
            fund = Fund.objects.get(slug=options["fund"])
        except Fund.DoesNotExist as error:
            raise CommandError(f"No fund {options['fund']!r}.") from error
        start, end = _date(options["start"]), _date(options["end"])
        if start > end:
            raise CommandError("--from is after --to.")
        if options["format"] == "xaf":
            if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31) or start.year != end.year:
                raise CommandError("An XAF auditfile covers one fiscal year: --from YYYY-01-01 --to YYYY-12-31.")
            with open(options["output"], "wb") as out:
                xaf_write(fund=fund, year=start.year, out=out)
        else:
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                out.writelines(journal_csv(fund=fund, start=start, end=end))
        self.stdout.write(f"Written {options['output']}.")
