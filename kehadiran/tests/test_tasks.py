"""Background recomputation through a real Celery worker, and the nightly job creation."""

import datetime as dt

import pytest

from kehadiran import services, tasks
from kehadiran.models import HitungUlang, StatusHarianPegawai


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_hitung_ulang_runs_on_worker(celery_worker_real, wait, pegawai_bungo, hr_bungo):
    job = services.hitung_ulang_minta(
        actor=hr_bungo,
        instansi_id=pegawai_bungo.instansi_id,
        mulai=dt.date(2026, 3, 2),
        selesai=dt.date(2026, 3, 6),
    )
    wait(lambda: HitungUlang.objects.get(pk=job.pk).status == "success")
    job.refresh_from_db()
    # pegawai_bungo and kepala_bungo, five dates each.
    assert job.jumlah == 10
    assert StatusHarianPegawai.objects.filter(pegawai=pegawai_bungo).count() == 5


@pytest.mark.django_db
def test_nightly_task_creates_one_job_per_instansi(
    instansi_bungo, instansi_bengkulu, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        assert tasks.hitung_kemarin_task() == 2
    assert HitungUlang.objects.filter(status="pending").count() == 2


@pytest.mark.django_db
def test_hitung_ulang_forbidden_for_asn(asn_bungo):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.hitung_ulang_minta(
            actor=asn_bungo,
            instansi_id=asn_bungo.instansi_id,
            mulai=dt.date(2026, 3, 2),
            selesai=dt.date(2026, 3, 2),
        )
