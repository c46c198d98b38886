"""Thin Celery tasks of the forum."""

from celery import shared_task

from asnportal import jobs


@shared_task(base=jobs.PortalTask, name="forum.pos_notify_task")
def pos_notify_task(job_id: int) -> None:
    """Notify subscribers and @mentioned users of one new post (idempotent through the job row)."""
    from . import services
    from .models import NotifikasiPosJob

    jobs.run_job(NotifikasiPosJob, job_id, services.pos_notify)
