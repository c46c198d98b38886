import pytest
from django.test import Client
from django.urls import reverse

from asnportal.testing.factories import (
    JabatanFactory,
    PegawaiFactory,
    UnitKerjaFactory,
    asn_user,
    kepala_unit,
)
from kinerja import services
from kinerja.models import SKP, FinalisasiUnit, IndikatorKinerja, PengaturanKinerja, Realisasi

from .factories import SCOPED_OBJECTS, TAHUN, evaluasi_tahunan, skp_disetujui, skp_draft, struktur

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def s(instansi_bungo):
    return struktur(instansi_bungo)


def test_skp_saya_create_and_detail(s):
    c = _client(s["u_staf"])
    r = c.get(reverse("kinerja:skp_saya"), {"tahun": TAHUN})
    assert r.status_code == 200 and "Buat SKP" in r.text
    r = c.post(reverse("kinerja:skp_saya"), {"tahun": TAHUN, "pendekatan": "kuantitatif"})
    skp = SKP.objects.get(pegawai=s["staf"])
    assert r.status_code == 302 and r.url == reverse("kinerja:skp_detail", args=[skp.pk])
    r = c.post(
        reverse("kinerja:rhk_tambah", args=[skp.pk]), {"jenis": "utama", "urutan": 1, "uraian": "Laporan"}
    )
    assert r.status_code == 302
    rhk = skp.rhk.get()
    r = c.post(
        reverse("kinerja:indikator_tambah", args=[rhk.pk]),
        {"aspek": "kuantitas", "indikator": "Jumlah laporan", "target": "4", "satuan": "laporan"},
    )
    assert r.status_code == 302
    r = c.post(reverse("kinerja:skp_aksi", args=[skp.pk, "ajukan"]))
    assert r.status_code == 302
    skp.refresh_from_db()
    assert skp.status == "diajukan"
    r = c.get(reverse("kinerja:skp_detail", args=[skp.pk]))
    assert "Diajukan" in r.text and "Jumlah laporan" in r.text


def test_rhk_form_keeps_input_and_shows_indonesian_error(s):
    skp = skp_draft(s["u_staf"])
    r = _client(s["u_staf"]).post(
        reverse("kinerja:rhk_tambah", args=[skp.pk]), {"jenis": "utama", "urutan": 2, "uraian": ""}
    )
    assert r.status_code == 200 and "Bidang ini harus diisi" in r.text and "is-invalid" in r.text


def test_penilai_approves_and_returns_from_pages(s):
    skp = skp_draft(s["u_staf"])
    services.skp_submit(actor=s["u_staf"], skp=skp)
    c = _client(s["u_kepala"])
    r = c.get(reverse("kinerja:persetujuan"), {"tahun": TAHUN})
    assert r.status_code == 200 and s["staf"].nama in r.text
    r = c.post(reverse("kinerja:skp_aksi", args=[skp.pk, "kembalikan"]), {"catatan": ""})
    skp.refresh_from_db()
    assert skp.status == "diajukan"  # comment required
    c.post(reverse("kinerja:skp_aksi", args=[skp.pk, "kembalikan"]), {"catatan": "Perjelas target"})
    skp.refresh_from_db()
    assert skp.status == "dikembalikan"


def test_asn_cannot_approve_own_skp_from_page(s):
    skp = skp_draft(s["u_staf"])
    services.skp_submit(actor=s["u_staf"], skp=skp)
    r = _client(s["u_staf"]).post(reverse("kinerja:skp_aksi", args=[skp.pk, "setujui"]))
    assert r.status_code == 403
    skp.refresh_from_db()
    assert skp.status == "diajukan"


def test_auditor_cannot_act(s, client_auditor_bungo):
    skp = skp_draft(s["u_staf"])
    services.skp_submit(actor=s["u_staf"], skp=skp)
    assert client_auditor_bungo.get(reverse("kinerja:skp_detail", args=[skp.pk])).status_code == 200
    assert client_auditor_bungo.post(reverse("kinerja:skp_aksi", args=[skp.pk, "setujui"])).status_code == 403
    assert client_auditor_bungo.get(reverse("kinerja:evaluasi_form", args=[skp.pk, 0])).status_code == 403
    assert client_auditor_bungo.get(reverse("kinerja:penghargaan_tambah")).status_code == 403


def test_atasan_sees_only_subordinates_and_asn_only_self(s, instansi_bungo):
    own = skp_draft(s["u_staf"])
    peer = asn_user(PegawaiFactory(jabatan=s["staf"].jabatan))
    peer_skp = skp_draft(peer)
    other_unit = UnitKerjaFactory(instansi=instansi_bungo)
    other_head = kepala_unit(other_unit)
    outsider = PegawaiFactory(
        jabatan=JabatanFactory(unit_kerja=other_unit, instansi=instansi_bungo, parent=other_head.jabatan)
    )
    outsider_skp = skp_draft(asn_user(outsider))
    # ASN: only themself.
    c = _client(s["u_staf"])
    assert c.get(reverse("kinerja:skp_detail", args=[own.pk])).status_code == 200
    assert c.get(reverse("kinerja:skp_detail", args=[peer_skp.pk])).status_code == 404
    assert c.get(reverse("kinerja:skp_pdf", args=[peer_skp.pk])).status_code == 404
    # Unit head: subordinates in their unit, not another unit.
    k = _client(s["u_kepala"])
    assert k.get(reverse("kinerja:skp_detail", args=[own.pk])).status_code == 200
    assert k.get(reverse("kinerja:skp_detail", args=[peer_skp.pk])).status_code == 200
    assert k.get(reverse("kinerja:skp_detail", args=[outsider_skp.pk])).status_code == 404
    board = k.get(reverse("kinerja:papan_tim"), {"tahun": TAHUN})
    assert s["staf"].nama in board.text and outsider.nama not in board.text
    api = k.get("/api/v1/kinerja/skp/")
    ids = {row["id"] for row in api.json()["results"]}
    assert ids == {own.pk, peer_skp.pk}
    api = c.get("/api/v1/kinerja/skp/")
    assert {row["id"] for row in api.json()["results"]} == {own.pk}


# Awards and potensi scores have API routes only (covered by tests/test_scoping_sweep.py), no object pages.
PAGE_MODELS = sorted(set(SCOPED_OBJECTS) - {"kinerja.Penghargaan", "kinerja.NilaiPotensi"})


@pytest.mark.parametrize("label", PAGE_MODELS)
def test_cross_instansi_404_for_every_object_page(label, client_hr_bengkulu, instansi_bungo):
    from django.urls import get_resolver

    obj = SCOPED_OBJECTS[label](instansi_bungo)
    resolver = get_resolver()
    checked = 0
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) != "kinerja":
            continue
        for p in pattern.url_patterns:
            view = p.callback
            if getattr(view, "scoping_model", None) != label:
                continue
            kwargs = {"pk": obj.pk}
            if "aksi" in str(p.pattern):
                kwargs["aksi"] = "setujui"
            if "periode" in str(p.pattern):
                kwargs["periode"] = 1
            url = reverse(f"kinerja:{p.name}", kwargs=kwargs)
            assert client_hr_bengkulu.get(url).status_code in (404, 405), url
            assert client_hr_bengkulu.post(url, {}).status_code == 404, url
            checked += 1
    assert checked >= 1


def test_realisasi_mobile_page_and_upload(s):
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    iki = IndikatorKinerja.objects.get(rhk__skp=skp)
    c = _client(s["u_staf"])
    url = reverse("kinerja:realisasi_periode", args=[skp.pk, 1])
    r = c.get(url)
    assert r.status_code == 200 and 'enctype="multipart/form-data"' in r.text
    r = c.post(url, {"indikator": iki.pk, f"i{iki.pk}-nilai": "3", f"i{iki.pk}-catatan": "catatan saya"})
    assert r.status_code == 200 and "bukti dukung" in r.text  # error kept, input kept
    assert 'value="3"' in r.text
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("b.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    r = c.post(url, {"indikator": iki.pk, f"i{iki.pk}-nilai": "3", f"i{iki.pk}-berkas": pdf})
    assert r.status_code == 302
    real = Realisasi.objects.get()
    assert _client(s["u_kepala"]).get(reverse("kinerja:bukti_unduh", args=[real.pk])).status_code == 200
    # The penilai sees the page but cannot post.
    assert _client(s["u_kepala"]).post(url, {"indikator": iki.pk}).status_code == 403


@pytest.mark.parametrize("indikator", ["abc", "1.5", "", "\u0661", "99999999999999999999"])
def test_realisasi_with_a_malformed_indikator_is_404_not_500(s, indikator):
    """Issue 19: `indikator=abc` posted to the realisation URL was a 500."""
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    url = reverse("kinerja:realisasi_periode", args=[skp.pk, 1])
    assert _client(s["u_staf"]).post(url, {"indikator": indikator}).status_code == 404
    assert not Realisasi.objects.exists()


def test_evaluation_page_and_pdfs(s):
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    k = _client(s["u_kepala"])
    rhk = skp.rhk.get()
    r = k.post(
        reverse("kinerja:evaluasi_form", args=[skp.pk, 0]),
        {"rating_hasil": "di_atas", "rating_perilaku": "di_atas", f"ub_{rhk.pk}": "Sangat baik"},
    )
    assert r.status_code == 302
    ev = skp.evaluasi.get()
    assert ev.predikat == "sangat_baik"
    r = _client(s["u_staf"]).get(reverse("kinerja:skp_pdf", args=[skp.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    r = _client(s["u_staf"]).get(reverse("kinerja:evaluasi_pdf", args=[ev.pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert _client(s["u_staf"]).get(reverse("kinerja:evaluasi_form", args=[skp.pk, 0])).status_code == 403


def test_finalisation_page_warns_then_confirms(s, instansi_bungo):
    for _ in range(3):
        u = asn_user(PegawaiFactory(jabatan=s["staf"].jabatan))
        evaluasi_tahunan(skp_disetujui(u, s["u_kepala"]), s["u_kepala"], "sesuai", "sesuai")
    k = _client(s["u_kepala"])
    url = reverse("kinerja:finalisasi") + f"?tahun={TAHUN}"
    assert k.get(url).status_code == 200
    r = k.post(url, {"predikat_organisasi": "baik"})
    assert r.status_code == 200 and "tidak sesuai kurva" in r.text
    assert not FinalisasiUnit.objects.exists()
    r = k.post(url, {"predikat_organisasi": "baik", "konfirmasi": "on", "aksi": "finalkan"})
    assert r.status_code == 302 and FinalisasiUnit.objects.get().peringatan_dikonfirmasi
    assert _client(s["u_staf"]).get(url).status_code == 403


def test_reports_for_hr_and_not_for_asn(s, client_hr_bungo):
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    evaluasi_tahunan(skp, s["u_kepala"], "di_bawah", "sesuai")
    for name in ("rekap", "predikat_rendah", "talenta", "papan_tim"):
        r = client_hr_bungo.get(reverse(f"kinerja:{name}"), {"tahun": TAHUN})
        assert r.status_code == 200, name
        assert _client(s["u_staf"]).get(reverse(f"kinerja:{name}")).status_code == 403
    r = client_hr_bungo.get(reverse("kinerja:predikat_rendah"), {"tahun": TAHUN})
    assert s["staf"].nama in r.text
    r = client_hr_bungo.get(reverse("kinerja:rekap"), {"tahun": TAHUN})
    assert "<svg" in r.text


def test_public_page_only_when_published_and_without_names(s, instansi_bungo):
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    evaluasi_tahunan(skp, s["u_kepala"])
    url = reverse("kinerja:publik", args=[instansi_bungo.kode])
    assert Client().get(url).status_code == 404
    PengaturanKinerja.objects.create(instansi=instansi_bungo, dipublikasikan=True, tahun_publikasi=TAHUN)
    r = Client().get(url)
    assert r.status_code == 200 and "<svg" in r.text
    assert s["staf"].nama not in r.text and s["kepala"].nama not in r.text
    r = Client().get(url, {"unit": s["unit"].pk})
    assert r.status_code == 200


def test_public_page_rejects_other_instansi_unit(s, instansi_bungo, opd_bengkulu):
    PengaturanKinerja.objects.create(instansi=instansi_bungo, dipublikasikan=True)
    url = reverse("kinerja:publik", args=[instansi_bungo.kode])
    assert Client().get(url, {"unit": opd_bengkulu.pk}).status_code == 404


def test_penghargaan_and_pengaturan_by_hr(s, client_hr_bungo, instansi_bungo):
    r = client_hr_bungo.post(
        reverse("kinerja:penghargaan_tambah"),
        {
            "pegawai": s["staf"].pk,
            "tahun": TAHUN,
            "jenis": "sangat_baik",
            "nama": "Teladan",
            "tanggal": "2026-02-01",
        },
    )
    assert r.status_code == 302
    assert s["staf"].nama in client_hr_bungo.get(reverse("kinerja:penghargaan_list")).text
    r = client_hr_bungo.post(
        reverse("kinerja:pengaturan"),
        {
            "periode_evaluasi": "bulanan",
            "dominan_maks": 70,
            "mayoritas_min": 60,
            "pendamping_min": 10,
            "sangat_baik_maks": 10,
            "potensi_tinggi_min": 80,
            "potensi_menengah_min": 68,
            "dipublikasikan": "on",
        },
    )
    assert r.status_code == 302
    assert PengaturanKinerja.objects.get(instansi=instansi_bungo).periode_evaluasi == "bulanan"
    assert _client(s["u_staf"]).get(reverse("kinerja:pengaturan")).status_code == 403


def test_penghargaan_form_rejects_other_instansi_pegawai(client_hr_bungo, pegawai_bengkulu):
    r = client_hr_bungo.post(
        reverse("kinerja:penghargaan_tambah"),
        {
            "pegawai": pegawai_bengkulu.pk,
            "tahun": TAHUN,
            "jenis": "lainnya",
            "nama": "x",
            "tanggal": "2026-02-01",
        },
    )
    assert r.status_code == 200 and "pilih" in r.text.lower()


def test_cascading_tree_page(s):
    skp = skp_disetujui(s["u_kepala"], s["u_atasan2"])
    r = _client(s["u_kepala"]).get(reverse("kinerja:pohon", args=[skp.pk]))
    assert r.status_code == 200 and "Belum diintervensi" in r.text and s["staf"].nama in r.text


def test_dashboard_widget(s, client_hr_bungo):
    assert _client(s["u_staf"]).get("/").status_code == 200
    assert client_hr_bungo.get("/").status_code == 200


def _make_team(s, n):
    for _ in range(n):
        u = asn_user(PegawaiFactory(jabatan=s["staf"].jabatan))
        skp_disetujui(u, s["u_kepala"])


@pytest.mark.parametrize("name", ["papan_tim", "persetujuan", "rekap"])
def test_query_budget_does_not_grow(s, name, django_assert_max_num_queries):
    c = _client(s["u_kepala"])
    url = reverse(f"kinerja:{name}") + f"?tahun={TAHUN}"
    _make_team(s, 5)
    from asnportal.testing.queries import queries_for

    small = queries_for(c, url)
    _make_team(s, 25)
    with django_assert_max_num_queries(small):
        assert c.get(url).status_code == 200


def test_skp_detail_query_budget_independent_of_rhk_count(s, django_assert_max_num_queries):
    from asnportal.testing.queries import queries_for

    skp = skp_draft(s["u_staf"])
    c = _client(s["u_staf"])
    url = reverse("kinerja:skp_detail", args=[skp.pk])
    small = queries_for(c, url)
    for i in range(10):
        rhk = services.rhk_save(
            actor=s["u_staf"], skp=skp, data={"jenis": "utama", "urutan": i + 2, "uraian": f"R{i}"}
        )
        services.indikator_save(
            actor=s["u_staf"],
            rhk=rhk,
            data={"aspek": "waktu", "indikator": "x", "target": 1, "satuan": "bulan"},
        )
    with django_assert_max_num_queries(small):
        assert c.get(url).status_code == 200


def test_award_shown_on_pegawai_profile(client_hr_bungo, instansi_bungo):
    from kinerja.tests.factories import _penghargaan

    award = _penghargaan(instansi_bungo)
    r = client_hr_bungo.get(f"/kepegawaian/pegawai/{award.pegawai_id}/")
    assert r.status_code == 200 and "Pegawai teladan" in r.content.decode()
