"""Search: full text on PostgreSQL, icontains on SQLite; filters by category, instansi, author, date."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import selectors

from . import factories as F


@pytest.fixture
def corpus(asn_bungo, asn_bengkulu, kategori):
    other = F.kategori(nama="Kebencanaan", slug="kebencanaan")
    t1 = F.topik(
        penulis=asn_bungo, kategori_obj=kategori, judul="Antrean daring layanan kependudukan", posts=0
    )
    F.pos(topik_obj=t1, penulis=asn_bungo, isi="Waktu tunggu turun berkat antrean daring")
    F.pos(topik_obj=t1, penulis=asn_bengkulu, isi="Kami memakai nomor antrean lewat WhatsApp")
    t2 = F.topik(penulis=asn_bengkulu, kategori_obj=other, judul="Dapur umum saat banjir", posts=0)
    old = F.pos(topik_obj=t2, penulis=asn_bengkulu, isi="Dapur umum dikelola Dinas Sosial")
    old.created_at = timezone.now() - dt.timedelta(days=400)
    old.save(update_fields=["created_at"])
    F.pos(topik_obj=t2, penulis=asn_bungo, isi="Relawan tagana membantu", is_hidden=True)
    return {"t1": t1, "t2": t2, "other": other}


def _isi(qs):
    return sorted(p.isi for p in qs)


def test_words_match_posts_and_titles(corpus, asn_bungo):
    assert _isi(selectors.search(user=asn_bungo, q="antrean")) == [
        "Kami memakai nomor antrean lewat WhatsApp",
        "Waktu tunggu turun berkat antrean daring",
    ]
    # A title word finds the thread's posts.
    assert _isi(selectors.search(user=asn_bungo, q="kependudukan")) == [
        "Kami memakai nomor antrean lewat WhatsApp",
        "Waktu tunggu turun berkat antrean daring",
    ]
    assert _isi(selectors.search(user=asn_bungo, q="antrean whatsapp")) == [
        "Kami memakai nomor antrean lewat WhatsApp"
    ]


def test_filters(corpus, asn_bungo, asn_bengkulu, kategori):
    assert _isi(selectors.search(user=asn_bungo, q="antrean", instansi=asn_bengkulu.instansi)) == [
        "Kami memakai nomor antrean lewat WhatsApp"
    ]
    assert _isi(selectors.search(user=asn_bungo, q="antrean", penulis=asn_bungo)) == [
        "Waktu tunggu turun berkat antrean daring"
    ]
    assert _isi(selectors.search(user=asn_bungo, kategori=corpus["other"])) == [
        "Dapur umum dikelola Dinas Sosial"
    ]
    recent = timezone.localdate() - dt.timedelta(days=30)
    assert "Dapur umum dikelola Dinas Sosial" not in _isi(
        selectors.search(user=asn_bungo, q="dapur", dari=recent)
    )
    assert _isi(selectors.search(user=asn_bungo, q="dapur", sampai=recent)) == [
        "Dapur umum dikelola Dinas Sosial"
    ]


def test_hidden_posts_are_not_found(corpus, asn_bungo):
    assert _isi(selectors.search(user=asn_bungo, q="tagana")) == []


def test_search_page(corpus, client_asn_bengkulu, asn_bungo):
    resp = client_asn_bengkulu.get(reverse("forum:cari"), {"q": "antrean", "penulis": asn_bungo.username})
    assert resp.status_code == 200
    assert [p.isi for p in resp.context["page_obj"]] == ["Waktu tunggu turun berkat antrean daring"]
    bad = client_asn_bengkulu.get(reverse("forum:cari"), {"q": "x", "penulis": "tidak.ada"})
    assert "Pengguna tidak ditemukan" in bad.content.decode()
