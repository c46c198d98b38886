"""Thin Celery tasks: ids as arguments; the work is in services."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from asnportal import jobs

from . import conf, services
from .models import FormatBerkas, LaporanRun


@shared_task(
    base=jobs.PortalTask,
    name="laporan.laporan_generate_task",
    soft_time_limit=9 * 60,
    time_limit=10 * 60,
)
def laporan_generate_task(run_id: int) -> str:
    """Produce one report. Idempotent: a run already done (or being done by a live worker) is left alone; a
    RUNNING run whose worker died (started_at older than conf.stale_after) is taken over."""
    try:
        run = jobs.run_job(LaporanRun, run_id, services.laporan_generate, stale_after=conf.stale_after())
    except Exception as exc:
        if not isinstance(exc, laporan_generate_task.autoretry_for):
            failed = LaporanRun.objects.filter(pk=run_id).first()
            if failed is not None:
                services.laporan_notify(failed, ok=False)
        raise
    if run is not None and getattr(run, "_baru_selesai", False) and not getattr(run, "_lost", False):
        services.laporan_notify(run, ok=True)
    return run.status if run is not None else "missing"


@shared_task(base=jobs.PortalTask, name="laporan.laporan_schedule_task")
def laporan_schedule_task(jenis: str, formats: list[str] | None = None, today: str | None = None) -> int:
    """Beat: create (idempotently) the runs of every instansi for the period that has just closed."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return services.laporan_schedule(
        jenis=jenis, today=day, formats=tuple(formats or [FormatBerkas.PDF]), jadwal=f"{jenis} otomatis"
    )


@shared_task(name="laporan.berkas_yatim_hapus_task")
def berkas_yatim_hapus_task() -> int:
    """Hourly: stored report files that no run points to (left by a killed worker)."""
    return services.berkas_yatim_hapus()
