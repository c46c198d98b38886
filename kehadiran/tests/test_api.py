"""API: scoping (ASN own, atasan unit, other instansi 404), workflows, import, recap and query budgets."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from asnportal.testing.factories import JabatanFactory, PegawaiFactory
from kehadiran.models import KoreksiPresensi, PengajuanCuti, Presensi, StatusHarianPegawai

from .conftest import wib
from .factories import SCOPED_OBJECTS, bukti

pytestmark = pytest.mark.django_db
MON = dt.date(2026, 3, 2)
API = "/api/v1/kehadiran/"


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


DETAIL_ROUTES = [
    ("jadwal-kerja", "kehadiran.JadwalKerja"),
    ("shift", "kehadiran.Shift"),
    ("jadwal-shift", "kehadiran.JadwalShift"),
    ("hari-libur", "kehadiran.HariLibur"),
    ("lokasi-kantor", "kehadiran.LokasiKantor"),
    ("jenis-cuti", "kehadiran.JenisCuti"),
    ("presensi", "kehadiran.Presensi"),
    ("impor", "kehadiran.ImporPresensi"),
    ("status-harian", "kehadiran.StatusHarianPegawai"),
    ("koreksi", "kehadiran.KoreksiPresensi"),
    ("cuti", "kehadiran.PengajuanCuti"),
    ("saldo-cuti", "kehadiran.SaldoCuti"),
]


@pytest.mark.parametrize(("route", "label"), DETAIL_ROUTES)
def test_other_instansi_detail_is_404(instansi_bungo, hr_bungo, hr_bengkulu, route, label):
    obj = SCOPED_OBJECTS[label](instansi_bungo)
    url = f"{API}{route}/{obj.pk}/"
    assert api(hr_bengkulu).get(url).status_code == 404
    assert api(hr_bengkulu).patch(url, {"nama": "x"}, format="json").status_code in (404, 405)
    assert api(hr_bengkulu).delete(url).status_code in (404, 405)
    assert api(hr_bungo).get(url).status_code == 200
    assert obj.pk not in [r["id"] for r in api(hr_bengkulu).get(f"{API}{route}/").json()["results"]]


@pytest.mark.parametrize("route", ["koreksi", "cuti"])
def test_other_instansi_workflow_action_is_404(instansi_bungo, hr_bengkulu, route):
    label = "kehadiran.KoreksiPresensi" if route == "koreksi" else "kehadiran.PengajuanCuti"
    obj = SCOPED_OBJECTS[label](instansi_bungo)
    resp = api(hr_bengkulu).post(f"{API}{route}/{obj.pk}/putuskan/", {"setuju": True}, format="json")
    assert resp.status_code == 404


def test_hr_creates_holiday_in_own_instansi_only(hr_bungo, instansi_bungo, asn_bungo):
    resp = api(hr_bungo).post(
        f"{API}hari-libur/",
        {"tanggal": "2026-08-17", "nama": "HUT RI", "jenis": "nasional", "instansi": 999},
        format="json",
    )
    assert resp.status_code == 201 and resp.json()["instansi"] == instansi_bungo.pk
    assert (
        api(asn_bungo)
        .post(f"{API}hari-libur/", {"tanggal": "2026-08-18", "nama": "x"}, format="json")
        .status_code
        == 403
    )


def test_lokasi_unit_choice_is_scoped(hr_bengkulu, opd_bungo):
    resp = api(hr_bengkulu).post(
        f"{API}lokasi-kantor/", {"unit_kerja": opd_bungo.pk, "nama": "x", "mode": "bebas"}, format="json"
    )
    assert resp.status_code == 400 and "unit_kerja" in resp.json()


def test_status_harian_asn_own_atasan_unit(
    frozen, pegawai_bungo, kepala_bungo, asn_bungo, pimpinan_bungo, instansi_bungo
):
    from .factories import pegawai_in

    lain = pegawai_in(instansi_bungo)
    for p in (pegawai_bungo, kepala_bungo, lain):
        StatusHarianPegawai.objects.create(pegawai=p, tanggal=MON, status="hadir")
    ids = lambda u: {r["pegawai"] for r in api(u).get(f"{API}status-harian/").json()["results"]}  # noqa: E731
    assert ids(asn_bungo) == {pegawai_bungo.pk}
    assert ids(pimpinan_bungo) == {pegawai_bungo.pk, kepala_bungo.pk}


def test_check_in_api(frozen, kalender_bungo, lokasi_bungo, asn_bungo):
    c = api(asn_bungo)
    resp = c.post(
        f"{API}presensi/check-in/",
        {"jenis": "masuk", "latitude": -1.6, "longitude": 102.3},
        format="json",
        REMOTE_ADDR="8.8.8.8",
    )
    assert resp.status_code == 400 and "radius" in resp.json()["detail"]
    resp = c.post(
        f"{API}presensi/check-in/",
        {"jenis": "masuk", "latitude": -1.4853, "longitude": 102.1131},
        format="json",
    )
    assert resp.status_code == 201 and resp.json()["metode_validasi"] == "lokasi"


def test_presensi_only_through_check_in_or_import(asn_bungo, hr_bungo):
    assert api(asn_bungo).post(f"{API}presensi/", {"jenis": "masuk"}, format="json").status_code == 403
    assert api(hr_bungo).post(f"{API}presensi/", {"jenis": "masuk"}, format="json").status_code == 405
    assert not Presensi.objects.exists()


def test_import_api(frozen, kalender_bungo, pegawai_bungo, hr_bungo, asn_bungo):
    def f():
        return SimpleUploadedFile("m.csv", f"nip,waktu\n{pegawai_bungo.nip},2026-03-02 07:05\n".encode())

    resp = api(hr_bungo).post(f"{API}impor/", {"berkas": f()}, format="multipart")
    assert resp.status_code == 201 and resp.json()["jumlah_baru"] == 1
    resp = api(hr_bungo).post(f"{API}impor/", {"berkas": f()}, format="multipart")
    assert resp.json()["jumlah_duplikat"] == 1 and Presensi.objects.count() == 1
    bad = SimpleUploadedFile("m.csv", b"nip,waktu\n1,2026-03-02 07:05\n")
    resp = api(hr_bungo).post(f"{API}impor/", {"berkas": bad}, format="multipart")
    assert resp.status_code == 400 and resp.json()["errors"][0]["baris"] == 2
    assert api(asn_bungo).post(f"{API}impor/", {"berkas": f()}, format="multipart").status_code == 403


def test_correction_and_leave_workflow_api(
    frozen, kalender_bungo, cuti_tahunan_bungo, asn_bungo, pimpinan_bungo, hr_bungo
):
    resp = api(asn_bungo).post(
        f"{API}koreksi/",
        {
            "tanggal": "2026-03-03",
            "jenis": "lupa_masuk",
            "jam_masuk": "07:20",
            "alasan": "Lupa",
            "bukti": bukti(),
        },
        format="multipart",
    )
    assert resp.status_code == 201, resp.json()
    kid = resp.json()["id"]
    assert KoreksiPresensi.objects.get(pk=kid).pegawai_id == asn_bungo.pegawai_id
    assert (
        api(hr_bungo).post(f"{API}koreksi/{kid}/putuskan/", {"setuju": True}, format="json").status_code
        == 403
    )
    resp = api(pimpinan_bungo).post(f"{API}koreksi/{kid}/putuskan/", {"setuju": True}, format="json")
    assert resp.status_code == 200 and resp.json()["status"] == "disetujui"

    resp = api(asn_bungo).post(
        f"{API}cuti/",
        {
            "jenis": cuti_tahunan_bungo.pk,
            "tanggal_mulai": "2026-03-16",
            "tanggal_selesai": "2026-03-20",
            "alasan": "Keluarga",
        },
        format="json",
    )
    assert resp.status_code == 201 and resp.json()["jumlah_hari"] == 5
    cid = resp.json()["id"]
    resp = api(asn_bungo).post(
        f"{API}cuti/",
        {
            "jenis": cuti_tahunan_bungo.pk,
            "tanggal_mulai": "2026-03-23",
            "tanggal_selesai": "2026-04-10",
            "alasan": "x",
        },
        format="json",
    )
    assert resp.status_code == 400 and "tanggal_selesai" in resp.json()
    assert (
        api(pimpinan_bungo)
        .post(f"{API}cuti/{cid}/putuskan/", {"setuju": True}, format="json")
        .json()["status"]
        == "disetujui_atasan"
    )
    assert (
        api(hr_bungo).post(f"{API}cuti/{cid}/putuskan/", {"setuju": True}, format="json").json()["status"]
        == "disetujui"
    )
    saldo = api(asn_bungo).get(f"{API}saldo-cuti/").json()["results"]
    assert saldo[0]["hak_hari"] == 12


def test_rekap_api_scoped(frozen, pegawai_bungo, kepala_bungo, asn_bungo, hr_bungo, hr_bengkulu):
    for p in (pegawai_bungo, kepala_bungo):
        StatusHarianPegawai.objects.create(pegawai=p, tanggal=MON, status="tidak_hadir")
    url = f"{API}rekap-disiplin/?tahun=2026&bulan=3"
    assert {r["pegawai_id"] for r in api(asn_bungo).get(url).json()["results"]} == {pegawai_bungo.pk}
    assert len(api(hr_bungo).get(url).json()["results"]) == 2
    assert api(hr_bengkulu).get(url).json()["results"] == []
    assert api(hr_bungo).get(url + "&melewati_ambang=1").json()["results"][0]["tanpa_keterangan"] == 1
    assert api(asn_bungo).get(url + "&melewati_ambang=1").status_code == 403


@pytest.mark.parametrize("n", [5, 30])
@pytest.mark.parametrize("route", ["presensi", "status-harian", "cuti", "koreksi", "rekap-disiplin"])
def test_api_query_budget(
    frozen, opd_bungo, kepala_bungo, cuti_tahunan_bungo, hr_bungo, django_assert_max_num_queries, n, route
):
    for _ in range(n):
        p = PegawaiFactory(
            jabatan=JabatanFactory(
                unit_kerja=opd_bungo, instansi=opd_bungo.instansi, parent=kepala_bungo.jabatan
            )
        )
        Presensi.objects.create(pegawai=p, waktu=wib(MON, 7, 0), jenis="scan", sumber="mesin")
        StatusHarianPegawai.objects.create(pegawai=p, tanggal=MON, status="hadir")
        PengajuanCuti.objects.create(
            pegawai=p,
            jenis=cuti_tahunan_bungo,
            tanggal_mulai=MON,
            tanggal_selesai=MON,
            jumlah_hari=1,
            alasan="x",
        )
        KoreksiPresensi.objects.create(
            pegawai=p, tanggal=MON, jenis="dinas_luar", alasan="x", bukti="kehadiran/x.png"
        )
    c = api(hr_bungo)
    with django_assert_max_num_queries(8):
        resp = c.get(f"{API}{route}/?tahun=2026&bulan=3")
    assert resp.status_code == 200 and resp.json()["count"] == n


def test_api_backdated_leave_needs_a_reason(frozen, kalender_bungo, cuti_tahunan_bungo, asn_bungo):
    body = {
        "jenis": cuti_tahunan_bungo.pk,
        "tanggal_mulai": "2026-03-02",
        "tanggal_selesai": "2026-03-03",
        "alasan": "x",
    }
    resp = api(asn_bungo).post(f"{API}cuti/", body, format="json")
    assert resp.status_code == 400 and "alasan_mundur" in resp.json()
    resp = api(asn_bungo).post(f"{API}cuti/", {**body, "alasan_mundur": "Baru kembali"}, format="json")
    assert resp.status_code == 201, resp.content
