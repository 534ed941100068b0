"""Load the demo data set (idempotent). Refuses to run outside the demo settings."""

from django.core.management.base import BaseCommand, CommandError

from demo.seed import demo_seed
from fund.models import CapitalMovement, Fund, Organisation, RoleAssignment, User


class Command(BaseCommand):
    help = "Seed the demo funds, members, capital, investees and one login per role (safe to re-run)."

    def handle(self, *args, **options):
        try:
            demo_seed()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Demo data: {Fund.objects.count()} funds, {Organisation.objects.count()} organisations, "
            f"{CapitalMovement.objects.count()} capital movements, {User.objects.count()} users."
        )
        roles: dict[str, set[str]] = {}
        for email, role in RoleAssignment.objects.values_list("user__email", "role").order_by("user__email"):
            roles.setdefault(email, set()).add(role)
        for email, names in roles.items():
            self.stdout.write(f"  {email:<26} {', '.join(sorted(names))}")
