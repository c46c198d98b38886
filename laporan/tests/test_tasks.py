"""Tests with a real Celery worker (thread, solo pool) consuming the configured broker."""

import contextlib
import subprocess
import sys
import types
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from asnportal import jobs
from laporan import render, services, tasks
from laporan.models import LaporanRun

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _empty_queue(transactional_db):
    """Start each worker test on an empty queue: on SQLite, ids are reused after the flush between tests, so a
    message left by a previous test (a delayed retry, a duplicate) could otherwise hit this test's row."""
    from asnportal.celery import app

    app.control.purge()
    yield


def _status(pk):
    return LaporanRun.objects.filter(pk=pk).values_list("status", flat=True).first()


def _drain(wait):
    """Wait until the worker has finished every run and the e-mails they queued (asnportal outbox), so no work
    spills into the next test's database."""
    from asnportal.models import EmailKeluar

    done = ["success", "failed"]
    wait(lambda: not LaporanRun.objects.exclude(status__in=done).exists(), timeout=180)
    # Best effort: the outbox belongs to asnportal, its retries are not this test's subject.
    with contextlib.suppress(AssertionError):
        wait(lambda: not EmailKeluar.objects.exclude(status__in=done).exists(), timeout=30)


def _pdf_text(run) -> str:
    with default_storage.open(run.file.name, "rb") as fh:
        data = fh.read()
    assert data.startswith(b"%PDF")
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_scheduled_generation_for_both_instansi_and_download_scoping(
    celery_worker_real, wait, pegawai_bungo, pegawai_bengkulu, hr_bungo, client_hr_bungo, client_hr_bengkulu
):
    tasks.laporan_schedule_task.delay("bulanan", ["pdf"], "2026-02-01")
    wait(lambda: LaporanRun.objects.count() == 2, timeout=180)
    wait(lambda: set(LaporanRun.objects.values_list("status", flat=True)) == {"success"}, timeout=180)
    bungo = LaporanRun.objects.get(instansi=pegawai_bungo.instansi)
    bengkulu = LaporanRun.objects.get(instansi=pegawai_bengkulu.instansi)
    assert bungo.jadwal and bungo.requested_by is None and bungo.periode_label == "Januari 2026"
    assert "Kabupaten Bungo" in _pdf_text(bungo) and "Provinsi Bengkulu" in _pdf_text(bengkulu)
    # The schedule firing again creates nothing.
    tasks.laporan_schedule_task.delay("bulanan", ["pdf"], "2026-02-01")
    tasks.laporan_schedule_task.delay("bulanan", ["pdf"], "2026-02-20")
    marker = tasks.laporan_schedule_task.delay("triwulanan", ["xlsx"], "2026-04-02")  # processed after both
    wait(lambda: LaporanRun.objects.filter(jenis="triwulanan").count() == 2, timeout=180)
    assert LaporanRun.objects.filter(jenis="bulanan").count() == 2
    assert marker.id
    # Download scoping: own instansi 200, the other's 404.
    ok = client_hr_bungo.get(reverse("laporan:laporan_download", args=[bungo.pk]))
    assert ok.status_code == 200 and b"".join(ok.streaming_content).startswith(b"%PDF")
    assert client_hr_bungo.get(reverse("laporan:laporan_download", args=[bengkulu.pk])).status_code == 404
    assert client_hr_bengkulu.get(reverse("laporan:laporan_download", args=[bungo.pk])).status_code == 404
    assert client_hr_bengkulu.get(reverse("laporan:laporan_download", args=[bengkulu.pk])).status_code == 200
    _drain(wait)


def test_duplicate_trigger_produces_one_report(
    celery_worker_real, wait, hr_bungo, instansi_bungo, pegawai_bungo
):
    import datetime as dt

    kw = {
        "jenis": "tahunan",
        "format": "xlsx",
        "mulai": dt.date(2025, 1, 1),
        "selesai": dt.date(2025, 12, 31),
    }
    run, created = services.laporan_request(actor=hr_bungo, instansi_id=instansi_bungo.pk, **kw)
    again, created_again = services.laporan_request(actor=hr_bungo, instansi_id=instansi_bungo.pk, **kw)
    jobs.publish("laporan.laporan_generate_task", run.pk)  # a duplicate message, e.g. the sweeper raced
    jobs.publish("laporan.laporan_generate_task", run.pk)
    assert created and not created_again and again.pk == run.pk
    wait(lambda: _status(run.pk) == "success", timeout=180)
    # Let the duplicate messages drain: a marker task published after them has run when the row below exists.
    tasks.laporan_schedule_task.delay("tahunan", ["xlsx"], "2027-01-05")
    wait(lambda: LaporanRun.objects.filter(periode_mulai=dt.date(2026, 1, 1)).exists(), timeout=180)
    run.refresh_from_db()
    assert (
        run.attempts == 1
        and LaporanRun.objects.filter(
            instansi=instansi_bungo, jenis="tahunan", periode_mulai=dt.date(2025, 1, 1)
        ).count()
        == 1
    )
    files = default_storage.listdir(f"laporan/{instansi_bungo.pk}")[1]
    assert run.file.name.split("/")[-1] in files
    assert len([f for f in files if f.endswith(".xlsx")]) <= 2  # this run's file and the marker run's
    _drain(wait)


def test_failing_section_is_retried_with_backoff(
    celery_worker_real, wait, monkeypatch, hr_bungo, instansi_bungo, pegawai_bungo
):
    calls = []

    def flaky(*, instansi_id, start, end):
        calls.append(instansi_id)
        if len(calls) == 1:
            raise ConnectionError("layanan kinerja sementara tidak terjangkau")
        return {"title": "Kinerja", "summary": [("SKP selesai", 7)], "tables": [], "charts": []}

    mod = types.ModuleType("kinerja.report")
    mod.report_section = flaky
    monkeypatch.setitem(sys.modules, "kinerja.report", mod)
    import datetime as dt

    run, _ = services.laporan_request(
        actor=hr_bungo,
        instansi_id=instansi_bungo.pk,
        jenis="bulanan",
        format="xlsx",
        mulai=dt.date(2026, 1, 1),
        selesai=dt.date(2026, 1, 31),
    )
    wait(lambda: _status(run.pk) == "success", timeout=180)
    run.refresh_from_db()
    assert run.attempts == 2 and len(calls) == 2
    assert "Kinerja" not in run.catatan  # the section is in the report this time
    _drain(wait)


def test_failed_run_retried_from_button(
    celery_worker_real, wait, monkeypatch, hr_bungo, instansi_bungo, pegawai_bungo, client_hr_bungo
):
    original = render.html_to_pdf
    state = {"fail": True}

    def broken_once(html, path):
        if state["fail"]:
            raise RuntimeError("WeasyPrint gagal: /app/var/tmp/laporan-x.pdf")
        return original(html, path)

    monkeypatch.setattr(render, "html_to_pdf", broken_once)
    resp = client_hr_bungo.post(
        reverse("laporan:laporan_create"), {"jenis": "triwulanan", "format": "pdf", "tanggal": "2026-02-01"}
    )
    run = LaporanRun.objects.get()
    assert resp.status_code == 302
    wait(lambda: _status(run.pk) == "failed", timeout=180)
    run.refresh_from_db()
    # HR reads a plain reason, never the exception text with a server path (issue 18).
    assert run.error.startswith("Terjadi galat internal") and "/app/" not in run.error and not run.file
    state["fail"] = False
    assert client_hr_bungo.post(reverse("laporan:laporan_retry", args=[run.pk])).status_code == 302
    wait(lambda: _status(run.pk) == "success", timeout=180)
    run.refresh_from_db()
    assert run.attempts == 2 and run.sha256 and run.ukuran > 0
    assert hr_bungo.notifikasi.filter(judul__startswith="Laporan gagal").count() == 1
    assert hr_bungo.notifikasi.filter(judul__startswith="Laporan siap").count() == 1
    _drain(wait)


def test_run_left_by_killed_worker_completes_once(
    celery_worker_real, wait, hr_bungo, instansi_bungo, pegawai_bungo
):
    """A worker killed mid-task leaves the row RUNNING with a stale heartbeat and its message unacked
    (acks_late + reject_on_worker_lost): the redelivered message takes the row over and completes it once."""
    import datetime as dt

    run, _ = services.laporan_request(
        actor=None,
        instansi_id=instansi_bungo.pk,
        jenis="bulanan",
        format="xlsx",
        mulai=dt.date(2025, 11, 1),
        selesai=dt.date(2025, 11, 30),
    )
    wait(lambda: _status(run.pk) == "success", timeout=180)
    # Rewind to the killed worker's leftover state and redeliver.
    LaporanRun.objects.filter(pk=run.pk).update(
        status="running",
        attempts=1,
        progress=40,
        started_at=timezone.now() - timedelta(hours=2),
        heartbeat_at=timezone.now() - timedelta(minutes=5),  # a killed worker's heartbeat stopped
        finished_at=None,
    )
    jobs.publish("laporan.laporan_generate_task", run.pk)
    jobs.publish("laporan.laporan_generate_task", run.pk)
    wait(lambda: _status(run.pk) == "success", timeout=180)
    tasks.laporan_schedule_task.delay("bulanan", ["xlsx"], "2030-02-01")  # marker behind the duplicates
    wait(lambda: LaporanRun.objects.filter(periode_mulai=dt.date(2030, 1, 1)).exists(), timeout=180)
    run.refresh_from_db()
    assert run.attempts == 2 and run.progress == 100
    _drain(wait)
