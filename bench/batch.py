"""Batch figures for bench/RESULTS.md, printed as one BATCH_JSON line (run by bench/run.py with the bench
settings and database). Each figure times the real code path on the large data set:

- import of a 10,000-row pegawai XLSX (the HR import service, all-or-nothing), inside a transaction that is
  rolled back afterwards so the bench data stay as seeded;
- the yearly PDF report of the largest instansi (the worker's code path via `laporan_bench`: time, peak memory);
- IKM over all survey responses (one aggregate query) and per unit of an instansi (one grouped query).
"""

import datetime as dt
import io
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

FIGURES: dict = {}


class _Rollback(Exception):
    pass


def import_10000():
    from kepegawaian import impor
    from kepegawaian.models import Instansi, Jabatan, Pegawai, User

    inst = Instansi.objects.get(kode="kab-bungo")
    actor = User.objects.get(username="hr.bungo")
    jabatan = Jabatan.objects.filter(instansi=inst).exclude(kode="").order_by("id").first()
    taken = set(Pegawai.objects.values_list("nip", flat=True))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(
        [
            "nip",
            "nama",
            "status_kepegawaian",
            "golongan",
            "tmt_golongan",
            "kode_jabatan",
            "pendidikan_terakhir",
        ]
    )
    rows, i = 0, 0
    while rows < 10_000:
        lahir = dt.date(1975, 1, 1) + dt.timedelta(days=i % 5000)
        nip = f"{lahir:%Y%m%d}2005032{900 - i // 5000:03d}"  # born 1975-1988, CPNS 2005-03, women
        i += 1
        if nip in taken:
            continue
        ws.append([nip, f"Pegawai Impor {rows}", "PNS", "III/a", "01-04-2020", jabatan.kode, "S1"])
        rows += 1
    buf = io.BytesIO()
    wb.save(buf)
    upload = SimpleUploadedFile("pegawai.xlsx", buf.getvalue())
    started = time.monotonic()
    try:
        with transaction.atomic():
            hasil = impor.pegawai_impor(actor=actor, instansi_id=inst.pk, uploaded=upload, dry_run=False)
            elapsed = time.monotonic() - started
            assert hasil.ok, hasil.errors[:3]
            created = Pegawai.objects.filter(instansi=inst, nama__startswith="Pegawai Impor ").count()
            raise _Rollback
    except _Rollback:
        pass
    FIGURES["import of a 10,000-row pegawai XLSX (rows created, then rolled back)"] = (
        f"{elapsed:.1f} s ({created:,} pegawai)"
    )


def yearly_report():
    out = io.StringIO()
    call_command("laporan_bench", "--jenis", "tahunan", "--format", "pdf", "--tahun", "2025", stdout=out)
    row = out.getvalue().strip().splitlines()[-1]
    cells = [c.strip() for c in row.strip("|").split("|")]
    FIGURES[
        "yearly PDF report (instansi, pegawai instansi/total, db, time s, Python peak MiB, maxrss MiB, KiB)"
    ] = " · ".join(cells[2:])


def ikm():
    from survei import selectors
    from survei.models import Respons, UnitLayanan

    n = Respons.objects.count()
    started = time.monotonic()
    hasil = selectors.hasil_gabungan(
        responses=Respons.objects.all(), start=dt.date(2000, 1, 1), end=dt.date(2100, 1, 1)
    )
    total = time.monotonic() - started
    units = list(UnitLayanan.objects.filter(instansi__kode="kab-bungo"))
    started = time.monotonic()
    rows = selectors.hasil_per_unit(
        responses=Respons.objects.filter(instansi__kode="kab-bungo"),
        units=units,
        start=dt.date(2000, 1, 1),
        end=dt.date(2100, 1, 1),
    )
    per_unit = time.monotonic() - started
    FIGURES[f"IKM over all {n:,} survey responses (one query)"] = f"{total:.2f} s (IKM {hasil.nilai})"
    FIGURES[f"IKM per unit, Kab. Bungo ({len(rows)} units, one grouped query)"] = f"{per_unit:.2f} s"


for step in (import_10000, yearly_report, ikm):
    step()

print("BATCH_JSON " + json.dumps(FIGURES))
