"""API: workflow through services, scoping (404 across instansi, ASN sees own) and query budgets."""

import pytest

from pelatihan import services

from .factories import SCOPED_OBJECTS, ProgramFactory, SesiFactory, peserta_of

pytestmark = pytest.mark.django_db

API = "/api/v1/pelatihan"
DETAIL = {
    "pelatihan.Kompetensi": "kompetensi",
    "pelatihan.Program": "program",
    "pelatihan.Sesi": "sesi",
    "pelatihan.Peserta": "peserta",
    "pelatihan.Kehadiran": "kehadiran",
    "pelatihan.PelatihanEksternal": "eksternal",
    "pelatihan.Sertifikat": "sertifikat",
    "pelatihan.Evaluasi": "evaluasi",
    "pelatihan.Rekomendasi": "rekomendasi",
    "pelatihan.RencanaPelatihan": "rencana",
}


@pytest.mark.parametrize("label", sorted(DETAIL))
def test_api_instansi_lain_404(client_hr_bengkulu, instansi_bungo, label):
    obj = SCOPED_OBJECTS[label](instansi_bungo)
    assert client_hr_bengkulu.get(f"{API}/{DETAIL[label]}/{obj.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("label", "action", "body"),
    [
        ("pelatihan.Peserta", "setujui", {}),
        ("pelatihan.Peserta", "batal", {"alasan": "x"}),
        ("pelatihan.Peserta", "selesaikan", {"hasil": "lulus"}),
        ("pelatihan.PelatihanEksternal", "verifikasi", {"setuju": True}),
        ("pelatihan.Sertifikat", "cabut", {"alasan": "x"}),
    ],
)
def test_api_aksi_instansi_lain_404(client_hr_bengkulu, instansi_bungo, label, action, body):
    obj = SCOPED_OBJECTS[label](instansi_bungo)
    r = client_hr_bengkulu.post(
        f"{API}/{DETAIL[label]}/{obj.pk}/{action}/", body, content_type="application/json"
    )
    assert r.status_code == 404


def test_api_program_dan_sesi_hr(client_hr_bungo, instansi_bungo):
    r = client_hr_bungo.post(
        f"{API}/program/",
        {"kode": "TIK-9", "nama": "Keamanan Siber", "bidang": "digital", "bentuk": "klasikal", "jp": 16},
        content_type="application/json",
    )
    assert r.status_code == 201, r.json()
    program_id = r.json()["id"]
    r = client_hr_bungo.post(
        f"{API}/sesi/",
        {
            "program": program_id,
            "nama": "Angkatan 1",
            "tanggal_mulai": "2026-06-01",
            "tanggal_selesai": "2026-06-02",
            "tempat": "Aula",
            "kapasitas": 1,
            "terisi": 99,
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.json()
    assert r.json()["terisi"] == 0 and r.json()["instansi"] == instansi_bungo.pk


def test_api_sesi_program_instansi_lain_ditolak(client_hr_bengkulu, instansi_bungo):
    program = ProgramFactory(instansi=instansi_bungo)
    r = client_hr_bengkulu.post(
        f"{API}/sesi/",
        {
            "program": program.pk,
            "nama": "X",
            "tanggal_mulai": "2026-06-01",
            "tanggal_selesai": "2026-06-01",
            "tempat": "A",
            "kapasitas": 5,
        },
        content_type="application/json",
    )
    assert r.status_code == 400


def test_api_alur_pendaftaran(
    client_asn_bungo, client_pimpinan_bungo, client_hr_bungo, asn_bungo, sesi_bungo
):
    r = client_asn_bungo.post(f"{API}/peserta/", {"sesi": sesi_bungo.pk}, content_type="application/json")
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    assert r.json()["status"] == "menunggu"
    assert client_asn_bungo.post(f"{API}/peserta/{pk}/setujui/").status_code == 403
    r = client_pimpinan_bungo.post(f"{API}/peserta/{pk}/setujui/")
    assert r.status_code == 200 and r.json()["status"] == "terdaftar"
    r = client_hr_bungo.post(
        f"{API}/peserta/{pk}/selesaikan/", {"hasil": "lulus"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["status"] == "selesai"
    r = client_asn_bungo.get(f"{API}/sertifikat/")
    assert r.json()["count"] == 1
    r = client_asn_bungo.get(f"{API}/jp/")
    assert r.json()["results"][0]["total_jp"] == 24
    r = client_asn_bungo.post(f"{API}/peserta/", {"sesi": sesi_bungo.pk}, content_type="application/json")
    assert r.status_code == 400


def test_api_asn_hanya_melihat_milik_sendiri(client_asn_bungo, asn_bungo, instansi_bungo, sesi_bungo):
    services.peserta_daftar(actor=asn_bungo, sesi=sesi_bungo, pegawai=asn_bungo.pegawai)
    other = peserta_of(instansi_bungo)
    r = client_asn_bungo.get(f"{API}/peserta/")
    assert [row["pegawai"] for row in r.json()["results"]] == [asn_bungo.pegawai_id]
    assert client_asn_bungo.get(f"{API}/peserta/{other.pk}/").status_code == 404
    assert [row["pegawai"] for row in client_asn_bungo.get(f"{API}/jp/").json()["results"]] == [
        asn_bungo.pegawai_id
    ]
    assert client_asn_bungo.get(f"{API}/anggaran/").status_code == 403


def test_api_anggaran(client_hr_bungo, instansi_bungo):
    SesiFactory(
        program=ProgramFactory(instansi=instansi_bungo, kode="A1"), anggaran_rencana=1000, biaya_realisasi=800
    )
    rows = client_hr_bungo.get(f"{API}/anggaran/").json()
    assert [(r["program__kode"], r["rencana"], r["realisasi"], r["serapan"]) for r in rows] == [
        ("A1", "1000", "800", 80.0)
    ]


@pytest.mark.parametrize("path", ["peserta", "sesi", "program", "jp"])
def test_api_budget_query(client_hr_bungo, instansi_bungo, django_assert_max_num_queries, path):
    sesi = SesiFactory(program=ProgramFactory(instansi=instansi_bungo), kapasitas=40)
    for _ in range(5):
        peserta_of(instansi_bungo, sesi=sesi)
    with django_assert_max_num_queries(12):
        assert client_hr_bungo.get(f"{API}/{path}/").status_code == 200
    for _ in range(25):
        peserta_of(instansi_bungo, sesi=sesi)
    with django_assert_max_num_queries(12):
        client_hr_bungo.get(f"{API}/{path}/")
