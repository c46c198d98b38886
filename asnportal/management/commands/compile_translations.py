"""Compile locale/*.po to .mo in pure Python (polib), so `make run` needs no gettext tools."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile .po translation files to .mo (no GNU gettext needed)."

    def handle(self, *args, **options):
        count = 0
        roots = [Path(p) for p in settings.LOCALE_PATHS]
        roots += [
            Path(settings.BASE_DIR) / app / "locale" for app in settings.INSTALLED_APPS if "." not in app
        ]
        for root in roots:
            for po_path in root.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
        self.stdout.write(f"compiled {count} translation file(s)")
