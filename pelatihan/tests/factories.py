"""Factories of the pelatihan app, and SCOPED_OBJECTS for the scoping sweep (tests/test_scoping_sweep.py)."""

import datetime as dt

import factory

from asnportal.testing.factories import InstansiFactory, JabatanFactory, PegawaiFactory, UnitKerjaFactory
from pelatihan.choices import Hasil, StatusPeserta, StatusVerifikasi, SumberJP
from pelatihan.models import (
    Evaluasi,
    Kehadiran,
    Kompetensi,
    KreditJP,
    PelatihanEksternal,
    Peserta,
    Program,
    Rekomendasi,
    RencanaPelatihan,
    Sertifikat,
    Sesi,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class KompetensiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kompetensi

    instansi = factory.SubFactory(InstansiFactory)
    kode = factory.Sequence(lambda n: f"K{n:03d}")
    nama = factory.Sequence(lambda n: f"Kompetensi {n}")
    jenis = "teknis"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    instansi = factory.SubFactory(InstansiFactory)
    kode = factory.Sequence(lambda n: f"PRG{n:03d}")
    nama = factory.Sequence(lambda n: f"Pelatihan Literasi Digital {n}")
    bidang = "digital"
    bentuk = "klasikal"
    jp = 24


class SesiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sesi

    program = factory.SubFactory(ProgramFactory)
    instansi = factory.SelfAttribute("program.instansi")
    nama = factory.Sequence(lambda n: f"Angkatan {n}")
    tanggal_mulai = factory.LazyFunction(lambda: dt.date.today().replace(month=3, day=10))
    tanggal_selesai = factory.LazyAttribute(lambda o: o.tanggal_mulai + dt.timedelta(days=2))
    tempat = "Aula BKPSDM"
    kapasitas = 2
    anggaran_rencana = 10_000_000
    status = "dibuka"


def pegawai_of(instansi):
    unit = UnitKerjaFactory(instansi=instansi)
    return PegawaiFactory(jabatan=JabatanFactory(unit_kerja=unit, instansi=instansi))


def peserta_of(instansi, *, status=StatusPeserta.TERDAFTAR, sesi=None, pegawai=None) -> Peserta:
    sesi = sesi or SesiFactory(program=ProgramFactory(instansi=instansi), kapasitas=5)
    pegawai = pegawai or pegawai_of(instansi)
    p = Peserta.objects.create(instansi=instansi, sesi=sesi, pegawai=pegawai, status=status)
    if status in (StatusPeserta.TERDAFTAR, StatusPeserta.SELESAI):
        Sesi.objects.filter(pk=sesi.pk).update(terisi=sesi.terisi + 1)
        sesi.refresh_from_db()
    return p


def sertifikat_of(instansi) -> Sertifikat:
    p = peserta_of(instansi, status=StatusPeserta.TERDAFTAR)
    Peserta.objects.filter(pk=p.pk).update(
        status=StatusPeserta.SELESAI, hasil=Hasil.LULUS, selesai_pada=p.sesi.tanggal_selesai
    )
    return Sertifikat.objects.create(
        peserta=p,
        nomor=f"UJI/{p.pk}",
        nama_pegawai=p.pegawai.nama_lengkap,
        nama_program=p.sesi.program.nama,
        penyelenggara=str(instansi),
        tanggal_mulai=p.sesi.tanggal_mulai,
        tanggal_selesai=p.sesi.tanggal_selesai,
        jp=p.sesi.program.jp,
    )


def eksternal_of(instansi, *, pegawai=None, status=StatusVerifikasi.DIAJUKAN) -> PelatihanEksternal:
    from django.core.files.base import ContentFile

    obj = PelatihanEksternal(
        instansi=instansi,
        pegawai=pegawai or pegawai_of(instansi),
        nama="Seminar Nasional Pelayanan Publik",
        penyelenggara="Universitas Jambi",
        bentuk="klasikal",
        tanggal_mulai=dt.date.today().replace(month=2, day=1),
        tanggal_selesai=dt.date.today().replace(month=2, day=1),
        durasi_menit=360,
        jp=8,
        status=status,
    )
    obj.bukti.save("sertifikat.pdf", ContentFile(PDF_BYTES), save=False)
    obj.save()
    return obj


def kredit_of(instansi, *, pegawai, jp, tahun=None) -> KreditJP:
    """A JP credit from a verified external training (the ledger's source of truth in tests)."""
    tahun = tahun or dt.date.today().year
    eks = eksternal_of(instansi, pegawai=pegawai, status=StatusVerifikasi.DIVERIFIKASI)
    return KreditJP.objects.create(
        instansi=instansi,
        pegawai=pegawai,
        tahun=tahun,
        tanggal=dt.date(tahun, 2, 1),
        jp=jp,
        sumber=SumberJP.EKSTERNAL,
        uraian=eks.nama,
        eksternal=eks,
    )


def _evaluasi(instansi):
    p = sertifikat_of(instansi).peserta
    return Evaluasi.objects.create(
        peserta=p, skor_materi=4, skor_pengajar=5, skor_penyelenggaraan=4, skor_manfaat=3
    )


def _kehadiran(instansi):
    p = peserta_of(instansi)
    return Kehadiran.objects.create(peserta=p, tanggal=p.sesi.tanggal_mulai, status="hadir")


def _rekomendasi(instansi):
    return Rekomendasi.objects.create(
        instansi=instansi,
        pegawai=pegawai_of(instansi),
        tahun=2027,
        sumber="kinerja",
        alasan="Predikat Butuh Perbaikan",
    )


def _rencana(instansi):
    rek = _rekomendasi(instansi)
    return RencanaPelatihan.objects.create(
        instansi=instansi,
        tahun=2027,
        pegawai=rek.pegawai,
        program=ProgramFactory(instansi=instansi),
        rekomendasi=rek,
    )


SCOPED_OBJECTS = {
    "pelatihan.Kompetensi": lambda instansi: KompetensiFactory(instansi=instansi),
    "pelatihan.Program": lambda instansi: ProgramFactory(instansi=instansi),
    "pelatihan.Sesi": lambda instansi: SesiFactory(program=ProgramFactory(instansi=instansi)),
    "pelatihan.Peserta": lambda instansi: peserta_of(instansi),
    "pelatihan.Kehadiran": _kehadiran,
    "pelatihan.PelatihanEksternal": lambda instansi: eksternal_of(instansi),
    "pelatihan.Sertifikat": sertifikat_of,
    "pelatihan.Evaluasi": _evaluasi,
    "pelatihan.Rekomendasi": _rekomendasi,
    "pelatihan.RencanaPelatihan": _rencana,
}
