"""A value unique per instansi (e.g. a competency code) is refused with 400 on a duplicate, not a 500: the
serializer checks constraints that include the read-only `instansi` (found by schemathesis)."""

import pytest

pytestmark = pytest.mark.django_db


def test_duplicate_code_in_own_instansi_is_a_400(client_hr_bungo, instansi_bengkulu):
    from pelatihan.models import Kompetensi

    body = {"kode": "TK-01", "nama": "Pengelolaan arsip", "jenis": "teknis"}
    first = client_hr_bungo.post("/api/v1/pelatihan/kompetensi/", body, content_type="application/json")
    assert first.status_code == 201, first.content
    again = client_hr_bungo.post("/api/v1/pelatihan/kompetensi/", body, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["kode"] == [
        "Kode kompetensi ini sudah dipakai di instansi ini."
    ]  # the constraint's own
    # The same code in another instansi is no clash (and tells nothing about it).
    Kompetensi.objects.create(instansi=instansi_bengkulu, kode="TK-02", nama="Lain", jenis="teknis")
    other = client_hr_bungo.post(
        "/api/v1/pelatihan/kompetensi/", {**body, "kode": "TK-02"}, content_type="application/json"
    )
    assert other.status_code == 201, other.content
    # Renaming onto an existing code is refused too; keeping one's own code is fine.
    pk = other.json()["id"]
    clash = client_hr_bungo.patch(
        f"/api/v1/pelatihan/kompetensi/{pk}/", {"kode": "TK-01"}, content_type="application/json"
    )
    assert clash.status_code == 400
    same = client_hr_bungo.patch(
        f"/api/v1/pelatihan/kompetensi/{pk}/",
        {"kode": "TK-02", "nama": "Baru"},
        content_type="application/json",
    )
    assert same.status_code == 200, same.content
