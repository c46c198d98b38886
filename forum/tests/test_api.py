"""API: categories (superadmin writes), threads and posts (any ASN posts), rooms for members only."""

import pytest

from forum.models import Kategori, Pos, Topik

from . import factories as F


@pytest.fixture(autouse=True)
def _generous_rate(settings):
    settings.PORTAL = {**settings.PORTAL, "FORUM_RATE_POSTS": 100, "FORUM_RATE_TOPIKS": 100}


def test_categories_read_by_all_written_by_superadmin(
    client_asn_bungo, client_hr_bungo, client_superadmin, kategori
):
    assert client_asn_bungo.get("/api/v1/forum/kategori/").json()["count"] == 1
    body = {"nama": "Kebencanaan", "slug": "kebencanaan"}
    assert (
        client_hr_bungo.post("/api/v1/forum/kategori/", body, content_type="application/json").status_code
        == 403
    )
    assert (
        client_superadmin.post("/api/v1/forum/kategori/", body, content_type="application/json").status_code
        == 201
    )
    assert Kategori.objects.filter(slug="kebencanaan").exists()


def test_asn_opens_thread_and_replies(client_asn_bungo, client_asn_bengkulu, asn_bungo, kategori):
    resp = client_asn_bungo.post(
        "/api/v1/forum/topik/",
        {"judul": "Antrean daring adminduk", "kategori": kategori.pk, "isi": "Halo <script>x</script>"},
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    t = Topik.objects.get()
    assert resp.json()["id"] == t.pk and t.penulis == asn_bungo
    resp = client_asn_bengkulu.post(
        "/api/v1/forum/pos/", {"topik": t.pk, "isi": "Balasan dari Bengkulu"}, content_type="application/json"
    )
    assert resp.status_code == 201, resp.content
    assert resp.json()["nomor"] == 2
    listing = client_asn_bengkulu.get("/api/v1/forum/pos/", {"topik": t.pk}).json()
    assert [p["nomor"] for p in listing["results"]] == [1, 2]
    assert "&lt;script&gt;" in listing["results"][0]["isi_html"]


def test_api_validation_errors_in_indonesian(client_asn_bungo, kategori):
    resp = client_asn_bungo.post(
        "/api/v1/forum/topik/",
        {"judul": "abc", "kategori": kategori.pk, "isi": "x"},
        content_type="application/json",
    )
    assert resp.status_code == 400 and "Judul minimal 5 karakter" in resp.content.decode()


def test_api_locked_thread_is_forbidden(client_asn_bengkulu, asn_bungo, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori, is_locked=True)
    resp = client_asn_bengkulu.post(
        "/api/v1/forum/pos/", {"topik": t.pk, "isi": "x"}, content_type="application/json"
    )
    assert resp.status_code == 403
    assert Pos.objects.filter(topik=t).count() == 1


def test_api_thread_in_room_only_for_members(client_for, hr_bungo, outsider):
    r = F.ruang(members=[hr_bungo])
    body = {"judul": "Kebutuhan logistik", "ruang": r.pk, "isi": "x"}
    bad = client_for(outsider).post("/api/v1/forum/topik/", body, content_type="application/json")
    assert bad.status_code == 400 and not Topik.objects.exists()
    ok = client_for(hr_bungo).post("/api/v1/forum/topik/", body, content_type="application/json")
    assert ok.status_code == 201
    rooms = client_for(hr_bungo).get("/api/v1/forum/ruang/").json()
    assert rooms["count"] == 1 and rooms["results"][0]["anggota"][0]["user"]["username"] == "hr.bungo"


def test_no_update_or_delete_through_api(client_asn_bungo, asn_bungo, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    p = t.pos.get()
    assert client_asn_bungo.delete(f"/api/v1/forum/topik/{t.pk}/").status_code == 405
    assert (
        client_asn_bungo.patch(
            f"/api/v1/forum/pos/{p.pk}/", {"isi": "x"}, content_type="application/json"
        ).status_code
        == 405
    )
