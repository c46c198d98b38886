"""Thin Celery tasks for kepegawaian."""

from celery import shared_task

from asnportal.jobs import PortalTask


@shared_task(base=PortalTask, name="kepegawaian.efektifkan_terjadwal_task")
def efektifkan_terjadwal_task():
    """Daily: approved mutations and scheduled restructuring plans whose date has come take effect."""
    from .services import efektifkan_terjadwal

    return efektifkan_terjadwal()


@shared_task(
    base=PortalTask, name="kepegawaian.impor_jalankan_task", soft_time_limit=9 * 60, time_limit=10 * 60
)
def impor_jalankan_task(job_id):
    """Check or save one uploaded pegawai/jabatan file (kepegawaian.impor.impor_jalankan)."""
    from .impor import impor_jalankan

    impor_jalankan(job_id)
