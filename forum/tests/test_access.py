"""Room privacy and the inter-agency access layer: a non-member gets 404 in pages, API and search."""

import pytest
from django.urls import reverse

from forum import selectors
from forum.models import Kategori, Lampiran, Pos, RuangKoordinasi, Topik

from . import factories as F


@pytest.fixture
def room_setup(asn_bungo, petugas_bpbd, hr_bengkulu):
    """A flood-response room with members from Bungo and Bengkulu; one thread with a post and an attachment."""
    r = F.ruang(members=[petugas_bpbd, asn_bungo, hr_bengkulu], nama="Tanggap darurat banjir")
    t = F.topik(penulis=petugas_bpbd, ruang_obj=r, judul="Laporan posko pengungsian rahasia")
    p = F.pos(topik_obj=t, penulis=asn_bungo, isi="Stok selimut posko kurang 200 lembar")
    a = F.lampiran(pos_obj=p)
    return r, t, p, a


def _room_urls(r, t, p, a):
    return [
        reverse("forum:ruang_detail", args=[r.pk]),
        reverse("forum:topik_detail", args=[t.pk]),
        reverse("forum:pos_goto", args=[p.pk]),
        reverse("forum:pos_laporkan", args=[p.pk]),
        reverse("forum:lampiran", args=[a.pk]),
        f"{reverse('forum:topik_create')}?ruang={r.pk}",
    ]


def _room_api(r, t, p):
    return [
        f"/api/v1/forum/ruang/{r.pk}/",
        f"/api/v1/forum/topik/{t.pk}/",
        f"/api/v1/forum/pos/{p.pk}/",
    ]


def test_members_from_several_instansi_read_the_room(room_setup, client_for, hr_bengkulu, asn_bungo):
    r, t, p, a = room_setup
    for user in (hr_bengkulu, asn_bungo):
        c = client_for(user)
        for url in _room_urls(r, t, p, a):
            assert c.get(url).status_code in (200, 302), url
        for url in _room_api(r, t, p):
            assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["outsider", "hr_bungo", "superadmin"])
def test_non_member_gets_404_everywhere(room_setup, client_for, request, who):
    """Same instansi, HR officer, even superadmin: not a member means not found."""
    r, t, p, a = room_setup
    c = client_for(request.getfixturevalue(who))
    for url in _room_urls(r, t, p, a):
        assert c.get(url).status_code == 404, url
    for url in _room_api(r, t, p):
        assert c.get(url).status_code == 404, url
    for url in [
        reverse("forum:pos_create", args=[t.pk]),
        reverse("forum:langganan", args=[t.pk]),
        reverse("forum:pos_solusi", args=[p.pk]),
        reverse("forum:ruang_anggota", args=[r.pk]),
        reverse("forum:ruang_arsip", args=[r.pk]),
    ]:
        assert c.post(url, {"isi": "x", "alasan": "alasan panjang", "undangan": "x"}).status_code == 404, url
    # Lists and search do not show it either.
    assert c.get("/api/v1/forum/ruang/").json()["count"] == 0
    assert t.pk not in [row["id"] for row in c.get("/api/v1/forum/topik/").json()["results"]]
    assert c.get("/api/v1/forum/pos/", {"topik": t.pk}).json()["count"] == 0
    page = c.get(reverse("forum:cari"), {"q": "selimut"})
    assert page.status_code == 200 and list(page.context["page_obj"]) == []
    assert "Stok selimut posko" not in page.content.decode()
    api_post = c.post(
        "/api/v1/forum/pos/", {"topik": t.pk, "isi": "menyusup"}, content_type="application/json"
    )
    assert api_post.status_code == 400
    assert Pos.objects.filter(isi="menyusup").count() == 0


def test_member_search_finds_room_post(room_setup, asn_bungo):
    hits = list(selectors.search(user=asn_bungo, q="selimut"))
    assert [h.isi for h in hits] == ["Stok selimut posko kurang 200 lembar"]


def test_removed_member_loses_access(room_setup, client_for, hr_bengkulu, petugas_bpbd):
    from forum import services

    r, t, p, a = room_setup
    services.anggota_keluarkan(actor=petugas_bpbd, ruang=r, user=hr_bengkulu)
    assert client_for(hr_bengkulu).get(reverse("forum:topik_detail", args=[t.pk])).status_code == 404


def test_public_threads_are_readable_across_instansi_with_author_details(
    client_asn_bengkulu, asn_bungo, kategori
):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori, judul="Antrean daring adminduk")
    html = client_asn_bengkulu.get(reverse("forum:topik_detail", args=[t.pk])).content.decode()
    pegawai = asn_bungo.pegawai
    assert pegawai.nama in html
    assert pegawai.jabatan.nama in html
    assert asn_bungo.instansi.nama in html
    data = client_asn_bengkulu.get(f"/api/v1/forum/topik/{t.pk}/").json()
    assert data["penulis"]["jabatan"] == pegawai.jabatan.nama
    assert data["penulis"]["instansi"] == asn_bungo.instansi.nama


def test_internal_category_is_only_for_its_instansi(
    asn_bungo, client_asn_bengkulu, client_asn_bungo, instansi_bungo
):
    k = F.kategori(instansi=instansi_bungo, slug="internal-bungo")
    t = F.topik(penulis=asn_bungo, kategori_obj=k)
    assert client_asn_bungo.get(reverse("forum:kategori_detail", args=[k.slug])).status_code == 200
    for url in [reverse("forum:kategori_detail", args=[k.slug]), reverse("forum:topik_detail", args=[t.pk])]:
        assert client_asn_bengkulu.get(url).status_code == 404


def test_anonymous_sees_nothing(client, kategori, asn_bungo):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    assert client.get(reverse("forum:topik_detail", args=[t.pk])).status_code == 302
    assert client.get("/api/v1/forum/topik/").status_code in (401, 403)
    from django.contrib.auth.models import AnonymousUser

    for model in (Kategori, RuangKoordinasi, Topik, Pos, Lampiran):
        assert not model.objects.for_user(AnonymousUser()).exists()


def test_hidden_post_hidden_from_readers_but_visible_to_moderator(
    asn_bungo, asn_bengkulu, superadmin, kategori
):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    p = F.pos(topik_obj=t, penulis=asn_bengkulu, is_hidden=True)
    a = F.lampiran(pos_obj=p)
    assert not Pos.objects.for_user(asn_bungo).filter(pk=p.pk).exists()
    assert not Lampiran.objects.for_user(asn_bungo).filter(pk=a.pk).exists()
    assert Pos.objects.for_user(superadmin).filter(pk=p.pk).exists()


def test_attachment_download_is_permission_checked(client_asn_bengkulu, asn_bungo, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    a = F.lampiran(pos_obj=t.pos.get())
    resp = client_asn_bengkulu.get(reverse("forum:lampiran", args=[a.pk]))
    assert resp.status_code == 200
    assert resp["Content-Type"] == "image/png"
    assert b"".join(resp.streaming_content).startswith(b"\x89PNG")
    assert "sandbox" in resp["Content-Security-Policy"]


def test_scoped_objects_contract(instansi_bungo, hr_bengkulu):
    """Every object the sweep builds for one instansi is invisible to another instansi's HR officer."""
    from .factories import SCOPED_OBJECTS

    for label, make in SCOPED_OBJECTS.items():
        obj = make(instansi_bungo)
        model = type(obj)
        if label == "forum.LaporanPos":
            assert not selectors.laporan_terbuka(user=hr_bengkulu).filter(pk=obj.pk).exists()
        else:
            assert not model.objects.for_user(hr_bengkulu).filter(pk=obj.pk).exists(), label


def test_every_forum_url_with_a_parameter_is_404_for_another_instansi(instansi_bungo, client_hr_bengkulu):
    """A local version of the portal-wide sweep: every forum URL naming an object, for GET and POST."""
    from forum import urls

    from .factories import SCOPED_OBJECTS

    checked = 0
    for pattern in urls.urlpatterns:
        params = list(pattern.pattern.converters)
        if not params:
            continue
        view = pattern.callback
        label = getattr(view, "scoping_model", None)
        assert label in SCOPED_OBJECTS, f"{pattern.name} does not declare a scoped model"
        obj = SCOPED_OBJECTS[label](instansi_bungo)
        value = getattr(obj, params[0])
        url = reverse(f"forum:{pattern.name}", kwargs={params[0]: value})
        for method in ("get", "post"):
            status = getattr(client_hr_bengkulu, method)(url).status_code
            assert status in (403, 404), (url, method, status)
        checked += 1
    assert checked >= 14


@pytest.mark.django_db
def test_pos_list_refuses_a_topik_not_checked_for_this_user(room_setup, asn_bungo, hr_bungo):
    """pos_list applies only the post-level rule, so it accepts only a topik that topik_get checked for the
    same user; anything else is refused rather than trusted."""
    from django.core.exceptions import PermissionDenied

    _, t, p, _ = room_setup
    with pytest.raises(PermissionDenied):
        selectors.pos_list(user=hr_bungo, topik=Topik.objects.get(pk=t.pk))  # fetched without a check
    checked = selectors.topik_get(user=asn_bungo, pk=t.pk)
    with pytest.raises(PermissionDenied):
        selectors.pos_list(user=hr_bungo, topik=checked)  # checked for someone else
    assert p in list(selectors.pos_list(user=asn_bungo, topik=checked))


@pytest.mark.django_db
def test_pos_list_shows_hidden_posts_to_moderators_only(room_setup, asn_bungo, petugas_bpbd):
    r, t, p, _ = room_setup
    Pos.objects.filter(pk=p.pk).update(is_hidden=True)
    member = selectors.topik_get(user=asn_bungo, pk=t.pk)
    assert p.pk not in {x.pk for x in selectors.pos_list(user=asn_bungo, topik=member)}
    koordinator = selectors.topik_get(user=petugas_bpbd, pk=t.pk)
    assert selectors.can_moderate(petugas_bpbd, koordinator)  # the room's coordinator (first member)
    assert p.pk in {x.pk for x in selectors.pos_list(user=petugas_bpbd, topik=koordinator)}
    assert {x.pk for x in selectors.pos_list(user=asn_bungo, topik=member)} == set(
        Pos.objects.for_user(asn_bungo).filter(topik=t).values_list("pk", flat=True)
    )
