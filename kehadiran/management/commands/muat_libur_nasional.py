"""Load the national holidays and cuti bersama (kehadiran/libur_nasional.py) into the database. Idempotent: rows
already present (possibly edited by the superadmin) are kept as they are."""

from django.core.management.base import BaseCommand

from kehadiran.services import libur_nasional_muat


class Command(BaseCommand):
    help = (
        "Load libur nasional and cuti bersama (2026, 2027) into LiburNasional; never overwrites edited rows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tahun", type=int, nargs="*", help="Only these years (default: all in the data)."
        )

    def handle(self, *args, **options):
        n = libur_nasional_muat(tahun_list=options.get("tahun") or None)
        self.stdout.write(f"libur nasional: {n} tanggal ditambahkan")
