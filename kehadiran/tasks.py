"""Thin Celery tasks of kehadiran."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from asnportal import jobs


@shared_task(base=jobs.PortalTask, name="kehadiran.hitung_ulang_task")
def hitung_ulang_task(job_id: int) -> None:
    from . import services
    from .models import HitungUlang

    jobs.run_job(HitungUlang, job_id, services.hitung_ulang_jalankan)


@shared_task(base=jobs.PortalTask, name="kehadiran.hitung_kemarin_task")
def hitung_kemarin_task() -> int:
    """Nightly: settle yesterday's statuses (a day with no record becomes 'tidak hadir') for every instansi, as
    one job row per instansi so a failure is visible and retryable."""
    from kepegawaian.models import Instansi

    from . import services

    kemarin = timezone.localdate() - dt.timedelta(days=1)
    n = 0
    for instansi_id in Instansi.objects.values_list("id", flat=True):
        services.hitung_ulang_minta(actor=None, instansi_id=instansi_id, mulai=kemarin, selesai=kemarin)
        n += 1
    return n
