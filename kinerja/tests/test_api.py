import pytest
from django.test import Client

from asnportal.testing.factories import PegawaiFactory, asn_user
from kinerja.models import SKP

from .factories import TAHUN, evaluasi_tahunan, skp_disetujui, skp_draft, struktur

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def s(instansi_bungo):
    return struktur(instansi_bungo)


def test_workflow_actions_through_api(s):
    skp = skp_draft(s["u_staf"])
    staf, kepala = _client(s["u_staf"]), _client(s["u_kepala"])
    assert kepala.post(f"/api/v1/kinerja/skp/{skp.pk}/ajukan/").status_code == 403
    r = staf.post(f"/api/v1/kinerja/skp/{skp.pk}/ajukan/")
    assert r.status_code == 200 and r.json()["status"] == "diajukan"
    assert staf.post(f"/api/v1/kinerja/skp/{skp.pk}/setujui/").status_code == 403
    r = kepala.post(
        f"/api/v1/kinerja/skp/{skp.pk}/kembalikan/", {"catatan": ""}, content_type="application/json"
    )
    assert r.status_code == 400
    r = kepala.post(f"/api/v1/kinerja/skp/{skp.pk}/setujui/")
    assert r.status_code == 200 and r.json()["status"] == "disetujui"
    assert kepala.post(f"/api/v1/kinerja/skp/{skp.pk}/setujui/").status_code == 400


def test_api_cross_instansi_404(s, client_hr_bengkulu):
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    ev = evaluasi_tahunan(skp, s["u_kepala"])
    assert client_hr_bengkulu.get(f"/api/v1/kinerja/skp/{skp.pk}/").status_code == 404
    assert client_hr_bengkulu.post(f"/api/v1/kinerja/skp/{skp.pk}/setujui/").status_code == 404
    assert client_hr_bengkulu.get(f"/api/v1/kinerja/evaluasi/{ev.pk}/").status_code == 404
    assert client_hr_bengkulu.get("/api/v1/kinerja/skp/").json()["count"] == 0
    assert client_hr_bengkulu.get("/api/v1/kinerja/evaluasi/").json()["count"] == 0


def test_penghargaan_api_scoped_writes(s, client_hr_bungo, client_hr_bengkulu, pegawai_bengkulu):
    r = client_hr_bungo.post(
        "/api/v1/kinerja/penghargaan/",
        {
            "pegawai": s["staf"].pk,
            "tahun": TAHUN,
            "jenis": "lainnya",
            "nama": "Inovasi",
            "tanggal": "2026-03-01",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert client_hr_bengkulu.get(f"/api/v1/kinerja/penghargaan/{pk}/").status_code == 404
    assert (
        client_hr_bengkulu.patch(
            f"/api/v1/kinerja/penghargaan/{pk}/", {"nama": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    r = client_hr_bungo.post(
        "/api/v1/kinerja/penghargaan/",
        {
            "pegawai": pegawai_bengkulu.pk,
            "tahun": TAHUN,
            "jenis": "lainnya",
            "nama": "x",
            "tanggal": "2026-03-01",
        },
        content_type="application/json",
    )
    assert r.status_code == 400
    assert (
        _client(s["u_staf"])
        .post(
            "/api/v1/kinerja/penghargaan/",
            {
                "pegawai": s["staf"].pk,
                "tahun": TAHUN,
                "jenis": "lainnya",
                "nama": "x",
                "tanggal": "2026-03-01",
            },
            content_type="application/json",
        )
        .status_code
        == 403
    )


def test_nilai_potensi_api(s, client_hr_bungo):
    r = client_hr_bungo.post(
        "/api/v1/kinerja/nilai-potensi/",
        {"pegawai": s["staf"].pk, "tahun": TAHUN, "skor": "82.5"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert _client(s["u_staf"]).get("/api/v1/kinerja/nilai-potensi/").json()["count"] == 1
    assert _client(s["u_atasan2"]).get("/api/v1/kinerja/nilai-potensi/").json()["count"] == 0


def test_api_query_budget(s, django_assert_max_num_queries):
    from asnportal.testing.queries import queries_for

    c = _client(s["u_kepala"])
    for _ in range(5):
        skp_disetujui(asn_user(PegawaiFactory(jabatan=s["staf"].jabatan)), s["u_kepala"])
    small = queries_for(c, "/api/v1/kinerja/skp/")
    for _ in range(25):
        skp_disetujui(asn_user(PegawaiFactory(jabatan=s["staf"].jabatan)), s["u_kepala"])
    with django_assert_max_num_queries(small):
        r = c.get("/api/v1/kinerja/skp/")
    assert r.json()["count"] == SKP.objects.count()
