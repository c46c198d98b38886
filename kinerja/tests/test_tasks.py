import datetime as dt

import pytest
from django.core import mail

from asnportal.models import EmailKeluar
from kinerja.tasks import pengingat_kirim_task

from .factories import skp_draft, struktur


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_reminder_emails_sent_by_real_worker(instansi_bungo, celery_worker_real, wait):
    s = struktur(instansi_bungo)
    skp_draft(s["u_staf"], tahun=dt.date.today().year)
    pengingat_kirim_task.delay(instansi_bungo.pk)
    wait(lambda: EmailKeluar.objects.filter(status="success").exists(), timeout=30)
    sent = [m for m in mail.outbox if s["u_staf"].email in m.to]
    assert sent and "belum diajukan" in sent[0].subject
    assert s["u_staf"].notifikasi.filter(judul__icontains="belum diajukan").exists()
