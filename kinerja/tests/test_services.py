import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from asnportal.models import AuditLog
from asnportal.testing.factories import PegawaiFactory, asn_user, hr_user
from kinerja import selectors, services
from kinerja.models import SKP, Evaluasi, IndikatorKinerja, PengaturanKinerja, Realisasi, UmpanBalikRekan

from .factories import TAHUN, evaluasi_tahunan, skp_disetujui, skp_draft, struktur

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(instansi_bungo):
    return struktur(instansi_bungo)


def _audit(obj, action="workflow"):
    return AuditLog.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk), action=action)


def test_full_workflow_draft_submit_approve(s):
    skp = skp_draft(s["u_staf"])
    assert skp.status == "draft" and skp.perilaku.count() == 7
    skp = services.skp_submit(actor=s["u_staf"], skp=skp)
    assert skp.status == "diajukan"
    assert skp.penilai_nama == s["kepala"].nama_lengkap  # snapshot for the document
    assert skp.atasan_penilai_nama == s["atasan2"].nama_lengkap
    skp = services.skp_approve(actor=s["u_kepala"], skp=skp)
    assert skp.status == "disetujui" and skp.terkunci
    assert _audit(skp).count() == 2
    assert s["u_kepala"].notifikasi.filter(judul__icontains="menunggu persetujuan").exists()


def test_return_with_comment_then_resubmit(s):
    skp = skp_draft(s["u_staf"])
    services.skp_submit(actor=s["u_staf"], skp=skp)
    with pytest.raises(ValidationError):
        services.skp_return(actor=s["u_kepala"], skp=skp, catatan="  ")
    skp = services.skp_return(actor=s["u_kepala"], skp=skp, catatan="Tambahkan indikator kualitas")
    assert skp.status == "dikembalikan" and skp.catatan_pengembalian == "Tambahkan indikator kualitas"
    assert _audit(skp).filter(reason="Tambahkan indikator kualitas").exists()
    rhk = skp.rhk.get()
    services.indikator_save(
        actor=s["u_staf"],
        rhk=rhk,
        data={"aspek": "kualitas", "indikator": "Akurasi", "target": 100, "satuan": "%"},
    )
    assert services.skp_submit(actor=s["u_staf"], skp=skp).status == "diajukan"


def test_submit_needs_rhk_utama_with_indikator(s):
    skp = services.skp_create(actor=s["u_staf"], pegawai=s["staf"], tahun=TAHUN)
    with pytest.raises(ValidationError):
        services.skp_submit(actor=s["u_staf"], skp=skp)


def test_asn_may_not_approve_or_return_own_skp(s):
    skp = skp_draft(s["u_staf"])
    services.skp_submit(actor=s["u_staf"], skp=skp)
    with pytest.raises(PermissionDenied):
        services.skp_approve(actor=s["u_staf"], skp=skp)
    with pytest.raises(PermissionDenied):
        services.skp_return(actor=s["u_staf"], skp=skp, catatan="x")
    assert SKP.objects.get(pk=skp.pk).status == "diajukan"


def test_hr_and_atasan_of_penilai_may_not_approve(s, instansi_bungo):
    skp = skp_draft(s["u_staf"])
    services.skp_submit(actor=s["u_staf"], skp=skp)
    for user in (hr_user(instansi_bungo), s["u_atasan2"]):
        with pytest.raises(PermissionDenied):
            services.skp_approve(actor=user, skp=skp)


def test_penilai_may_not_submit_or_edit_subordinate_skp(s):
    skp = skp_draft(s["u_staf"])
    with pytest.raises(PermissionDenied):
        services.skp_submit(actor=s["u_kepala"], skp=skp)
    with pytest.raises(PermissionDenied):
        services.rhk_save(actor=s["u_kepala"], skp=skp, data={"uraian": "x", "jenis": "utama", "urutan": 2})


def test_other_asn_may_not_create_skp_for_someone_else(s):
    with pytest.raises(PermissionDenied):
        services.skp_create(actor=s["u_kepala"], pegawai=s["staf"], tahun=TAHUN)


def test_approved_skp_is_locked(s):
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    rhk = skp.rhk.get()
    with pytest.raises(ValidationError):
        services.rhk_save(actor=s["u_staf"], skp=skp, data={"uraian": "ubah"}, rhk=rhk)
    with pytest.raises(ValidationError):
        services.indikator_delete(actor=s["u_staf"], indikator=IndikatorKinerja.objects.get(rhk=rhk))
    with pytest.raises(ValidationError):
        services.skp_submit(actor=s["u_staf"], skp=skp)
    with pytest.raises(ValidationError):
        services.skp_approve(actor=s["u_kepala"], skp=skp)


def test_revision_keeps_old_version(s):
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    iki = IndikatorKinerja.objects.get(rhk__skp=skp)
    services.realisasi_save(
        actor=s["u_staf"], indikator=iki, periode=1, nilai=3, tautan="https://bukti.go.id/1"
    )
    new = services.skp_revise(actor=s["u_staf"], skp=skp, alasan="Tugas tambahan dari pimpinan")
    old = SKP.objects.get(pk=skp.pk)
    assert old.status == "disetujui" and not old.berlaku
    assert new.status == "draft" and new.berlaku and new.revisi == 1 and new.revisi_dari_id == old.pk
    assert new.rhk.count() == old.rhk.count() == 1
    assert Realisasi.objects.filter(indikator__rhk__skp=new, periode=1).exists()
    assert Realisasi.objects.filter(indikator__rhk__skp=old, periode=1).exists()
    assert old.rhk.get().uraian == new.rhk.get().uraian
    with pytest.raises(ValidationError):  # only the current approved revision can be revised
        services.skp_revise(actor=s["u_staf"], skp=old, alasan="lagi")


def test_revision_needs_reason_and_role(s, instansi_bungo):
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    with pytest.raises(ValidationError):
        services.skp_revise(actor=s["u_staf"], skp=skp, alasan="")
    with pytest.raises(PermissionDenied):
        services.skp_revise(actor=hr_user(instansi_bungo), skp=skp, alasan="x")


def test_cascading_only_to_atasan_rhk_and_tree(s):
    skp_kepala = skp_disetujui(s["u_kepala"], s["u_atasan2"])
    rhk_kepala = skp_kepala.rhk.get()
    other = services.rhk_save(
        actor=s["u_kepala"],
        skp=services.skp_revise(actor=s["u_kepala"], skp=skp_kepala, alasan="x"),
        data={"jenis": "utama", "urutan": 2, "uraian": "Belum dicakup", "rhk_atasan": None},
    )
    skp_kepala = other.skp
    rhk_kepala = skp_kepala.rhk.get(uraian="Dokumen terselesaikan")
    skp_staf = skp_draft(s["u_staf"], rhk_atasan=rhk_kepala)
    assert skp_staf.rhk.get().rhk_atasan_id == rhk_kepala.pk
    # Cannot intervene an RHK that is not the direct atasan's.
    with pytest.raises(ValidationError):
        services.rhk_save(
            actor=s["u_staf"],
            skp=skp_staf,
            data={"jenis": "utama", "urutan": 3, "uraian": "x", "rhk_atasan": skp_staf.rhk.get()},
        )
    tree = selectors.pohon_cascading(skp=skp_kepala)
    covered = {r.uraian: [i.pk for i in r.intervensi.all()] for r in tree["rhk"]}
    assert covered["Dokumen terselesaikan"] == [skp_staf.rhk.get().pk]
    assert [r.uraian for r in tree["belum_tercakup"]] == ["Belum dicakup"]
    assert tree["bawahan_tanpa_intervensi"] == []


def test_cascading_tree_lists_subordinates_without_intervention(s):
    skp_kepala = skp_disetujui(s["u_kepala"], s["u_atasan2"])
    tree = selectors.pohon_cascading(skp=skp_kepala)
    assert [p.pk for p in tree["bawahan_tanpa_intervensi"]] == [s["staf"].pk]
    assert not tree["bawahan_tanpa_intervensi"][0].ada_skp


def test_realisasi_requires_evidence_and_owner(s):
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    iki = IndikatorKinerja.objects.get(rhk__skp=skp)
    with pytest.raises(ValidationError):
        services.realisasi_save(actor=s["u_staf"], indikator=iki, periode=1, nilai=2)
    with pytest.raises(PermissionDenied):
        services.realisasi_save(
            actor=s["u_kepala"], indikator=iki, periode=1, nilai=2, tautan="https://a.go.id"
        )
    with pytest.raises(ValidationError):
        services.realisasi_save(
            actor=s["u_staf"], indikator=iki, periode=5, nilai=2, tautan="https://a.go.id"
        )
    pdf = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%...", content_type="application/pdf")
    r = services.realisasi_save(
        actor=s["u_staf"], indikator=iki, periode=1, nilai=2, catatan="ok", berkas=pdf
    )
    assert r.bukti_berkas.name.endswith(".pdf")
    fake = SimpleUploadedFile("bukti.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.realisasi_save(actor=s["u_staf"], indikator=iki, periode=2, nilai=2, berkas=fake)


def test_realisasi_not_on_draft(s):
    skp = skp_draft(s["u_staf"])
    iki = IndikatorKinerja.objects.get(rhk__skp=skp)
    with pytest.raises(ValidationError):
        services.realisasi_save(
            actor=s["u_staf"], indikator=iki, periode=1, nilai=2, tautan="https://a.go.id"
        )


@pytest.mark.parametrize(
    ("hasil", "perilaku", "predikat"),
    [
        ("di_atas", "di_atas", "sangat_baik"),
        ("sesuai", "di_atas", "baik"),
        ("di_atas", "di_bawah", "kurang"),
        ("di_bawah", "sesuai", "butuh_perbaikan"),
        ("di_bawah", "di_bawah", "sangat_kurang"),
    ],
)
def test_evaluation_sets_predikat_from_matrix(s, hasil, perilaku, predikat):
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    ev = services.evaluasi_save(
        actor=s["u_kepala"],
        skp=skp,
        periode=1,
        rating_hasil=hasil,
        rating_perilaku=perilaku,
        umpan_balik={str(skp.rhk.get().pk): "Bagus, pertahankan"},
    )
    assert ev.predikat == predikat
    assert ev.umpan_balik.get().umpan_balik == "Bagus, pertahankan"


def test_only_penilai_evaluates(s, instansi_bungo):
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    for user in (s["u_staf"], s["u_atasan2"], hr_user(instansi_bungo)):
        with pytest.raises(PermissionDenied):
            services.evaluasi_save(
                actor=user, skp=skp, periode=0, rating_hasil="di_atas", rating_perilaku="di_atas"
            )
    assert not Evaluasi.objects.exists()


def test_evaluation_not_on_unapproved_skp(s):
    skp = skp_draft(s["u_staf"])
    with pytest.raises(ValidationError):
        services.evaluasi_save(
            actor=s["u_kepala"], skp=skp, periode=0, rating_hasil="sesuai", rating_perilaku="sesuai"
        )


def _unit_with_ratings(s, instansi, ratings):
    """Staff under the penilai with annual evaluations giving the predikat listed."""
    pairs = {
        "sangat_baik": ("di_atas", "di_atas"),
        "baik": ("sesuai", "sesuai"),
        "butuh_perbaikan": ("di_bawah", "sesuai"),
        "kurang": ("sesuai", "di_bawah"),
        "sangat_kurang": ("di_bawah", "di_bawah"),
    }
    for pred in ratings:
        p = PegawaiFactory(jabatan=s["staf"].jabatan)
        u = asn_user(p)
        skp = skp_disetujui(u, s["u_kepala"])
        evaluasi_tahunan(skp, s["u_kepala"], *pairs[pred])


def test_finalisation_warns_per_vector_6_and_needs_confirmation(s, instansi_bungo):
    # Vector 6: org Baik, {Baik 8, Sangat Baik 2} → 2 violations.
    _unit_with_ratings(s, instansi_bungo, ["baik"] * 8 + ["sangat_baik"] * 2)
    with pytest.raises(services.PeringatanDistribusi) as exc:
        services.unit_finalize(actor=s["u_kepala"], unit=s["unit"], tahun=TAHUN, predikat_organisasi="baik")
    assert len(exc.value.pelanggaran) == 2
    assert not Evaluasi.objects.filter(status="final").exists()
    fin = services.unit_finalize(
        actor=s["u_kepala"], unit=s["unit"], tahun=TAHUN, predikat_organisasi="baik", konfirmasi=True
    )
    assert fin.peringatan_dikonfirmasi and len(fin.peringatan) == 2
    assert Evaluasi.objects.filter(status="final").count() == 10
    with pytest.raises(ValidationError):
        services.unit_finalize(actor=s["u_kepala"], unit=s["unit"], tahun=TAHUN, predikat_organisasi="baik")


def test_finalisation_valid_distribution_passes_without_confirmation(s, instansi_bungo):
    _unit_with_ratings(s, instansi_bungo, ["baik"] * 7 + ["sangat_baik"] * 2 + ["butuh_perbaikan"])
    fin = services.unit_finalize(actor=s["u_kepala"], unit=s["unit"], tahun=TAHUN, predikat_organisasi="baik")
    assert fin.peringatan == [] and not fin.peringatan_dikonfirmasi


def test_finalisation_vector_7_sangat_kurang(s, instansi_bungo):
    _unit_with_ratings(s, instansi_bungo, ["sangat_kurang"] * 6 + ["kurang", "baik", "baik", "sangat_baik"])
    counts, pel = services.distribusi_cek(unit=s["unit"], tahun=TAHUN, predikat_organisasi="sangat_kurang")
    assert counts["sangat_kurang"] == 6 and [p.kode for p in pel] == ["sangat_baik_nol"]


def test_distribution_thresholds_from_instansi_settings(s, instansi_bungo):
    _unit_with_ratings(s, instansi_bungo, ["baik"] * 8 + ["sangat_baik", "kurang"])
    _c, pel = services.distribusi_cek(unit=s["unit"], tahun=TAHUN, predikat_organisasi="baik")
    assert [p.kode for p in pel] == ["baik_maks"]
    PengaturanKinerja.objects.create(instansi=instansi_bungo, dominan_maks=80)
    _c, pel = services.distribusi_cek(unit=s["unit"], tahun=TAHUN, predikat_organisasi="baik")
    assert pel == []


def test_only_unit_head_finalises(s, instansi_bungo):
    _unit_with_ratings(s, instansi_bungo, ["baik"])
    for user in (s["u_staf"], s["u_atasan2"], hr_user(instansi_bungo)):
        with pytest.raises(PermissionDenied):
            services.unit_finalize(
                actor=user, unit=s["unit"], tahun=TAHUN, predikat_organisasi="baik", konfirmasi=True
            )


def _final_annual(s, hasil="sesuai", perilaku="sesuai"):
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    ev = evaluasi_tahunan(skp, s["u_kepala"], hasil, perilaku)
    services.unit_finalize(
        actor=s["u_kepala"], unit=s["unit"], tahun=TAHUN, predikat_organisasi="baik", konfirmasi=True
    )
    ev.refresh_from_db()
    return ev


def test_keberatan_within_14_days_decided_by_atasan_of_penilai(s):
    with time_machine.travel(dt.datetime(2027, 1, 20, 9, 0), tick=False):
        ev = _final_annual(s, "di_bawah", "sesuai")
    assert ev.predikat == "butuh_perbaikan" and ev.diterima_tanggal == dt.date(2027, 1, 20)
    with time_machine.travel(dt.datetime(2027, 2, 3, 9, 0), tick=False):
        with pytest.raises(PermissionDenied):
            services.keberatan_create(actor=s["u_kepala"], evaluasi=ev, alasan="x")
        kb = services.keberatan_create(
            actor=s["u_staf"], evaluasi=ev, alasan="Realisasi belum diperhitungkan"
        )
    with pytest.raises(ValidationError):
        services.keberatan_create(actor=s["u_staf"], evaluasi=ev, alasan="lagi")
    # The penilai themself and HR may not decide; only the atasan of the penilai.
    for user in (s["u_kepala"], s["u_staf"]):
        with pytest.raises(PermissionDenied):
            services.keberatan_decide(
                actor=user,
                keberatan=kb,
                diterima=True,
                keputusan="x",
                rating_hasil="sesuai",
                rating_perilaku="sesuai",
            )
    kb = services.keberatan_decide(
        actor=s["u_atasan2"],
        keberatan=kb,
        diterima=True,
        keputusan="Bukti dukung lengkap",
        rating_hasil="sesuai",
        rating_perilaku="sesuai",
    )
    ev.refresh_from_db()
    assert ev.predikat == "baik"
    assert kb.predikat_semula == "butuh_perbaikan" and kb.rating_hasil_semula == "di_bawah"
    assert kb.predikat_keputusan == "baik" and kb.status == "diterima"
    with pytest.raises(ValidationError):  # final
        services.keberatan_decide(actor=s["u_atasan2"], keberatan=kb, diterima=False, keputusan="ubah")


def test_keberatan_after_14_days_is_refused(s):
    with time_machine.travel(dt.datetime(2027, 1, 20, 9, 0), tick=False):
        ev = _final_annual(s)
    with time_machine.travel(dt.datetime(2027, 2, 4, 9, 0), tick=False), pytest.raises(ValidationError):
        services.keberatan_create(actor=s["u_staf"], evaluasi=ev, alasan="terlambat")


def test_keberatan_only_on_final_annual_result(s):
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    ev = evaluasi_tahunan(skp, s["u_kepala"])
    with pytest.raises(ValidationError):
        services.keberatan_create(actor=s["u_staf"], evaluasi=ev, alasan="belum final")


def test_peer_input_aggregate_only_from_three_answers(s, instansi_bungo):
    PengaturanKinerja.objects.create(instansi=instansi_bungo, umpan_balik_rekan=True)
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    peers = [PegawaiFactory(jabatan=s["staf"].jabatan) for _ in range(3)]
    users = [asn_user(p) for p in peers]
    assert services.rekan_minta(actor=s["u_kepala"], skp=skp, responden=peers + [s["staf"]]) == 3
    with pytest.raises(PermissionDenied):
        services.rekan_minta(actor=s["u_staf"], skp=skp, responden=peers)
    for u in users[:2]:
        services.rekan_jawab(actor=u, skp=skp, skor={"loyal": 3, "adaptif": 2})
    agg = selectors.rekan_agregat(skp=skp)
    assert agg == {"tampil": False, "responden": 2, "minimal": 3, "rows": []}
    services.rekan_jawab(actor=users[2], skp=skp, skor={"loyal": 2, "adaptif": 2})
    agg = selectors.rekan_agregat(skp=skp)
    assert agg["tampil"] and agg["responden"] == 3
    loyal = next(r for r in agg["rows"] if r["nilai"] == "loyal")
    assert round(loyal["rata"], 2) == round(8 / 3, 2)
    assert "responden" not in loyal  # never a person
    with pytest.raises(PermissionDenied):  # someone not asked
        services.rekan_jawab(actor=s["u_atasan2"], skp=skp, skor={"loyal": 1})


def test_peer_input_off_by_default(s):
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    with pytest.raises(ValidationError):
        services.rekan_minta(actor=s["u_kepala"], skp=skp, responden=[s["atasan2"]])
    assert not UmpanBalikRekan.objects.exists()


def test_pegawai_predikat_rendah_contract(s, instansi_bungo, instansi_bengkulu):
    _unit_with_ratings(
        s, instansi_bungo, ["baik", "butuh_perbaikan", "kurang", "sangat_kurang", "sangat_baik"]
    )
    rows = selectors.pegawai_predikat_rendah(instansi_id=instansi_bungo.pk, tahun=TAHUN)
    assert sorted(r["predikat"] for r in rows) == ["butuh_perbaikan", "kurang", "sangat_kurang"]
    assert all(set(r) == {"pegawai_id", "predikat", "predikat_label"} for r in rows)
    ids = {r["pegawai_id"] for r in rows}
    assert ids == set(
        Evaluasi.objects.filter(predikat__in=["butuh_perbaikan", "kurang", "sangat_kurang"]).values_list(
            "skp__pegawai_id", flat=True
        )
    )
    assert selectors.pegawai_predikat_rendah(instansi_id=instansi_bengkulu.pk, tahun=TAHUN) == []
    assert selectors.pegawai_predikat_rendah(instansi_id=instansi_bungo.pk, tahun=TAHUN - 1) == []


def test_perilaku_expectation_by_penilai_only(s):
    skp = skp_draft(s["u_staf"])
    perilaku = skp.perilaku.get(nilai="kolaboratif")
    with pytest.raises(PermissionDenied):
        services.perilaku_set_ekspektasi(actor=s["u_staf"], perilaku=perilaku, teks="x")
    services.perilaku_set_ekspektasi(
        actor=s["u_kepala"], perilaku=perilaku, teks="Memimpin tim lintas bidang"
    )
    perilaku.refresh_from_db()
    assert perilaku.ekspektasi_khusus == "Memimpin tim lintas bidang"
    assert len(perilaku.panduan) == 3


def test_reminders_notify_drafts_and_atasan(s, instansi_bungo, mailoutbox):
    skp_draft(s["u_staf"])
    other = asn_user(PegawaiFactory(jabatan=s["staf"].jabatan))
    pending = skp_draft(other)
    services.skp_submit(actor=other, skp=pending)
    with time_machine.travel(dt.datetime(TAHUN, 2, 10, 8, 0), tick=False):
        counts = services.pengingat_kirim(instansi_id=instansi_bungo.pk)
    assert counts == {"draf": 1, "persetujuan": 1, "evaluasi": 0}
    assert s["u_staf"].notifikasi.filter(judul__icontains="belum diajukan").exists()
    assert s["u_kepala"].notifikasi.filter(judul__icontains="menunggu persetujuan").count() == 2


def test_reminders_mail_each_recipient_separately(s, instansi_bungo):
    """Issue 19: an SKP reminder is one e-mail per person, never one message listing every address."""
    from asnportal.models import EmailKeluar

    skp_draft(s["u_staf"])
    others = [asn_user(PegawaiFactory(jabatan=s["staf"].jabatan)) for _ in range(2)]
    for u in others:
        skp_draft(u)
    with time_machine.travel(dt.datetime(TAHUN, 2, 10, 8, 0), tick=False):
        services.pengingat_kirim(instansi_id=instansi_bungo.pk)
    rows = list(EmailKeluar.objects.filter(subjek__icontains="belum diajukan"))
    assert sorted(r.penerima[0] for r in rows) == sorted(u.email for u in [s["u_staf"], *others])
    assert all(len(r.penerima) == 1 for r in rows)


def _five_drafts(s):
    users = [s["u_staf"]] + [asn_user(PegawaiFactory(jabatan=s["staf"].jabatan)) for _ in range(4)]
    for u in users:
        skp_draft(u)
    return users


def test_reminders_twice_in_a_week_send_nothing_twice(s, instansi_bungo):
    """Issue 18: two beats (or a retried / redelivered task) sent 10 notifications for 5 recipients."""
    from asnportal.models import EmailKeluar, Notifikasi

    users = _five_drafts(s)
    with time_machine.travel(dt.datetime(TAHUN, 2, 10, 8, 0), tick=False):
        assert services.pengingat_kirim(instansi_id=instansi_bungo.pk)["draf"] == 5
        services.pengingat_kirim(instansi_id=instansi_bungo.pk)  # the second beat / the retry
    keyed = Notifikasi.objects.filter(user__in=users, judul__icontains="belum diajukan")
    assert keyed.count() == 5
    assert EmailKeluar.objects.filter(subjek__icontains="belum diajukan").count() == 5
    # Next week is another period: reminded again, once.
    with time_machine.travel(dt.datetime(TAHUN, 2, 17, 8, 0), tick=False):
        services.pengingat_kirim(instansi_id=instansi_bungo.pk)
        services.pengingat_kirim(instansi_id=instansi_bungo.pk)
    assert keyed.count() == 10


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_reminder_runs_send_once(instansi_bungo):
    """Two beats firing at the same moment: the unique key makes the second wait and skip, never duplicate."""
    import threading

    from django.db import connection

    from asnportal.models import Notifikasi

    from .factories import struktur

    users = _five_drafts(struktur(instansi_bungo))
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            with time_machine.travel(dt.datetime(TAHUN, 2, 10, 8, 0), tick=False):
                services.pengingat_kirim(instansi_id=instansi_bungo.pk)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert Notifikasi.objects.filter(user__in=users, judul__icontains="belum diajukan").count() == 5
