import datetime as dt
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from asnportal import jobs
from asnportal.celery import app as celery_app
from asnportal.models import AuditLog, Notifikasi
from asnportal.testing.factories import UnitKerjaFactory
from laporan import services, tasks
from laporan.models import LaporanRun

pytestmark = pytest.mark.django_db

JAN = {"mulai": dt.date(2026, 1, 1), "selesai": dt.date(2026, 1, 31)}


def _request(instansi, actor=None, **kw):
    params = {"jenis": "bulanan", "format": "pdf", **JAN, **kw}
    return services.laporan_request(actor=actor, instansi_id=instansi.pk, **params)


def test_request_is_idempotent_per_period(hr_bungo, instansi_bungo, instansi_bengkulu):
    run, created = _request(instansi_bungo, hr_bungo)
    again, created_again = _request(instansi_bungo, hr_bungo)
    assert created and not created_again and again.pk == run.pk
    other_format, new = _request(instansi_bungo, hr_bungo, format="xlsx")
    other_instansi, new2 = _request(instansi_bengkulu)
    assert new and new2 and len({run.pk, other_format.pk, other_instansi.pk}) == 3
    assert LaporanRun.objects.count() == 3
    assert AuditLog.objects.filter(object_type="laporan.LaporanRun", object_id=str(run.pk)).count() == 1


def test_request_validation(hr_bungo, instansi_bungo, opd_bengkulu):
    with pytest.raises(ValidationError, match="unit kerja"):
        _request(instansi_bungo, hr_bungo, jenis="duk", format="pdf")
    with pytest.raises(ValidationError, match="instansi yang sama"):
        _request(instansi_bungo, hr_bungo, jenis="duk", format="xlsx", unit_kerja=opd_bengkulu)
    with pytest.raises(ValidationError):
        _request(instansi_bungo, hr_bungo, mulai=dt.date(2026, 2, 1), selesai=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="PPPK"):
        _request(instansi_bungo, hr_bungo, jenis="duk", format="xlsx", status_kepegawaian="PPPK")
    assert not LaporanRun.objects.exists()


def test_roster_is_snapshot_and_periodic_ignores_filters(hr_bungo, instansi_bungo, opd_bungo):
    duk, _ = _request(instansi_bungo, hr_bungo, jenis="duk", format="xlsx", unit_kerja=opd_bungo)
    assert duk.periode_mulai == duk.periode_selesai == JAN["selesai"]
    monthly, _ = _request(instansi_bungo, hr_bungo, unit_kerja=opd_bungo, status_kepegawaian="PNS")
    assert monthly.unit_kerja is None and monthly.status_kepegawaian == ""


def test_schedule_creates_runs_for_every_instansi_once(instansi_bungo, instansi_bengkulu):
    today = dt.date(2026, 4, 1)
    assert services.laporan_schedule(jenis="triwulanan", today=today, formats=("pdf", "xlsx")) == 4
    assert services.laporan_schedule(jenis="triwulanan", today=today, formats=("pdf", "xlsx")) == 0
    runs = LaporanRun.objects.all()
    assert {(r.instansi_id, r.format) for r in runs} == {
        (i.pk, f) for i in (instansi_bungo, instansi_bengkulu) for f in ("pdf", "xlsx")
    }
    assert {(r.periode_mulai, r.periode_selesai) for r in runs} == {
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    }
    assert all(r.requested_by is None and r.jadwal for r in runs)


def test_generate_stores_file_with_checksum_and_notifies(hr_bungo, instansi_bungo, pegawai_bungo):
    run, _ = _request(instansi_bungo, hr_bungo, format="xlsx")
    tasks.laporan_generate_task(run.pk)
    run.refresh_from_db()
    assert run.status == jobs.JobStatus.SUCCESS and run.attempts == 1 and run.progress == 100
    assert run.file.name.startswith(f"laporan/{instansi_bungo.pk}/") and run.file.name.endswith(".xlsx")
    import hashlib

    with default_storage.open(run.file.name, "rb") as fh:
        data = fh.read()
    assert run.ukuran == len(data) and run.sha256 == hashlib.sha256(data).hexdigest()
    assert run.nama_berkas == "bulanan-kab-bungo-20260101-20260131.xlsx"
    assert "Modul" in run.catatan or run.catatan == ""
    assert Notifikasi.objects.filter(user=hr_bungo, judul__startswith="Laporan siap").count() == 1
    # A duplicate delivery of the message does nothing: no second file, no second notification.
    tasks.laporan_generate_task(run.pk)
    run.refresh_from_db()
    assert run.attempts == 1
    assert len(default_storage.listdir(f"laporan/{instansi_bungo.pk}")[1]) == 1
    assert Notifikasi.objects.filter(user=hr_bungo).count() == 1


def test_scheduled_run_notifies_hr_officers(hr_bungo, instansi_bungo, auditor_bungo):
    services.laporan_schedule(jenis="bulanan", today=dt.date(2026, 2, 1), formats=("xlsx",))
    run = LaporanRun.objects.get(instansi=instansi_bungo)
    tasks.laporan_generate_task(run.pk)
    assert Notifikasi.objects.filter(user=hr_bungo).count() == 1
    assert not Notifikasi.objects.filter(user=auditor_bungo).exists()


def test_stale_running_row_of_killed_worker_is_taken_over_once(hr_bungo, instansi_bungo):
    """Simulates a worker killed mid-task: the row stays RUNNING with an old started_at; the redelivered
    message (acks_late) takes it over and completes it exactly once."""
    run, _ = _request(instansi_bungo, hr_bungo, format="xlsx")
    LaporanRun.objects.filter(pk=run.pk).update(
        status=jobs.JobStatus.RUNNING, attempts=1, progress=40, started_at=timezone.now() - timedelta(hours=1)
    )
    tasks.laporan_generate_task(run.pk)
    run.refresh_from_db()
    assert run.status == jobs.JobStatus.SUCCESS and run.attempts == 2 and run.sha256
    tasks.laporan_generate_task(run.pk)
    run.refresh_from_db()
    assert run.attempts == 2


def test_running_row_of_live_worker_is_left_alone(hr_bungo, instansi_bungo):
    run, _ = _request(instansi_bungo, hr_bungo, format="xlsx")
    LaporanRun.objects.filter(pk=run.pk).update(
        status=jobs.JobStatus.RUNNING, attempts=1, started_at=timezone.now()
    )
    tasks.laporan_generate_task(run.pk)
    run.refresh_from_db()
    assert run.status == jobs.JobStatus.RUNNING and run.attempts == 1 and not run.file


def test_pdf_roster_too_big_fails_with_clear_message(
    settings, hr_bungo, instansi_bungo, opd_bungo, pegawai_bungo
):
    settings.PORTAL = {**settings.PORTAL, "LAPORAN_PDF_ROSTER_MAX": 1}
    run, _ = _request(instansi_bungo, hr_bungo, jenis="nominatif", format="pdf", unit_kerja=opd_bungo)
    with pytest.raises(ValueError):
        tasks.laporan_generate_task(run.pk)
    run.refresh_from_db()
    assert run.status == jobs.JobStatus.FAILED and "gunakan format XLSX" in run.error and not run.file
    assert Notifikasi.objects.filter(user=hr_bungo, judul__startswith="Laporan gagal").exists()


def test_retry_puts_failed_run_back(
    hr_bungo, instansi_bungo, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(celery_app, "send_task", lambda name, args=None, **kw: sent.append((name, args)))
    run, _ = _request(instansi_bungo, hr_bungo)
    with pytest.raises(ValidationError):
        services.laporan_retry(actor=hr_bungo, run=run)
    LaporanRun.objects.filter(pk=run.pk).update(status=jobs.JobStatus.FAILED, error="x")
    run.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.laporan_retry(actor=hr_bungo, run=run)
    run.refresh_from_db()
    assert run.status == jobs.JobStatus.PENDING and run.error == "" and run.enqueued_at is not None
    assert sent == [("laporan.laporan_generate_task", [run.pk])]


def test_broker_down_keeps_request_and_sweeper_publishes_later(
    hr_bungo, instansi_bungo, django_capture_on_commit_callbacks, monkeypatch
):
    def down(*a, **kw):
        raise KombuOperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(celery_app, "send_task", down)
    with django_capture_on_commit_callbacks(execute=True):
        run, created = _request(instansi_bungo, hr_bungo)
    run.refresh_from_db()
    assert (
        created and run.status == jobs.JobStatus.PENDING and run.enqueued_at is None and run.menunggu_antrean
    )
    sent = []
    monkeypatch.setattr(celery_app, "send_task", lambda name, args=None, **kw: sent.append((name, args)))
    LaporanRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert jobs.sweep() >= 1
    assert ("laporan.laporan_generate_task", [run.pk]) in sent
    run.refresh_from_db()
    assert run.enqueued_at is not None


def test_unit_filter_limits_roster(hr_bungo, instansi_bungo, workforce_bungo, opd_bungo):
    from laporan import selectors

    sub = workforce_bungo["sub"]
    all_rows = selectors.roster_count(selectors.nominatif_queryset(instansi_id=instansi_bungo.pk))
    sub_rows = selectors.roster_count(
        selectors.nominatif_queryset(instansi_id=instansi_bungo.pk, unit_path=sub.path)
    )
    other = UnitKerjaFactory(instansi=instansi_bungo, nama="Dinas Lain")
    none_rows = selectors.roster_count(
        selectors.nominatif_queryset(instansi_id=instansi_bungo.pk, unit_path=other.path)
    )
    assert (all_rows, sub_rows, none_rows) == (4, 2, 0)


def test_declared_schedules_point_to_registered_task(instansi_bungo):
    from laporan.schedules import SCHEDULES as ALL

    assert all(spec["task"] in celery_app.tasks for spec in ALL)
    SCHEDULES = [s for s in ALL if s["task"] == tasks.laporan_schedule_task.name]
    assert {s["kwargs"]["jenis"] for s in SCHEDULES} == {"bulanan", "triwulanan", "tahunan"}
    for spec in SCHEDULES:
        assert spec["task"] in celery_app.tasks and spec["task"] == tasks.laporan_schedule_task.name
        # Fired on its day, each schedule covers the period that has just closed.
        created = tasks.laporan_schedule_task(**spec["kwargs"], today="2027-01-02")
        assert created == len(spec["kwargs"]["formats"])
    labels = {r.periode_label for r in LaporanRun.objects.all()}
    assert labels == {"Desember 2026", "Triwulan IV 2026", "Tahun 2026"}


def test_stored_report_files_no_run_points_to_are_removed(settings, tmp_path, instansi_bungo):
    """A worker killed between writing the report file and saving the row leaves a file no run points to."""
    import os
    import time

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = str(tmp_path)
    orphan = default_storage.save(f"laporan/{instansi_bungo.pk}/yatim.pdf", ContentFile(b"%PDF-partial"))
    fresh = default_storage.save(f"laporan/{instansi_bungo.pk}/baru.pdf", ContentFile(b"%PDF-now"))
    old = time.time() - 7200
    os.utime(default_storage.path(orphan), (old, old))
    assert services.berkas_yatim_hapus() == 1
    assert not default_storage.exists(orphan) and default_storage.exists(fresh)
