"""Demo data for laporan: the last closed monthly and yearly reports of each instansi (idempotent: the runs are
unique per instansi, kind and period, and a finished run is never generated again)."""

from __future__ import annotations

from django.utils import timezone

from asnportal import jobs

from . import rules, services
from .models import LaporanRun


def seed(*, instansi_list, rng, scale, stdout):
    today = timezone.localdate()
    specs = [(rules.BULANAN, "pdf"), (rules.BULANAN, "xlsx"), (rules.TAHUNAN, "pdf")]
    made = 0
    for instansi in instansi_list:
        for jenis, fmt in specs:
            periode = rules.periode_tertutup(jenis, today)
            run, _created = services.laporan_request(
                actor=None,
                instansi_id=instansi.pk,
                jenis=jenis,
                format=fmt,
                mulai=periode.mulai,
                selesai=periode.selesai,
                jadwal=f"{jenis} otomatis",
            )
            if scale == "small" and run.status != jobs.JobStatus.SUCCESS:
                # Generate right away so the demo archive has files without a running worker.
                try:
                    done = jobs.run_job(LaporanRun, run.pk, services.laporan_generate)
                except Exception as exc:  # the demo must not stop because one module's section is broken
                    stdout.write(f"laporan: {run} gagal dibuat: {exc}")
                    continue
                made += done.status == jobs.JobStatus.SUCCESS
    stdout.write(f"laporan: {made} laporan demo dibuat")
