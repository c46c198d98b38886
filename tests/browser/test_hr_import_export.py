"""An HR officer filters the pegawai list, imports pegawai from an XLSX file (dry run, then for real), finds
them in the list and exports the filtered list as XLSX."""

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from asnportal.models import AuditLog
from asnportal.testing.factories import JabatanFactory
from kepegawaian.impor import EKSPOR_HEADERS
from kepegawaian.models import Pegawai

from .conftest import login
from .helpers import content_button, content_link, nav, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = [
    "nip",
    "nama",
    "status_kepegawaian",
    "golongan",
    "tmt_golongan",
    "kode_jabatan",
    "pendidikan_terakhir",
]
ROWS = [
    ["198609262015051001", "Budi Santoso", "PNS", "III/b", "01-04-2021", "ANL-01", "S1"],
    ["197303141997022002", "Siti Aminah", "PNS", "IV/a", "01-04-2019", "", "S2"],
    ["199009132025242014", "Rina Marlina", "PPPK", "IX", "", "ANL-01", "D3"],
]


@pytest.fixture
def jabatan_analis(opd_bungo):
    return JabatanFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi, kode="ANL-01", nama="Analis SDM")


@pytest.fixture
def berkas(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "pegawai"
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    path = tmp_path / "pegawai-baru.xlsx"
    wb.save(path)
    return path


def _upload(page, berkas, mode):
    page.set_input_files("#id_berkas", str(berkas))
    page.get_by_label(mode, exact=True).check()
    content_button(page, "Proses").click()


def test_hr_filters_imports_and_exports_pegawai(
    page,
    hr_bungo,
    pegawai_bungo,
    kepala_bungo,
    pegawai_bengkulu,
    jabatan_analis,
    berkas,
    password,
    tmp_path,
    celery_worker_real,
):
    login(page, "hr.bungo", password)
    nav(page, "Pegawai")
    page.wait_for_url("**/kepegawaian/pegawai/")
    rows = page.locator("#pegawai-table tbody tr")
    expect(rows).to_have_count(2)
    page.select_option("#id_status_kepegawaian", "PPPK")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Tidak ada pegawai yang cocok dengan filter.")

    # Import: dry run first (nothing stored), checked by a worker while a progress bar shows; then "Simpan"
    # saves the same kept file (no second upload).
    content_link(page, "Impor").click()
    page.wait_for_url("**/kepegawaian/impor/pegawai/")
    _upload(page, berkas, "Uji coba (tidak menyimpan)")
    page.wait_for_url("**/kepegawaian/impor/*/")
    hasil = page.locator(".card", has=page.get_by_role("heading", name="Hasil uji coba"))
    expect(hasil).to_contain_text("3 baris: 3 baru, 0 diperbarui, 0 tidak berubah.", timeout=30_000)
    expect(hasil).to_contain_text("Tidak ada kesalahan")
    assert Pegawai.objects.filter(instansi=hr_bungo.instansi).count() == 2
    shot(page, "hr_import_preview", full_page=False)
    content_button(page, "Simpan").click()
    expect(page.locator(".alert-success")).to_contain_text("Data tersimpan.", timeout=30_000)
    expect(page.locator("#impor-status")).to_contain_text("3 baris: 3 baru, 0 diperbarui")
    imported = {p.nip: p for p in Pegawai.objects.filter(nip__in=[r[0] for r in ROWS])}
    assert {p.instansi_id for p in imported.values()} == {hr_bungo.instansi_id}
    budi, rina = imported["198609262015051001"], imported["199009132025242014"]
    assert (budi.nama, budi.golongan, budi.jabatan, budi.unit_kerja_id, budi.jenis_kelamin) == (
        "Budi Santoso",
        "III/b",
        jabatan_analis,
        jabatan_analis.unit_kerja_id,
        "L",
    )
    assert (rina.status_kepegawaian, rina.golongan, rina.jenis_kelamin, str(rina.tanggal_lahir)) == (
        "PPPK",
        "IX",
        "P",
        "1990-09-13",
    )

    # The list shows the new pegawai; filter it down to the PPPK and export what is shown.
    nav(page, "Pegawai")
    page.wait_for_url("**/kepegawaian/pegawai/")
    expect(rows).to_have_count(5)
    expect(page.locator("#pegawai-table")).to_contain_text("Budi Santoso")
    page.select_option("#id_status_kepegawaian", "PPPK")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Rina Marlina")
    expect(rows.first).to_contain_text("Analis SDM")
    assert "status_kepegawaian=PPPK" in page.url
    with page.expect_download() as info:
        content_link(page, "XLSX").click()
    download = info.value
    assert download.suggested_filename.startswith("pegawai-")
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    ws = load_workbook(saved, read_only=True)["Pegawai"]
    data = [list(r) for r in ws.iter_rows(values_only=True)]
    assert data[0] == EKSPOR_HEADERS
    assert len(data) == 2, data  # only what the filter shows, not the whole instansi
    row = dict(zip(EKSPOR_HEADERS, data[1], strict=True))
    assert (row["nip"], row["nama"], row["status_kepegawaian"], row["golongan"]) == (
        "199009132025242014",
        "Rina Marlina",
        "PPPK",
        "IX",
    )
    assert (row["jabatan"], row["unit_kerja"], row["tanggal_lahir"]) == (
        "Analis SDM",
        "Badan Kepegawaian dan Pengembangan SDM",
        "13-09-1990",
    )
    ekspor = AuditLog.objects.filter(actor=hr_bungo, action="export").latest("pk")
    assert ekspor.changes["baris"] == 1 and ekspor.changes["filter"]["status_kepegawaian"] == "PPPK"
    shot(page, "hr_import_export")
