"""Time and peak memory of one report generation (for bench/RESULTS.md).

    python manage.py seed_demo --scale large      # 50,000 pegawai over both instansi
    python manage.py laporan_bench --jenis tahunan --format pdf [--instansi kab-bungo]

Runs the same code as the worker (services.laporan_generate through asnportal.jobs.run_job) in this process,
for a fresh period key each time (so nothing is skipped as already done), and prints a Markdown table row.
"""

from __future__ import annotations

import datetime as dt
import resource
import time
import tracemalloc

from django.core.management.base import BaseCommand
from django.db import connection

from asnportal import jobs
from kepegawaian.models import Instansi, Pegawai
from laporan import rules, services
from laporan.models import LaporanRun


class Command(BaseCommand):
    help = "Measure the generation time and peak memory of a report."

    def add_arguments(self, parser):
        parser.add_argument(
            "--jenis", default="tahunan", choices=list(rules.PERIODIC_KINDS) + ["duk", "nominatif"]
        )
        parser.add_argument("--format", default="pdf", choices=["pdf", "xlsx"])
        parser.add_argument(
            "--instansi", default="", help="kode instansi; default: the one with most pegawai"
        )
        parser.add_argument("--tahun", type=int, default=2025)

    def handle(self, *args, jenis, format, instansi, tahun, **options):
        if instansi:
            inst = Instansi.objects.get(kode=instansi)
        else:
            inst = max(Instansi.objects.all(), key=lambda i: Pegawai.objects.filter(instansi=i).count())
        n = Pegawai.objects.filter(instansi=inst).count()
        total = Pegawai.objects.count()
        if jenis in rules.PERIODIC_KINDS:
            p = rules.periode_containing(jenis, dt.date(tahun, 12, 31))
            mulai, selesai = p.mulai, p.selesai
        else:
            mulai = selesai = dt.date(tahun, 12, 31)
        LaporanRun.objects.filter(
            instansi=inst, jenis=jenis, format=format, periode_mulai=mulai, periode_selesai=selesai
        ).delete()
        run, _ = services.laporan_request(
            actor=None,
            instansi_id=inst.pk,
            jenis=jenis,
            format=format,
            mulai=mulai,
            selesai=selesai,
            jadwal="bench",
        )
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        started = time.perf_counter()
        done = jobs.run_job(LaporanRun, run.pk, services.laporan_generate)
        elapsed = time.perf_counter() - started
        _cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.stdout.write(
            "| jenis | format | instansi | pegawai (instansi/total) | db | waktu (s) | puncak Python (MiB) | maxrss (MiB) | berkas (KiB) |\n"
            "|---|---|---|---|---|---|---|---|---|\n"
            f"| {jenis} | {format} | {inst.kode} | {n:,}/{total:,} | {connection.vendor} | {elapsed:.1f} | "
            f"{peak / 1048576:.1f} | {rss_after / 1024:.0f} (sebelum {rss_before / 1024:.0f}) | {done.ukuran / 1024:.0f} |"
        )
