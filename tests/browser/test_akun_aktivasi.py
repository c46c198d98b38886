"""Issue 15: an HR officer bulk-creates accounts (a background job on a real Celery worker, progress followed by
htmx polling); one new user opens the activation link from the e-mail, sets a password and logs in by NIP."""

import re
import threading

import pytest
from django.core import mail
from playwright.sync_api import expect

from asnportal.models import EmailKeluar
from asnportal.testing.factories import JabatanFactory, PegawaiFactory
from kepegawaian import akun_services
from kepegawaian.models import PembuatanAkun, User

from .conftest import login
from .helpers import content_button, content_link, nav, shot

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SANDI = "SandiPertama#2026"


@pytest.fixture
def worker(request, transactional_db):
    """The real worker on an emptied queue (earlier tests may have left messages for their own database)."""
    from asnportal.celery import app

    app.control.purge()
    return request.getfixturevalue("celery_worker_real")


@pytest.fixture
def gate(monkeypatch):
    """Two pegawai per chunk, and the worker holds at the second chunk until the test has seen the first
    chunk's progress (40 %) in the page: the htmx polling is observed, not raced."""
    opened = threading.Event()
    original, calls = akun_services._queue, []

    def gated(rows):
        calls.append(1)
        if len(calls) == 2 and not opened.wait(timeout=30):
            raise RuntimeError("gate never opened")
        return original(rows)

    monkeypatch.setattr(akun_services, "CHUNK", 2)
    monkeypatch.setattr(akun_services, "_queue", gated)
    yield opened
    opened.set()


@pytest.fixture
def pegawai_baru(opd_bungo):
    jab = JabatanFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi, nama="Analis Kepegawaian")
    return [
        PegawaiFactory(jabatan=jab, nama="Rahmat Hidayat", email="rahmat.hidayat@asn.bungo.test"),
        PegawaiFactory(jabatan=jab, nama="Sari Wulandari", email="sari.wulandari@asn.bungo.test"),
        PegawaiFactory(jabatan=jab, nama="Tono Tanpa Surel", email=""),
    ]


def test_hr_bulk_creates_accounts_and_a_new_user_activates_from_the_email_and_logs_in(
    page,
    browser,
    live_server,
    worker,
    wait,
    gate,
    hr_bungo,
    pegawai_bungo,
    pegawai_bengkulu,
    pegawai_baru,
    password,
    settings,
):
    settings.PORTAL_SITE_URL = live_server.url
    mail.outbox.clear()
    login(page, "hr.bungo", password)
    nav(page, "Akun pegawai")
    page.wait_for_url("**/kepegawaian/akun/")
    tabel = page.locator("#akun-tabel")
    expect(tabel).to_contain_text("Rahmat Hidayat")
    expect(tabel).not_to_contain_text(pegawai_bengkulu.nama)  # another instansi's pegawai are never listed
    expect(page.locator("#akun-ringkasan")).to_contain_text("Belum punya akun")

    content_link(page, "Buat akun massal").click()
    page.wait_for_url("**/kepegawaian/akun/buat/")
    page.get_by_label("Semua pegawai aktif tanpa akun").check()
    content_button(page, "Buat akun").click()
    page.wait_for_url("**/kepegawaian/akun/proses/*/")
    expect(page.locator(".alert-success")).to_contain_text("sedang diproses di latar belakang")
    navigations = []
    page.on("framenavigated", lambda f: navigations.append(f.url) if f == page.main_frame else None)
    status = page.locator("#akun-proses")
    expect(status.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "40", timeout=20_000)
    expect(status).to_contain_text("Berjalan")
    shot(page, "akun_massal_berjalan", full_page=False)
    gate.set()
    expect(status).to_contain_text("Selesai", timeout=30_000)  # refreshed by htmx polling, no reload
    expect(status.get_by_role("progressbar")).to_have_count(0)  # the finished card stops polling
    assert not navigations, navigations
    job = PembuatanAkun.objects.get()
    # pegawai_bungo, the kepala and the three new people; the one without e-mail gets no link yet.
    assert (job.status, job.jumlah_dibuat, job.jumlah_tanpa_email) == ("success", 5, 3)
    expect(page.locator("#akun-dibuat")).to_have_text("5")
    shot(page, "akun_massal_selesai")

    # The activation e-mail reaches Rahmat through the outbox and the worker.
    rahmat = pegawai_baru[0]
    sent = wait(lambda: [m for m in mail.outbox if rahmat.email in m.to], timeout=30)
    assert len(sent) == 1
    link = re.search(r"https?://\S+", sent[0].body).group(0)
    assert link.startswith(live_server.url + "/akun/aktivasi/")
    assert rahmat.nip in sent[0].body

    # Rahmat, in his own browser, activates the account and logs in with his NIP.
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    orang = context.new_page()
    orang.base = live_server.url
    orang.goto(link)
    expect(orang.get_by_role("heading", name="Aktivasi akun")).to_be_visible()
    expect(orang.locator("#konten")).to_contain_text(rahmat.nip)
    orang.fill("#id_new_password1", "pendek")
    orang.fill("#id_new_password2", "pendek")
    orang.get_by_role("button", name="Simpan kata sandi").click()
    expect(orang.locator("#konten")).to_contain_text("terlalu pendek")
    orang.fill("#id_new_password1", SANDI)
    orang.fill("#id_new_password2", SANDI)
    orang.get_by_role("button", name="Simpan kata sandi").click()
    orang.wait_for_url("**/masuk/")
    expect(orang.locator(".alert-success")).to_contain_text("Akun aktif")
    login(orang, rahmat.nip, SANDI)
    expect(orang.locator("body")).to_contain_text("Rahmat Hidayat")
    shot(orang, "akun_aktivasi_masuk", full_page=False)
    context.close()
    user = User.objects.get(pegawai=rahmat)
    assert user.username == rahmat.nip and user.diaktifkan_at is not None

    # HR sees Rahmat as active now.
    page.goto(page.base + "/kepegawaian/akun/?status_akun=aktif")
    expect(page.locator("#akun-tabel")).to_contain_text("Rahmat Hidayat")
    # Let the worker finish the outbox so nothing spills into the next test's database.
    wait(lambda: not EmailKeluar.objects.exclude(status__in=["success", "failed"]).exists(), timeout=30)
