"""Cross-cutting tasks: e-mail delivery and the job sweeper."""

from celery import shared_task
from django.core.mail import send_mail

from . import jobs


@shared_task(base=jobs.PortalTask, name="asnportal.send_email_task")
def send_email_task(to: list[str], subject: str, body: str) -> int:
    """Send one e-mail from a worker (never from a request)."""
    return send_mail(subject, body, None, to, fail_silently=False)


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
