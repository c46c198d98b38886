"""Issue 16: a competency's positions are a many-value autocomplete, never a <select> of every position."""

import pytest

from asnportal.testing.factories import JabatanFactory, UnitKerjaFactory
from pelatihan.models import Kompetensi

pytestmark = pytest.mark.django_db
URL = "/pelatihan/kompetensi/tambah/"


@pytest.fixture
def jabatan_bungo(instansi_bungo):
    unit = UnitKerjaFactory(instansi=instansi_bungo, nama="Dinas Pendidikan", jenis="dinas")
    return [
        JabatanFactory(instansi=instansi_bungo, unit_kerja=unit, nama=f"Analis Kurikulum {i}")
        for i in range(25)
    ]


def _post(client, **extra):
    data = {"kode": "K-01", "nama": "Literasi Digital", "jenis": _jenis(), **extra}
    return client.post(URL, data)


def _jenis():
    return Kompetensi._meta.get_field("jenis").choices[0][0]


def test_two_positions_saved(client_hr_bungo, jabatan_bungo):
    a, b = jabatan_bungo[:2]
    resp = _post(client_hr_bungo, jabatan=[str(a.pk), str(b.pk), ""])
    assert resp.status_code == 302, resp.content.decode()[:3000]
    k = Kompetensi.objects.get(kode="K-01")
    assert set(k.jabatan.all()) == {a, b}


def test_other_instansi_position_refused(client_hr_bungo, jabatan_bungo, instansi_bengkulu):
    foreign = JabatanFactory(instansi=instansi_bengkulu)
    resp = _post(client_hr_bungo, jabatan=[str(jabatan_bungo[0].pk), str(foreign.pk)])
    assert resp.status_code == 200
    assert resp.context["form"].errors.get("jabatan")
    assert not Kompetensi.objects.filter(kode="K-01").exists()


def test_no_js_search_then_choose_round_trip(client_hr_bungo, jabatan_bungo):
    a, b = jabatan_bungo[:2]
    # One already chosen, a search typed and Enter pressed: the form comes back with the matches, a still kept.
    resp = _post(client_hr_bungo, jabatan=[str(a.pk), ""], jabatan__q="Kurikulum 7")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Pilih salah satu hasil pencarian" in html
    assert f'type="checkbox" name="jabatan" value="{a.pk}"' in html
    target = jabatan_bungo[7]
    assert f'<option value="{target.pk}">' in html
    assert not Kompetensi.objects.filter(kode="K-01").exists()
    # Choose the match and submit again (the search box still holds the text the match satisfies).
    resp = _post(client_hr_bungo, jabatan=[str(a.pk), str(target.pk)], jabatan__q="Kurikulum 7")
    assert resp.status_code == 302
    assert set(Kompetensi.objects.get(kode="K-01").jabatan.all()) == {a, target}
    # A search that matches nothing says so.
    resp = _post(client_hr_bungo, jabatan=[str(a.pk)], jabatan__q="zzzqqq")
    assert "Tidak ada yang cocok" in resp.content.decode()


def test_untick_removes_and_render_budget(
    client_hr_bungo, jabatan_bungo, instansi_bungo, django_assert_max_num_queries
):
    k = Kompetensi.objects.create(instansi=instansi_bungo, kode="K-02", nama="Kurikulum", jenis=_jenis())
    k.jabatan.set(jabatan_bungo[:20])
    url = f"/pelatihan/kompetensi/{k.pk}/ubah/"
    client_hr_bungo.get(url)  # warm caches (session, menus)
    with django_assert_max_num_queries(10):  # 7 today: the chosen rows come in one query
        html = client_hr_bungo.get(url).content.decode()
    assert html.count('type="checkbox" name="jabatan"') == 20
    assert "<select multiple" not in html and 'name="jabatan" multiple' not in html
    # Untick all but two: they are removed.
    keep = jabatan_bungo[:2]
    resp = client_hr_bungo.post(
        url, {"kode": "K-02", "nama": "Kurikulum", "jenis": _jenis(), "jabatan": [str(j.pk) for j in keep]}
    )
    assert resp.status_code == 302
    assert set(k.jabatan.all()) == set(keep)
