"""Pages: flows, certificate verification, scoping (404 across instansi; ASN sees only own) and query budgets."""

import datetime as dt

import pytest
from django.urls import reverse

from asnportal.testing.factories import JabatanFactory, PegawaiFactory
from pelatihan import services
from pelatihan.models import Peserta, Sesi

from .factories import SCOPED_OBJECTS, ProgramFactory, SesiFactory, kredit_of, peserta_of

pytestmark = pytest.mark.django_db


def _lulus(hr, pimpinan, pegawai, sesi):
    p = services.peserta_daftar(actor=pimpinan, sesi=sesi, pegawai=pegawai)
    return services.peserta_selesaikan(actor=hr, peserta=p, hasil="lulus", nilai=90)


def test_asn_mendaftar_lewat_halaman(client_asn_bungo, asn_bungo, sesi_bungo):
    r = client_asn_bungo.get(reverse("pelatihan:sesi_detail", args=[sesi_bungo.pk]))
    assert r.status_code == 200 and "Daftar" in r.content.decode()
    r = client_asn_bungo.post(reverse("pelatihan:sesi_daftar", args=[sesi_bungo.pk]))
    p = Peserta.objects.get(pegawai=asn_bungo.pegawai)
    assert r.status_code == 302 and r.url == reverse("pelatihan:peserta_detail", args=[p.pk])
    r = client_asn_bungo.post(reverse("pelatihan:sesi_daftar", args=[sesi_bungo.pk]), follow=True)
    assert "sudah terdaftar" in r.content.decode()


def test_atasan_menyetujui_lewat_halaman(client_pimpinan_bungo, asn_bungo, sesi_bungo):
    p = services.peserta_daftar(actor=asn_bungo, sesi=sesi_bungo, pegawai=asn_bungo.pegawai)
    r = client_pimpinan_bungo.get(reverse("pelatihan:sesi_list"))
    assert "Menunggu persetujuan Anda" in r.content.decode()
    r = client_pimpinan_bungo.get(reverse("pelatihan:peserta_detail", args=[p.pk]))
    assert r.status_code == 200 and "Setujui" in r.content.decode()
    r = client_pimpinan_bungo.post(reverse("pelatihan:peserta_setujui", args=[p.pk]))
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == "terdaftar"


def test_asn_tidak_bisa_menyetujui_diri(client_asn_bungo, asn_bungo, sesi_bungo):
    p = services.peserta_daftar(actor=asn_bungo, sesi=sesi_bungo, pegawai=asn_bungo.pegawai)
    r = client_asn_bungo.post(reverse("pelatihan:peserta_setujui", args=[p.pk]))
    assert r.status_code == 403


def test_nominasi_hr_dan_kehadiran(client_hr_bungo, asn_bungo, kepala_bungo, sesi_bungo):
    url = reverse("pelatihan:sesi_nominasi", args=[sesi_bungo.pk])
    assert client_hr_bungo.get(url).status_code == 200
    r = client_hr_bungo.post(url, {"pegawai": kepala_bungo.pk})
    assert r.status_code == 302, r.context["form"].errors
    p = Peserta.objects.get(pegawai=kepala_bungo)
    assert p.status == "terdaftar"  # no atasan above the unit head in this fixture
    url = reverse("pelatihan:sesi_kehadiran", args=[sesi_bungo.pk])
    r = client_hr_bungo.post(url, {"tanggal": sesi_bungo.tanggal_mulai.isoformat(), f"p{p.pk}": "hadir"})
    assert r.status_code == 302
    assert p.kehadiran.get().status == "hadir"
    assert client_hr_bungo.get(url).status_code == 200


def test_form_sesi_menolak_tanpa_tempat_dan_tetap_isi(client_hr_bungo, instansi_bungo):
    program = ProgramFactory(instansi=instansi_bungo)
    r = client_hr_bungo.post(
        reverse("pelatihan:sesi_create"),
        {
            "program": program.pk,
            "nama": "Angkatan X",
            "tanggal_mulai": "2026-05-01",
            "tanggal_selesai": "2026-05-02",
            "kapasitas": 10,
            "anggaran_rencana": 0,
            "status": "dibuka",
        },
    )
    assert r.status_code == 200
    body = r.content.decode()
    assert "Isi tempat atau tautan daring." in body and "Angkatan X" in body
    r = client_hr_bungo.post(
        reverse("pelatihan:sesi_create"),
        {
            "program": program.pk,
            "nama": "Angkatan X",
            "tanggal_mulai": "2026-05-01",
            "tanggal_selesai": "2026-05-02",
            "kapasitas": 10,
            "anggaran_rencana": 5000000,
            "status": "dibuka",
            "tautan_daring": "https://zoom.example/j/1",
        },
    )
    assert r.status_code == 302
    assert Sesi.objects.get(nama="Angkatan X").instansi_id == instansi_bungo.pk


def test_asn_tidak_bisa_membuat_program(client_asn_bungo):
    assert client_asn_bungo.get(reverse("pelatihan:program_create")).status_code == 403


# --- certificates -------------------------------------------------------------------------------------------------
def test_verifikasi_sertifikat_sah_tanpa_data_pribadi(
    client, hr_bungo, pimpinan_bungo, asn_bungo, sesi_bungo
):
    p = _lulus(hr_bungo, pimpinan_bungo, asn_bungo.pegawai, sesi_bungo)
    s = p.sertifikat
    r = client.get(reverse("pelatihan:sertifikat_verifikasi", args=[s.kode]))
    body = r.content.decode()
    assert r.status_code == 200
    assert (
        "Sertifikat ini sah" in body
        and asn_bungo.pegawai.nama_lengkap in body
        and sesi_bungo.program.nama in body
    )
    assert (
        asn_bungo.pegawai.nip not in body and asn_bungo.pegawai.nip_tampil not in body
    )  # nothing more personal
    # lower-case code typed by hand still matches (redirected to the canonical address)
    r = client.get(reverse("pelatihan:sertifikat_verifikasi", args=[s.kode.lower()]), follow=True)
    assert r.status_code == 200 and "Sertifikat ini sah" in r.content.decode()


def test_halaman_cek_sertifikat_dengan_kolom_kode(client, hr_bungo, pimpinan_bungo, asn_bungo, sesi_bungo):
    s = _lulus(hr_bungo, pimpinan_bungo, asn_bungo.pegawai, sesi_bungo).sertifikat
    url = reverse("pelatihan:sertifikat_cek")
    assert url == "/pelatihan/sertifikat/"
    r = client.get(url)
    assert r.status_code == 200
    assert 'name="kode"' in r.content.decode()
    # Typed without dashes, with spaces, in lower case: all find the certificate.
    for typed in (s.kode.replace("-", ""), " ".join(s.kode.replace("-", "").lower()), s.kode.lower()):
        r = client.get(url, {"kode": typed}, follow=True)
        assert r.status_code == 200, typed
        assert "Sertifikat ini sah" in r.content.decode()
    # Not a code at all: the field is shown again with the reason, what was typed kept.
    r = client.get(url, {"kode": "12ab"})
    assert r.status_code == 400
    assert "12 huruf/angka" in r.content.decode() and 'value="12ab"' in r.content.decode()
    # A well-formed code that does not exist: not found, with the field to try again.
    r = client.get(url, {"kode": "abcd efgh jkmn"}, follow=True)
    assert r.status_code == 404 and 'name="kode"' in r.content.decode()


def test_normalisasi_kode_sertifikat():
    from pelatihan.models import normalisasi_kode_sertifikat

    assert normalisasi_kode_sertifikat("abcd-efgh-jk23") == "ABCD-EFGH-JK23"
    assert normalisasi_kode_sertifikat(" ABCD EFGH JK23 ") == "ABCD-EFGH-JK23"
    assert normalisasi_kode_sertifikat("ABCDEFGHJK23") == "ABCD-EFGH-JK23"
    assert normalisasi_kode_sertifikat("ABC") == ""
    assert normalisasi_kode_sertifikat("ÅBCDEFGHJK23") == ""


def test_verifikasi_sertifikat_tidak_dikenal(client):
    r = client.get(reverse("pelatihan:sertifikat_verifikasi", args=["ABCD-EFGH-JKLM"]))
    assert r.status_code == 404
    assert "Sertifikat tidak ditemukan" in r.content.decode()


def test_verifikasi_sertifikat_dicabut(client, hr_bungo, pimpinan_bungo, asn_bungo, sesi_bungo):
    p = _lulus(hr_bungo, pimpinan_bungo, asn_bungo.pegawai, sesi_bungo)
    services.sertifikat_cabut(actor=hr_bungo, sertifikat=p.sertifikat, alasan="Dokumen tidak sah")
    r = client.get(reverse("pelatihan:sertifikat_verifikasi", args=[p.sertifikat.kode]))
    assert r.status_code == 200
    body = r.content.decode()
    assert "DICABUT" in body and "Sertifikat ini sah" not in body


def test_unduh_pdf_sertifikat(
    client_asn_bungo, hr_bungo, pimpinan_bungo, asn_bungo, sesi_bungo, client_hr_bengkulu
):
    p = _lulus(hr_bungo, pimpinan_bungo, asn_bungo.pegawai, sesi_bungo)
    url = reverse("pelatihan:sertifikat_unduh", args=[p.sertifikat.pk])
    r = client_asn_bungo.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-") and len(r.content) > 5000
    assert client_hr_bengkulu.get(url).status_code == 404
    # No claim of an electronic signature the PDF does not carry.
    import subprocess

    text = subprocess.run(["pdftotext", "-", "-"], input=r.content, capture_output=True, check=True).stdout
    text = text.decode()
    assert "elektronik" not in text and "kode verifikasi" in text.lower()


def test_qr_menunjuk_halaman_verifikasi():
    import base64

    from pelatihan.pdf import qr_data_uri

    uri = qr_data_uri("http://127.0.0.1/pelatihan/sertifikat/ABCD-EFGH-JKLM/")
    assert uri.startswith("data:image/svg+xml;base64,")
    assert b"<svg" in base64.b64decode(uri.split(",", 1)[1])


# --- JP and reports pages -------------------------------------------------------------------------------------------
def test_halaman_jp_hr_dan_asn(client_hr_bungo, client_asn_bungo, asn_bungo, instansi_bungo):
    tahun = dt.date.today().year
    kredit_of(instansi_bungo, pegawai=asn_bungo.pegawai, jp=19, tahun=tahun)
    r = client_hr_bungo.get(reverse("pelatihan:jp_rekap"), {"di_bawah_target": "true"})
    body = r.content.decode()
    assert r.status_code == 200 and "<svg" in body and asn_bungo.pegawai.nama in body
    r = client_asn_bungo.get(reverse("pelatihan:jp_rekap"))
    body = r.content.decode()
    assert "19 / 20 JP" in body and "Kurang 1 JP" in body and "Per pegawai" not in body


@pytest.mark.parametrize(
    "name", ["anggaran", "evaluasi_hasil", "rekomendasi_list", "rencana_list", "kompetensi_list"]
)
def test_halaman_hr_terbuka(client_hr_bungo, sesi_bungo, name):
    assert client_hr_bungo.get(reverse(f"pelatihan:{name}")).status_code == 200


def test_anggaran_dan_evaluasi_tertutup_untuk_asn(client_asn_bungo):
    assert client_asn_bungo.get(reverse("pelatihan:anggaran")).status_code == 403
    assert client_asn_bungo.get(reverse("pelatihan:evaluasi_hasil")).status_code == 403


def test_evaluasi_lewat_halaman(client_asn_bungo, hr_bungo, pimpinan_bungo, asn_bungo, sesi_bungo):
    p = _lulus(hr_bungo, pimpinan_bungo, asn_bungo.pegawai, sesi_bungo)
    url = reverse("pelatihan:peserta_evaluasi", args=[p.pk])
    r = client_asn_bungo.post(url, {"skor_materi": 9})
    assert r.status_code == 200 and "is-invalid" in r.content.decode()
    r = client_asn_bungo.post(
        url,
        {
            "skor_materi": 5,
            "skor_pengajar": 4,
            "skor_penyelenggaraan": 4,
            "skor_manfaat": 5,
            "saran": "Bagus",
        },
    )
    assert r.status_code == 302 and p.evaluasi.saran == "Bagus"


def test_eksternal_unggah_dan_verifikasi(client_asn_bungo, client_hr_bungo, asn_bungo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import PDF_BYTES

    data = {
        "nama": "E-learning ASN Digital",
        "penyelenggara": "LAN",
        "bentuk": "nonklasikal",
        "tanggal_mulai": "2026-03-01",
        "tanggal_selesai": "2026-03-05",
        "durasi_menit": 540,
    }
    bad = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
    r = client_asn_bungo.post(reverse("pelatihan:eksternal_create"), {**data, "bukti": bad})
    assert r.status_code == 200 and "Jenis berkas tidak diizinkan" in r.content.decode()
    ok = SimpleUploadedFile("x.pdf", PDF_BYTES, content_type="application/pdf")
    r = client_asn_bungo.post(reverse("pelatihan:eksternal_create"), {**data, "bukti": ok})
    assert r.status_code == 302
    eks = asn_bungo.pegawai.pelatihan_eksternal.get()
    assert eks.jp == 12
    assert client_asn_bungo.get(reverse("pelatihan:eksternal_bukti", args=[eks.pk])).status_code == 200
    r = client_hr_bungo.post(
        reverse("pelatihan:eksternal_verifikasi", args=[eks.pk]), {"keputusan": "setuju"}
    )
    assert r.status_code == 302
    eks.refresh_from_db()
    assert eks.status == "diverifikasi" and eks.kredit.jp == 12


def test_sdm_mencatat_eksternal_untuk_pegawai_tanpa_akun(client_hr_bungo, opd_bungo, pegawai_bengkulu):
    """HR records external training for a pegawai who has no account: page and API, verified at once."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from asnportal.testing.factories import PegawaiFactory
    from pelatihan.models import KreditJP

    from .factories import PDF_BYTES

    tanpa_akun = PegawaiFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi)
    url = reverse("pelatihan:eksternal_create")
    r = client_hr_bungo.get(url)
    assert r.status_code == 200 and 'name="nip_pegawai"' in r.content.decode()
    data = {
        "nama": "Seminar Pelayanan Publik",
        "penyelenggara": "Ombudsman RI",
        "bentuk": "klasikal",
        "tanggal_mulai": "2026-04-01",
        "tanggal_selesai": "2026-04-01",
        "durasi_menit": 360,
    }
    # Another instansi's pegawai cannot be named: clear error, input kept.
    r = client_hr_bungo.post(
        url,
        {**data, "nip_pegawai": pegawai_bengkulu.nip, "bukti": SimpleUploadedFile("s.pdf", PDF_BYTES)},
    )
    assert r.status_code == 200 and "Tidak ada pegawai dengan NIP itu" in r.content.decode()
    assert "Seminar Pelayanan Publik" in r.content.decode()
    nip_spasi = f"{tanpa_akun.nip[:8]} {tanpa_akun.nip[8:14]} {tanpa_akun.nip[14:]}"
    r = client_hr_bungo.post(
        url,
        {
            **data,
            "nip_pegawai": nip_spasi,
            "bukti": SimpleUploadedFile("s.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    assert r.status_code == 302
    eks = tanpa_akun.pelatihan_eksternal.get()
    assert eks.status == "diverifikasi" and eks.jp == 8
    assert KreditJP.objects.get(eksternal=eks).jp == 8
    # API: same, by pegawai id.
    r = client_hr_bungo.post(
        "/api/v1/pelatihan/eksternal/",
        {
            **data,
            "nama": "Webinar",
            "pegawai": tanpa_akun.pk,
            "bukti": SimpleUploadedFile("w.pdf", PDF_BYTES),
        },
    )
    assert r.status_code == 201, r.content
    assert tanpa_akun.pelatihan_eksternal.filter(nama="Webinar", status="diverifikasi").exists()
    r = client_hr_bungo.post(
        "/api/v1/pelatihan/eksternal/",
        {**data, "pegawai": pegawai_bengkulu.pk, "bukti": SimpleUploadedFile("w.pdf", PDF_BYTES)},
    )
    assert r.status_code == 400
    assert not pegawai_bengkulu.pelatihan_eksternal.exists()


# --- scoping ---------------------------------------------------------------------------------------------------------
DETAIL_GET = [
    ("pelatihan.Program", "pelatihan:program_detail"),
    ("pelatihan.Program", "pelatihan:program_update"),
    ("pelatihan.Sesi", "pelatihan:sesi_detail"),
    ("pelatihan.Sesi", "pelatihan:sesi_update"),
    ("pelatihan.Sesi", "pelatihan:sesi_nominasi"),
    ("pelatihan.Sesi", "pelatihan:sesi_kehadiran"),
    ("pelatihan.Peserta", "pelatihan:peserta_detail"),
    ("pelatihan.Peserta", "pelatihan:peserta_evaluasi"),
    ("pelatihan.Kompetensi", "pelatihan:kompetensi_update"),
    ("pelatihan.PelatihanEksternal", "pelatihan:eksternal_detail"),
    ("pelatihan.PelatihanEksternal", "pelatihan:eksternal_bukti"),
    ("pelatihan.Sertifikat", "pelatihan:sertifikat_unduh"),
]
DETAIL_POST = [
    ("pelatihan.Sesi", "pelatihan:sesi_daftar"),
    ("pelatihan.Peserta", "pelatihan:peserta_setujui"),
    ("pelatihan.Peserta", "pelatihan:peserta_tolak"),
    ("pelatihan.Peserta", "pelatihan:peserta_batal"),
    ("pelatihan.Peserta", "pelatihan:peserta_selesai"),
    ("pelatihan.PelatihanEksternal", "pelatihan:eksternal_verifikasi"),
    ("pelatihan.Sertifikat", "pelatihan:sertifikat_cabut"),
]


@pytest.mark.parametrize(("label", "name"), DETAIL_GET + DETAIL_POST)
def test_instansi_lain_404(client_hr_bengkulu, instansi_bungo, label, name):
    obj = SCOPED_OBJECTS[label](instansi_bungo)
    url = reverse(name, args=[obj.pk])
    r = (
        client_hr_bengkulu.post(url, {"alasan": "x", "hasil": "lulus", "keputusan": "setuju"})
        if (label, name) in DETAIL_POST
        else client_hr_bengkulu.get(url)
    )
    assert r.status_code == 404


def test_asn_hanya_melihat_pendaftaran_sendiri(client_asn_bungo, asn_bungo, instansi_bungo, sesi_bungo):
    own = services.peserta_daftar(actor=asn_bungo, sesi=sesi_bungo, pegawai=asn_bungo.pegawai)
    other = peserta_of(instansi_bungo)  # a colleague of the same instansi
    r = client_asn_bungo.get(reverse("pelatihan:peserta_list"))
    assert list(r.context["object_list"]) == [own]
    assert client_asn_bungo.get(reverse("pelatihan:peserta_detail", args=[other.pk])).status_code == 404
    r = client_asn_bungo.get(reverse("pelatihan:sesi_detail", args=[other.sesi_id]))
    assert other.pegawai.nama not in r.content.decode()


# --- query budgets ---------------------------------------------------------------------------------------------------
def _many_peserta(instansi, n, sesi):
    for _ in range(n):
        peserta_of(instansi, sesi=sesi)


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("pelatihan:sesi_list", 16),
        ("pelatihan:peserta_list", 16),
        ("pelatihan:program_list", 16),
        ("pelatihan:jp_rekap", 20),
    ],
)
def test_budget_query_daftar(client_hr_bungo, instansi_bungo, django_assert_max_num_queries, name, budget):
    sesi = SesiFactory(program=ProgramFactory(instansi=instansi_bungo), kapasitas=40)
    _many_peserta(instansi_bungo, 5, sesi)
    with django_assert_max_num_queries(budget):
        client_hr_bungo.get(reverse(name))
    _many_peserta(instansi_bungo, 25, sesi)
    for _ in range(5):
        SesiFactory(program=ProgramFactory(instansi=instansi_bungo))
    with django_assert_max_num_queries(budget):
        client_hr_bungo.get(reverse(name))


def test_budget_query_detail_sesi(client_hr_bungo, instansi_bungo, django_assert_max_num_queries):
    sesi = SesiFactory(program=ProgramFactory(instansi=instansi_bungo), kapasitas=40)
    _many_peserta(instansi_bungo, 5, sesi)
    with django_assert_max_num_queries(16):
        client_hr_bungo.get(reverse("pelatihan:sesi_detail", args=[sesi.pk]))
    _many_peserta(instansi_bungo, 25, sesi)
    with django_assert_max_num_queries(16):
        client_hr_bungo.get(reverse("pelatihan:sesi_detail", args=[sesi.pk]))


def test_dashboard_widget(client_hr_bungo, client_asn_bungo):
    assert "Pengembangan kompetensi" in client_hr_bungo.get("/").content.decode()
    assert "JP Anda tahun ini" in client_asn_bungo.get("/").content.decode()
    assert JabatanFactory and PegawaiFactory
