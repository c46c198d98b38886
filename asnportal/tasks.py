"""Cross-cutting tasks: e-mail delivery and the job sweeper."""

from celery import shared_task
from django.core.mail import send_mail

from . import jobs


@shared_task(base=jobs.PortalTask, name="asnportal.send_email_task")
def send_email_task(to: list[str], subject: str, body: str) -> int:
    """Kept for messages published by an earlier release: the e-mail is stored in the outbox (EmailKeluar) and
    sent by `email_kirim_task` like every other. New code calls asnportal.notify.queue_email."""
    from django.db import transaction

    from .notify import queue_email

    with transaction.atomic():
        queue_email(list(to), subject, body)
    return 1


@shared_task(name="asnportal.jobs_sweep_task")
def jobs_sweep_task() -> int:
    return jobs.sweep()


@shared_task(base=jobs.PortalTask, name="asnportal.email_kirim_task")
def email_kirim_task(job_id: int) -> None:
    from .models import EmailKeluar

    def work(job):
        send_mail(job.subjek, job.isi, None, job.penerima, fail_silently=False)

    jobs.run_job(EmailKeluar, job_id, work)


@shared_task(name="asnportal.bersihkan_batas_laju_task")
def bersihkan_batas_laju_task() -> int:
    """Remove login rate-limit windows older than a day."""
    import datetime as dt

    from django.utils import timezone

    from .models import BatasLaju

    return BatasLaju.objects.filter(jendela__lt=timezone.now() - dt.timedelta(days=1)).delete()[0]


def bersihkan_sementara(*, max_age_seconds: int | None = None) -> int:
    """Remove temporary files left by killed or failed jobs (older than any job can run). Returns the count."""
    import os
    import time

    from django.conf import settings

    folder = settings.PORTAL_TMP_DIR
    max_age = settings.PORTAL_TMP_MAX_AGE_SECONDS if max_age_seconds is None else max_age_seconds
    if not os.path.isdir(folder):
        return 0
    removed = 0
    cutoff = time.time() - max_age
    with os.scandir(folder) as entries:
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                    os.unlink(entry.path)
                    removed += 1
            except FileNotFoundError:  # removed meanwhile by its own job
                continue
    return removed


@shared_task(name="asnportal.bersihkan_sementara_task")
def bersihkan_sementara_task() -> int:
    """Hourly: temporary files of killed jobs (asnportal.tasks.bersihkan_sementara)."""
    return bersihkan_sementara()
