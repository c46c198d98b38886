"""Thin Celery tasks of the kinerja app."""

from celery import shared_task

from asnportal import jobs


@shared_task(base=jobs.PortalTask, name="kinerja.pengingat_kirim_task")
def pengingat_kirim_task(instansi_id: int | None = None) -> dict:
    """Reminders for pending drafts, approvals and evaluations; all instansi when no id is given."""
    from kepegawaian.models import Instansi

    from . import services

    ids = [instansi_id] if instansi_id else list(Instansi.objects.values_list("pk", flat=True))
    total = {"draf": 0, "persetujuan": 0, "evaluasi": 0}
    for pk in ids:
        for key, value in services.pengingat_kirim(instansi_id=pk).items():
            total[key] += value
    return total
