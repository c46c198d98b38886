"""HR side: pages, scoping (another instansi's objects are 404), exports, PDFs, publication, query budgets."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from asnportal.models import AuditLog
from survei import rules
from survei.models import PopulasiLayanan, PublikasiIKM, RencanaTindakLanjut, UnitLayanan

from .factories import UnitLayananFactory, publikasi_for, rencana_for, respons, unit_for


@pytest.fixture
def unit(opd_bungo):
    return UnitLayananFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi, slug="ptsp-bungo")


@pytest.fixture
def unit_bengkulu(opd_bengkulu):
    return UnitLayananFactory(unit_kerja=opd_bengkulu, instansi=opd_bengkulu.instansi, slug="ptsp-bengkulu")


def q_now():
    today = timezone.localdate()
    return {"jenis": "triwulan", "tahun": today.year, "nomor": rules.nomor_periode("triwulan", today)}


UNIT_URLS = [
    ("survei:unit_detail", "get"),
    ("survei:unit_update", "get"),
    ("survei:unit_update", "post"),
    ("survei:populasi_simpan", "post"),
    ("survei:publikasi", "post"),
    ("survei:rencana_tambah", "get"),
    ("survei:rencana_tambah", "post"),
    ("survei:ekspor", "get"),
    ("survei:poster", "get"),
    ("survei:laporan_pdf", "get"),
]


@pytest.mark.parametrize(("name", "method"), UNIT_URLS)
def test_other_instansi_unit_is_404(client_hr_bungo, unit_bengkulu, name, method):
    r = getattr(client_hr_bungo, method)(reverse(name, args=[unit_bengkulu.pk]), {"jumlah_pengguna": 5})
    assert r.status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_other_instansi_rencana_is_404(client_hr_bungo, instansi_bengkulu, method):
    rtl = rencana_for(instansi_bengkulu)
    r = getattr(client_hr_bungo, method)(reverse("survei:rencana_update", args=[rtl.pk]), {"kegiatan": "x"})
    assert r.status_code == 404
    rtl.refresh_from_db()
    assert rtl.kegiatan != "x"


def test_lists_show_only_own_instansi(client_hr_bungo, unit, unit_bengkulu):
    respons(unit, saran="Saran Bungo")
    respons(unit_bengkulu, saran="Saran Bengkulu")
    html = client_hr_bungo.get(reverse("survei:unit_list")).content.decode()
    assert unit.nama in html and unit_bengkulu.nama not in html
    html = client_hr_bungo.get(reverse("survei:saran_list")).content.decode()
    assert "Saran Bungo" in html and "Saran Bengkulu" not in html
    html = client_hr_bungo.get(reverse("survei:dasbor")).content.decode()
    assert unit.nama in html and unit_bengkulu.nama not in html


def test_saran_search(client_hr_bungo, unit):
    respons(unit, saran="Parkir sempit sekali")
    respons(unit, saran="Petugas ramah")
    html = client_hr_bungo.get(reverse("survei:saran_list"), {"q": "parkir"}).content.decode()
    assert "Parkir sempit" in html and "Petugas ramah" not in html


def test_asn_cannot_read_suggestions_or_dashboard(client_asn_bungo, unit):
    assert client_asn_bungo.get(reverse("survei:saran_list")).status_code == 403
    assert client_asn_bungo.get(reverse("survei:dasbor")).status_code == 403
    assert client_asn_bungo.get(reverse("survei:ekspor", args=[unit.pk])).status_code == 403


def test_auditor_reads_but_cannot_write(client_auditor_bungo, unit):
    assert client_auditor_bungo.get(reverse("survei:unit_detail", args=[unit.pk])).status_code == 200
    r = client_auditor_bungo.post(
        reverse("survei:populasi_simpan", args=[unit.pk]), {"jumlah_pengguna": 5, **q_now()}
    )
    assert r.status_code == 403
    assert not PopulasiLayanan.objects.exists()


def test_unit_dashboard_shows_ikm_and_small_sample_warning(client_hr_bungo, unit):
    for _ in range(5):
        respons(unit, (3,) * 9)
    PopulasiLayanan.objects.create(unit=unit, instansi=unit.instansi, jumlah_pengguna=100, **_periode())
    r = client_hr_bungo.get(reverse("survei:unit_detail", args=[unit.pk]), q_now())
    html = r.content.decode()
    assert r.context["hasil"].nilai == rules.hitung([15] * 9, 5).nilai
    assert "Sampel terlalu kecil untuk diterbitkan." in html
    assert "minimum 80" in html  # N=100 → 80 (Krejcie & Morgan)
    assert "<svg" in html


def _periode():
    p = q_now()
    return {"jenis_periode": p["jenis"], "tahun": p["tahun"], "nomor": p["nomor"]}


def test_publication_requires_population_and_sample(client_hr_bungo, client, unit):
    for _ in range(10):
        respons(unit, (4,) * 9)
    pub_url = reverse("survei:publikasi", args=[unit.pk])
    client_hr_bungo.post(pub_url, {**q_now(), "aksi": "terbit"})
    assert not PublikasiIKM.objects.exists()  # no population yet
    client_hr_bungo.post(
        reverse("survei:populasi_simpan", args=[unit.pk]), {**q_now(), "jumlah_pengguna": 50}
    )
    client_hr_bungo.post(pub_url, {**q_now(), "aksi": "terbit"})
    assert not PublikasiIKM.objects.exists()  # 10 < 44
    client_hr_bungo.post(
        reverse("survei:populasi_simpan", args=[unit.pk]), {**q_now(), "jumlah_pengguna": 10}
    )
    client_hr_bungo.post(pub_url, {**q_now(), "aksi": "terbit"})
    pub = PublikasiIKM.objects.get()
    assert (str(pub.nilai), pub.mutu, pub.jumlah_responden) == ("100.00", "A", 10)
    assert AuditLog.objects.filter(object_type="survei.PublikasiIKM").exists()
    html = client.get(reverse("survei:hasil_publik")).content.decode()  # public, no login
    assert unit.nama in html and "100,00" in html  # Indonesian number format
    client_hr_bungo.post(pub_url, {**q_now(), "aksi": "cabut"})
    assert not PublikasiIKM.objects.exists()
    assert unit.nama not in client.get(reverse("survei:hasil_publik")).content.decode()


def test_public_results_show_only_published(client, unit, instansi_bengkulu):
    respons(unit)
    pub = publikasi_for(instansi_bengkulu)
    html = client.get(reverse("survei:hasil_publik")).content.decode()
    assert pub.unit.nama in html and unit.nama not in html
    assert "75,00" in html


def test_rencana_create_and_update(client_hr_bungo, unit):
    r = client_hr_bungo.post(
        reverse("survei:rencana_tambah", args=[unit.pk]),
        {**q_now(), "unsur": 8, "kegiatan": "Buka kanal pengaduan WA", "penanggung_jawab": "Kasi Pelayanan",
         "tenggat": "2026-12-31", "status": "rencana"},
    )  # fmt: skip
    assert r.status_code == 302
    rtl = RencanaTindakLanjut.objects.get()
    assert (rtl.unit, rtl.instansi_id, rtl.unsur) == (unit, unit.instansi_id, 8)
    r = client_hr_bungo.post(
        reverse("survei:rencana_update", args=[rtl.pk]),
        {
            "unsur": 8,
            "kegiatan": rtl.kegiatan,
            "penanggung_jawab": "Kasi",
            "tenggat": "2026-12-31",
            "status": "selesai",
        },
    )
    assert r.status_code == 302
    rtl.refresh_from_db()
    assert rtl.status == "selesai"
    assert AuditLog.objects.filter(object_type="survei.RencanaTindakLanjut").count() == 2
    r = client_hr_bungo.post(reverse("survei:rencana_tambah", args=[unit.pk]), {**q_now(), "unsur": 8})
    assert r.status_code == 400 and "is-invalid" in r.content.decode()


def test_unit_create_scoped_unit_kerja(client_hr_bungo, opd_bungo, opd_bengkulu):
    data = {
        "unit_kerja": opd_bengkulu.pk,
        "nama": "Loket",
        "slug": "loket-x",
        "bobot": "exact",
        "aktif": "on",
    }
    r = client_hr_bungo.post(reverse("survei:unit_create"), data)
    assert r.status_code == 200 and not UnitLayanan.objects.exists()  # another instansi's unit kerja
    r = client_hr_bungo.post(
        reverse("survei:unit_create"), {**data, "unit_kerja": opd_bungo.pk, "slug": "hasil"}
    )
    assert not UnitLayanan.objects.exists()  # reserved slug
    r = client_hr_bungo.post(reverse("survei:unit_create"), {**data, "unit_kerja": opd_bungo.pk})
    assert r.status_code == 302
    u = UnitLayanan.objects.get()
    assert u.instansi == opd_bungo.instansi
    assert AuditLog.objects.filter(object_type="survei.UnitLayanan", action="create").exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_is_scoped_neutralised_and_audited(client_hr_bungo, unit, unit_bengkulu, fmt):
    respons(unit, saran='=HYPERLINK("http://x")')
    respons(unit_bengkulu, saran="rahasia bengkulu")
    r = client_hr_bungo.get(reverse("survei:ekspor", args=[unit.pk]), {**q_now(), "format": fmt})
    assert r.status_code == 200
    body = r.content
    if fmt == "csv":
        text = body.decode("utf-8-sig")
        assert "'=HYPERLINK" in text and "rahasia bengkulu" not in text
        assert len(text.strip().splitlines()) == 2
    else:
        assert body[:2] == b"PK"
    assert AuditLog.objects.filter(action="export", object_type="survei.UnitLayanan").count() == 1


def test_poster_pdf_has_qr(client_hr_bungo, unit, tmp_path):
    r = client_hr_bungo.get(reverse("survei:poster", args=[unit.pk]))
    assert r.status_code == 200 and r.content[:5] == b"%PDF-"
    if shutil.which("pdftotext"):
        path = tmp_path / "p.pdf"
        path.write_bytes(r.content)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "/survei/ptsp-bungo/" in text and unit.nama in text


def test_report_pdf(client_hr_bungo, unit):
    for _ in range(3):
        respons(unit, (4, 3, 3, 4, 3, 4, 4, 3, 3), saran="Tambah kursi")
    r = client_hr_bungo.get(reverse("survei:laporan_pdf", args=[unit.pk]), q_now())
    assert r.status_code == 200 and r.content[:5] == b"%PDF-"


def test_dashboard_widget(client_hr_bungo, unit):
    respons(unit, (4,) * 9)
    html = client_hr_bungo.get(reverse("dashboard")).content.decode()
    assert "Kepuasan masyarakat (IKM)" in html and "100,00" in html


# --- Query budgets: the same number of queries for 5 and 30 rows ---------------------------------------


def _count(client, url, params, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget):
        assert client.get(url, params).status_code == 200


@pytest.mark.parametrize("rows", [5, 30])
def test_query_budgets(client_hr_bungo, opd_bungo, rows, django_assert_max_num_queries):
    units = [UnitLayananFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi) for _ in range(rows)]
    for u in units:
        respons(u, saran="ok")
    unit = units[0]
    for _ in range(rows):
        respons(unit, saran="saran")
        RencanaTindakLanjut.objects.create(
            unit=unit, instansi=unit.instansi, unsur=1, kegiatan="k", penanggung_jawab="p",
            tenggat=dt.date(2026, 12, 1), **_periode(),
        )  # fmt: skip
    p = q_now()
    _count(client_hr_bungo, reverse("survei:unit_list"), p, django_assert_max_num_queries, 12)
    _count(
        client_hr_bungo, reverse("survei:unit_detail", args=[unit.pk]), p, django_assert_max_num_queries, 20
    )
    _count(client_hr_bungo, reverse("survei:dasbor"), p, django_assert_max_num_queries, 14)
    _count(client_hr_bungo, reverse("survei:saran_list"), {}, django_assert_max_num_queries, 12)
    _count(client_hr_bungo, "/api/v1/survei/respons/", {}, django_assert_max_num_queries, 10)
    _count(client_hr_bungo, "/api/v1/survei/unit-layanan/", {}, django_assert_max_num_queries, 10)
    _count(client_hr_bungo, "/api/v1/survei/rencana-tindak-lanjut/", {}, django_assert_max_num_queries, 10)
    _count(
        client_hr_bungo, f"/api/v1/survei/unit-layanan/{unit.pk}/ikm/", p, django_assert_max_num_queries, 10
    )


def test_unit_for_helper_scopes(instansi_bungo):
    assert unit_for(instansi_bungo).instansi == instansi_bungo


def test_instansi_dashboard_flags_small_sample(client_hr_bungo, unit):
    for _ in range(5):
        respons(unit, (3,) * 9)
    html = client_hr_bungo.get(reverse("survei:dasbor"), q_now()).content.decode()
    assert "populasi belum diisi" in html
    PopulasiLayanan.objects.create(unit=unit, instansi=unit.instansi, jumlah_pengguna=100, **_periode())
    html = client_hr_bungo.get(reverse("survei:dasbor"), q_now()).content.decode()
    assert "terlalu kecil untuk diterbitkan (kurang 75 dari 80)" in html
