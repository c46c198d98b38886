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
        raise FileNotFoundError(2, "No such file or directory", "/srv/portal/var/media/x.pdf")

    with pytest.raises(FileNotFoundError):
        jobs.run_job(model, job.pk, boom)
    job.refresh_from_db()
    # A plain reason for HR; the exception text (a server path) stays in the log.
    assert job.status == jobs.JobStatus.FAILED and "galat internal" in job.error and "/srv/" not in job.error

    def said(j):
        raise jobs.JobError("Daftar terlalu panjang untuk PDF: gunakan XLSX.")

    with pytest.raises(jobs.JobError):
        jobs.run_job(model, job.pk, said)
    job.refresh_from_db()
    assert job.error == "Daftar terlalu panjang untuk PDF: gunakan XLSX."
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


def test_heartbeat_decides_takeover_not_the_age_of_the_run():
    """Issue 18: a killed worker's job waited for the 15-minute rule. Now a RUNNING job is left alone while its
    heartbeat is fresh (however old the run) and taken over once the heartbeat is older than the bound."""
    model = _job_model()
    job = _make_job(model)
    now = timezone.now()
    model.objects.filter(pk=job.pk).update(
        status=jobs.JobStatus.RUNNING,
        attempts=1,
        worker="another-host:4242",
        started_at=now - dt.timedelta(hours=2),
        heartbeat_at=now - dt.timedelta(seconds=5),
    )
    ran = []
    jobs.run_job(model, job.pk, ran.append)
    assert ran == []  # alive: its heartbeat is fresh
    model.objects.filter(pk=job.pk).update(
        started_at=now - dt.timedelta(seconds=90),
        heartbeat_at=now - jobs.heartbeat_stale() - dt.timedelta(seconds=1),
    )
    done = jobs.run_job(model, job.pk, ran.append)
    assert len(ran) == 1 and done.status == jobs.JobStatus.SUCCESS and done.attempts == 2


@pytest.mark.django_db(
    transaction=True
)  # the heartbeat thread has its own connection: it sees committed rows
def test_heartbeat_thread_touches_the_row_while_work_runs(settings):
    import time

    settings.PORTAL_JOB_HEARTBEAT_SECONDS = 0.05
    model = _job_model()
    job = _make_job(model)
    seen = []

    def slow(j):
        time.sleep(0.4)
        seen.append(model.objects.get(pk=j.pk).heartbeat_at)

    jobs.run_job(model, job.pk, slow)
    job.refresh_from_db()
    assert seen[0] > job.started_at  # touched after the start, while the work ran


def test_a_run_taken_over_meanwhile_does_not_save_success_twice():
    model = _job_model()
    job = _make_job(model)

    def hijacked(j):  # another worker takes the job over while this run works
        model.objects.filter(pk=j.pk).update(worker="other:1", attempts=2)

    done = jobs.run_job(model, job.pk, hijacked)
    assert done._lost
    job.refresh_from_db()
    assert job.status == jobs.JobStatus.RUNNING and job.worker == "other:1"


def test_sweep_republishes_stale_heartbeats_and_retries_failed_email_with_backoff(monkeypatch):
    model = _job_model()
    now = timezone.now()
    old = now - dt.timedelta(minutes=5)
    stale = _make_job(model)
    fresh = _make_job(model)
    failed_due = _make_job(model)
    failed_recent = _make_job(model)
    failed_exhausted = _make_job(model)
    model.objects.filter(
        pk__in=[stale.pk, fresh.pk, failed_due.pk, failed_recent.pk, failed_exhausted.pk]
    ).update(created_at=old, enqueued_at=old)
    model.objects.filter(pk=stale.pk).update(status="running", heartbeat_at=now - dt.timedelta(seconds=61))
    model.objects.filter(pk=fresh.pk).update(status="running", heartbeat_at=now - dt.timedelta(seconds=10))
    model.objects.filter(pk=failed_due.pk).update(
        status="failed", attempts=3, finished_at=now - dt.timedelta(minutes=5)
    )
    model.objects.filter(pk=failed_recent.pk).update(status="failed", attempts=3, finished_at=now)
    model.objects.filter(pk=failed_exhausted.pk).update(
        status="failed", attempts=model.retry_failed_max, finished_at=old - dt.timedelta(days=1)
    )
    sent = []
    monkeypatch.setattr(jobs, "publish", lambda name, job_id: sent.append(job_id) or True)
    jobs.sweep()
    assert sorted(sent) == sorted([stale.pk, failed_due.pk])


def test_temporary_files_of_killed_jobs_are_removed(settings, tmp_path):
    import os
    import time

    from asnportal.tasks import bersihkan_sementara

    settings.PORTAL_TMP_DIR = tmp_path
    left = tmp_path / "laporan-abc.pdf"
    left.write_bytes(b"%PDF-partial")
    os.utime(left, (time.time() - 7200, time.time() - 7200))
    current = tmp_path / "laporan-now.pdf"
    current.write_bytes(b"%PDF-in-progress")
    assert bersihkan_sementara() == 1
    assert not left.exists() and current.exists()


def test_outbox_status_visible_and_failed_email_resent_from_admin(
    client_superadmin, monkeypatch, django_capture_on_commit_callbacks
):
    model = _job_model()
    ok = _make_job(model)
    failed = _make_job(model)
    model.objects.filter(pk=ok.pk).update(status="success")
    model.objects.filter(pk=failed.pk).update(
        status="failed",
        attempts=3,
        error="Layanan lain yang dibutuhkan (mis. server e-mail) tidak dapat dihubungi.",
    )
    page = client_superadmin.get("/admin/asnportal/emailkeluar/?status__exact=failed")
    assert page.status_code == 200 and "server e-mail" in page.content.decode()
    sent = []
    monkeypatch.setattr(jobs, "publish", lambda name, job_id: sent.append(job_id) or True)
    with django_capture_on_commit_callbacks(execute=True):
        r = client_superadmin.post(
            "/admin/asnportal/emailkeluar/",
            {"action": "kirim_ulang", "_selected_action": [ok.pk, failed.pk]},
        )
    assert r.status_code == 302 and sent == [failed.pk]
    failed.refresh_from_db()
    assert failed.status == jobs.JobStatus.PENDING


def test_hr_sees_the_outbox_of_its_instansi_and_resends_a_failed_email(
    client_hr_bungo,
    hr_bungo,
    instansi_bungo,
    instansi_bengkulu,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    from django.test import Client

    from asnportal.testing.factories import SCOPED_OBJECTS, UserFactory

    own = SCOPED_OBJECTS["asnportal.EmailKeluar"](instansi_bungo)
    model = type(own)
    model.objects.filter(pk=own.pk).update(
        subjek="Hasil verifikasi lamaran 2601", error="Server e-mail menolak."
    )
    other = SCOPED_OBJECTS["asnportal.EmailKeluar"](instansi_bengkulu)
    model.objects.filter(pk=other.pk).update(subjek="Rahasia Bengkulu")
    page = client_hr_bungo.get("/email-keluar/?status=failed")
    body = page.content.decode()
    assert (
        page.status_code == 200
        and "Hasil verifikasi lamaran 2601" in body
        and "Server e-mail menolak." in body
    )
    assert "Rahasia Bengkulu" not in body
    sent = []
    monkeypatch.setattr(jobs, "publish", lambda name, job_id: sent.append(job_id) or True)
    with django_capture_on_commit_callbacks(execute=True):
        r = client_hr_bungo.post(f"/email-keluar/{own.pk}/kirim-ulang/")
    assert r.status_code == 302 and sent == [own.pk]
    own.refresh_from_db()
    assert own.status == jobs.JobStatus.PENDING
    # Not failed any more: nothing is queued again.
    assert client_hr_bungo.post(f"/email-keluar/{own.pk}/kirim-ulang/", follow=True).status_code == 200
    assert sent == [own.pk]
    # Another instansi's e-mail is a 404; an auditor reads but may not resend; GET is refused.
    assert client_hr_bungo.post(f"/email-keluar/{other.pk}/kirim-ulang/").status_code == 404
    assert client_hr_bungo.get(f"/email-keluar/{own.pk}/kirim-ulang/").status_code == 405
    auditor = Client()
    auditor.force_login(UserFactory(role="auditor", instansi=instansi_bungo))
    assert auditor.get("/email-keluar/").status_code == 200
    assert auditor.post(f"/email-keluar/{own.pk}/kirim-ulang/").status_code == 403
    asn = Client()
    asn.force_login(UserFactory(role="asn", instansi=instansi_bungo))
    assert asn.get("/email-keluar/").status_code == 403


def test_emails_carry_the_instansi_of_their_recipients(hr_bungo):
    from asnportal.models import EmailKeluar
    from asnportal.notify import notify

    notify([hr_bungo], judul="Laporan siap")
    assert EmailKeluar.objects.get(subjek="Laporan siap").instansi_id == hr_bungo.instansi_id


def test_only_the_outbox_worker_sends_email():
    """Every e-mail of every app goes through the outbox (EmailKeluar): no other module sends directly."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    direct = re.compile(
        r"\b(send_mail|send_mass_mail|mail_admins|mail_managers|EmailMessage|EmailMultiAlternatives)\("
    )
    offenders = []
    tops = [
        d
        for d in root.iterdir()
        if d.is_dir() and not d.is_symlink() and not d.name.startswith(".") and d.name not in ("var", "tests")
    ]
    for path in (p for top in tops for p in top.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if "/tests/" in rel or "/migrations/" in rel:
            continue
        if rel == "asnportal/tasks.py":  # email_kirim_task: the outbox's sender
            continue
        if direct.search(path.read_text(encoding="utf-8")):
            offenders.append(rel)
    assert offenders == []
