"""A real Celery worker against the configured broker (Redis in CI): the e-mail outbox end to end."""

import pytest
from django.core import mail

from asnportal import jobs, notify
from asnportal.models import EmailKeluar


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_notification_email_delivered_by_real_worker(celery_worker_real, wait, hr_bungo):
    notify.notify([hr_bungo], judul="Laporan siap", isi="Laporan bulanan sudah dibuat.", url="/laporan/")
    row = EmailKeluar.objects.get()
    wait(lambda: EmailKeluar.objects.filter(pk=row.pk, status=jobs.JobStatus.SUCCESS).exists())
    assert hr_bungo.notifikasi.filter(judul="Laporan siap").exists()
    assert any(m.subject == "Laporan siap" and hr_bungo.email in m.to for m in mail.outbox)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_outbox_row_saved_while_broker_down_is_sent_by_sweeper(
    celery_worker_real, wait, hr_bungo, monkeypatch
):
    from asnportal.celery import app

    real_send = app.send_task

    def down(*args, **kwargs):
        raise ConnectionError("Redis tidak terjangkau")

    monkeypatch.setattr(app, "send_task", down)
    notify.notify([hr_bungo], judul="Tertunda", isi="x")
    row = EmailKeluar.objects.get()
    assert row.enqueued_at is None and row.status == jobs.JobStatus.PENDING  # saved, not lost
    monkeypatch.setattr(app, "send_task", real_send)  # the broker is back
    EmailKeluar.objects.filter(pk=row.pk).update(
        created_at=row.created_at.replace(year=row.created_at.year - 1)
    )
    assert jobs.sweep() == 1
    wait(lambda: EmailKeluar.objects.filter(pk=row.pk, status=jobs.JobStatus.SUCCESS).exists())
