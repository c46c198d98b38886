"""A citizen fills the public SKM questionnaire on a phone, with and without JavaScript (the form needs none)."""

import datetime as dt
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from survei.models import Respons
from survei.tests.factories import UnitLayananFactory

from .conftest import _finish, _page
from .helpers import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MIN_FILL_SECONDS = 1  # the anti-bot minimum fill time (default 8 s), shortened for the test

# One answer per unsur (u1..u9), given as the label the citizen taps; the stored score is 1..4.
JAWABAN = {
    "u1": ("Sangat sesuai", 4),
    "u2": ("Mudah", 3),
    "u3": ("Kurang cepat", 2),
    "u4": ("Gratis", 4),
    "u5": ("Sesuai", 3),
    "u6": ("Sangat kompeten", 4),
    "u7": ("Sopan dan ramah", 3),
    "u8": ("Tidak ada", 1),
    "u9": ("Baik", 3),
}


@pytest.fixture
def unit(opd_bungo, settings):
    settings.PORTAL = {**settings.PORTAL, "SURVEI_WAKTU_ISI_MINIMUM": MIN_FILL_SECONDS}
    return UnitLayananFactory(
        unit_kerja=opd_bungo,
        nama="Loket Layanan Kepegawaian",
        slug="loket-bkpsdm",
        jenis_layanan="Kenaikan pangkat\nLegalisir SK",
    )


@pytest.fixture
def phone_page_nojs(request, browser, live_server):
    """Like `phone_page`, in a browser context with JavaScript switched off."""
    context, pg = _page(
        request,
        browser,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    pg.base = live_server.url
    yield pg
    _finish(request, context, pg)


def _open(page, unit):
    page.goto(f"{page.base}/survei/{unit.slug}/")
    expect(page.locator("h1")).to_have_text("Survei Kepuasan Masyarakat")
    expect(page.get_by_text(unit.nama, exact=True)).to_be_visible()
    return time.monotonic()


def _answer_unsur(page, kode):
    label, _nilai = JAWABAN[kode]
    radio = page.locator(f"#f_{kode}").get_by_label(label, exact=True)
    radio.tap()  # the whole label row is the touch target
    expect(radio).to_be_checked()


def _fill_profile(page, tanggal):
    page.locator("#f_jenis_kelamin").get_by_label("Perempuan", exact=True).tap()
    page.fill("#id_usia", "34")
    page.select_option("#id_pendidikan", label="S1/D4")
    page.select_option("#id_pekerjaan", label="Wirausaha")
    page.select_option("#id_jenis_layanan", label="Legalisir SK")
    assert page.input_value("#id_tanggal") == timezone.localdate().isoformat()  # today, prefilled
    page.fill("#id_tanggal", tanggal.isoformat())
    page.locator("#f_slot_waktu").get_by_label("13.00–17.00", exact=True).tap()
    page.fill("#id_saran", "Antrean di loket perlu nomor urut.")
    page.fill("#id_nama", "Sri Wahyuni")
    page.fill("#id_kontak", "081234567890")
    page.locator("#id_persetujuan").tap()
    expect(page.locator("#id_persetujuan")).to_be_checked()


def _submit(page, opened_at):
    # The signed token rejects a form sent faster than the minimum fill time; wait out only what is left.
    left = MIN_FILL_SECONDS + 0.2 - (time.monotonic() - opened_at)
    if left > 0:
        time.sleep(left)
    page.get_by_role("button", name="Kirim jawaban").tap()


def _check_thanks_and_row(page, unit, tanggal):
    page.wait_for_url(f"**/survei/{unit.slug}/terima-kasih/?k=*")
    expect(page.locator("h1")).to_have_text("Terima kasih, jawaban Anda sudah kami terima.")
    respons = Respons.objects.get(unit=unit)
    expect(page.locator(".alert-success strong")).to_have_text(str(respons.pk))  # the receipt number
    assert {k: getattr(respons, k) for k in JAWABAN} == {k: v[1] for k, v in JAWABAN.items()}
    assert (respons.jenis_kelamin, respons.usia, respons.pendidikan, respons.pekerjaan) == (
        "P",
        34,
        "S1",
        "WIRAUSAHA",
    )
    assert (respons.jenis_layanan, respons.tanggal, respons.slot_waktu) == ("Legalisir SK", tanggal, "13-17")
    assert respons.saran == "Antrean di loket perlu nomor urut."
    assert (respons.nama, respons.kontak) == ("Sri Wahyuni", "081234567890")
    assert respons.persetujuan and respons.instansi_id == unit.instansi_id
    # Nothing was counted as a bot (too fast, bad token, honeypot).
    assert not unit.penolakan.exists()


def test_citizen_fills_survey_on_phone(phone_page, unit):
    page = phone_page
    tanggal = timezone.localdate() - dt.timedelta(days=1)
    opened_at = _open(page, unit)
    assert page.locator("script").count() == 0  # the public form ships no JavaScript at all
    for kode in JAWABAN:
        _answer_unsur(page, kode)
    _fill_profile(page, tanggal)
    shot(page, "survey_phone_js_form")
    _submit(page, opened_at)
    _check_thanks_and_row(page, unit, tanggal)
    shot(page, "survey_phone_js")


def test_citizen_fills_survey_on_phone_without_javascript(phone_page_nojs, unit):
    page = phone_page_nojs
    page.set_content("<noscript><p>tanpa JS</p></noscript>")  # parsed as markup only when JS is off
    expect(page.get_by_text("tanpa JS")).to_be_visible()
    tanggal = timezone.localdate()
    opened_at = _open(page, unit)
    # First send with unsur 8 left open: the server answers with a summary and keeps every other answer.
    for kode in JAWABAN:
        if kode != "u8":
            _answer_unsur(page, kode)
    _fill_profile(page, tanggal)
    _submit(page, opened_at)
    summary = page.locator("#ringkasan-salah")
    expect(summary).to_contain_text("Ada 1 isian yang perlu diperbaiki")
    expect(summary.get_by_role("link")).to_have_text(
        "Pilih salah satu jawaban untuk unsur 8 (Penanganan Pengaduan, Saran dan Masukan)."
    )
    assert not Respons.objects.exists()
    expect(page.locator("#f_u1").get_by_label("Sangat sesuai", exact=True)).to_be_checked()
    expect(page.locator("#id_saran")).to_have_value("Antrean di loket perlu nomor urut.")
    expect(page.locator("#id_persetujuan")).to_be_checked()
    shot(page, "survey_phone_nojs_error", full_page=False)
    # The summary link jumps to the open question (a plain anchor, no script).
    summary.get_by_role("link").tap()
    page.wait_for_url("**#f_u8")
    _answer_unsur(page, "u8")
    page.get_by_role("button", name="Kirim jawaban").tap()
    _check_thanks_and_row(page, unit, tanggal)
    shot(page, "survey_phone_nojs")
