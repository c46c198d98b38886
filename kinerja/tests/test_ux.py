"""What ASN and atasan meet on the kinerja pages (issue 17): SKP cards that save on their own, evidence on the
evaluation screen, a confirmed revision that keeps period evaluations, "Periksa" before "Finalkan", and the
"Buat SKP" year."""

import pytest
from django.test import Client
from django.urls import reverse

from asnportal.testing.factories import PegawaiFactory, asn_user
from kinerja import services
from kinerja.models import SKP, Evaluasi, FinalisasiUnit, Realisasi

from .factories import TAHUN, evaluasi_tahunan, skp_disetujui, struktur

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def s(instansi_bungo):
    return struktur(instansi_bungo)


def _skp_dua_indikator(s):
    """An approved SKP of the staff member with two indicators on one RHK."""
    skp = services.skp_create(actor=s["u_staf"], pegawai=s["staf"], tahun=TAHUN)
    rhk = services.rhk_save(
        actor=s["u_staf"], skp=skp, data={"jenis": "utama", "urutan": 1, "uraian": "Layanan"}
    )
    a = services.indikator_save(
        actor=s["u_staf"],
        rhk=rhk,
        data={"aspek": "kuantitas", "indikator": "Jumlah surat", "target": 10, "satuan": "surat"},
    )
    b = services.indikator_save(
        actor=s["u_staf"],
        rhk=rhk,
        data={"aspek": "waktu", "indikator": "Lama proses", "target": 3, "satuan": "hari"},
    )
    services.skp_submit(actor=s["u_staf"], skp=skp)
    services.skp_approve(actor=s["u_kepala"], skp=skp)
    return skp, a, b


def test_buat_skp_prefills_the_year_of_the_page(s):
    c = _client(s["u_staf"])
    r = c.get(reverse("kinerja:skp_saya"), {"tahun": 2027})
    assert r.status_code == 200
    assert r.context["form"]["tahun"].value() == 2027
    assert 'name="tahun" value="2027"' in r.text
    r = c.post(reverse("kinerja:skp_saya") + "?tahun=2027", {"tahun": "2027", "pendekatan": "kuantitatif"})
    assert r.status_code == 302 and SKP.objects.get(pegawai=s["staf"]).tahun == 2027


def test_each_realisasi_card_saves_on_its_own_with_htmx(s):
    skp, a, b = _skp_dua_indikator(s)
    c = _client(s["u_staf"])
    url = reverse("kinerja:realisasi_periode", args=[skp.pk, 1])
    page = c.get(url).text
    assert f'hx-target="#kartu-{a.pk}"' in page and f'id="kartu-{b.pk}"' in page
    assert f'action="#kartu-{a.pk}"' in page  # without JavaScript the page comes back at this card
    # Card A with an error: only card A comes back, the error beside its field, its input kept.
    r = c.post(
        url,
        {"indikator": a.pk, f"i{a.pk}-nilai": "-1", f"i{a.pk}-catatan": "catatan A"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    assert f'id="kartu-{a.pk}"' in r.text and f'id="kartu-{b.pk}"' not in r.text
    assert "invalid-feedback" in r.text and "catatan A" in r.text
    assert not Realisasi.objects.exists()
    # Card B saved: only card B is returned (card A in the browser keeps what was typed), saved value shown.
    r = c.post(
        url,
        {"indikator": b.pk, f"i{b.pk}-nilai": "2", f"i{b.pk}-tautan": "https://drive.contoh.id/bukti"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    assert f'id="kartu-{b.pk}"' in r.text and f'id="kartu-{a.pk}"' not in r.text
    assert "disimpan" in r.text and "tautan bukti" in r.text
    assert Realisasi.objects.get().indikator_id == b.pk
    # Then card A saved on its own too.
    r = c.post(
        url,
        {"indikator": a.pk, f"i{a.pk}-nilai": "7", f"i{a.pk}-tautan": "https://x.id/a"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and Realisasi.objects.count() == 2
    # Without JavaScript: the classic redirect still works.
    r = c.post(url, {"indikator": a.pk, f"i{a.pk}-nilai": "8", f"i{a.pk}-tautan": "https://x.id/a"})
    assert r.status_code == 302
    assert Realisasi.objects.get(indikator=a).nilai == 8


def test_evaluation_screen_shows_evidence_and_notes(s):
    skp, a, b = _skp_dua_indikator(s)
    services.realisasi_save(
        actor=s["u_staf"],
        indikator=a,
        periode=1,
        nilai=9,
        catatan="Dua surat tertunda",
        tautan="https://x.id/b",
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.realisasi_save(
        actor=s["u_staf"],
        indikator=b,
        periode=1,
        nilai=3,
        berkas=SimpleUploadedFile("b.pdf", b"%PDF-1.4 bukti", content_type="application/pdf"),
    )
    r = _client(s["u_kepala"]).get(reverse("kinerja:evaluasi_form", args=[skp.pk, 1]))
    assert r.status_code == 200
    assert "Dua surat tertunda" in r.text and 'href="https://x.id/b"' in r.text
    berkas = Realisasi.objects.get(indikator=b)
    assert reverse("kinerja:bukti_unduh", args=[berkas.pk]) in r.text


def test_revision_needs_confirmation_and_reason_and_keeps_period_evaluations(s):
    skp, a, b = _skp_dua_indikator(s)
    services.evaluasi_save(
        actor=s["u_kepala"],
        skp=skp,
        periode=1,
        rating_hasil="sesuai",
        rating_perilaku="sesuai",
        catatan="Triwulan pertama baik",
        umpan_balik={skp.rhk.get().pk: "Pertahankan"},
    )
    c = _client(s["u_staf"])
    detail = c.get(reverse("kinerja:skp_detail", args=[skp.pk])).text
    assert 'name="konfirmasi"' in detail and "Ya, buat revisi" in detail
    url = reverse("kinerja:skp_aksi", args=[skp.pk, "revisi"])
    r = c.post(url, {"alasan": "Target berubah"}, follow=True)  # no confirmation
    assert "Centang konfirmasi" in r.text and SKP.objects.filter(pegawai=s["staf"]).count() == 1
    r = c.post(url, {"konfirmasi": "on", "alasan": ""}, follow=True)  # no reason
    assert "alasan revisi" in r.text.lower() and SKP.objects.filter(pegawai=s["staf"]).count() == 1
    r = c.post(url, {"konfirmasi": "on", "alasan": "Target berubah"})
    assert r.status_code == 302
    baru = SKP.objects.get(pegawai=s["staf"], berlaku=True)
    assert baru.pk != skp.pk and baru.alasan_revisi == "Target berubah"
    ev = Evaluasi.objects.get(skp=baru, periode=1)
    assert ev.catatan == "Triwulan pertama baik" and ev.predikat
    assert ev.umpan_balik.get().rhk.skp_id == baru.pk
    assert Evaluasi.objects.filter(skp=skp, periode=1).exists()  # the old revision keeps its own


def test_finalisation_previews_warnings_before_finalising(s):
    for _ in range(3):
        u = asn_user(PegawaiFactory(jabatan=s["staf"].jabatan))
        evaluasi_tahunan(skp_disetujui(u, s["u_kepala"]), s["u_kepala"], "sesuai", "sesuai")
    k = _client(s["u_kepala"])
    url = reverse("kinerja:finalisasi") + f"?tahun={TAHUN}"
    r = k.get(url)
    assert "Periksa" in r.text and 'value="finalkan"' not in r.text  # no Finalkan before a check
    r = k.post(url, {"predikat_organisasi": "baik", "aksi": "periksa"})
    assert r.status_code == 200 and "tidak sesuai kurva" in r.text
    assert 'value="finalkan"' in r.text
    assert not FinalisasiUnit.objects.exists()  # checking writes nothing
    r = k.post(url, {"predikat_organisasi": "baik", "aksi": "periksa", "konfirmasi": "on"})
    assert not FinalisasiUnit.objects.exists()  # even with the box ticked, "Periksa" never finalises
    r = k.post(url, {"predikat_organisasi": "baik", "aksi": "finalkan"})
    assert r.status_code == 200 and not FinalisasiUnit.objects.exists()  # warnings need confirmation
    r = k.post(url, {"predikat_organisasi": "baik", "aksi": "finalkan", "konfirmasi": "on"})
    assert r.status_code == 302 and FinalisasiUnit.objects.get().peringatan_dikonfirmasi


def _evaluasi_final(s, instansi, n, unit_staf_jabatan):
    from kinerja.models import PengaturanKinerja

    PengaturanKinerja.objects.get_or_create(
        instansi=instansi, defaults={"dipublikasikan": True, "tahun_publikasi": TAHUN}
    )
    for _ in range(n):
        u = asn_user(PegawaiFactory(jabatan=unit_staf_jabatan))
        evaluasi_tahunan(skp_disetujui(u, s["u_kepala"]), s["u_kepala"], "sesuai", "sesuai")
    Evaluasi.objects.update(status="final")


@pytest.mark.parametrize(("n", "cakupan"), [(3, "disembunyikan"), (10, "instansi")])
def test_public_page_hides_distribution_of_small_groups(s, instansi_bungo, n, cakupan):
    _evaluasi_final(s, instansi_bungo, n, s["staf"].jabatan)
    r = Client().get(reverse("kinerja:publik", args=[instansi_bungo.kode]))
    assert r.status_code == 200 and r.context["distribusi_cakupan"] == cakupan
    if cakupan == "disembunyikan":
        assert r.context["distribusi"] == [] and "tidak ditampilkan" in r.text
    else:
        assert sum(x for _, x in r.context["distribusi"]) == 10 and "<table" in r.text


def test_public_page_small_unit_is_aggregated_upward(s, instansi_bungo):
    from asnportal.testing.factories import JabatanFactory, UnitKerjaFactory

    kecil = UnitKerjaFactory(instansi=instansi_bungo, parent=None)
    _evaluasi_final(s, instansi_bungo, 10, s["staf"].jabatan)
    _evaluasi_final(
        s,
        instansi_bungo,
        2,
        JabatanFactory(unit_kerja=kecil, instansi=instansi_bungo, parent=s["kepala"].jabatan),
    )
    r = Client().get(reverse("kinerja:publik", args=[instansi_bungo.kode]), {"unit": kecil.pk})
    assert r.status_code == 200
    assert r.context["distribusi_cakupan"] == "instansi_pengganti"
    assert sum(x for _, x in r.context["distribusi"]) == 12  # the whole instansi, not the 2 of the unit
    assert "ditampilkan distribusi seluruh instansi" in r.text
