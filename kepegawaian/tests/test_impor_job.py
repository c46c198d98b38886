"""Issue 16: import as a background job (progress, no second upload), honest counts and messages, XLSX text
columns, scientific/rounded NIP, and the export → import round trip."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from asnportal.testing.factories import JabatanFactory, PegawaiFactory
from kepegawaian import impor
from kepegawaian.models import ImporData, Pegawai

from .test_impor import GOOD, HEADER, _csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def jab(opd_bungo):
    return JabatanFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi, kode="ANL-01", nama="Analis SDM")


def _run_on_commit(monkeypatch):
    """Run the published task in-process (the worker's body), as the broker would."""
    from asnportal import jobs

    monkeypatch.setattr(jobs, "publish", lambda task, job_id: impor.impor_jalankan(job_id) or True)


def test_upload_check_then_save_without_second_upload(
    client_hr_bungo, jab, django_capture_on_commit_callbacks, monkeypatch
):
    _run_on_commit(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        r = client_hr_bungo.post("/kepegawaian/impor/pegawai/", {"berkas": _csv(GOOD), "mode": "uji"})
    assert r.status_code == 302
    uji = ImporData.objects.get()
    assert r["Location"] == f"/kepegawaian/impor/{uji.pk}/"
    assert (uji.status, uji.progress, uji.total, uji.dibuat, uji.jumlah_galat) == ("success", 100, 3, 3, 0)
    assert not Pegawai.objects.exists()
    html = client_hr_bungo.get(r["Location"]).content.decode()
    assert "3 baris: 3 baru" in html and "tidak perlu mengunggah lagi" in html
    # Simpan: the kept file, no upload in this request
    with django_capture_on_commit_callbacks(execute=True):
        r = client_hr_bungo.post(f"/kepegawaian/impor/{uji.pk}/simpan/")
    simpan = ImporData.objects.get(asal=uji)
    assert r["Location"] == f"/kepegawaian/impor/{simpan.pk}/"
    assert simpan.status == "success" and simpan.dibuat == 3 and Pegawai.objects.count() == 3
    # asking again returns the same run: nothing imported twice
    r = client_hr_bungo.post(f"/kepegawaian/impor/{uji.pk}/simpan/")
    assert ImporData.objects.count() == 2 and Pegawai.objects.count() == 3
    assert "Data tersimpan" in client_hr_bungo.get(f"/kepegawaian/impor/{simpan.pk}/").content.decode()


def test_progress_page_polls_until_done_and_is_for_hr_only(
    client_hr_bungo, client_asn_bungo, client_hr_bengkulu, jab
):
    job = impor.impor_mulai(actor=_hr(), instansi_id=jab.instansi_id, jenis="pegawai", uploaded=_csv(GOOD))
    html = client_hr_bungo.get(f"/kepegawaian/impor/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in html and 'role="progressbar"' in html
    assert '<meta http-equiv="refresh"' in html  # without JavaScript the page refreshes itself
    r = client_hr_bungo.get(f"/kepegawaian/impor/{job.pk}/", HTTP_HX_REQUEST="true")
    assert r.content.decode().startswith('<div id="impor-status"')
    assert client_asn_bungo.get(f"/kepegawaian/impor/{job.pk}/").status_code == 404
    assert client_hr_bengkulu.get(f"/kepegawaian/impor/{job.pk}/").status_code == 404
    impor.impor_jalankan(job.pk)
    html = client_hr_bungo.get(f"/kepegawaian/impor/{job.pk}/").content.decode()
    assert "every 1s" not in html and "Hasil uji coba" in html


def _hr():
    from kepegawaian.models import User

    return User.objects.get(username="hr.bungo")


def test_error_rows_are_never_new_and_messages_name_row_column_value(hr_bungo, instansi_bungo, jab):
    rows = [*GOOD, ["198609262015051099", "Salah Golongan", "PNS", "Z/z", "", "", "S1"]]
    hasil = impor.pegawai_impor(actor=hr_bungo, instansi_id=instansi_bungo.pk, uploaded=_csv(rows))
    assert hasil.dibuat == 3 and len(hasil.errors) == 1
    e = hasil.errors[0]
    assert (e.row, e.column) == (5, "golongan") and "Z/z" in e.message
    bad_date = [["198609262015051001", "Budi Santoso", "PNS", "III/b", "31-02-2021", "", "S1"]]
    e = impor.pegawai_impor(actor=hr_bungo, instansi_id=instansi_bungo.pk, uploaded=_csv(bad_date)).errors[0]
    assert (e.row, e.column) == (2, "tmt_golongan") and "31-02-2021" in e.message
    nama_panjang = [["198609262015051001", "", "PNS", "III/b", "", "", "S1"]]
    e = impor.pegawai_impor(
        actor=hr_bungo, instansi_id=instansi_bungo.pk, uploaded=_csv(nama_panjang)
    ).errors[0]
    assert e.column == "nama"


def test_nip_as_number_in_xlsx_gets_a_clear_message(hr_bungo, instansi_bungo):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([1.98609262015051e17, "Budi Santoso", "PNS", "III/b", "", "", "S1"])
    ws.append([198609262015051000, "Siti Aminah", "PNS", "IV/a", "", "", "S2"])
    buf = io.BytesIO()
    wb.save(buf)
    hasil = impor.pegawai_impor(
        actor=hr_bungo, instansi_id=instansi_bungo.pk, uploaded=SimpleUploadedFile("p.xlsx", buf.getvalue())
    )
    msgs = {e.row: e.message for e in hasil.errors}
    assert "bukan teks" in msgs[2] and "Teks" in msgs[2]
    assert "bukan teks" in msgs[3]
    with pytest.raises(ValueError, match="dibulatkan"):
        impor.nomor_induk_teks(198609262015051000, "nip")
    assert impor.nomor_induk_teks("198609262015051001", "nip") == "198609262015051001"
    assert hasil.dibuat == 0
    csv_ilmiah = [["1,98609E+17", "Budi Santoso", "PNS", "III/b", "", "", "S1"]]
    e = impor.pegawai_impor(actor=hr_bungo, instansi_id=instansi_bungo.pk, uploaded=_csv(csv_ilmiah)).errors[
        0
    ]
    assert e.column == "nip" and "ilmiah" in e.message


def test_template_formats_identity_columns_as_text(client_hr_bungo):
    r = client_hr_bungo.get("/kepegawaian/impor/templat/?jenis=pegawai&format=xlsx")
    ws = load_workbook(io.BytesIO(r.content))["pegawai"]
    headers = [c.value for c in ws[1]]
    for kolom in ("nip", "nik"):
        letter = ws.cell(1, headers.index(kolom) + 1).column_letter
        assert ws.column_dimensions[letter].number_format == "@"


def test_export_reimports_unchanged(client_hr_bungo, hr_bungo, instansi_bungo, opd_bungo, pegawai_bungo):
    """Round trip: the exported XLSX re-imports with no errors and no changes."""
    bidang = opd_bungo.__class__.objects.create(
        instansi=instansi_bungo, nama="Bidang Mutasi", parent=opd_bungo, jenis="bidang"
    )
    j = JabatanFactory(instansi=instansi_bungo, unit_kerja=bidang, kode="MUT-1", nama="Analis Mutasi")
    PegawaiFactory(instansi=instansi_bungo, jabatan=j, gelar_depan="Dr.", gelar_belakang="M.Si", nama="Ani")
    PegawaiFactory(
        instansi=instansi_bungo, jabatan=j, status_kepegawaian="PNS", golongan="", tmt_golongan=None
    )
    r = client_hr_bungo.get("/kepegawaian/pegawai/ekspor/?format=xlsx")
    ws = load_workbook(io.BytesIO(r.content))["Pegawai"]
    assert ws["A2"].number_format == "@" and isinstance(ws["A2"].value, str)
    headers = [c.value for c in ws[1]]
    codes = [row[headers.index("kode_jabatan")] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert "MUT-1" in codes  # position codes visible in exports
    units = [row[headers.index("unit_kerja")] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert f"Bidang Mutasi · {opd_bungo.nama}" in units
    before = list(Pegawai.objects.order_by("pk").values())
    upload = SimpleUploadedFile("ekspor.xlsx", r.content)
    hasil = impor.pegawai_impor(actor=hr_bungo, instansi_id=instansi_bungo.pk, uploaded=upload, dry_run=False)
    assert hasil.errors == []
    assert (hasil.dibuat, hasil.diperbarui, hasil.sama) == (0, 0, Pegawai.objects.count())
    after = list(Pegawai.objects.order_by("pk").values())
    assert after == before
