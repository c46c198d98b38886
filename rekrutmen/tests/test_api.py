import pytest
from django.urls import reverse

from rekrutmen import services

from . import factories as F


@pytest.fixture
def data(hr_bungo, instansi_bungo):
    sel = F.seleksi(instansi_bungo, fase="sanggah_hasil")
    f = F.formasi(sel)
    lam = F.lamaran(f)
    services.verifikasi_simpan(
        actor=hr_bungo, lamaran=lam, hasil={s.pk: ("MS", "") for s in f.persyaratan.all()}
    )
    s = services.sanggah_ajukan(pelamar=lam.pelamar, lamaran=lam, tahap="hasil", alasan="Nilai salah")
    pub = services.seleksi_publikasikan(actor=hr_bungo, seleksi=sel, tahap="administrasi", nomor="P/API/1")
    return {"seleksi": sel, "formasi": f, "lamaran": lam, "sanggah": s, "publikasi": pub}


ENDPOINTS = [
    ("rekrutmen-seleksi", "seleksi"),
    ("rekrutmen-formasi", "formasi"),
    ("rekrutmen-lamaran", "lamaran"),
    ("rekrutmen-sanggah", "sanggah"),
    ("rekrutmen-publikasi", "publikasi"),
]


@pytest.mark.parametrize(("basename", "key"), ENDPOINTS)
def test_read_own_instansi_and_404_for_other(client_hr_bungo, client_hr_bengkulu, data, basename, key):
    obj = data[key]
    url = reverse(f"{basename}-detail", args=[obj.pk])
    assert client_hr_bungo.get(url).status_code == 200
    assert client_hr_bengkulu.get(url).status_code == 404
    listing = client_hr_bengkulu.get(reverse(f"{basename}-list")).json()
    assert obj.pk not in [r["id"] for r in listing["results"]]


def test_lamaran_masks_nik_and_asn_sees_nothing(client_hr_bungo, client_asn_bungo, data):
    row = client_hr_bungo.get(reverse("rekrutmen-lamaran-detail", args=[data["lamaran"].pk])).json()
    assert row["nik_tersamar"].count("*") == 6 and "nik" not in row
    assert client_asn_bungo.get(reverse("rekrutmen-lamaran-list")).json()["count"] == 0
    assert client_asn_bungo.get(reverse("rekrutmen-riwayat-nilai-list")).json()["count"] == 0


def test_seleksi_create_takes_instansi_from_user(client_hr_bungo, hr_bungo, instansi_bengkulu):
    payload = {
        "nama": "Seleksi PPPK 2026",
        "jenis": "PPPK",
        "tahun": 2026,
        "instansi": instansi_bengkulu.pk,
        "pendaftaran_mulai": "2026-01-01",
        "pendaftaran_selesai": "2026-01-10",
        "verifikasi_selesai": "2026-01-20",
        "skd_selesai": "2026-02-01",
        "skb_selesai": "2026-02-10",
        "pengumuman": "2026-02-20",
        "sanggah_selesai": "2026-02-22",
    }
    r = client_hr_bungo.post(reverse("rekrutmen-seleksi-list"), payload, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["instansi"] == hr_bungo.instansi_id and r.json()["pg_tkp"] == 166


def test_setujui_and_jawab_actions_scoped(client_hr_bengkulu, client_hr_bungo, data):
    f = data["formasi"]
    url = reverse("rekrutmen-formasi-setujui", args=[f.pk])
    assert client_hr_bengkulu.post(url, {"kuota": 1}, content_type="application/json").status_code == 404
    url = reverse("rekrutmen-sanggah-jawab", args=[data["sanggah"].pk])
    body = {"diterima": True, "jawaban": "Dikoreksi", "koreksi_nilai": {"tkp": "200"}}
    assert client_hr_bengkulu.post(url, body, content_type="application/json").status_code == 404
    r = client_hr_bungo.post(url, body, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "diterima"
    data["lamaran"].refresh_from_db()
    assert data["lamaran"].tkp == 200


def test_ringkasan_and_ranking_actions(client_hr_bungo, client_auditor_bungo, data):
    url = reverse("rekrutmen-seleksi-ringkasan", args=[data["seleksi"].pk])
    rows = client_hr_bungo.get(url).json()
    assert rows[0]["pelamar"] == 1 and rows[0]["ms"] == 1
    url = reverse("rekrutmen-seleksi-hitung-peringkat", args=[data["seleksi"].pk])
    assert client_auditor_bungo.post(url).status_code == 403
    assert client_hr_bungo.post(url).status_code == 200


@pytest.mark.parametrize("n", [3, 20])
def test_query_budget_lamaran_api(client_hr_bungo, data, django_assert_max_num_queries, n):
    for _ in range(n):
        F.lamaran(data["formasi"], dokumen=False)
    with django_assert_max_num_queries(8):
        assert client_hr_bungo.get(reverse("rekrutmen-lamaran-list")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client_hr_bungo.get(reverse("rekrutmen-riwayat-nilai-list")).status_code == 200
