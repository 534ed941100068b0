"""`python manage.py loan_schedule < terms.json`: print the repayment schedule of one loan as JSON."""

import sys

from django.core.management.base import BaseCommand

from portfolio.engine.cli import run_json_command, schedule_from_json


class Command(BaseCommand):
    help = "Read loan terms (JSON) on stdin and print the repayment schedule (JSON). Bad terms: exit 2."
    stealth_options = ("stdin",)

    def handle(self, *args, **options):
        status = run_json_command(schedule_from_json, options.get("stdin") or sys.stdin, self.stdout, self.stderr)
        if status:
            # exit 2 for bad input, without the traceback a CommandError would bring to scripts
            sys.exit(status)
