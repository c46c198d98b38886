"""An ASN drafts the year's SKP (RHK cascaded from the atasan's, two indicators) and submits it; the atasan,
in another browser context, reviews and approves it; the SKP is then locked for the ASN."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kinerja.models import SKP
from kinerja.tests.factories import skp_draft

from .conftest import _finish, _page, login
from .helpers import content_button, content_link, nav, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RHK = "Layanan kenaikan pangkat ASN diselesaikan tepat waktu"


@pytest.fixture
def page_atasan(request, browser, live_server):
    """A second desktop browser context (own cookies): the atasan's session beside the ASN's."""
    context, pg = _page(request, browser, viewport={"width": 1280, "height": 900})
    pg.base = live_server.url
    yield pg
    _finish(request, context, pg)


@pytest.fixture
def tahun():
    return timezone.localdate().year


@pytest.fixture
def rhk_atasan(pimpinan_bungo, tahun):
    """The atasan's own SKP of the year with one RHK the staff's RHK can intervene."""
    return skp_draft(pimpinan_bungo, tahun=tahun).rhk.get()


def _add_indikator(page, aspek, indikator, target, satuan):
    content_link(page, "+ Indikator").click()
    page.wait_for_url("**/kinerja/rhk/*/indikator/tambah/")
    page.select_option("#id_aspek", aspek)
    page.fill("#id_indikator", indikator)
    page.fill("#id_target", target)
    page.fill("#id_satuan", satuan)
    content_button(page, "Simpan").click()
    expect(page.locator(".alert-success")).to_contain_text("Indikator ditambahkan.")


def test_asn_drafts_and_submits_skp_atasan_approves(
    page, page_atasan, asn_bungo, pimpinan_bungo, rhk_atasan, tahun, password
):
    # --- the ASN drafts the SKP -------------------------------------------------------------------
    login(page, "asn.bungo", password)
    nav(page, "SKP Saya")
    page.wait_for_url("**/kinerja/skp-saya/")
    expect(page.locator("#konten")).to_contain_text(f"Anda belum memiliki SKP tahun {tahun}.")
    assert page.input_value("#id_tahun") == str(tahun)
    page.select_option("#id_pendekatan", "kuantitatif")
    content_button(page, "Buat SKP").click()
    page.wait_for_url("**/kinerja/skp/*/")
    expect(page.locator(".alert-success")).to_contain_text("SKP dibuat.")
    expect(page.locator("h1")).to_have_text(f"SKP {tahun}")
    expect(page.locator("#konten .badge").first).to_have_text("Draf")
    expect(page.locator("#konten")).to_contain_text("Kepala BKPSDM")  # pejabat penilai, from the structure
    skp = SKP.objects.get(pegawai=asn_bungo.pegawai, tahun=tahun)
    assert skp.status == "draft" and skp.perilaku.count() == 7  # the seven BerAKHLAK values

    content_link(page, "Tambah RHK").click()
    page.wait_for_url("**/kinerja/skp/*/rhk/tambah/")
    page.select_option("#id_jenis", "utama")
    page.fill("#id_urutan", "1")
    page.fill("#id_uraian", RHK)
    page.select_option("#id_rhk_atasan", label="Dokumen terselesaikan")  # the atasan's RHK it intervenes
    content_button(page, "Simpan").click()
    expect(page.locator(".alert-success")).to_contain_text("Rencana hasil kerja disimpan.")
    rhk_row = page.locator("tr", has_text=RHK)
    expect(rhk_row).to_contain_text("Dokumen terselesaikan")
    expect(rhk_row).to_contain_text("Belum ada indikator.")

    _add_indikator(page, "kuantitas", "Jumlah usulan kenaikan pangkat yang diproses", "120", "usulan")
    _add_indikator(page, "waktu", "Rata-rata hari penyelesaian usulan", "5", "hari")
    table = page.locator("table", has_text=RHK)
    expect(table.locator("tbody tr")).to_have_count(2)  # one row per indicator
    expect(table).to_contain_text("120 usulan")
    expect(table).to_contain_text("5 hari")

    content_button(page, "Ajukan ke penilai").click()
    expect(page.locator(".alert-success")).to_contain_text("SKP diajukan ke pejabat penilai.")
    expect(page.locator("#konten .badge").first).to_have_text("Diajukan")
    expect(content_link(page, "Tambah RHK")).to_have_count(0)  # locked while the penilai reviews it
    skp.refresh_from_db()
    assert skp.status == "diajukan" and skp.diajukan_at is not None
    rhk = skp.rhk.get()
    assert (rhk.jenis, rhk.uraian, rhk.rhk_atasan) == ("utama", RHK, rhk_atasan)
    assert sorted(rhk.indikator.values_list("aspek", "target", "satuan")) == [
        ("kuantitas", 120, "usulan"),
        ("waktu", 5, "hari"),
    ]
    assert pimpinan_bungo.notifikasi.filter(judul="SKP Staf BKPSDM menunggu persetujuan").exists()

    # --- the atasan approves it, in their own browser context ---------------------------------------
    atasan = page_atasan
    login(atasan, "kepala.bungo", password)
    nav(atasan, "Persetujuan & evaluasi")
    atasan.wait_for_url("**/kinerja/persetujuan/")
    row = atasan.locator("tr", has_text="Staf BKPSDM")
    expect(row).to_contain_text("Diajukan")
    row.get_by_role("link", name="Tinjau").click()
    atasan.wait_for_url(f"**/kinerja/skp/{skp.pk}/")
    expect(atasan.locator("#konten")).to_contain_text(RHK)
    expect(atasan.locator("#konten")).to_contain_text("Jumlah usulan kenaikan pangkat yang diproses")
    content_button(atasan, "Setujui").click()
    expect(atasan.locator(".alert-success")).to_contain_text("SKP disetujui dan dikunci.")
    expect(atasan.locator("#konten .badge").first).to_have_text("Disetujui (terkunci)")
    expect(content_link(atasan, "Penilaian tahunan")).to_be_visible()
    skp.refresh_from_db()
    assert skp.status == "disetujui" and skp.disetujui_oleh == pimpinan_bungo and skp.disetujui_at
    assert asn_bungo.notifikasi.filter(judul=f"SKP {tahun} disetujui").exists()
    shot(atasan, "skp_approved_atasan")

    # --- back in the ASN's session: locked, realisation can start ----------------------------------
    page.reload()
    expect(page.locator("#konten .badge").first).to_have_text("Disetujui (terkunci)")
    expect(content_link(page, "Tambah RHK")).to_have_count(0)
    expect(content_link(page, "Isi realisasi")).to_be_visible()
    expect(page.locator("#konten form[action$='/rhk/hapus/']")).to_have_count(0)  # no more edits
    shot(page, "skp_approved_asn")
