"""DEMO ONLY: print the current TOTP code of the documented demo secret (accounts made by `seed_demo`)."""

from django.core.management.base import BaseCommand

from asnportal import mfa


class Command(BaseCommand):
    help = "Kode TOTP saat ini untuk kunci rahasia demo (hanya untuk akun demo seed_demo)."

    def handle(self, *args, **options):
        self.stdout.write(mfa.code_for(mfa.DEMO_TOTP_KEY_HEX))
