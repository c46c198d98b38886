"""Background work: a job row first, then a thin task (Saleor `saleor/csv/`, HackSoft styleguide).

A service creates a row (status PENDING) under a unique key and calls `enqueue(job, task)`, which publishes
after the transaction commits. Publishing never blocks a request: if the broker is down the row stays PENDING
with `enqueued_at` empty and `jobs_sweep_task` (beat, every minute) publishes it when the broker is back.

The task body calls `run_job(Model, job_id, work)`: it locks the row, returns if the job is already done or
running elsewhere, runs `work(job)`, and saves SUCCESS or FAILED. A failed job can be retried (`job_retry`).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta

from celery import Task
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# model label -> dotted task name; filled by @register_job so the sweeper knows every kind of job.
JOB_REGISTRY: dict[str, str] = {}


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    SUCCESS = "success", _("Selesai")
    FAILED = "failed", _("Gagal")


class JobModel(models.Model):
    """Abstract job row: the state of one piece of background work."""

    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    error = models.TextField(_("galat"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("dikirim ke antrean"), null=True, blank=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    worker = models.CharField(
        _("proses pekerja"),
        max_length=120,
        blank=True,
        help_text=_("host:pid of the process running the job"),
    )

    class Meta:
        abstract = True

    @property
    def is_done(self) -> bool:
        return self.status in (JobStatus.SUCCESS, JobStatus.FAILED)


def register_job(task_name: str):
    """Class decorator: the sweeper re-publishes this model's stalled rows through `task_name`."""

    def wrap(model_cls):
        JOB_REGISTRY[model_cls._meta.label] = task_name
        return model_cls

    return wrap


def publish(task_name: str, job_id) -> bool:
    """Publish one task now; False (logged, never raised) when the broker cannot be reached."""
    from asnportal.celery import app

    try:
        app.send_task(task_name, args=[job_id], retry=False)
    except Exception as exc:  # any broker error: the sweeper will publish it later
        logger.warning("broker unavailable, job %s %s waits for the sweeper: %s", task_name, job_id, exc)
        return False
    return True


def enqueue(job: JobModel, task_name: str) -> None:
    """Publish after commit; mark `enqueued_at` only when the broker took it."""
    model = type(job)
    job_id = job.pk

    def _send():
        if publish(task_name, job_id):
            model.objects.filter(pk=job_id).update(enqueued_at=timezone.now())

    transaction.on_commit(_send)


STALE_AFTER = timedelta(minutes=15)  # longer than CELERY_TASK_TIME_LIMIT: no live run can be this old


def _this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _holder_is_dead(worker: str) -> bool:
    """True when the process that holds the job ran on this host and no longer exists."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another host: only the age of the row can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def run_job(model, job_id, work: Callable[[JobModel], None], *, stale_after: timedelta = STALE_AFTER):
    """Idempotent runner. Returns the job. `work(job)` does the real work and may set fields on `job`."""
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status == JobStatus.SUCCESS:
            return job
        # A second delivery while the job is RUNNING. If the process holding it is gone (a worker killed
        # mid-task; acks_late + reject_on_worker_lost redelivered the message), take the job over now.
        # Otherwise another worker is still on it: leave it alone. A row older than stale_after is
        # always taken over (its worker died, possibly on another host).
        fresh = (
            job.status == JobStatus.RUNNING
            and job.started_at
            and timezone.now() - job.started_at < stale_after
        )
        if fresh and not (job.worker and _holder_is_dead(job.worker)):
            return job
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.started_at = timezone.now()
        job.worker = _this_worker()
        job.error = ""
        job.save(update_fields=["status", "attempts", "started_at", "error", "worker"])
    try:
        work(job)
    except Exception as exc:
        logger.exception("job %s %s failed", model._meta.label, job_id)
        model.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    job.status = JobStatus.SUCCESS
    job.progress = 100
    job.finished_at = timezone.now()
    job.save()
    return job


def job_retry(job: JobModel) -> None:
    """Put a failed job back in the queue (the 'Coba lagi' button)."""
    task_name = JOB_REGISTRY[job._meta.label]
    type(job).objects.filter(pk=job.pk).update(status=JobStatus.PENDING, enqueued_at=None, error="")
    job.refresh_from_db()
    enqueue(job, task_name)


def sweep(older_than: timedelta = timedelta(minutes=2)) -> int:
    """Publish PENDING rows that never reached the broker, and RUNNING rows abandoned by a dead worker."""
    from django.apps import apps

    count = 0
    cutoff = timezone.now() - older_than
    for label, task_name in JOB_REGISTRY.items():
        model = apps.get_model(label)
        never_published = models.Q(status=JobStatus.PENDING) & (
            models.Q(enqueued_at__isnull=True) | models.Q(enqueued_at__lt=cutoff - timedelta(minutes=30))
        )
        # A RUNNING row older than any allowed run lost its worker; republishing lets run_job take it over.
        abandoned = models.Q(status=JobStatus.RUNNING, started_at__lt=timezone.now() - STALE_AFTER)
        stalled = model.objects.filter(never_published | abandoned).filter(
            created_at__lt=timezone.now() - timedelta(seconds=5)
        )
        for job_id in stalled.values_list("pk", flat=True)[:500]:
            if publish(task_name, job_id):
                model.objects.filter(pk=job_id).update(enqueued_at=timezone.now())
                count += 1
            else:
                return count
    return count


class PortalTask(Task):
    """Base task: late ack, requeue when the worker dies, retries only for transient errors."""

    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = (ConnectionError, TimeoutError)
    retry_backoff = True
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 5
