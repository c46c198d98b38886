"""One kenaikan pangkat usul from the due list to the downloaded, signed SK, for each region: HR opens the usul
from the due list, uploads the checklist for the ASN and submits, verifies each document; the pejabat (head of
the personnel agency, in a second browser) approves; HR issues the SK and downloads it. The PDF is checked for
the kop, the number, the QR/verification strip and the signature block (pdftotext) and its PAdES signature
(pyHanko, and poppler's pdfsig when present)."""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from asnportal.dokumen import keys
from asnportal.dokumen.signing import verifikasi_pdf
from asnportal.testing.factories import asn_user, hr_user, kepala_unit
from layanan.models import Usul

from .conftest import _finish, _page, login
from .helpers import content_button, content_link, nav, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERIODE = "2026-04-01"


@pytest.fixture
def page_pejabat(request, browser, live_server):
    context, pg = _page(request, browser, viewport={"width": 1280, "height": 900})
    pg.base = live_server.url
    yield pg
    _finish(request, context, pg)


@pytest.fixture(params=["bungo", "bengkulu"])
def wilayah(request, instansi_bungo, instansi_bengkulu, opd_bungo, opd_bengkulu):
    """The region's HR officer, its pejabat (head of the personnel agency, with a DEMO signing certificate) and
    one PNS due for KP on 1 April 2026."""
    from asnportal.testing.factories import JabatanFactory, PegawaiFactory

    tag = request.param
    instansi, opd = (instansi_bungo, opd_bungo) if tag == "bungo" else (instansi_bengkulu, opd_bengkulu)
    kepala = kepala_unit(opd, nama=f"Kepala Badan {tag.title()}")
    ca = keys.buat_ca_demo(instansi=instansi, nama=instansi.nama)
    keys.buat_penandatangan(
        ca=ca, nama=kepala.nama, jabatan=kepala.jabatan.nama, instansi=instansi, pegawai=kepala
    )
    staf = PegawaiFactory(
        jabatan=JabatanFactory(unit_kerja=opd, instansi=instansi, parent=kepala.jabatan),
        nama=f"Staf Usul {tag.title()}",
    )
    return {
        "tag": tag,
        "instansi": instansi,
        "hr": hr_user(instansi, username=f"hr.{tag}"),
        "pejabat": asn_user(kepala, username=f"kepala.{tag}"),
        "staf": staf,
    }


def test_kp_usul_from_due_list_to_signed_sk(page, page_pejabat, wilayah, password, tmp_path):
    w = wilayah
    berkas_pdf = tmp_path / "berkas.pdf"
    berkas_pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    # --- HR: due list → open the usul ----------------------------------------------------------------------
    login(page, f"hr.{w['tag']}", password)
    nav(page, "Usul kenaikan pangkat")
    content_link(page, "Daftar jatuh tempo").click()
    page.select_option("#periode", PERIODE)
    content_button(page, "Tampilkan").click()
    row = page.locator("tr", has_text=w["staf"].nama)
    row.locator("input[type=checkbox]").check()
    content_button(page, "Buka usul untuk yang dipilih").click()
    page.wait_for_url("**/layanan/usul/*/")
    expect(page.locator("#status-usul")).to_have_attribute("data-status", "berkas")
    usul = Usul.objects.get(pegawai=w["staf"])
    # --- HR uploads the checklist for the ASN and submits ---------------------------------------------------
    for b in usul.berkas.select_related("syarat").filter(syarat__wajib=True):
        tr = page.locator(f'tr[data-syarat="{b.syarat.kode}"]')
        tr.locator("input[type=file]").set_input_files(str(berkas_pdf))
        tr.get_by_role("button", name="Unggah").click()
        expect(page.locator(".alert-success")).to_contain_text("diunggah")
    content_button(page, "Ajukan untuk diverifikasi").click()
    expect(page.locator("#status-usul")).to_have_attribute("data-status", "diajukan")
    # --- HR verifies: the first document is returned with a reason, then replaced and accepted -------------
    wajib = list(usul.berkas.select_related("syarat").filter(syarat__wajib=True))
    first = page.locator(f'tr[data-syarat="{wajib[0].syarat.kode}"]')
    first.locator("select[name=hasil]").select_option("kembalikan")
    first.locator("input[name=alasan]").fill("Halaman tanda tangan tidak terbaca")
    first.get_by_role("button", name="Simpan verifikasi").click()
    expect(page.locator("#status-usul")).to_have_attribute("data-status", "perbaikan")
    first = page.locator(f'tr[data-syarat="{wajib[0].syarat.kode}"]')
    expect(first).to_contain_text("Halaman tanda tangan tidak terbaca")
    first.locator("input[type=file]").set_input_files(str(berkas_pdf))
    first.get_by_role("button", name="Unggah").click()
    content_button(page, "Ajukan untuk diverifikasi").click()
    for b in wajib:
        tr = page.locator(f'tr[data-syarat="{b.syarat.kode}"]')
        if tr.get_by_role("button", name="Simpan verifikasi").count():
            tr.get_by_role("button", name="Simpan verifikasi").click()
    expect(page.locator("#status-usul")).to_have_attribute("data-status", "terverifikasi")
    # --- the pejabat approves in their own browser -------------------------------------------------------
    login(page_pejabat, f"kepala.{w['tag']}", password)
    page_pejabat.goto(page.url)
    content_button(page_pejabat, "Setujui usul").click()
    expect(page_pejabat.locator("#status-usul")).to_have_attribute("data-status", "disetujui")
    # --- HR issues the SK and downloads it -----------------------------------------------------------------
    page.reload()
    content_button(page, "Terbitkan SK").click()
    expect(page.locator(".alert-success")).to_contain_text("SK terbit")
    expect(page.locator("#status-usul")).to_have_attribute("data-status", "selesai")
    shot(page, f"layanan_kp_{w['tag']}")
    with page.expect_download() as info:
        page.locator("#unduh-sk").click()
    saved = tmp_path / "sk.pdf"
    info.value.save_as(saved)
    data = saved.read_bytes()
    usul.refresh_from_db()
    dok = usul.dokumen
    assert data.startswith(b"%PDF") and dok.ditandatangani
    text = subprocess.run(
        ["pdftotext", "-layout", str(saved), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert w["instansi"].nama.upper() in text  # kop
    assert f"Nomor: {dok.nomor}" in text and "KENAIKAN PANGKAT" in text
    assert "Kode verifikasi" in text and str(dok.kode) in text  # the verification strip beside the QR
    assert (
        "Ditandatangani secara elektronik" in text and "Kepala Badan" in text and "NIP." in text
    )  # signature block
    assert "III/b" in text and "1 April 2026" in text
    hasil = verifikasi_pdf(data)
    assert hasil.sah, hasil
    if shutil.which("pdfsig"):
        out = subprocess.run(["pdfsig", str(saved)], capture_output=True, text=True).stdout
        assert "Signature is Valid" in out and "Total document signed" in out
    if shutil.which("pdftoppm"):  # a PNG of page 1 for a human to look at
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                str(saved),
                f"/tmp/h1_shots/sk_kp_{w['tag']}",
            ]
        )
