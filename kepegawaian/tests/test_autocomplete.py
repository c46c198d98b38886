"""Issue 16: names that say where a thing is (one label helper) and pickers that scale (one autocomplete)."""

import datetime as dt

import pytest

from asnportal.testing.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory
from kepegawaian.models import UnitKerja, UsulanMutasi

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def dua_bidang(instansi_bungo):
    """Two OPD, each with a "Bidang Pelayanan" holding a "Kepala Bidang Pelayanan" position."""
    out = []
    for nama_opd in ("Dinas Kependudukan dan Catatan Sipil", "Dinas Penanaman Modal"):
        opd = UnitKerjaFactory(instansi=instansi_bungo, nama=nama_opd, jenis="dinas")
        bidang = UnitKerjaFactory(
            instansi=instansi_bungo, nama="Bidang Pelayanan", parent=opd, jenis="bidang"
        )
        jab = JabatanFactory(
            instansi=instansi_bungo, unit_kerja=bidang, nama="Kepala Bidang Pelayanan", is_kepala_unit=True
        )
        out.append((opd, bidang, jab))
    return out


def test_unit_label_says_where_and_follows_renames_and_moves(dua_bidang, instansi_bungo):
    (opd1, bidang1, jab1), (opd2, _b, _j) = dua_bidang
    seksi = UnitKerjaFactory(instansi=instansi_bungo, nama="Seksi Pendaftaran", parent=bidang1, jenis="seksi")
    assert bidang1.label == "Bidang Pelayanan · Dinas Kependudukan dan Catatan Sipil"
    assert seksi.label == "Seksi Pendaftaran · Bidang Pelayanan · Dinas Kependudukan dan Catatan Sipil"
    assert seksi.path_names == [
        "Dinas Kependudukan dan Catatan Sipil",
        "Bidang Pelayanan",
        "Seksi Pendaftaran",
    ]
    assert jab1.label == "Kepala Bidang Pelayanan — Bidang Pelayanan · Dinas Kependudukan dan Catatan Sipil"
    opd1.nama = "Disdukcapil"
    opd1.save()
    seksi.refresh_from_db()
    assert seksi.label == "Seksi Pendaftaran · Bidang Pelayanan · Disdukcapil"
    bidang1.refresh_from_db()
    bidang1.parent = opd2
    bidang1.save()
    seksi.refresh_from_db()
    assert seksi.label == "Seksi Pendaftaran · Bidang Pelayanan · Dinas Penanaman Modal"


def test_label_on_pages_and_api(client_hr_bungo, dua_bidang, instansi_bungo):
    (_o1, bidang1, jab1), (_o2, bidang2, _j2) = dua_bidang
    PegawaiFactory(instansi=instansi_bungo, jabatan=jab1, nama="Rina Pelayanan")
    html = client_hr_bungo.get("/kepegawaian/pegawai/").content.decode()
    assert "Bidang Pelayanan · Dinas Kependudukan dan Catatan Sipil" in html
    # the unit filter lists each Bidang Pelayanan with its OPD, and "Semua" instead of dashes
    assert "Bidang Pelayanan · Dinas Penanaman Modal" in html
    assert "---------" not in html and ">Semua<" in html
    data = client_hr_bungo.get(f"/api/v1/unit-kerja/{bidang2.pk}/").json()
    assert data["label"] == "Bidang Pelayanan · Dinas Penanaman Modal"
    assert data["path"] == ["Dinas Penanaman Modal", "Bidang Pelayanan"]
    data = client_hr_bungo.get(f"/api/v1/jabatan/{jab1.pk}/").json()
    assert data["label"].endswith("Bidang Pelayanan · Dinas Kependudukan dan Catatan Sipil")
    row = client_hr_bungo.get("/api/v1/pegawai/", {"q": "Rina"}).json()["results"][0]
    assert row["unit_kerja_label"] == bidang1.label
    # the position page and the unit page show the place too
    html = client_hr_bungo.get(f"/kepegawaian/jabatan/{jab1.pk}/").content.decode()
    assert bidang1.label in html


def test_autocomplete_endpoint_is_scoped_fast_and_json(
    client_hr_bungo,
    client_anon_ok,
    dua_bidang,
    pegawai_bungo,
    pegawai_bengkulu,
    django_assert_max_num_queries,
):
    with django_assert_max_num_queries(8):
        r = client_hr_bungo.get("/kepegawaian/pilih/pegawai/", {"q": "Staf"})
    html = r.content.decode()
    assert pegawai_bungo.nama in html and pegawai_bengkulu.nama not in html
    assert html.count("<option") == 2  # the prompt and the one match
    r = client_hr_bungo.get("/kepegawaian/pilih/pegawai/", {"q": pegawai_bungo.nip[:8], "format": "json"})
    assert [row["id"] for row in r.json()["results"]] == [pegawai_bungo.pk]
    r = client_hr_bungo.get("/kepegawaian/pilih/pegawai/", {"q": pegawai_bengkulu.nip, "format": "json"})
    assert r.json()["results"] == []
    # words match the position name and the unit's full name: one of the two identical positions
    r = client_hr_bungo.get(
        "/kepegawaian/pilih/jabatan/", {"q": "kepala pelayanan penanaman", "format": "json"}
    )
    labels = [row["label"] for row in r.json()["results"]]
    assert len(labels) == 1 and "Dinas Penanaman Modal" in labels[0]
    r = client_hr_bungo.get("/kepegawaian/pilih/unit-kerja/", {"q": "pelayanan", "format": "json"})
    assert len(r.json()["results"]) == 2
    # a field name passed by the widget: the search box is <field>__q
    r = client_hr_bungo.get("/kepegawaian/pilih/jabatan/", {"field": "jabatan", "jabatan__q": "penanaman"})
    assert "Dinas Penanaman Modal" in r.content.decode()
    assert client_anon_ok.get("/kepegawaian/pilih/pegawai/", {"q": "Staf"}).status_code == 302


@pytest.fixture
def client_anon_ok(client):
    return client


def test_mutasi_form_search_then_choose_without_javascript(client_hr_bungo, pegawai_bungo, dua_bidang):
    (_o1, _b1, jab1), (_o2, _b2, jab2) = dua_bidang
    page = client_hr_bungo.get("/kepegawaian/mutasi/usul/").content.decode()
    # no list of every position: only the prompt option until a search is typed
    assert "Kepala Bidang Pelayanan" not in page and 'name="jabatan_tujuan__q"' in page
    # 1. search (Enter submits the form): nothing is saved, the matches come back to choose from
    r = client_hr_bungo.post(
        "/kepegawaian/mutasi/usul/",
        {
            "pegawai__q": "Staf",
            "jenis": "rotasi",
            "jabatan_tujuan__q": "pelayanan penanaman",
            "tmt": TODAY.isoformat(),
        },
    )
    assert r.status_code == 200 and not UsulanMutasi.objects.exists()
    html = r.content.decode()
    assert "Pilih salah satu hasil pencarian" in html
    assert f'<option value="{jab2.pk}">' in html and f'<option value="{jab1.pk}">' not in html
    assert f'<option value="{pegawai_bungo.pk}">' in html
    # 2. choose and submit
    r = client_hr_bungo.post(
        "/kepegawaian/mutasi/usul/",
        {
            "pegawai__q": "Staf",
            "pegawai": pegawai_bungo.pk,
            "jenis": "rotasi",
            "jabatan_tujuan__q": "pelayanan penanaman",
            "jabatan_tujuan": jab2.pk,
            "tmt": TODAY.isoformat(),
        },
    )
    assert r.status_code == 302
    assert UsulanMutasi.objects.get().jabatan_tujuan == jab2
    # a stale choice with a new search typed is a new search, not a silent save of the old choice
    r = client_hr_bungo.post(
        "/kepegawaian/mutasi/usul/",
        {
            "pegawai": pegawai_bungo.pk,
            "jenis": "rotasi",
            "jabatan_tujuan__q": "catatan sipil",
            "jabatan_tujuan": jab2.pk,
            "tmt": TODAY.isoformat(),
        },
    )
    assert r.status_code == 200 and UsulanMutasi.objects.count() == 1
    # an unmatched search says so
    r = client_hr_bungo.post(
        "/kepegawaian/mutasi/usul/",
        {"pegawai__q": "zzzz", "jenis": "rotasi", "jabatan_tujuan": jab2.pk, "tmt": TODAY.isoformat()},
    )
    assert "Tidak ada yang cocok" in r.content.decode()


def test_autocomplete_refuses_another_instansis_id(client_hr_bungo, pegawai_bungo, pegawai_bengkulu):
    r = client_hr_bungo.post(
        "/kepegawaian/mutasi/usul/",
        {
            "pegawai": pegawai_bengkulu.pk,
            "jenis": "rotasi",
            "jabatan_tujuan": pegawai_bungo.jabatan_id,
            "tmt": TODAY.isoformat(),
        },
    )
    assert r.status_code == 200 and not UsulanMutasi.objects.exists()
    assert pegawai_bengkulu.nama not in r.content.decode()


def test_create_child_unit_and_position_in_the_browser(client_hr_bungo, opd_bungo, client_superadmin):
    """The model check (same instansi) used to run before the view set the instansi: always refused."""
    r = client_hr_bungo.post(
        "/kepegawaian/unit-kerja/tambah/",
        {"nama": "Bidang Mutasi", "jenis": "bidang", "parent": opd_bungo.pk, "urutan": 1, "aktif": "on"},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    unit = UnitKerja.objects.get(nama="Bidang Mutasi")
    assert unit.instansi_id == opd_bungo.instansi_id and unit.label.endswith(opd_bungo.nama)
    r = client_hr_bungo.post(
        "/kepegawaian/jabatan/tambah/",
        {
            "nama": "Analis Mutasi",
            "kode": "AM-1",
            "unit_kerja": unit.pk,
            "jenis": "PELAKSANA",
            "jumlah_formasi": 2,
            "aktif": "on",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    assert unit.jabatan.get().nama == "Analis Mutasi"
    # a superadmin (no instansi of their own) gets the instansi of the parent unit
    r = client_superadmin.post(
        "/kepegawaian/unit-kerja/tambah/",
        {"nama": "Seksi Arsip", "jenis": "seksi", "parent": unit.pk, "urutan": 1, "aktif": "on"},
    )
    assert r.status_code == 302
    assert UnitKerja.objects.get(nama="Seksi Arsip").instansi_id == opd_bungo.instansi_id


def test_label_in_pdf(client_hr_bungo, dua_bidang, tmp_path):
    """The org-chart PDF of a bidang names it with its OPD (the same label as pages and API)."""
    import subprocess

    (_o1, _b1, _j1), (_o2, bidang2, _j2) = dua_bidang
    r = client_hr_bungo.get(f"/kepegawaian/unit-kerja/{bidang2.pk}/struktur/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    pdf = tmp_path / "struktur.pdf"
    pdf.write_bytes(r.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Bidang Pelayanan · Dinas Penanaman Modal" in " ".join(text.split())


def test_yes_no_filters_say_semua(client_hr_bungo):
    html = client_hr_bungo.get("/kepegawaian/unit-kerja/").content.decode()
    assert '<option value="unknown" selected>Semua</option>' in html or 'value="unknown">Semua' in html
    assert "Tidak diketahui" not in html and "---------" not in html
