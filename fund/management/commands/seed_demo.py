"""Load the demo data set (idempotent). Refuses to run outside the demo settings."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from fund.demo import DEMO_LOGINS
from fund.models import CapitalMovement, Fund, Organisation, User


class Command(BaseCommand):
    help = "Seed the demo funds, members, capital, investees and one login per role (safe to re-run)."

    def handle(self, *args, **options):
        try:
            for path in settings.DEMO_SEEDERS:
                import_string(path)()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Demo data: {Fund.objects.count()} funds, {Organisation.objects.count()} organisations, "
            f"{CapitalMovement.objects.count()} capital movements, {User.objects.count()} users."
        )
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.email:<26} {login.role}")
