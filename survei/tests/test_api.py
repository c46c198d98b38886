"""HR API: scoped reads and writes, computed IKM, 404 across instansi."""

import pytest
from django.utils import timezone

from asnportal.models import AuditLog
from survei import rules
from survei.models import RencanaTindakLanjut, UnitLayanan

from .factories import UnitLayananFactory, publikasi_for, rencana_for, respons

BASE = "/api/v1/survei"


@pytest.fixture
def unit(opd_bungo):
    return UnitLayananFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi)


@pytest.fixture
def unit_bengkulu(opd_bengkulu):
    return UnitLayananFactory(unit_kerja=opd_bengkulu, instansi=opd_bengkulu.instansi)


def test_lists_are_scoped(client_hr_bungo, unit, unit_bengkulu):
    respons(unit)
    respons(unit_bengkulu)
    ids = [u["id"] for u in client_hr_bungo.get(f"{BASE}/unit-layanan/").json()["results"]]
    assert ids == [unit.pk]
    units = {r["unit"] for r in client_hr_bungo.get(f"{BASE}/respons/").json()["results"]}
    assert units == {unit.pk}


@pytest.mark.parametrize(
    "path",
    [
        "unit-layanan/{u}/",
        "unit-layanan/{u}/ikm/",
        "respons/{r}/",
        "rencana-tindak-lanjut/{t}/",
        "publikasi/{p}/",
    ],
)
def test_other_instansi_objects_are_404(client_hr_bungo, instansi_bengkulu, unit_bengkulu, path):
    ids = {
        "u": unit_bengkulu.pk,
        "r": respons(unit_bengkulu).pk,
        "t": rencana_for(instansi_bengkulu).pk,
        "p": publikasi_for(instansi_bengkulu).pk,
    }
    assert client_hr_bungo.get(f"{BASE}/{path.format(**ids)}").status_code == 404


def test_other_instansi_writes_are_404_or_refused(
    client_hr_bungo, instansi_bengkulu, unit_bengkulu, opd_bengkulu
):
    r = client_hr_bungo.patch(
        f"{BASE}/unit-layanan/{unit_bengkulu.pk}/", {"nama": "x"}, content_type="application/json"
    )
    assert r.status_code == 404
    rtl = rencana_for(instansi_bengkulu)
    r = client_hr_bungo.delete(f"{BASE}/rencana-tindak-lanjut/{rtl.pk}/")
    assert r.status_code == 404 and RencanaTindakLanjut.objects.filter(pk=rtl.pk).exists()
    # A scoped FK: another instansi's unit kerja / unit layanan cannot be chosen.
    r = client_hr_bungo.post(
        f"{BASE}/unit-layanan/",
        {"unit_kerja": opd_bengkulu.pk, "nama": "X", "slug": "x-bengkulu"},
        content_type="application/json",
    )
    assert r.status_code == 400
    r = client_hr_bungo.post(
        f"{BASE}/rencana-tindak-lanjut/",
        {"unit": unit_bengkulu.pk, "jenis_periode": "tahun", "tahun": 2026, "nomor": 1, "unsur": 1,
         "kegiatan": "k", "penanggung_jawab": "p", "tenggat": "2026-12-31"},
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 400


def test_create_unit_and_plan_audited(client_hr_bungo, opd_bungo):
    r = client_hr_bungo.post(
        f"{BASE}/unit-layanan/",
        {"unit_kerja": opd_bungo.pk, "nama": "Loket API", "slug": "loket-api"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    unit = UnitLayanan.objects.get(slug="loket-api")
    assert unit.instansi == opd_bungo.instansi
    r = client_hr_bungo.post(
        f"{BASE}/rencana-tindak-lanjut/",
        {"unit": unit.pk, "jenis_periode": "tahun", "tahun": 2026, "nomor": 1, "unsur": 3,
         "kegiatan": "Percepat antrean", "penanggung_jawab": "Kasi", "tenggat": "2026-12-31"},
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 201, r.content
    assert (
        AuditLog.objects.filter(object_type__in=["survei.UnitLayanan", "survei.RencanaTindakLanjut"]).count()
        == 2
    )
    r = client_hr_bungo.post(
        f"{BASE}/unit-layanan/",
        {"unit_kerja": opd_bungo.pk, "nama": "Reserved", "slug": "dasbor"},
        content_type="application/json",
    )
    assert r.status_code == 400


def test_ikm_endpoint_matches_rules(client_hr_bungo, unit):
    rows = [(4, 3, 3, 4, 3, 4, 4, 3, 3), (3, 3, 2, 4, 3, 3, 4, 2, 3), (4, 4, 3, 4, 4, 4, 4, 3, 4),
            (3, 3, 3, 4, 3, 3, 3, 3, 3), (4, 3, 3, 4, 4, 4, 4, 3, 3)]  # fmt: skip
    for row in rows:
        respons(unit, row)
    today = timezone.localdate()
    data = client_hr_bungo.get(
        f"{BASE}/unit-layanan/{unit.pk}/ikm/",
        {"jenis": "tahun", "tahun": today.year, "nomor": 1},
    ).json()
    assert data["jumlah_responden"] == 5
    assert data["nilai"] == "84.44" and data["mutu"] == "B" and data["kinerja"] == "Baik"
    assert data["nrr"][2] == "2.800"
    assert data["sampel_cukup"] is None


def test_writes_need_hr(client_auditor_bungo, client_asn_bungo, unit):
    for c in (client_auditor_bungo, client_asn_bungo):
        r = c.patch(f"{BASE}/unit-layanan/{unit.pk}/", {"nama": "x"}, content_type="application/json")
        assert r.status_code in (403, 404)


def test_asn_cannot_read_responses(client_asn_bungo, unit):
    respons(unit)
    assert client_asn_bungo.get(f"{BASE}/respons/").json()["results"] == []


def test_anonymous_is_refused(client, unit):
    assert client.get(f"{BASE}/unit-layanan/").status_code in (401, 403)


def test_schema_has_survei_endpoints(client_hr_bungo):
    r = client_hr_bungo.get("/api/schema/")
    assert r.status_code == 200
    assert b"/api/v1/survei/unit-layanan/{id}/ikm/" in r.content
    assert rules.JUMLAH_UNSUR == 9
