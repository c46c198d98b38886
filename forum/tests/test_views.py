"""Pages: browsing, posting (with errors re-rendered), quotes, subscriptions, rooms, library, adoption."""

import pytest
from django.urls import reverse

from forum.models import AnggotaRuang, Langganan, Pos, RuangKoordinasi, Topik

from . import factories as F


@pytest.fixture(autouse=True)
def _generous_rate(settings):
    settings.PORTAL = {**settings.PORTAL, "FORUM_RATE_POSTS": 100, "FORUM_RATE_TOPIKS": 100}


def test_index_category_and_new_thread_flow(client_asn_bungo, kategori):
    assert "Pelayanan Publik" in client_asn_bungo.get(reverse("forum:index")).content.decode()
    assert client_asn_bungo.get(reverse("forum:kategori_detail", args=[kategori.slug])).status_code == 200
    url = reverse("forum:topik_create") + f"?kategori={kategori.slug}"
    assert client_asn_bungo.get(url).status_code == 200
    bad = client_asn_bungo.post(url, {"judul": "abc", "isi": "", "kategori": kategori.pk})
    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()
    assert 'value="abc"' in bad.content.decode()  # input kept
    resp = client_asn_bungo.post(
        url, {"judul": "Antrean daring adminduk", "isi": "Isi **topik**", "kategori": kategori.pk}
    )
    t = Topik.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("forum:topik_detail", args=[t.pk])


def test_reply_with_quote_and_attachment(client_asn_bengkulu, asn_bungo, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    first = t.pos.get()
    page = client_asn_bengkulu.get(reverse("forum:topik_detail", args=[t.pk]) + f"?kutip={first.pk}")
    assert f'name="kutipan" value="{first.pk}"' in page.content.decode()
    resp = client_asn_bengkulu.post(
        reverse("forum:pos_create", args=[t.pk]),
        {"isi": "Setuju sekali", "kutipan": first.pk, "lampiran": F.png()},
    )
    assert resp.status_code == 302 and resp["Location"].endswith("#pos-2")
    reply = Pos.objects.get(nomor=2)
    assert reply.kutipan == first and reply.lampiran.count() == 1
    html = client_asn_bengkulu.get(reverse("forum:topik_detail", args=[t.pk])).content.decode()
    assert "forum-quote" in html and reverse("forum:lampiran", args=[reply.lampiran.get().pk]) in html


def test_reply_error_rerenders_with_input(client_asn_bengkulu, asn_bungo, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    bad = client_asn_bengkulu.post(
        reverse("forum:pos_create", args=[t.pk]),
        {"isi": "Lampiran palsu", "lampiran": F.png().__class__("x.pdf", b"not a pdf", "application/pdf")},
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Jenis berkas tidak diizinkan" in body and "Lampiran palsu" in body


def test_rate_limit_message_in_page(client_asn_bengkulu, asn_bungo, kategori, settings):
    settings.PORTAL = {**settings.PORTAL, "FORUM_RATE_POSTS": 1}
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    url = reverse("forum:pos_create", args=[t.pk])
    assert client_asn_bengkulu.post(url, {"isi": "satu"}).status_code == 302
    resp = client_asn_bengkulu.post(url, {"isi": "dua"})
    assert resp.status_code == 400 and "Terlalu banyak pos" in resp.content.decode()


def test_subscription_toggle(client_asn_bengkulu, asn_bengkulu, asn_bungo, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    client_asn_bengkulu.post(reverse("forum:langganan", args=[t.pk]), {"aktif": "1"})
    assert Langganan.objects.filter(topik=t, user=asn_bengkulu).exists()
    client_asn_bengkulu.post(reverse("forum:langganan", args=[t.pk]), {"aktif": "0"})
    assert not Langganan.objects.filter(topik=t, user=asn_bengkulu).exists()


def test_viewing_marks_read(client_asn_bengkulu, asn_bengkulu, asn_bungo, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori, posts=3)
    client_asn_bengkulu.get(reverse("forum:topik_detail", args=[t.pk]))
    from forum.models import StatusBaca

    assert StatusBaca.objects.get(user=asn_bengkulu, topik=t).nomor_terakhir == 3


def test_solution_button_for_author(client_asn_bungo, asn_bungo, asn_bengkulu, kategori):
    t = F.topik(penulis=asn_bungo, kategori_obj=kategori)
    reply = F.pos(topik_obj=t, penulis=asn_bengkulu)
    assert client_asn_bungo.post(reverse("forum:pos_solusi", args=[reply.pk])).status_code == 302
    t.refresh_from_db()
    assert t.solusi == reply


def test_room_create_invite_thread_archive(client_for, hr_bungo, hr_bengkulu, petugas_bpbd):
    c = client_for(hr_bungo)
    resp = c.post(
        reverse("forum:ruang_create"),
        {"nama": "Tanggap darurat banjir", "deskripsi": "Status siaga", "undangan": "@kab-bungo/bpbd"},
    )
    r = RuangKoordinasi.objects.get()
    assert resp.status_code == 302
    c.post(reverse("forum:ruang_anggota", args=[r.pk]), {"undangan": "hr.bengkulu"})
    assert set(r.anggota.values_list("username", flat=True)) == {"hr.bungo", "bpbd.bungo", "hr.bengkulu"}
    # The invited Bengkulu officer now reads and posts in the room.
    cb = client_for(hr_bengkulu)
    assert cb.get(reverse("forum:ruang_detail", args=[r.pk])).status_code == 200
    resp = cb.post(
        reverse("forum:topik_create") + f"?ruang={r.pk}", {"judul": "Kebutuhan air bersih", "isi": "2 tangki"}
    )
    t = Topik.objects.get(ruang=r)
    assert resp.status_code == 302 and t.penulis == hr_bengkulu
    c.post(reverse("forum:ruang_anggota", args=[r.pk]), {"keluarkan": petugas_bpbd.pk})
    assert not AnggotaRuang.objects.filter(ruang=r, user=petugas_bpbd).exists()
    c.post(reverse("forum:ruang_arsip", args=[r.pk]), {"alasan": "Status tanggap darurat berakhir"})
    r.refresh_from_db()
    assert r.is_arsip and Topik.objects.filter(ruang=r).exists()
    assert "diarsipkan" in cb.get(reverse("forum:topik_detail", args=[t.pk])).content.decode()


def test_room_pages_for_asn_without_lead_role(client_asn_bungo):
    assert client_asn_bungo.get(reverse("forum:ruang_list")).status_code == 200
    assert client_asn_bungo.get(reverse("forum:ruang_create")).status_code == 403


def test_library_and_adoption_page(client_for, hr_bengkulu, asn_bungo, kategori):
    t = F.topik(
        penulis=asn_bungo, kategori_obj=kategori, praktik_baik=True, judul="Usul kenaikan pangkat digital"
    )
    c = client_for(hr_bengkulu)
    assert "Usul kenaikan pangkat digital" in c.get(reverse("forum:praktik_baik")).content.decode()
    resp = c.post(
        reverse("forum:adopsi", args=[t.pk]), {"tanggal": "2026-03-01", "catatan": "Diterapkan di BKD"}
    )
    assert resp.status_code == 302
    html = c.get(reverse("forum:praktik_baik")).content.decode()
    assert hr_bengkulu.instansi.nama in html
    # The same instansi cannot adopt its own practice.
    assert client_for(asn_bungo).get(reverse("forum:adopsi", args=[t.pk])).status_code == 403


def test_dashboard_widget(client_asn_bungo, asn_bengkulu, kategori):
    F.topik(penulis=asn_bengkulu, kategori_obj=kategori, judul="Topik terbaru lintas instansi")
    assert "Topik terbaru lintas instansi" in client_asn_bungo.get(reverse("dashboard")).content.decode()
