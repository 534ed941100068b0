"""`python manage.py loan_statement < request.json`: print the state of one loan on a date as JSON."""

import sys

from django.core.management.base import BaseCommand

from portfolio.engine.cli import run_json_command, statement_from_json


class Command(BaseCommand):
    help = (
        "Read {terms, transactions, as_of, policy} (JSON) on stdin and print the loan's installments, arrears and "
        "payoff on as_of (JSON). Bad input: exit 2."
    )
    stealth_options = ("stdin",)

    def handle(self, *args, **options):
        status = run_json_command(statement_from_json, options.get("stdin") or sys.stdin, self.stdout, self.stderr)
        if status:
            # exit 2 for bad input, without the traceback a CommandError would bring to scripts
            sys.exit(status)
