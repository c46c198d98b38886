"""Second factor in a real browser: an admin signs in with a TOTP code, an HR officer enrols an authenticator
app on first login (QR code page, real code, recovery codes), and a code from the wrong time is refused."""

import pytest
from playwright.sync_api import expect

from asnportal import mfa
from asnportal.testing import otp

from .conftest import login, otp_enrol
from .helpers import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_logs_in_with_totp(page, superadmin, password):
    otp.demo_device(superadmin)
    page.goto(page.base + "/admin/")
    page.wait_for_url("**/masuk/?next=/admin/")  # the admin has no password form of its own
    page.fill("#id_username", "root")
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/masuk/verifikasi/**")
    page.fill("#id_kode", "000000")
    page.click("#konten form button[type=submit] >> nth=0")
    expect(page.locator("#konten form").first).to_contain_text("Kode salah")
    shot(page, "mfa_verify_wrong_code")
    page.wait_for_timeout(1100)  # django-otp's back-off after a wrong code (1 s), as a person would take
    page.fill("#id_kode", otp.code(device=mfa.totp_device(superadmin)))
    page.click("#konten form button[type=submit] >> nth=0")
    page.wait_for_url("**/admin/")
    expect(page.locator("#site-name")).to_contain_text(
        "Administrasi Portal ASN"
    )  # the admin index, signed in
    shot(page, "mfa_admin_after_totp")


def test_hr_enrols_an_authenticator_on_first_login(page, hr_bungo, password):
    page.goto(page.base + "/masuk/")
    page.fill("#id_username", "hr.bungo")
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/akun/2fa/aktifkan/**")
    expect(page.locator(".otp-qr svg")).to_be_visible()
    shot(page, "mfa_enrol")
    otp_enrol(page)
    assert page.locator("h1").inner_text().startswith("Dasbor")
    assert mfa.has_device(hr_bungo)
    # Next time: the code step (the shared helper computes it from the enrolled device).
    page.context.clear_cookies()
    login(page, "hr.bungo", password)
    assert page.locator("h1").inner_text().startswith("Dasbor")
