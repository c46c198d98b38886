"""Thin Celery tasks for kepegawaian."""

from celery import shared_task

from asnportal.jobs import PortalTask


@shared_task(base=PortalTask, name="kepegawaian.efektifkan_terjadwal_task")
def efektifkan_terjadwal_task():
    """Daily: approved mutations and scheduled restructuring plans whose date has come take effect."""
    from .services import efektifkan_terjadwal

    return efektifkan_terjadwal()
