"""Thin Celery tasks of the layanan: ids as arguments, the work is in services."""

from __future__ import annotations

from celery import shared_task

from asnportal import jobs


@shared_task(
    base=jobs.PortalTask, name="layanan.proses_massal_task", soft_time_limit=9 * 60, time_limit=10 * 60
)
def proses_massal_task(job_id: int) -> None:
    from . import services
    from .models import ProsesMassal

    jobs.run_job(ProsesMassal, job_id, services.proses_massal_jalankan)


@shared_task(base=jobs.PortalTask, name="layanan.surat_izin_cuti_task")
def surat_izin_cuti_task(cuti_id: int) -> None:
    """Published by kehadiran (by name) after HR's final approval of a leave; issues the surat once."""
    from . import services

    services.surat_izin_cuti_otomatis(cuti_id)


@shared_task(base=jobs.PortalTask, name="layanan.surat_izin_cuti_susulan_task")
def surat_izin_cuti_susulan_task() -> int:
    """Beat, every 10 minutes: the surat of recently approved leaves whose publish never reached a worker."""
    from . import services

    return services.surat_izin_cuti_susulan()


@shared_task(base=jobs.PortalTask, name="layanan.usul_terapkan_task")
def usul_terapkan_task() -> int:
    """Daily: apply usul whose SK is issued and TMT has come (rank/KGB history, pensiun)."""
    from . import services

    return services.usul_terapkan_jatuh_tempo()
