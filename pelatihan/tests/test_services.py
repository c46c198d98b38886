"""Enrolment workflow, capacity, waitlist, JP accounting, certificates and recommendations (services)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from asnportal.models import AuditLog
from pelatihan import selectors, services
from pelatihan.choices import StatusPeserta
from pelatihan.models import KreditJP, Peserta, Rekomendasi, RencanaPelatihan, Sertifikat, Sesi

from .factories import KompetensiFactory, ProgramFactory, SesiFactory, kredit_of, pegawai_of

pytestmark = pytest.mark.django_db


def test_asn_mendaftar_menunggu_atasan_lalu_disetujui(asn_bungo, pimpinan_bungo, sesi_bungo):
    p = services.peserta_daftar(actor=asn_bungo, sesi=sesi_bungo, pegawai=asn_bungo.pegawai)
    assert p.status == StatusPeserta.MENUNGGU and p.sumber == "mandiri"
    assert pimpinan_bungo.notifikasi.filter(judul__contains="Persetujuan pelatihan").exists()
    with pytest.raises(PermissionDenied):  # the ASN cannot approve themself
        services.peserta_setujui(actor=asn_bungo, peserta=p)
    p = services.peserta_setujui(actor=pimpinan_bungo, peserta=p)
    assert p.status == StatusPeserta.TERDAFTAR
    assert Sesi.objects.get(pk=sesi_bungo.pk).terisi == 1
    assert AuditLog.objects.filter(object_type="pelatihan.Peserta", object_id=str(p.pk)).count() == 2


def test_hr_tidak_menyetujui_bila_ada_atasan(hr_bungo, asn_bungo, sesi_bungo):
    p = services.peserta_daftar(actor=hr_bungo, sesi=sesi_bungo, pegawai=asn_bungo.pegawai)
    assert p.sumber == "nominasi_sdm" and p.status == StatusPeserta.MENUNGGU
    with pytest.raises(PermissionDenied):
        services.peserta_setujui(actor=hr_bungo, peserta=p)


def test_hr_menyetujui_pegawai_tanpa_atasan(hr_bungo, kepala_bungo, sesi_bungo):
    p = services.peserta_daftar(actor=hr_bungo, sesi=sesi_bungo, pegawai=kepala_bungo)
    assert p.status == StatusPeserta.TERDAFTAR  # no atasan: HR's nomination is the approval


def test_atasan_menolak(pimpinan_bungo, asn_bungo, sesi_bungo):
    p = services.peserta_daftar(actor=asn_bungo, sesi=sesi_bungo, pegawai=asn_bungo.pegawai)
    p = services.peserta_tolak(actor=pimpinan_bungo, peserta=p, alasan="Beban kerja")
    assert p.status == StatusPeserta.DITOLAK
    # a rejected application does not block a new one
    p2 = services.peserta_daftar(actor=asn_bungo, sesi=sesi_bungo, pegawai=asn_bungo.pegawai)
    assert p2.status == StatusPeserta.MENUNGGU


def test_kapasitas_dan_daftar_tunggu_naik_otomatis(pimpinan_bungo, bawahan_bungo, sesi_bungo):
    a, b, c, d = (
        services.peserta_daftar(actor=pimpinan_bungo, sesi=sesi_bungo, pegawai=p) for p in bawahan_bungo[:4]
    )
    assert [x.status for x in (a, b)] == [StatusPeserta.TERDAFTAR] * 2
    assert (c.status, c.antrean, d.status, d.antrean) == ("daftar_tunggu", 1, "daftar_tunggu", 2)
    services.peserta_batal(actor=bawahan_bungo[0].user, peserta=a, alasan="Sakit")
    c.refresh_from_db()
    d.refresh_from_db()
    assert c.status == StatusPeserta.TERDAFTAR and c.antrean is None
    assert d.status == StatusPeserta.DAFTAR_TUNGGU
    assert Sesi.objects.get(pk=sesi_bungo.pk).terisi == 2
    assert c.pegawai.user.notifikasi.filter(judul__startswith="Kursi tersedia").exists()
    # cancelling a waitlisted enrolment frees no seat
    services.peserta_batal(actor=bawahan_bungo[3].user, peserta=d)
    assert Sesi.objects.get(pk=sesi_bungo.pk).terisi == 2


def test_tambah_kapasitas_menaikkan_daftar_tunggu(hr_bungo, pimpinan_bungo, bawahan_bungo, sesi_bungo):
    ps = [
        services.peserta_daftar(actor=pimpinan_bungo, sesi=sesi_bungo, pegawai=p) for p in bawahan_bungo[:4]
    ]
    sesi = Sesi.objects.get(pk=sesi_bungo.pk)
    sesi.kapasitas = 3
    services.sesi_save(actor=hr_bungo, sesi=sesi)
    assert Peserta.objects.get(pk=ps[2].pk).status == StatusPeserta.TERDAFTAR
    assert Peserta.objects.get(pk=ps[3].pk).antrean == 2
    sesi.kapasitas = 1
    with pytest.raises(ValidationError):
        services.sesi_save(actor=hr_bungo, sesi=sesi)


def test_tidak_bisa_daftar_dua_kali(asn_bungo, sesi_bungo):
    services.peserta_daftar(actor=asn_bungo, sesi=sesi_bungo, pegawai=asn_bungo.pegawai)
    with pytest.raises(ValidationError):
        services.peserta_daftar(actor=asn_bungo, sesi=sesi_bungo, pegawai=asn_bungo.pegawai)
    assert Peserta.objects.filter(sesi=sesi_bungo).count() == 1


def test_sesi_tertutup_dan_instansi_lain_ditolak(asn_bungo, sesi_bungo, pegawai_bengkulu, hr_bungo):
    with pytest.raises(ValidationError):
        services.peserta_daftar(actor=hr_bungo, sesi=sesi_bungo, pegawai=pegawai_bengkulu)
    Sesi.objects.filter(pk=sesi_bungo.pk).update(status="ditutup")
    with pytest.raises(ValidationError):
        services.peserta_daftar(
            actor=asn_bungo, sesi=Sesi.objects.get(pk=sesi_bungo.pk), pegawai=asn_bungo.pegawai
        )


def test_orang_lain_tidak_bisa_mendaftarkan(asn_bungo, sesi_bungo, kepala_bungo):
    with pytest.raises(PermissionDenied):  # an ASN cannot nominate their own superior
        services.peserta_daftar(actor=asn_bungo, sesi=sesi_bungo, pegawai=kepala_bungo)


def _selesai(hr, pimpinan, pegawai, sesi, hasil="lulus"):
    p = services.peserta_daftar(actor=pimpinan, sesi=sesi, pegawai=pegawai)
    return services.peserta_selesaikan(actor=hr, peserta=p, hasil=hasil, nilai=88)


def test_selesai_lulus_mengkredit_jp_dan_menerbitkan_sertifikat(
    hr_bungo, pimpinan_bungo, asn_bungo, sesi_bungo
):
    p = _selesai(hr_bungo, pimpinan_bungo, asn_bungo.pegawai, sesi_bungo)
    kredit = KreditJP.objects.get(peserta=p)
    assert (kredit.jp, kredit.tahun, kredit.sumber) == (24, sesi_bungo.tanggal_selesai.year, "portal")
    s = Sertifikat.objects.get(peserta=p)
    assert len(s.kode) == 14 and s.jp == 24 and s.nama_pegawai == asn_bungo.pegawai.nama_lengkap
    with pytest.raises(ValidationError):  # completion happens once: no double credit
        services.peserta_selesaikan(actor=hr_bungo, peserta=p, hasil="lulus")
    assert KreditJP.objects.filter(pegawai=asn_bungo.pegawai).count() == 1


def test_tidak_lulus_tanpa_jp(hr_bungo, pimpinan_bungo, asn_bungo, sesi_bungo):
    p = _selesai(hr_bungo, pimpinan_bungo, asn_bungo.pegawai, sesi_bungo, hasil="tidak_lulus")
    assert not KreditJP.objects.filter(peserta=p).exists()
    assert not Sertifikat.objects.filter(peserta=p).exists()


def test_jp_setahun_dari_portal_dan_eksternal(hr_bungo, pimpinan_bungo, asn_bungo, instansi_bungo):
    """Vector 27: an 8 JP seminar (6 hours, external) + a 12 JP e-learning = 20 JP meets the target."""
    tahun = dt.date.today().year
    program = ProgramFactory(instansi=instansi_bungo, jp=12, bentuk="nonklasikal")
    sesi = SesiFactory(
        program=program, tanggal_mulai=dt.date(tahun, 5, 1), tanggal_selesai=dt.date(tahun, 5, 2)
    )
    _selesai(hr_bungo, pimpinan_bungo, asn_bungo.pegawai, sesi)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import PDF_BYTES

    eks = services.eksternal_ajukan(
        actor=asn_bungo,
        pegawai=asn_bungo.pegawai,
        data={
            "nama": "Seminar Pelayanan Publik",
            "penyelenggara": "Universitas Jambi",
            "bentuk": "klasikal",
            "tanggal_mulai": dt.date(tahun, 2, 3),
            "tanggal_selesai": dt.date(tahun, 2, 3),
            "durasi_menit": 360,
            "bukti": SimpleUploadedFile("s.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    assert eks.jp == 8
    assert selectors.jp_saya(pegawai=asn_bungo.pegawai, tahun=tahun)["total"] == 12  # not verified yet
    with pytest.raises(PermissionDenied):
        services.eksternal_verifikasi(actor=asn_bungo, eksternal=eks, setuju=True)
    services.eksternal_verifikasi(actor=hr_bungo, eksternal=eks, setuju=True)
    saya = selectors.jp_saya(pegawai=asn_bungo.pegawai, tahun=tahun)
    assert (saya["total"], saya["memenuhi"], saya["kekurangan"]) == (20, True, 0)
    # JP of another year do not count
    kredit_of(instansi_bungo, pegawai=asn_bungo.pegawai, jp=30, tahun=tahun - 1)
    assert selectors.jp_saya(pegawai=asn_bungo.pegawai, tahun=tahun)["total"] == 20


def test_eksternal_ditolak_perlu_alasan_dan_tanpa_jp(hr_bungo, asn_bungo):
    from .factories import eksternal_of

    eks = eksternal_of(asn_bungo.instansi, pegawai=asn_bungo.pegawai)
    with pytest.raises(ValidationError):
        services.eksternal_verifikasi(actor=hr_bungo, eksternal=eks, setuju=False)
    services.eksternal_verifikasi(actor=hr_bungo, eksternal=eks, setuju=False, catatan="Bukti tidak terbaca")
    assert not KreditJP.objects.filter(eksternal=eks).exists()


def test_jp_per_unit_dan_di_bawah_target(hr_bungo, asn_bungo, kepala_bungo, instansi_bungo):
    tahun = dt.date.today().year
    kredit_of(instansi_bungo, pegawai=asn_bungo.pegawai, jp=19, tahun=tahun)
    kredit_of(instansi_bungo, pegawai=kepala_bungo, jp=20, tahun=tahun)
    qs = selectors.jp_pegawai(user=hr_bungo, tahun=tahun)
    totals = {p.pk: p.total_jp for p in qs}
    assert totals == {asn_bungo.pegawai_id: 19, kepala_bungo.pk: 20}
    ring = selectors.jp_ringkasan(pegawai_qs=qs, tahun=tahun)
    assert (ring["jumlah"], ring["di_bawah"], ring["memenuhi"]) == (2, 1, 1)
    (unit,) = selectors.jp_per_unit(pegawai_qs=qs, tahun=tahun)
    assert (unit["unit"], unit["jumlah"], unit["di_bawah"], unit["rata"]) == (
        kepala_bungo.unit_kerja.nama,
        2,
        1,
        19.5,
    )


def test_cabut_sertifikat_menghapus_jp(hr_bungo, pimpinan_bungo, asn_bungo, sesi_bungo):
    p = _selesai(hr_bungo, pimpinan_bungo, asn_bungo.pegawai, sesi_bungo)
    s = p.sertifikat
    with pytest.raises(ValidationError):
        services.sertifikat_cabut(actor=hr_bungo, sertifikat=s, alasan=" ")
    s = services.sertifikat_cabut(actor=hr_bungo, sertifikat=s, alasan="Data kehadiran dipalsukan")
    assert s.dicabut and not KreditJP.objects.filter(peserta=p).exists()


def test_evaluasi_hanya_peserta_setelah_selesai(hr_bungo, pimpinan_bungo, asn_bungo, sesi_bungo):
    data = {"skor_materi": 5, "skor_pengajar": 4, "skor_penyelenggaraan": 4, "skor_manfaat": 5, "saran": ""}
    p = services.peserta_daftar(actor=pimpinan_bungo, sesi=sesi_bungo, pegawai=asn_bungo.pegawai)
    with pytest.raises(ValidationError):
        services.evaluasi_kirim(actor=asn_bungo, peserta=p, data=data)
    p = services.peserta_selesaikan(actor=hr_bungo, peserta=p, hasil="lulus")
    with pytest.raises(PermissionDenied):
        services.evaluasi_kirim(actor=hr_bungo, peserta=p, data=data)
    services.evaluasi_kirim(actor=asn_bungo, peserta=p, data=data)
    with pytest.raises(ValidationError):
        services.evaluasi_kirim(actor=asn_bungo, peserta=p, data=data)
    (row,) = selectors.evaluasi_per_program(user=hr_bungo)
    assert (row["jumlah"], row["materi"], row["pengajar"]) == (1, 5, 4)


def test_kehadiran_per_hari(hr_bungo, pimpinan_bungo, asn_bungo, sesi_bungo):
    p = services.peserta_daftar(actor=pimpinan_bungo, sesi=sesi_bungo, pegawai=asn_bungo.pegawai)
    hari = sesi_bungo.hari()
    assert len(hari) == 3
    services.kehadiran_catat(
        actor=hr_bungo, sesi=sesi_bungo, tanggal=hari[0], status_per_peserta={p.pk: "hadir"}
    )
    services.kehadiran_catat(
        actor=hr_bungo, sesi=sesi_bungo, tanggal=hari[1], status_per_peserta={p.pk: "sakit"}
    )
    services.kehadiran_catat(
        actor=hr_bungo, sesi=sesi_bungo, tanggal=hari[1], status_per_peserta={p.pk: "hadir"}
    )
    assert selectors.kehadiran_rekap(sesi=sesi_bungo)[p.pk]["hadir"] == 2
    with pytest.raises(ValidationError):
        services.kehadiran_catat(
            actor=hr_bungo, sesi=sesi_bungo, tanggal=hari[0] - dt.timedelta(days=1), status_per_peserta={}
        )


# --- recommendations ------------------------------------------------------------------------------------------------
def _kinerja_stub(monkeypatch, rows):
    """Until kinerja ships pegawai_predikat_rendah, feed the documented contract to our selector."""
    monkeypatch.setattr(selectors, "predikat_rendah", lambda *, instansi_id, tahun: rows)


def test_rekomendasi_dari_kinerja_dan_kompetensi(
    monkeypatch, hr_bungo, asn_bungo, kepala_bungo, instansi_bungo
):
    tahun = 2026
    digital = KompetensiFactory(instansi=instansi_bungo, nama="Literasi Digital")
    digital.jabatan.add(asn_bungo.pegawai.jabatan)
    program = ProgramFactory(instansi=instansi_bungo, jp=30)
    program.kompetensi.add(digital)
    _kinerja_stub(
        monkeypatch,
        [{"pegawai_id": kepala_bungo.pk, "predikat": "butuh_perbaikan", "predikat_label": "Butuh Perbaikan"}],
    )
    n = services.rekomendasi_susun(actor=hr_bungo, instansi_id=instansi_bungo.pk, tahun_kinerja=tahun)
    assert n == 2
    rows = {(r.pegawai_id, r.sumber): r for r in Rekomendasi.objects.filter(tahun=tahun + 1)}
    assert rows[(kepala_bungo.pk, "kinerja")].alasan == "Predikat kinerja Butuh Perbaikan"
    assert rows[(asn_bungo.pegawai_id, "kompetensi")].program_saran == program
    # idempotent
    assert services.rekomendasi_susun(actor=hr_bungo, instansi_id=instansi_bungo.pk, tahun_kinerja=tahun) == 0
    # HR turns them into the plan for next year
    made = services.rencana_dari_rekomendasi(
        actor=hr_bungo,
        rekomendasi=list(Rekomendasi.objects.all()),
        program=program,
        perkiraan_biaya=1_500_000,
    )
    assert made == 2
    assert set(RencanaPelatihan.objects.values_list("tahun", flat=True)) == {tahun + 1}
    assert set(Rekomendasi.objects.values_list("status", flat=True)) == {"direncanakan"}


def test_kompetensi_yang_sudah_dimiliki_tidak_direkomendasikan(
    monkeypatch, hr_bungo, pimpinan_bungo, asn_bungo, instansi_bungo
):
    digital = KompetensiFactory(instansi=instansi_bungo)
    digital.jabatan.add(asn_bungo.pegawai.jabatan)
    program = ProgramFactory(instansi=instansi_bungo)
    program.kompetensi.add(digital)
    _selesai(hr_bungo, pimpinan_bungo, asn_bungo.pegawai, SesiFactory(program=program))
    _kinerja_stub(monkeypatch, [])
    assert services.rekomendasi_susun(actor=hr_bungo, instansi_id=instansi_bungo.pk, tahun_kinerja=2026) == 0


def test_rekomendasi_abaikan_pegawai_instansi_lain(monkeypatch, hr_bungo, pegawai_bengkulu, instansi_bungo):
    _kinerja_stub(monkeypatch, [{"pegawai_id": pegawai_bengkulu.pk, "predikat": "Sangat Kurang"}])
    assert services.rekomendasi_susun(actor=hr_bungo, instansi_id=instansi_bungo.pk, tahun_kinerja=2026) == 0


def test_rekomendasi_lewat_kontrak_kinerja(monkeypatch, hr_bungo, kepala_bungo, instansi_bungo):
    """Our selector calls kinerja.selectors.pegawai_predikat_rendah(instansi_id=, tahun=) by its contract."""
    import sys
    import types

    calls = []

    def pegawai_predikat_rendah(*, instansi_id, tahun):
        calls.append((instansi_id, tahun))
        return [{"pegawai_id": kepala_bungo.pk, "predikat": "kurang", "predikat_label": "Kurang/Misconduct"}]

    import kinerja

    fake = getattr(kinerja, "selectors", None) or types.ModuleType("kinerja.selectors")
    monkeypatch.setattr(fake, "pegawai_predikat_rendah", pegawai_predikat_rendah, raising=False)
    monkeypatch.setitem(sys.modules, "kinerja.selectors", fake)
    assert services.rekomendasi_susun(actor=hr_bungo, instansi_id=instansi_bungo.pk, tahun_kinerja=2025) == 1
    assert calls == [(instansi_bungo.pk, 2025)]
    assert Rekomendasi.objects.get().tahun == 2026


def test_rekomendasi_hanya_hr(asn_bungo, instansi_bungo):
    with pytest.raises(PermissionDenied):
        services.rekomendasi_susun(actor=asn_bungo, instansi_id=instansi_bungo.pk, tahun_kinerja=2026)


def test_program_penyelenggara_instansi_lain(hr_bungo, instansi_bungo, instansi_bengkulu):
    from pelatihan.models import Program

    p = services.program_save(
        actor=hr_bungo,
        program=Program(
            instansi=instansi_bungo,
            kode="LATSAR",
            nama="Pelatihan Dasar CPNS",
            bidang="manajemen",
            bentuk="klasikal",
            jp=40,
            penyelenggara_instansi=instansi_bengkulu,
        ),
    )
    assert p.penyelenggara == instansi_bengkulu.nama
    assert pegawai_of  # factories import used by other tests


def test_rekomendasi_dari_evaluasi_kinerja_nyata(hr_bungo, instansi_bungo):
    """Crosses both apps with real data: kinerja evaluates an SKP as Butuh Perbaikan (its code is
    "butuh_perbaikan"), pelatihan's recommendation run finds that pegawai."""
    from kinerja.tests.factories import TAHUN, evaluasi_tahunan, skp_disetujui, struktur

    s = struktur(instansi_bungo)
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    ev = evaluasi_tahunan(skp, s["u_kepala"], hasil="di_bawah", perilaku="sesuai")
    assert ev.predikat == "butuh_perbaikan"
    n = services.rekomendasi_susun(actor=hr_bungo, instansi_id=instansi_bungo.pk, tahun_kinerja=TAHUN)
    assert n >= 1
    rek = Rekomendasi.objects.get(pegawai=s["staf"], sumber="kinerja")
    assert rek.alasan == "Predikat kinerja Butuh Perbaikan"


def test_lulus_mengikuti_syarat_kehadiran_program(hr_bungo, pimpinan_bungo, asn_bungo, instansi_bungo):
    """Present 1 of 2 days is not a pass with 24 JP: the programme's attendance rule (80%) decides."""
    program = ProgramFactory(instansi=instansi_bungo, jp=24, kehadiran_minimal_persen=80)
    hari1 = dt.date(dt.date.today().year, 6, 1)
    sesi = SesiFactory(program=program, tanggal_mulai=hari1, tanggal_selesai=hari1 + dt.timedelta(days=1))
    p = services.peserta_daftar(actor=pimpinan_bungo, sesi=sesi, pegawai=asn_bungo.pegawai)
    services.kehadiran_catat(actor=hr_bungo, sesi=sesi, tanggal=hari1, status_per_peserta={p.pk: "hadir"})
    services.kehadiran_catat(
        actor=hr_bungo, sesi=sesi, tanggal=hari1 + dt.timedelta(days=1), status_per_peserta={p.pk: "alpa"}
    )
    with pytest.raises(ValidationError) as exc:
        services.peserta_selesaikan(actor=hr_bungo, peserta=p, hasil="lulus")
    assert "1 dari 2 hari" in str(exc.value)
    p.refresh_from_db()
    assert p.status == "terdaftar" and not KreditJP.objects.filter(peserta=p).exists()
    # Tidak lulus is still possible; no JP, no certificate.
    services.peserta_selesaikan(actor=hr_bungo, peserta=p, hasil="tidak_lulus")
    assert not KreditJP.objects.filter(peserta=p).exists()


def test_lulus_bila_kehadiran_cukup(hr_bungo, pimpinan_bungo, asn_bungo, instansi_bungo):
    program = ProgramFactory(instansi=instansi_bungo, jp=24, kehadiran_minimal_persen=80)
    hari1 = dt.date(dt.date.today().year, 6, 1)
    sesi = SesiFactory(program=program, tanggal_mulai=hari1, tanggal_selesai=hari1 + dt.timedelta(days=1))
    p = services.peserta_daftar(actor=pimpinan_bungo, sesi=sesi, pegawai=asn_bungo.pegawai)
    for d in (0, 1):
        services.kehadiran_catat(
            actor=hr_bungo,
            sesi=sesi,
            tanggal=hari1 + dt.timedelta(days=d),
            status_per_peserta={p.pk: "hadir"},
        )
    services.peserta_selesaikan(actor=hr_bungo, peserta=p, hasil="lulus")
    assert KreditJP.objects.get(peserta=p).jp == 24


def test_halaman_selesai_menampilkan_alasan_kehadiran(
    client_hr_bungo, hr_bungo, pimpinan_bungo, asn_bungo, instansi_bungo
):
    from django.urls import reverse

    program = ProgramFactory(instansi=instansi_bungo, jp=24)
    hari1 = dt.date(dt.date.today().year, 6, 1)
    sesi = SesiFactory(program=program, tanggal_mulai=hari1, tanggal_selesai=hari1 + dt.timedelta(days=1))
    p = services.peserta_daftar(actor=pimpinan_bungo, sesi=sesi, pegawai=asn_bungo.pegawai)
    services.kehadiran_catat(actor=hr_bungo, sesi=sesi, tanggal=hari1, status_per_peserta={p.pk: "hadir"})
    r = client_hr_bungo.post(
        reverse("pelatihan:peserta_selesai", args=[p.pk]), {"hasil": "lulus", "nilai": "90"}, follow=True
    )
    assert "di bawah syarat kehadiran" in r.content.decode()
    assert not KreditJP.objects.filter(peserta=p).exists()


def _eksternal_data(**kw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import PDF_BYTES

    return {
        "nama": "Seminar Pelayanan Publik",
        "penyelenggara": "Universitas Jambi",
        "bentuk": "klasikal",
        "tanggal_mulai": dt.date(2026, 2, 3),
        "tanggal_selesai": dt.date(2026, 2, 3),
        "durasi_menit": 360,
        "bukti": SimpleUploadedFile("sertifikat.pdf", PDF_BYTES, content_type="application/pdf"),
        **kw,
    }


def test_failed_external_training_leaves_no_stray_file(asn_bungo, monkeypatch):
    """Issue 18: the evidence is checked before anything is stored and written before the transaction ends;
    when the audit write fails, the row is rolled back and the written file removed again."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from asnportal.testing.media import stored_files
    from pelatihan.models import PelatihanEksternal

    pegawai = asn_bungo.pegawai
    kept = services.eksternal_ajukan(actor=asn_bungo, pegawai=pegawai, data=_eksternal_data())
    before = stored_files()
    assert kept.bukti.name in before
    # Bad input: the field's errors and the row's errors together, nothing stored.
    fake = SimpleUploadedFile("sertifikat.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as exc:
        services.eksternal_ajukan(
            actor=asn_bungo, pegawai=pegawai, data=_eksternal_data(bukti=fake, penyelenggara="")
        )
    assert set(exc.value.message_dict) == {"bukti", "penyelenggara"}
    with pytest.raises(ValidationError) as exc:
        services.eksternal_ajukan(actor=asn_bungo, pegawai=pegawai, data=_eksternal_data(bukti=None))
    assert "bukti" in exc.value.message_dict

    def boom(*a, **kw):
        raise RuntimeError("audit gagal")

    monkeypatch.setattr(services.audit, "record", boom)
    with pytest.raises(RuntimeError):
        services.eksternal_ajukan(actor=asn_bungo, pegawai=pegawai, data=_eksternal_data())
    assert stored_files() == before
    assert list(PelatihanEksternal.objects.all()) == [kept] and kept.bukti.storage.exists(kept.bukti.name)
