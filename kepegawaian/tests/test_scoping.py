"""Scoping of the kepegawaian pages and API across instansi and roles, and the query budgets."""

import pytest
from django.urls import URLPattern, get_resolver

from asnportal.testing.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory
from kepegawaian.models import Pegawai

from .factories import SCOPED_OBJECTS

pytestmark = pytest.mark.django_db


def _kepegawaian_patterns():
    resolver = get_resolver()
    out = []

    def walk(patterns, prefix, ns):
        for p in patterns:
            if isinstance(p, URLPattern):
                out.append((prefix + str(p.pattern), p, ns))
            else:
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or ns)

    walk(resolver.url_patterns, "/", None)
    return out


def _model_of(pattern):
    cb = pattern.callback
    if getattr(cb, "scoping_model", None):
        return cb.scoping_model
    model = getattr(getattr(cb, "view_class", None), "model", None)
    qs = getattr(getattr(cb, "cls", None), "queryset", None)
    if model is None and qs is not None:
        model = qs.model
    return model._meta.label if model is not None else None


def test_every_kepegawaian_url_with_pk_is_404_for_another_instansi(client_hr_bengkulu, instansi_bungo):
    checked = 0
    for route, pattern, _ns in _kepegawaian_patterns():
        if "<int:pk>" not in route and "<pk>" not in route and "(?P<pk>" not in route:
            continue
        label = _model_of(pattern)
        if label is None or not label.startswith("kepegawaian.") or label not in SCOPED_OBJECTS:
            continue
        obj = SCOPED_OBJECTS[label](instansi_bungo)
        url = route.replace("<int:pk>", str(obj.pk)).replace("^", "").replace("$", "")
        if "(?P<pk>" in url:
            import re

            url = re.sub(r"\(\?P<pk>[^)]*\)", str(obj.pk), url)
            url = re.sub(r"\(\?P<format>[^)]*\)", "", url).replace("\\.", "").replace("/?", "/")
        for method in ("get", "post"):
            r = getattr(client_hr_bengkulu, method)(url)
            assert r.status_code in (403, 404, 405), (method, url, r.status_code)
        checked += 1
    assert checked >= 20


@pytest.mark.parametrize(
    ("client_name", "sees_self", "sees_other_staff", "sees_other_instansi"),
    [
        ("client_hr_bungo", True, True, False),
        ("client_auditor_bungo", True, True, False),
        ("client_pimpinan_bungo", True, True, False),
        ("client_asn_bungo", True, False, False),
    ],
)
def test_pegawai_detail_scoping_by_role(
    request,
    client_name,
    sees_self,
    sees_other_staff,
    sees_other_instansi,
    pegawai_bungo,
    kepala_bungo,
    pegawai_bengkulu,
    opd_bungo,
):
    client = request.getfixturevalue(client_name)
    outside = PegawaiFactory(jabatan=JabatanFactory(unit_kerja=UnitKerjaFactory(instansi=opd_bungo.instansi)))
    colleague = PegawaiFactory(jabatan=JabatanFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi))
    codes = {
        "self": client.get(f"/kepegawaian/pegawai/{pegawai_bungo.pk}/").status_code,
        "colleague": client.get(f"/kepegawaian/pegawai/{colleague.pk}/").status_code,
        "outside_unit": client.get(f"/kepegawaian/pegawai/{outside.pk}/").status_code,
        "other_instansi": client.get(f"/kepegawaian/pegawai/{pegawai_bengkulu.pk}/").status_code,
    }
    assert codes["self"] == 200
    assert (codes["colleague"] == 200) == sees_other_staff
    assert codes["other_instansi"] == 404
    # pimpinan sees only their unit subtree; HR and auditor the whole instansi
    expect_outside = 200 if client_name in ("client_hr_bungo", "client_auditor_bungo") else 404
    assert codes["outside_unit"] == expect_outside


def test_api_pegawai_scoping(
    client_hr_bungo, client_asn_bungo, client_pimpinan_bungo, pegawai_bungo, kepala_bungo, pegawai_bengkulu
):
    ids = {r["id"] for r in client_hr_bungo.get("/api/v1/pegawai/").json()["results"]}
    assert ids == {pegawai_bungo.pk, kepala_bungo.pk}
    assert {r["id"] for r in client_asn_bungo.get("/api/v1/pegawai/").json()["results"]} == {pegawai_bungo.pk}
    assert {r["id"] for r in client_pimpinan_bungo.get("/api/v1/pegawai/").json()["results"]} == {
        pegawai_bungo.pk,
        kepala_bungo.pk,
    }
    assert client_hr_bungo.get(f"/api/v1/pegawai/{pegawai_bengkulu.pk}/").status_code == 404
    r = client_hr_bungo.patch(
        f"/api/v1/pegawai/{pegawai_bengkulu.pk}/", {"nama": "X"}, content_type="application/json"
    )
    assert r.status_code == 404


def test_unit_and_jabatan_pages_and_api_scoped(
    client_hr_bungo, client_asn_bungo, opd_bungo, opd_bengkulu, pegawai_bengkulu
):
    jab_bkl = pegawai_bengkulu.jabatan
    for c in (client_hr_bungo, client_asn_bungo):
        assert c.get(f"/kepegawaian/unit-kerja/{opd_bungo.pk}/").status_code == 200
        assert c.get(f"/kepegawaian/unit-kerja/{opd_bengkulu.pk}/").status_code == 404
        assert c.get(f"/kepegawaian/jabatan/{jab_bkl.pk}/").status_code == 404
        assert c.get(f"/api/v1/unit-kerja/{opd_bengkulu.pk}/").status_code == 404
        assert c.get(f"/api/v1/jabatan/{jab_bkl.pk}/").status_code == 404
    names = [u["nama"] for u in client_hr_bungo.get("/api/v1/unit-kerja/").json()["results"]]
    assert names == [opd_bungo.nama]
    # a jabatan cannot be created in another instansi's unit
    r = client_hr_bungo.post(
        "/api/v1/jabatan/",
        {"nama": "X", "unit_kerja": opd_bengkulu.pk, "jenis": "PELAKSANA"},
        content_type="application/json",
    )
    assert r.status_code == 400


def test_auditor_is_read_only(client_auditor_bungo, pegawai_bungo, opd_bungo):
    assert client_auditor_bungo.get("/kepegawaian/pegawai/").status_code == 200
    assert client_auditor_bungo.get(f"/kepegawaian/pegawai/{pegawai_bungo.pk}/ubah/").status_code == 403
    assert client_auditor_bungo.post("/kepegawaian/pegawai/tambah/", {}).status_code == 403
    r = client_auditor_bungo.patch(
        f"/api/v1/pegawai/{pegawai_bungo.pk}/", {"nama": "X"}, content_type="application/json"
    )
    assert r.status_code == 403
    assert client_auditor_bungo.get("/kepegawaian/penataan/").status_code == 200
    assert client_auditor_bungo.post("/kepegawaian/penataan/tambah/", {}).status_code == 403
    assert (
        client_auditor_bungo.post(
            f"/kepegawaian/jabatan/{pegawai_bungo.jabatan_id}/abk/", {"uraian": "x"}
        ).status_code
        == 403
    )


def test_asn_cannot_reach_hr_pages(client_asn_bungo):
    for url in (
        "/kepegawaian/kebutuhan/",
        "/kepegawaian/penataan/",
        "/kepegawaian/impor/pegawai/",
        "/kepegawaian/siasn/",
        "/kepegawaian/kenaikan-pangkat/",
        "/kepegawaian/pensiun/",
        "/kepegawaian/komposisi/",
    ):
        assert client_asn_bungo.get(url).status_code == 403, url


def test_pegawai_create_and_edit_via_page_with_audit(client_hr_bungo, opd_bungo, pegawai_bungo):
    from asnportal.models import AuditLog

    jab = JabatanFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi)
    data = {
        "nip": "198609262015051001",
        "status_kepegawaian": "PNS",
        "nama": "Budi",
        "tanggal_lahir": "1986-09-26",
        "jenis_kelamin": "L",
        "golongan": "III/a",
        "jabatan": jab.pk,
        "status_aktif": "aktif",
    }
    r = client_hr_bungo.post("/kepegawaian/pegawai/tambah/", data)
    assert r.status_code == 302
    p = Pegawai.objects.get(nip=data["nip"])
    assert AuditLog.objects.filter(object_id=str(p.pk), action="create").exists()
    bad = {**data, "nip": "198613262015051001", "nama": "Tetap"}
    r = client_hr_bungo.post("/kepegawaian/pegawai/tambah/", bad)
    assert r.status_code == 200 and "bukan tanggal yang sah" in r.content.decode()
    assert 'value="Tetap"' in r.content.decode()
    r = client_hr_bungo.post(f"/kepegawaian/pegawai/{p.pk}/ubah/", {**data, "nama": "Budi Baru"})
    assert r.status_code == 302
    assert AuditLog.objects.filter(
        object_id=str(p.pk), action="update", changes__nama=["Budi", "Budi Baru"]
    ).exists()


def _make_staff(opd, n):
    jab = JabatanFactory(unit_kerja=opd, instansi=opd.instansi)
    for _ in range(n):
        PegawaiFactory(jabatan=jab)


def _queries(client, url, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/kepegawaian/pegawai/",
        "/api/v1/pegawai/",
        "/kepegawaian/struktur/",
        "/kepegawaian/kenaikan-pangkat/",
        "/kepegawaian/mutasi/",
        "/api/v1/mutasi/",
        "/kepegawaian/pensiun/",
        "/kepegawaian/komposisi/",
        "/api/v1/komposisi-pegawai/",
        "/kepegawaian/kebutuhan/",
        "/api/v1/kebutuhan-jabatan/",
    ],
)
def test_query_budget_constant_in_rows(
    client_hr_bungo, opd_bungo, hr_bungo, django_assert_max_num_queries, url
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _make_staff(opd_bungo, 5)
    with CaptureQueriesContext(connection) as few:
        assert client_hr_bungo.get(url).status_code == 200
    _make_staff(opd_bungo, 25)
    _queries(client_hr_bungo, url, django_assert_max_num_queries, len(few.captured_queries))
