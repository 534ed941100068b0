"""Print the privileged demo logins with their TOTP secrets and a command that gives the current code."""

from django.core.management.base import BaseCommand

from demo.two_factor import DEMO_TOTP_SECRETS


class Command(BaseCommand):
    help = "List the demo logins that need a two-factor code, with their TOTP secrets."

    def handle(self, *args, **options):
        for email, secret in DEMO_TOTP_SECRETS.items():
            self.stdout.write(f"    {email:<24} {secret}   oathtool --totp -b {secret}")
