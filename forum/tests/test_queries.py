"""Query budgets: a thread opens in the same number of queries with 5 or 60 posts; lists and API too."""

import pytest
from django.urls import reverse

from asnportal.testing.factories import UserFactory
from asnportal.testing.queries import queries_for

from . import factories as F


def _thread(kategori, authors, n):
    t = F.topik(penulis=authors[0], kategori_obj=kategori, posts=0)
    for i in range(n):
        p = F.pos(
            topik_obj=t, penulis=authors[i % len(authors)], isi=f"Balasan ke-{i} @{authors[0].username}"
        )
        if i % 3 == 0:
            F.lampiran(pos_obj=p)
        if i and i % 4 == 0:
            p.kutipan = t.pos.get(nomor=1)
            p.save(update_fields=["kutipan"])
    return t


@pytest.fixture
def authors(asn_bungo, asn_bengkulu, pimpinan_bungo, instansi_bengkulu):
    return [asn_bungo, asn_bengkulu, pimpinan_bungo, UserFactory(instansi=instansi_bengkulu)]


@pytest.mark.parametrize("page", ["1", "3"])
def test_thread_page_constant_queries(client_asn_bengkulu, kategori, authors, page, settings):
    settings.PORTAL = {**settings.PORTAL, "FORUM_POSTS_PER_PAGE": 20}
    short = _thread(kategori, authors, 5)
    long = _thread(kategori, authors, 60)
    short_url = reverse("forum:topik_detail", args=[short.pk])
    long_url = reverse("forum:topik_detail", args=[long.pk]) + f"?page={page}"
    # Warm up (the first visit writes the unread row), then measure a re-visit of each.
    for url in (short_url, long_url):
        client_asn_bengkulu.get(url)
    n_short = queries_for(client_asn_bengkulu, short_url)
    n_long = queries_for(client_asn_bengkulu, long_url)
    assert n_long == n_short
    assert n_short <= 20


def test_category_and_index_constant_queries(client_asn_bengkulu, kategori, authors):
    url = reverse("forum:kategori_detail", args=[kategori.slug])
    for _ in range(3):
        _thread(kategori, authors, 2)
    few = queries_for(client_asn_bengkulu, url)
    few_index = queries_for(client_asn_bengkulu, reverse("forum:index"))
    for _ in range(20):
        _thread(kategori, authors, 2)
    assert queries_for(client_asn_bengkulu, url) == few
    assert queries_for(client_asn_bengkulu, reverse("forum:index")) == few_index


def test_api_constant_queries(client_asn_bengkulu, kategori, authors, django_assert_max_num_queries):
    t5 = _thread(kategori, authors, 5)
    t40 = _thread(kategori, authors, 40)
    n5 = queries_for(client_asn_bengkulu, f"/api/v1/forum/pos/?topik={t5.pk}")
    n40 = queries_for(client_asn_bengkulu, f"/api/v1/forum/pos/?topik={t40.pk}")
    assert n5 == n40
    with django_assert_max_num_queries(8):
        client_asn_bengkulu.get("/api/v1/forum/topik/")


def test_room_api_constant_queries(hr_bungo, client_for, instansi_bengkulu):
    few = F.ruang(members=[hr_bungo] + [UserFactory(instansi=instansi_bengkulu) for _ in range(2)])
    F.ruang(members=[hr_bungo] + [UserFactory(instansi=instansi_bengkulu) for _ in range(15)])
    c = client_for(hr_bungo)
    n_one = queries_for(c, f"/api/v1/forum/ruang/{few.pk}/")
    n_all = queries_for(c, "/api/v1/forum/ruang/")
    assert n_all == n_one + 1  # the list also counts rows for pagination
