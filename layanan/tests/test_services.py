"""Each layanan from usul to SK, with a returned document; the rank / KGB history written on TMT; pensiun;
the Surat Izin Cuti."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from asnportal.dokumen.signing import verifikasi_pdf
from asnportal.models import AuditLog, Notifikasi
from kepegawaian.models import Pegawai, RiwayatPangkat
from layanan import services
from layanan.choices import StatusBerkas, StatusUsul
from layanan.models import RiwayatGajiBerkala, Usul

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _file(name="berkas.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _pdf_text(dok) -> str:
    data = dok.berkas.open("rb").read()
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def _lengkapi(u: Usul, actor):
    for b in u.berkas.select_related("syarat"):
        if b.syarat.wajib and b.status != StatusBerkas.DITERIMA:
            services.berkas_unggah(actor=actor, berkas=b, file=_file())


def test_kp_from_usul_to_sk_with_returned_document(
    hr_bungo, asn_bungo, pejabat_bungo, pegawai_bungo, kunci_bungo, django_capture_on_commit_callbacks
):
    u = services.usul_buat(actor=hr_bungo, layanan="kp", pegawai=pegawai_bungo, tmt=dt.date(2026, 4, 1))
    assert u.status == StatusUsul.BERKAS and (u.golongan_lama, u.golongan_baru) == ("III/a", "III/b")
    kode = set(u.berkas.values_list("syarat__kode", flat=True))
    assert {"sk_kp_terakhir", "skp_1", "skp_2", "ijazah"} <= kode and "ijazah_baru" not in kode
    assert Notifikasi.objects.filter(user=asn_bungo).count() == 1
    with pytest.raises(ValidationError, match="Lengkapi dahulu"):
        services.usul_ajukan(actor=asn_bungo, usul=u)
    _lengkapi(u, asn_bungo)
    services.usul_ajukan(actor=asn_bungo, usul=u)
    # HR returns the SKP with a reason, accepts the rest
    skp = u.berkas.get(syarat__kode="skp_2")
    with pytest.raises(ValidationError):
        services.berkas_verifikasi(actor=hr_bungo, berkas=skp, terima=False, alasan="  ")
    services.berkas_verifikasi(
        actor=hr_bungo, berkas=skp, terima=False, alasan="SKP 2024 belum ditandatangani"
    )
    for b in u.berkas.filter(status=StatusBerkas.DIUNGGAH):
        services.berkas_verifikasi(actor=hr_bungo, berkas=b, terima=True)
    u.refresh_from_db()
    assert u.status == StatusUsul.PERBAIKAN
    assert Notifikasi.objects.filter(user=asn_bungo, judul__contains="dikembalikan").exists()
    with pytest.raises(PermissionDenied):
        services.berkas_verifikasi(actor=asn_bungo, berkas=skp, terima=True)
    # the ASN replaces it; the old file is deleted after commit
    old = u.berkas.get(pk=skp.pk).berkas.name
    with django_capture_on_commit_callbacks(execute=True):
        services.berkas_unggah(actor=asn_bungo, berkas=skp, file=_file("skp-baru.pdf"))
    assert not skp.berkas.storage.exists(old)
    services.usul_ajukan(actor=asn_bungo, usul=u)
    services.berkas_verifikasi(actor=hr_bungo, berkas=u.berkas.get(pk=skp.pk), terima=True)
    u.refresh_from_db()
    assert u.status == StatusUsul.TERVERIFIKASI
    # only the pejabat approves
    with pytest.raises(PermissionDenied):
        services.usul_setujui(actor=hr_bungo, usul=u)
    services.usul_setujui(actor=pejabat_bungo, usul=u)
    with pytest.raises(ValidationError):
        services.sk_terbitkan(actor=hr_bungo, usul=u, kapasitas="Plt.")  # a Plt may not sign a KP SK
    dok = services.sk_terbitkan(actor=hr_bungo, usul=u)
    u.refresh_from_db()
    # TMT 1 Apr 2026 has passed: the rank history is written at once with the SK number
    assert u.status == StatusUsul.SELESAI and u.dokumen == dok
    rp = RiwayatPangkat.objects.get(pegawai=pegawai_bungo, golongan="III/b")
    assert rp.nomor_sk == dok.nomor and rp.tmt == dt.date(2026, 4, 1) and rp.jenis == "reguler"
    p = Pegawai.objects.get(pk=pegawai_bungo.pk)
    assert (p.golongan, p.tmt_golongan) == ("III/b", dt.date(2026, 4, 1))
    assert dok.ditandatangani and verifikasi_pdf(dok.berkas.open("rb").read()).sah
    text = _pdf_text(dok)
    assert dok.nomor in text and "KENAIKAN PANGKAT" in text and "III/b" in text and "1 April 2026" in text
    assert "Ditandatangani secara elektronik" in text and "DEMO" in text and "Kode verifikasi" in text
    assert AuditLog.objects.filter(object_type="layanan.Usul", object_id=str(u.pk)).count() >= 8
    # nothing twice: a second SK for the same usul is refused
    with pytest.raises(ValidationError):
        services.sk_terbitkan(actor=hr_bungo, usul=u)


def test_kp_rank_history_waits_for_tmt(hr_bungo, pejabat_bungo, pegawai_bungo, kunci_bungo):
    u = services.usul_buat(actor=hr_bungo, layanan="kp", pegawai=pegawai_bungo, tmt=dt.date(2027, 2, 1))
    _lengkapi(u, hr_bungo)  # HR uploads for the ASN
    services.usul_ajukan(actor=hr_bungo, usul=u)
    for b in u.berkas.filter(status=StatusBerkas.DIUNGGAH):
        services.berkas_verifikasi(actor=hr_bungo, berkas=b, terima=True)
    services.usul_setujui(actor=pejabat_bungo, usul=Usul.objects.get(pk=u.pk))
    dok = services.sk_terbitkan(actor=hr_bungo, usul=u)
    u.refresh_from_db()
    assert u.status == StatusUsul.SK_TERBIT and not RiwayatPangkat.objects.filter(golongan="III/b").exists()
    assert services.usul_terapkan_jatuh_tempo() == 0
    with time_machine.travel(dt.datetime(2027, 2, 1, 1, 0), tick=False):
        assert services.usul_terapkan_jatuh_tempo() == 1
        assert services.usul_terapkan_jatuh_tempo() == 0  # idempotent
    assert RiwayatPangkat.objects.get(pegawai=pegawai_bungo, golongan="III/b").nomor_sk == dok.nomor


def test_kp_periods_and_guards(hr_bungo, asn_bungo, pegawai_bungo, hr_bengkulu):
    with pytest.raises(ValidationError, match="periode"):
        services.usul_buat(actor=hr_bungo, layanan="kp", pegawai=pegawai_bungo, tmt=dt.date(2026, 3, 1))
    with pytest.raises(PermissionDenied):
        services.usul_buat(actor=asn_bungo, layanan="kp", pegawai=pegawai_bungo, tmt=dt.date(2026, 4, 1))
    with pytest.raises(PermissionDenied):
        services.usul_buat(actor=hr_bengkulu, layanan="kp", pegawai=pegawai_bungo, tmt=dt.date(2026, 4, 1))
    services.usul_buat(actor=hr_bungo, layanan="kp", pegawai=pegawai_bungo, tmt=dt.date(2026, 4, 1))
    with pytest.raises(ValidationError, match="sudah memiliki usul"):
        services.usul_buat(actor=hr_bungo, layanan="kp", pegawai=pegawai_bungo, tmt=dt.date(2026, 4, 1))
    dibuat, dilewati = services.usul_buat_banyak(
        actor=hr_bungo, layanan="kp", pegawai_ids=[pegawai_bungo.pk], tmt=dt.date(2026, 4, 1)
    )
    assert dibuat == [] and "sudah memiliki usul" in dilewati[0][1]


def test_kgb_from_usul_to_notice_and_history_on_tmt(
    hr_bungo, pejabat_bungo, pegawai_bungo, kunci_bungo, gaji_tabel
):
    u = services.usul_buat(actor=hr_bungo, layanan="kgb", pegawai=pegawai_bungo, tmt=dt.date(2027, 1, 1))
    # TMT CPNS 2005-01-01 → MKG 22 on 2027-01-01; III/a steps known: 0, 2, 32 → the step 2 cell (unconfirmed)
    assert (u.mkg_tahun, u.gaji_pokok_baru, u.gaji_terkonfirmasi) == (22, 2_873_500, False)
    assert u.kgb_berikut == dt.date(2029, 1, 1)
    _lengkapi(u, hr_bungo)
    services.usul_ajukan(actor=hr_bungo, usul=u)
    for b in u.berkas.filter(status=StatusBerkas.DIUNGGAH):
        services.berkas_verifikasi(actor=hr_bungo, berkas=b, terima=True)
    services.usul_setujui(actor=pejabat_bungo, usul=Usul.objects.get(pk=u.pk))
    dok = services.sk_terbitkan(actor=hr_bungo, usul=u)
    text = _pdf_text(dok)
    assert "KENAIKAN GAJI BERKALA" in text and "Rp 2.873.500" in text and "1 Januari 2029" in text
    assert "belum dicocokkan" in text  # the unconfirmed table value is said on the letter
    assert not RiwayatGajiBerkala.objects.filter(pegawai=pegawai_bungo).exists()
    with time_machine.travel(dt.datetime(2027, 1, 1, 1, 0), tick=False):
        services.usul_terapkan_jatuh_tempo()
    r = RiwayatGajiBerkala.objects.get(pegawai=pegawai_bungo)
    assert (r.gaji_pokok, r.mkg_tahun, r.kgb_berikut, r.nomor_sk) == (
        2_873_500,
        22,
        dt.date(2029, 1, 1),
        dok.nomor,
    )


def test_kgb_without_table_value_cannot_be_approved(hr_bungo, pejabat_bungo, pegawai_bungo):
    u = services.usul_buat(actor=hr_bungo, layanan="kgb", pegawai=pegawai_bungo, tmt=dt.date(2027, 1, 1))
    assert u.gaji_pokok_baru is None
    _lengkapi(u, hr_bungo)
    services.usul_ajukan(actor=hr_bungo, usul=u)
    for b in u.berkas.filter(status=StatusBerkas.DIUNGGAH):
        services.berkas_verifikasi(actor=hr_bungo, berkas=b, terima=True)
    with pytest.raises(ValidationError, match="tabel gaji"):
        services.usul_setujui(actor=pejabat_bungo, usul=Usul.objects.get(pk=u.pk))


def test_pensiun_sets_pegawai_inactive_on_tmt(hr_bungo, pejabat_bungo, pegawai_bungo, kunci_bungo):
    u = services.usul_buat(actor=hr_bungo, layanan="pensiun", pegawai=pegawai_bungo)
    assert u.bup == 58 and u.tmt.day == 1 and u.tmt > u.tanggal_bup
    _lengkapi(u, hr_bungo)
    services.usul_ajukan(actor=hr_bungo, usul=u)
    for b in u.berkas.filter(status=StatusBerkas.DIUNGGAH):
        services.berkas_verifikasi(actor=hr_bungo, berkas=b, terima=True)
    services.usul_setujui(actor=pejabat_bungo, usul=Usul.objects.get(pk=u.pk))
    dok = services.sk_terbitkan(actor=hr_bungo, usul=u)
    assert "PENSIUN" in _pdf_text(dok)
    assert Pegawai.objects.get(pk=pegawai_bungo.pk).status_aktif == "aktif"
    with time_machine.travel(dt.datetime(u.tmt.year, u.tmt.month, u.tmt.day, 1, 0), tick=False):
        assert services.usul_terapkan_jatuh_tempo() == 1
    assert Pegawai.objects.get(pk=pegawai_bungo.pk).status_aktif == "pensiun"
    assert AuditLog.objects.filter(
        object_type="kepegawaian.Pegawai", object_id=str(pegawai_bungo.pk)
    ).exists()


def test_tolak_needs_reason_and_notifies(hr_bungo, asn_bungo, pegawai_bungo):
    u = services.usul_buat(actor=hr_bungo, layanan="kp", pegawai=pegawai_bungo, tmt=dt.date(2026, 4, 1))
    with pytest.raises(ValidationError):
        services.usul_tolak(actor=hr_bungo, usul=u, alasan="")
    with pytest.raises(PermissionDenied):
        services.usul_tolak(actor=asn_bungo, usul=u, alasan="x")
    services.usul_tolak(actor=hr_bungo, usul=u, alasan="Masa kerja belum cukup")
    assert Usul.objects.get(pk=u.pk).status == StatusUsul.DITOLAK
    assert Notifikasi.objects.filter(user=asn_bungo, judul__contains="ditolak").exists()
