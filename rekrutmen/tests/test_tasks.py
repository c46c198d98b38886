import datetime as dt

import pytest
from django.core import mail

from rekrutmen import services
from rekrutmen.models import Pelamar


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_confirmation_email_sent_by_worker_after_commit(celery_worker_real, wait):
    services.pelamar_daftar(
        data={
            "nik": "1509015203990004",
            "nama": "Dian Puspita",
            "email": "dian@contoh.id",
            "tempat_lahir": "Bungo",
            "tanggal_lahir": dt.date(1999, 3, 12),
            "jenis_kelamin": "P",
        },
        password="RahasiaPelamar2026",
    )
    wait(lambda: len(mail.outbox) == 1)
    message = mail.outbox[0]
    assert message.to == ["dian@contoh.id"] and "/rekrutmen/pelamar/konfirmasi/" in message.body
    assert Pelamar.objects.get(email="dian@contoh.id").email_terkonfirmasi_at is None
