from celery import shared_task

from asnportal.jobs import PortalTask


@shared_task(base=PortalTask, name="survei.bersihkan_batas_laju_task")
def bersihkan_batas_laju_task():
    """Remove rate-limit windows of the public form older than a day."""
    from . import services

    return services.bersihkan_batas_laju()
