"""Seed the special-formasi thresholds of 2024 (KepmenPANRB 321/2024, domain.md §3.2). These change every year:
HR/superadmin add the next year's rows; the app falls back to the latest year at or before the round's year."""

from django.db import migrations

ROWS = [
    ("cumlaude", 311, 85, "KepmenPANRB 321/2024"),
    ("diaspora", 311, 85, "KepmenPANRB 321/2024"),
    ("disabilitas", 286, 60, "KepmenPANRB 321/2024"),
    ("papua", 286, 60, "KepmenPANRB 321/2024"),
    ("tertinggal", 286, 60, "KepmenPANRB 321/2024"),
    ("dokter", 311, 80, "KepmenPANRB 1023/2021 (UNCONFIRMED for 2024)"),
    ("awak_kapal", 286, 70, "KepmenPANRB 1023/2021 (UNCONFIRMED for 2024)"),
]


def seed(apps, schema_editor):
    Ambang = apps.get_model("rekrutmen", "AmbangBatasKhusus")
    for jenis, total, tiu, dasar in ROWS:
        Ambang.objects.get_or_create(
            tahun=2024, jenis_formasi=jenis, defaults={"min_total": total, "min_tiu": tiu, "dasar_hukum": dasar}
        )


class Migration(migrations.Migration):
    dependencies = [("rekrutmen", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
