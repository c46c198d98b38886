import datetime as dt

import pytest
from rest_framework.test import APIClient

from laporan.models import LaporanRun

from .factories import make_run

pytestmark = pytest.mark.django_db

URL = "/api/v1/laporan/"


def _client(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.mark.parametrize("n", [5, 30])
def test_list_scoped_and_budget(
    hr_bungo, instansi_bungo, instansi_bengkulu, django_assert_max_num_queries, n
):
    for i in range(n):
        make_run(
            instansi_bungo,
            mulai=dt.date(2000 + i, 1, 1),
            selesai=dt.date(2000 + i, 1, 31),
            requested_by=hr_bungo,
        )
    make_run(instansi_bengkulu)
    with django_assert_max_num_queries(6):
        resp = _client(hr_bungo).get(URL)
    assert resp.status_code == 200 and resp.json()["count"] == n
    assert all(r["instansi"] == instansi_bungo.pk for r in resp.json()["results"])


def test_retrieve_other_instansi_404(hr_bengkulu, instansi_bungo):
    run = make_run(instansi_bungo)
    assert _client(hr_bengkulu).get(f"{URL}{run.pk}/").status_code == 404
    assert _client(hr_bengkulu).post(f"{URL}{run.pk}/coba-lagi/").status_code == 404


def test_asn_sees_nothing(asn_bungo, instansi_bungo):
    run = make_run(instansi_bungo)
    c = _client(asn_bungo)
    assert c.get(URL).json()["count"] == 0
    assert c.get(f"{URL}{run.pk}/").status_code == 404


def test_create_idempotent(hr_bungo, instansi_bungo):
    c = _client(hr_bungo)
    first = c.post(URL, {"jenis": "triwulanan", "format": "xlsx", "tanggal": "2026-02-10"}, format="json")
    second = c.post(URL, {"jenis": "triwulanan", "format": "xlsx", "tanggal": "2026-03-31"}, format="json")
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["periode_label"] == "Triwulan I 2026" and first.json()["download_url"] is None
    assert LaporanRun.objects.get().instansi_id == instansi_bungo.pk


def test_create_rejects_other_instansi_unit(hr_bungo, opd_bengkulu):
    resp = _client(hr_bungo).post(
        URL, {"jenis": "duk", "format": "xlsx", "unit_kerja": opd_bengkulu.pk}, format="json"
    )
    assert resp.status_code == 400 and not LaporanRun.objects.exists()


def test_create_forbidden_for_auditor(auditor_bungo):
    resp = _client(auditor_bungo).post(URL, {"jenis": "bulanan"}, format="json")
    assert resp.status_code == 403


def test_retry_failed_via_api(hr_bungo, instansi_bungo):
    run = make_run(instansi_bungo, status="failed", error="x")
    resp = _client(hr_bungo).post(f"{URL}{run.pk}/coba-lagi/")
    assert resp.status_code == 202 and resp.json()["status"] == "pending"
    assert _client(hr_bungo).post(f"{URL}{run.pk}/coba-lagi/").status_code == 400
