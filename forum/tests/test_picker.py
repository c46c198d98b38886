"""Room invitations: the people picker beside the free-text field (issue 16)."""

import pytest
from django.urls import reverse

from asnportal.testing.factories import UserFactory
from forum.models import RuangKoordinasi

URL = "forum:pilih_pengguna"


@pytest.fixture
def ruang(client_for, hr_bungo):
    c = client_for(hr_bungo)
    c.post(reverse("forum:ruang_create"), {"nama": "Tanggap darurat banjir", "undangan": ""})
    return RuangKoordinasi.objects.get(), c


def test_invite_via_picker_merges_with_text(ruang, hr_bengkulu, petugas_bpbd):
    r, c = ruang
    resp = c.post(
        reverse("forum:ruang_anggota", args=[r.pk]),
        {"undangan": "bpbd.bungo", "undang_pengguna": hr_bengkulu.pk, "undang_pengguna__q": ""},
    )
    assert resp.status_code == 302
    assert set(r.anggota.values_list("username", flat=True)) == {"hr.bungo", "bpbd.bungo", "hr.bengkulu"}


def test_create_room_with_picker_only(client_for, hr_bungo, hr_bengkulu):
    c = client_for(hr_bungo)
    resp = c.post(
        reverse("forum:ruang_create"),
        {"nama": "Koordinasi lintas daerah", "undangan": "", "undang_pengguna": hr_bengkulu.pk},
    )
    assert resp.status_code == 302
    assert "hr.bengkulu" in RuangKoordinasi.objects.get().anggota.values_list("username", flat=True)


@pytest.mark.parametrize("which", ["inactive", "missing"])
def test_inactive_or_missing_user_refused(ruang, instansi_bengkulu, which):
    r, c = ruang
    pk = UserFactory(instansi=instansi_bengkulu, username="pensiun", is_active=False).pk
    if which == "missing":
        pk += 10_000
    resp = c.post(reverse("forum:ruang_anggota", args=[r.pk]), {"undangan": "", "undang_pengguna": pk})
    assert resp.status_code == 200
    assert "tidak ada atau tidak aktif" in resp.content.decode()
    assert list(r.anggota.values_list("username", flat=True)) == ["hr.bungo"]


def test_no_js_search_round_trip(ruang, hr_bengkulu):
    r, c = ruang
    url = reverse("forum:ruang_anggota", args=[r.pk])
    first = c.post(url, {"undangan": "", "undang_pengguna__q": hr_bengkulu.username})
    body = first.content.decode()
    assert first.status_code == 200 and f'<option value="{hr_bengkulu.pk}"' in body
    assert "Pilih salah satu hasil pencarian" in body
    done = c.post(
        url, {"undangan": "", "undang_pengguna__q": hr_bengkulu.username, "undang_pengguna": hr_bengkulu.pk}
    )
    assert done.status_code == 302 and r.anggota.filter(pk=hr_bengkulu.pk).exists()


def test_endpoint_login_limit_label_and_queries(
    client, client_for, hr_bungo, instansi_bengkulu, django_assert_max_num_queries
):
    assert client.get(reverse(URL), {"q": "x"}).status_code == 302
    for i in range(25):
        UserFactory(
            instansi=instansi_bengkulu,
            username=f"tamu{i}",
            first_name="Tamu",
            last_name=f"Nomor {i}",
            email=f"tamu{i}@contoh.go.id",
        )
    c = client_for(hr_bungo)
    with django_assert_max_num_queries(6):
        resp = c.get(reverse(URL), {"q": "tamu", "field": "undang_pengguna"})
    body = resp.content.decode()
    assert body.count('<option value="') - body.count('<option value="">') == 20
    assert f"Tamu Nomor 0 · {instansi_bengkulu.nama}" in body
    assert "@contoh.go.id" not in body and "tamu0<" not in body
