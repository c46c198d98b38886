"""HR reads the outbox of its instansi and sends a failed e-mail again, in a real browser."""

import os

import pytest

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_sees_a_failed_email_and_sends_it_again(
    page, hr_bungo, password, instansi_bungo, instansi_bengkulu
):
    from asnportal.models import EmailKeluar

    EmailKeluar.objects.create(
        instansi=instansi_bungo,
        penerima=["pelamar7.bungo@contoh.id"],
        subjek="Hasil verifikasi lamaran 26000100007",
        status="failed",
        attempts=8,
        error="Layanan lain yang dibutuhkan (mis. server e-mail) tidak dapat dihubungi.",
    )
    EmailKeluar.objects.create(
        instansi=instansi_bungo,
        penerima=["asn@contoh.id"],
        subjek="Laporan siap",
        status="success",
        attempts=1,
    )
    EmailKeluar.objects.create(
        instansi=instansi_bengkulu, penerima=["x@contoh.id"], subjek="Bengkulu saja", status="failed"
    )
    login(page, "hr.bungo", password)
    page.click("a:has-text('E-mail keluar')")
    page.wait_for_url("**/email-keluar/")
    assert "Bengkulu saja" not in page.content()
    row = page.locator("tr", has_text="Hasil verifikasi lamaran 26000100007")
    assert "server e-mail" in row.inner_text() and "Gagal" in row.inner_text()
    assert "Batas percobaan otomatis tercapai." in row.inner_text()  # 8 of 8 attempts: no false promise
    if os.environ.get("PORTAL_SCREENSHOTS"):
        page.screenshot(path=os.environ["PORTAL_SCREENSHOTS"] + "/outbox.png", full_page=True)
    row.locator("button:has-text('Kirim ulang')").click()
    page.wait_for_selector("text=E-mail dimasukkan lagi ke antrean pengiriman.")
    page.select_option("#status", "failed")
    page.click("button:has-text('Saring')")
    page.wait_for_url("**status=failed")
    assert "Hasil verifikasi lamaran 26000100007" not in page.content()
