"""Audit writer and the job runner: idempotency, stale takeover, retry, sweeper when the broker is down."""

import datetime as dt

import pytest
from django.utils import timezone

from asnportal import audit, jobs
from asnportal.models import AuditLog

pytestmark = pytest.mark.django_db


def test_snapshot_and_diff(pegawai_bungo):
    before = audit.snapshot(pegawai_bungo)
    pegawai_bungo.telepon = "081234"
    after = audit.snapshot(pegawai_bungo)
    assert audit.diff(before, after) == {"telepon": ["", "081234"]}
    assert "password" not in before


def test_record_sets_instansi_from_object(hr_bungo, pegawai_bungo):
    entry = audit.record(
        actor=hr_bungo, action=audit.Action.UPDATE, obj=pegawai_bungo, changes={"a": [1, 2]}, reason="uji"
    )
    assert entry.instansi_id == pegawai_bungo.instansi_id
    assert entry.object_type == "kepegawaian.Pegawai"
    assert list(audit.history(pegawai_bungo)) == [entry]
    assert AuditLog.objects.for_user(hr_bungo).filter(pk=entry.pk).exists()


def test_audit_log_scoped(hr_bengkulu, hr_bungo, pegawai_bungo):
    entry = audit.record(actor=hr_bungo, action=audit.Action.VIEW, obj=pegawai_bungo)
    assert not AuditLog.objects.for_user(hr_bengkulu).filter(pk=entry.pk).exists()


def _job_model():
    from asnportal.models import EmailKeluar

    return EmailKeluar


def test_enqueue_never_raises_when_broker_down(settings, monkeypatch, django_capture_on_commit_callbacks):
    calls = []

    def broken_send_task(*args, **kwargs):
        calls.append(args)
        raise ConnectionError("broker down")

    from asnportal.celery import app

    monkeypatch.setattr(app, "send_task", broken_send_task)
    assert jobs.publish("asnportal.send_email_task", 1) is False
    assert calls


def test_run_job_stale_running_is_taken_over_and_completes_once():
    model = _job_model()
    job = _make_job(model)
    model.objects.filter(pk=job.pk).update(
        status=jobs.JobStatus.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1), attempts=1
    )
    done = []
    jobs.run_job(model, job.pk, lambda j: done.append(j.pk))
    jobs.run_job(model, job.pk, lambda j: done.append(j.pk))  # a duplicate delivery does nothing
    job.refresh_from_db()
    assert done == [job.pk]
    assert job.status == jobs.JobStatus.SUCCESS and job.attempts == 2


def test_run_job_fresh_running_is_left_alone():
    model = _job_model()
    job = _make_job(model)
    model.objects.filter(pk=job.pk).update(status=jobs.JobStatus.RUNNING, started_at=timezone.now())
    done = []
    jobs.run_job(model, job.pk, lambda j: done.append(1))
    assert done == []


def test_run_job_failure_is_recorded_and_retry_requeues(django_capture_on_commit_callbacks, monkeypatch):
    model = _job_model()
    job = _make_job(model)

    def boom(j):
        raise ValueError("bagian gagal")

    with pytest.raises(ValueError):
        jobs.run_job(model, job.pk, boom)
    job.refresh_from_db()
    assert job.status == jobs.JobStatus.FAILED and "bagian gagal" in job.error
    sent = []
    monkeypatch.setattr(jobs, "publish", lambda name, job_id: sent.append((name, job_id)) or True)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.job_retry(job)
    job.refresh_from_db()
    assert job.status == jobs.JobStatus.PENDING and sent == [(jobs.JOB_REGISTRY[model._meta.label], job.pk)]


def test_sweeper_publishes_rows_that_never_reached_the_broker(monkeypatch):
    model = _job_model()
    job = _make_job(model)
    model.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=5), enqueued_at=None
    )
    sent = []
    monkeypatch.setattr(jobs, "publish", lambda name, job_id: sent.append(job_id) or True)
    assert jobs.sweep() >= 1
    assert job.pk in sent
    job.refresh_from_db()
    assert job.enqueued_at is not None


def _make_job(model):
    return model.objects.create(penerima=["a@uji.local"], subjek="Uji", isi="isi")


def test_redelivery_takes_over_when_the_holding_process_is_dead():
    import socket
    import subprocess

    model = _job_model()
    job = _make_job(model)
    gone = subprocess.Popen(["true"])
    gone.wait()  # a pid that no longer exists: the killed worker child
    model.objects.filter(pk=job.pk).update(
        status=jobs.JobStatus.RUNNING, started_at=timezone.now(), worker=f"{socket.gethostname()}:{gone.pid}"
    )
    done = []
    jobs.run_job(model, job.pk, lambda j: done.append(j.pk))
    job.refresh_from_db()
    assert done == [job.pk] and job.status == jobs.JobStatus.SUCCESS


def test_sweeper_republishes_abandoned_running_rows(monkeypatch):
    model = _job_model()
    job = _make_job(model)
    model.objects.filter(pk=job.pk).update(
        status=jobs.JobStatus.RUNNING,
        enqueued_at=timezone.now(),
        started_at=timezone.now() - dt.timedelta(hours=2),
        created_at=timezone.now() - dt.timedelta(hours=2),
    )
    sent = []
    monkeypatch.setattr(jobs, "publish", lambda name, job_id: sent.append(job_id) or True)
    jobs.sweep()
    assert job.pk in sent
