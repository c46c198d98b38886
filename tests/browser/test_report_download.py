"""An HR officer asks for a monthly PDF report; a real Celery worker generates it while the page follows the
progress by htmx polling; the download link appears without a reload and serves the PDF."""

import hashlib
import re
import threading

import pytest
from playwright.sync_api import expect

from asnportal.models import AuditLog, EmailKeluar
from laporan import render
from laporan.models import LaporanRun

from .conftest import login
from .helpers import content_button, nav, shot

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(request, transactional_db):
    """The project's real worker (`celery_worker_real`) on an emptied queue: earlier tests of this process may
    have left messages (e-mail jobs) for rows of their own, already flushed, database."""
    from asnportal.celery import app

    app.control.purge()
    return request.getfixturevalue("celery_worker_real")


@pytest.fixture
def pdf_gate(monkeypatch):
    """Holds the worker just before the PDF is rendered (progress 65 %) until the test has seen that state in
    the page, so the htmx polling is observed deterministically rather than raced."""
    gate = threading.Event()
    original = render.html_to_pdf

    def gated(html, path):
        if not gate.wait(timeout=30):
            raise RuntimeError("pdf_gate never opened")
        return original(html, path)

    monkeypatch.setattr(render, "html_to_pdf", gated)
    yield gate
    gate.set()


def test_hr_requests_report_and_downloads_pdf(
    page, worker, wait, pdf_gate, hr_bungo, pegawai_bungo, pegawai_bengkulu, password, tmp_path
):
    login(page, "hr.bungo", password)
    nav(page, "Buat laporan")
    page.wait_for_url("**/laporan/minta/")
    page.select_option("#id_jenis", label="Laporan bulanan")
    page.select_option("#id_format", "pdf")
    page.fill("#id_tanggal", "2026-01-15")
    content_button(page, "Buat").click()
    page.wait_for_url("**/laporan/*/")
    expect(page.locator(".alert-success")).to_contain_text("Permintaan laporan dicatat")
    expect(page.locator("h1")).to_have_text("Laporan bulanan")
    expect(page.locator("#konten")).to_contain_text("Pemerintah Kabupaten Bungo · Januari 2026")
    run = LaporanRun.objects.get()
    assert (run.instansi_id, run.jenis, run.format, run.requested_by) == (
        hr_bungo.instansi_id,
        "bulanan",
        "pdf",
        hr_bungo,
    )
    assert (str(run.periode_mulai), str(run.periode_selesai)) == ("2026-01-01", "2026-01-31")

    # From here on the page must only be refreshed by htmx, never reloaded.
    polls, navigations = [], []
    page.on("request", lambda r: polls.append(r.url) if r.headers.get("hx-request") == "true" else None)
    page.on("framenavigated", lambda f: navigations.append(f.url) if f == page.main_frame else None)
    status = page.locator("#laporan-status")
    unduh = status.get_by_role("link", name=re.compile(r"^\W*Unduh "))
    expect(unduh).to_have_count(0)
    # The worker computes every module's section, then waits at the gate: the polled card shows 65 %.
    expect(status.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "65", timeout=20_000)
    expect(status).to_contain_text("Berjalan")
    assert LaporanRun.objects.get(pk=run.pk).status == "running"
    pdf_gate.set()
    expect(unduh).to_be_visible(timeout=20_000)
    expect(status).to_contain_text("Selesai")
    expect(status.get_by_role("progressbar")).to_have_count(0)  # the finished card stops polling
    assert polls and not navigations, (polls, navigations)
    run.refresh_from_db()
    assert run.status == "success" and run.progress == 100 and run.attempts == 1
    expect(unduh).to_contain_text(f"Unduh {run.nama_berkas}")
    expect(status).to_contain_text(run.sha256)

    with page.expect_download() as info:
        unduh.click()
    download = info.value
    assert download.suggested_filename == run.nama_berkas and run.nama_berkas.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) == run.ukuran and hashlib.sha256(data).hexdigest() == run.sha256
    assert AuditLog.objects.filter(actor=hr_bungo, action="export", object_id=str(run.pk)).exists()
    assert hr_bungo.notifikasi.filter(judul__startswith="Laporan siap").exists()
    shot(page, "report_download")

    # Let the worker finish the e-mail it queued, so nothing spills into the next test's database.
    wait(lambda: not EmailKeluar.objects.exclude(status__in=["success", "failed"]).exists(), timeout=20)
