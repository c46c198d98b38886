"""Thin Celery tasks for kepegawaian."""

from celery import shared_task

from asnportal.jobs import PortalTask


@shared_task(base=PortalTask, name="kepegawaian.efektifkan_terjadwal_task")
def efektifkan_terjadwal_task():
    """Daily: approved mutations and scheduled restructuring plans whose date has come take effect."""
    from .services import efektifkan_terjadwal

    return efektifkan_terjadwal()


@shared_task(base=PortalTask, name="kepegawaian.akun_buat_massal_task")
def akun_buat_massal_task(job_id: int) -> None:
    """Bulk account creation (issue 15): the job row says which pegawai; run_job makes it idempotent."""
    from asnportal.jobs import run_job

    from .akun_services import akun_buat_massal_jalankan
    from .models import PembuatanAkun

    run_job(PembuatanAkun, job_id, akun_buat_massal_jalankan)


@shared_task(base=PortalTask, name="kepegawaian.akun_ikuti_status_pegawai_task")
def akun_ikuti_status_pegawai_task() -> int:
    """Daily: deactivate the accounts of pegawai who are no longer active (changes made outside the services)."""
    from .akun_services import akun_ikuti_status_pegawai

    return akun_ikuti_status_pegawai(actor=None)


@shared_task(
    base=PortalTask, name="kepegawaian.impor_jalankan_task", soft_time_limit=9 * 60, time_limit=10 * 60
)
def impor_jalankan_task(job_id):
    """Check or save one uploaded pegawai/jabatan file (kepegawaian.impor.impor_jalankan)."""
    from .impor import impor_jalankan

    impor_jalankan(job_id)
