"""Factories for kepegawaian tests and SCOPED_OBJECTS for the cross-instansi URL sweep."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from asnportal.testing.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory
from kepegawaian.models import (
    DokumenPegawai,
    PenugasanPlt,
    PerubahanPenataan,
    RekonsiliasiSIASN,
    RencanaPenataan,
    SelisihSIASN,
    UraianTugas,
    UsulanMutasi,
    UsulanPerubahanData,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pegawai_in(instansi, **kw):
    unit = UnitKerjaFactory(instansi=instansi)
    return PegawaiFactory(jabatan=JabatanFactory(unit_kerja=unit, instansi=instansi), **kw)


def uraian_tugas(instansi, **kw):
    jab = JabatanFactory(instansi=instansi, unit_kerja=UnitKerjaFactory(instansi=instansi))
    defaults = {"uraian": "Memverifikasi berkas", "volume": Decimal(100), "norma_waktu": 60}
    return UraianTugas.objects.create(jabatan=jab, **{**defaults, **kw})


def rencana(instansi, **kw):
    return RencanaPenataan.objects.create(
        instansi=instansi, nama="Rencana uji", tanggal_efektif=dt.date(2026, 1, 1), **kw
    )


def perubahan(instansi):
    unit = UnitKerjaFactory(instansi=instansi)
    return PerubahanPenataan.objects.create(
        rencana=rencana(instansi), urutan=1, jenis="ubah_nama_unit", unit=unit, nama_baru="Nama baru"
    )


def usulan_mutasi(instansi):
    p = pegawai_in(instansi)
    tujuan = JabatanFactory(instansi=instansi, unit_kerja=p.unit_kerja)
    return UsulanMutasi.objects.create(
        instansi=instansi,
        pegawai=p,
        jenis="mutasi",
        jabatan_asal=p.jabatan,
        jabatan_tujuan=tujuan,
        tmt=dt.date(2026, 1, 1),
    )


def dokumen(instansi):
    p = pegawai_in(instansi)
    d = DokumenPegawai(pegawai=p, jenis="sk_cpns", nomor="800/1/2015")
    d.berkas.save("sk.pdf", ContentFile(PDF_BYTES), save=True)
    return d


def usulan_data(instansi):
    p = pegawai_in(instansi)
    u = UsulanPerubahanData(pegawai=p, jenis="pendidikan", data={"jurusan": "Hukum"})
    u.dokumen.save("ijazah.pdf", ContentFile(PDF_BYTES), save=True)
    return u


def rekonsiliasi(instansi):
    return RekonsiliasiSIASN.objects.create(instansi=instansi, nama_berkas="siasn.csv")


def selisih(instansi):
    p = pegawai_in(instansi)
    return SelisihSIASN.objects.create(
        rekonsiliasi=rekonsiliasi(instansi),
        pegawai=p,
        nip=p.nip,
        jenis="beda",
        kolom="nama",
        nilai_portal=p.nama,
        nilai_siasn="Nama Lain",
    )


def pembuatan_akun(instansi, **kw):
    from kepegawaian.models import PembuatanAkun

    defaults = {
        "cakupan": "unit",
        "unit_kerja": UnitKerjaFactory(instansi=instansi),
        "catatan": "Catatan uji",
    }
    return PembuatanAkun.objects.create(instansi=instansi, **{**defaults, **kw})


def _riwayat_pangkat(instansi):
    from kepegawaian.models import RiwayatPangkat

    return RiwayatPangkat.objects.create(
        pegawai=pegawai_in(instansi), golongan="III/a", tmt=dt.date(2020, 4, 1)
    )


def impor_data(instansi):
    from django.core.files.base import ContentFile

    from kepegawaian.models import ImporData

    job = ImporData(instansi=instansi, jenis="pegawai", nama_berkas="data.csv", status="success")
    job.berkas.save("data.csv", ContentFile(b"nip,nama,status_kepegawaian\n"), save=False)
    job.save()
    return job


def penugasan_plt(instansi, **kw):
    """A current Plt. assignment: a pegawai of `instansi` acts in another position of it."""
    p = pegawai_in(instansi)
    jab = JabatanFactory(
        instansi=instansi, unit_kerja=p.unit_kerja, nama="Kepala Seksi Uji", parent=p.jabatan
    )
    defaults = {
        "jenis": "plt",
        "tanggal_mulai": dt.date(2020, 1, 1),
        "tanggal_selesai": dt.date(2099, 12, 31),
        "nomor_sk": "800/12/BKPSDM/2026",
    }
    return PenugasanPlt.objects.create(instansi=instansi, pegawai=p, jabatan=jab, **{**defaults, **kw})


SCOPED_OBJECTS = {
    "kepegawaian.PenugasanPlt": penugasan_plt,
    "kepegawaian.UnitKerja": lambda instansi: UnitKerjaFactory(instansi=instansi),
    "kepegawaian.Jabatan": lambda instansi: JabatanFactory(
        instansi=instansi, unit_kerja=UnitKerjaFactory(instansi=instansi)
    ),
    "kepegawaian.Pegawai": pegawai_in,
    "kepegawaian.UraianTugas": uraian_tugas,
    "kepegawaian.RencanaPenataan": rencana,
    "kepegawaian.PerubahanPenataan": perubahan,
    "kepegawaian.UsulanMutasi": usulan_mutasi,
    "kepegawaian.DokumenPegawai": dokumen,
    "kepegawaian.UsulanPerubahanData": usulan_data,
    "kepegawaian.RekonsiliasiSIASN": rekonsiliasi,
    "kepegawaian.SelisihSIASN": selisih,
    "kepegawaian.PembuatanAkun": pembuatan_akun,
    "kepegawaian.ImporData": impor_data,
    "kepegawaian.Instansi": lambda instansi: instansi,
    "kepegawaian.RiwayatPangkat": lambda instansi: _riwayat_pangkat(instansi),
}
