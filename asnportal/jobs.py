"""Background work: a job row first, then a thin task (Saleor `saleor/csv/`, HackSoft styleguide).

A service creates a row (status PENDING) under a unique key and calls `enqueue(job, task)`, which publishes
after the transaction commits. Publishing never blocks a request: if the broker is down the row stays PENDING
with `enqueued_at` empty and `jobs_sweep_task` (beat, every 20 s) publishes it when the broker is back.

The task body calls `run_job(Model, job_id, work)`: it locks the row, returns if the job is already done or
running elsewhere, runs `work(job)`, and saves SUCCESS or FAILED. A failed job can be retried (`job_retry`).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
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
    heartbeat_at = models.DateTimeField(
        _("detak terakhir"),
        null=True,
        blank=True,
        help_text=_(
            "touched every few seconds by the process running the job; a stale heartbeat means it died"
        ),
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


def heartbeat_every() -> float:
    from django.conf import settings

    return float(getattr(settings, "PORTAL_JOB_HEARTBEAT_SECONDS", 15))


def heartbeat_stale() -> timedelta:
    """A RUNNING job whose heartbeat is older than this lost its worker (killed, host gone): it is taken over."""
    from django.conf import settings

    return timedelta(seconds=getattr(settings, "PORTAL_JOB_STALE_SECONDS", 60))


class _Heartbeat:
    """A daemon thread that touches `heartbeat_at` of the job this process holds, until stopped. It runs in the
    worker's child process, so it dies with it: a killed worker (child or main process) stops the heartbeat and
    the sweeper takes the job over once the heartbeat is older than heartbeat_stale()."""

    def __init__(self, model, job_id, worker: str):
        self.model, self.job_id, self.worker = model, job_id, worker
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat-{job_id}", daemon=True)

    def _run(self):
        from django.db import connection

        try:
            while not self.stop.wait(heartbeat_every()):
                try:
                    self.model.objects.filter(
                        pk=self.job_id, worker=self.worker, status=JobStatus.RUNNING
                    ).update(heartbeat_at=timezone.now())
                except Exception as exc:  # a database blip: try again at the next beat
                    logger.warning("heartbeat of %s %s failed: %s", self.model._meta.label, self.job_id, exc)
        finally:
            connection.close()  # this thread's own connection

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=10)


def plain_error(exc: BaseException) -> str:
    """The reason shown to HR for a failed job: the message of a JobError (written for users), otherwise a plain
    sentence by kind of failure. Never an exception text: those carry server paths and internals (the full
    traceback goes to the log, with the job id)."""
    from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
    from django.db import DatabaseError

    if isinstance(exc, JobError):
        return str(exc)[:2000]
    if isinstance(exc, (SoftTimeLimitExceeded, TimeLimitExceeded)):
        return str(_("Pekerjaan melebihi batas waktu dan dihentikan. Coba lagi, atau persempit cakupannya."))
    if isinstance(exc, DatabaseError):
        return str(
            _("Basis data tidak dapat dihubungi saat pekerjaan berjalan. Coba lagi beberapa saat lagi.")
        )
    if isinstance(exc, OSError) and exc.errno == 28:  # ENOSPC
        return str(_("Ruang penyimpanan server penuh. Hubungi petugas teknis, lalu coba lagi."))
    if isinstance(exc, (ConnectionError, TimeoutError)) or exc.__class__.__module__ == "smtplib":
        return str(_("Layanan lain yang dibutuhkan (mis. server e-mail) tidak dapat dihubungi."))
    return str(
        _("Terjadi galat internal. Petugas teknis dapat melihat rinciannya di log server; coba lagi nanti.")
    )


class JobError(ValueError):
    """A failure whose message is written for the user (Indonesian, no internals): shown as the job's reason."""


def run_job(model, job_id, work: Callable[[JobModel], None], *, stale_after: timedelta = STALE_AFTER):
    """Idempotent runner. Returns the job. `work(job)` does the real work and may set fields on `job`."""
    me = _this_worker()
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status == JobStatus.SUCCESS:
            return job
        # A second delivery while the job is RUNNING (a redelivery, the sweeper's republish, a retry). The
        # holder is alive while its heartbeat is fresh: leave the job to it. A stale heartbeat, or a holder
        # process on this host that no longer exists, means it died: take the job over now. Rows from before
        # heartbeats (heartbeat_at empty) fall back to the age of the run (stale_after).
        now = timezone.now()
        if job.status == JobStatus.RUNNING:
            if job.heartbeat_at:
                fresh = now - job.heartbeat_at < heartbeat_stale()
            else:
                fresh = bool(job.started_at) and now - job.started_at < stale_after
            if fresh and not (job.worker and _holder_is_dead(job.worker)):
                return job
            logger.warning(
                "job %s %s: taking over from %s (heartbeat %s)",
                model._meta.label,
                job_id,
                job.worker,
                job.heartbeat_at,
            )
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.started_at = now
        job.heartbeat_at = now
        job.worker = me
        job.error = ""
        job.save(update_fields=["status", "attempts", "started_at", "heartbeat_at", "error", "worker"])
    try:
        with _Heartbeat(model, job_id, me):
            work(job)
    except Exception as exc:
        logger.exception("job %s %s failed", model._meta.label, job_id)
        model.objects.filter(pk=job_id, worker=me).update(
            status=JobStatus.FAILED, error=plain_error(exc), finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        # Finish only if the job is still ours: a process that was presumed dead (a stale heartbeat after a long
        # freeze) and comes back must not overwrite the run that took over. Exactly one run saves SUCCESS.
        current = model.objects.select_for_update().filter(pk=job_id).values_list("worker", "status").first()
        if current != (me, JobStatus.RUNNING):
            logger.warning(
                "job %s %s was taken over while this run worked; its result is dropped", model, job_id
            )
            job._lost = True
            return job
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
    """Publish PENDING rows that never reached the broker, RUNNING rows whose worker died (stale heartbeat), and
    FAILED rows of models that retry by themselves (the outbox), after a growing delay."""
    from django.apps import apps

    count = 0
    now = timezone.now()
    cutoff = now - older_than
    for label, task_name in JOB_REGISTRY.items():
        model = apps.get_model(label)
        never_published = models.Q(status=JobStatus.PENDING) & (
            models.Q(enqueued_at__isnull=True) | models.Q(enqueued_at__lt=cutoff - timedelta(minutes=30))
        )
        # A RUNNING row whose heartbeat stopped lost its worker; republishing lets run_job take it over.
        abandoned = models.Q(status=JobStatus.RUNNING) & (
            models.Q(heartbeat_at__lt=now - heartbeat_stale())
            | models.Q(heartbeat_at__isnull=True, started_at__lt=now - STALE_AFTER)
        )
        stalled = model.objects.filter(never_published | abandoned).filter(
            created_at__lt=now - timedelta(seconds=5)
        )
        ids = list(stalled.values_list("pk", flat=True)[:500])
        retry_max = getattr(model, "retry_failed_max", 0)
        if retry_max:
            failed = model.objects.filter(status=JobStatus.FAILED, attempts__lt=retry_max).values_list(
                "pk", "attempts", "finished_at"
            )[:500]
            ids += [pk for pk, n, at in failed if at is None or now - at >= retry_delay(n)]
        for job_id in ids:
            if publish(task_name, job_id):
                model.objects.filter(pk=job_id).update(enqueued_at=timezone.now())
                count += 1
            else:
                return count
    return count


def retry_delay(attempts: int) -> timedelta:
    """Backoff of the sweeper's automatic retries: 1, 2, 4, 8 ... minutes after the last failure, at most 2 h."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 120))


class PortalTask(Task):
    """Base task: late ack, requeue when the worker dies, retries only for transient errors."""

    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = (ConnectionError, TimeoutError)
    retry_backoff = True
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 5
