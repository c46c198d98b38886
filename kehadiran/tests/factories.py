"""Factories for kehadiran and the SCOPED_OBJECTS contract of the scoping sweep."""

from __future__ import annotations

import datetime as dt

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from asnportal.testing.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory
from kehadiran.models import (
    HariLibur,
    ImporPresensi,
    JadwalKerja,
    JadwalShift,
    JenisCuti,
    KoreksiPresensi,
    LokasiKantor,
    PengajuanCuti,
    Presensi,
    SaldoCuti,
    Shift,
    StatusHarianPegawai,
)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def bukti(name="bukti.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pegawai_in(instansi, **kw):
    unit = UnitKerjaFactory(instansi=instansi)
    return PegawaiFactory(jabatan=JabatanFactory(unit_kerja=unit, instansi=instansi), **kw)


class JadwalKerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JadwalKerja

    nama = factory.Sequence(lambda n: f"Jadwal {n}")
    hari_kerja = "0,1,2,3,4"
    jam_masuk = dt.time(7, 30)
    jam_pulang = dt.time(16, 0)
    jam_pulang_jumat = dt.time(16, 30)


class JenisCutiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JenisCuti
        django_get_or_create = ("instansi", "kode")

    kode = "tahunan"
    nama = "Cuti tahunan"
    untuk_pns = True
    untuk_pppk = True
    hak_hari_per_tahun = 12
    maks_tangguhan_hari = 6
    potong_saldo = True
    maks_hari_per_pengajuan = 18


def _koreksi(instansi):
    p = pegawai_in(instansi)
    return KoreksiPresensi.objects.create(
        pegawai=p,
        tanggal=dt.date(2026, 3, 2),
        jenis="lupa_masuk",
        jam_masuk=dt.time(7, 20),
        alasan="lupa",
        bukti=bukti(),
    )


def _cuti(instansi):
    p = pegawai_in(instansi)
    return PengajuanCuti.objects.create(
        pegawai=p,
        jenis=JenisCutiFactory(instansi=instansi),
        tanggal_mulai=dt.date(2026, 3, 2),
        tanggal_selesai=dt.date(2026, 3, 3),
        jumlah_hari=2,
        alasan="keluarga",
        bukti=bukti(),
    )


def _shift(instansi):
    j = JadwalKerjaFactory(
        instansi=instansi, berbasis_shift=True, unit_kerja=UnitKerjaFactory(instansi=instansi)
    )
    return Shift.objects.create(
        jadwal=j, kode="M", nama="Malam", jam_masuk=dt.time(21), jam_pulang=dt.time(7)
    )


SCOPED_OBJECTS = {
    "kepegawaian.Pegawai": lambda instansi: pegawai_in(instansi),
    "kehadiran.JadwalKerja": lambda instansi: JadwalKerjaFactory(
        instansi=instansi, unit_kerja=UnitKerjaFactory(instansi=instansi)
    ),
    "kehadiran.Shift": _shift,
    "kehadiran.JadwalShift": lambda instansi: JadwalShift.objects.create(
        pegawai=pegawai_in(instansi), tanggal=dt.date(2026, 3, 2), shift=_shift(instansi)
    ),
    "kehadiran.HariLibur": lambda instansi: HariLibur.objects.create(
        instansi=instansi, tanggal=dt.date(2026, 8, 17), nama="HUT RI"
    ),
    "kehadiran.LokasiKantor": lambda instansi: LokasiKantor.objects.create(
        instansi=instansi,
        unit_kerja=UnitKerjaFactory(instansi=instansi),
        nama="Kantor",
        mode="jaringan",
        jaringan="10.0.0.0/8",
    ),
    "kehadiran.JenisCuti": lambda instansi: JenisCutiFactory(instansi=instansi),
    "kehadiran.SaldoCuti": lambda instansi: SaldoCuti.objects.create(
        pegawai=pegawai_in(instansi), jenis=JenisCutiFactory(instansi=instansi), tahun=2026, hak_hari=12
    ),
    "kehadiran.PengajuanCuti": _cuti,
    "kehadiran.KoreksiPresensi": _koreksi,
    "kehadiran.Presensi": lambda instansi: Presensi.objects.create(
        pegawai=pegawai_in(instansi), waktu=timezone.now(), jenis="masuk", sumber="web"
    ),
    "kehadiran.ImporPresensi": lambda instansi: ImporPresensi.objects.create(
        instansi=instansi, nama_berkas="a.csv"
    ),
    "kehadiran.StatusHarianPegawai": lambda instansi: StatusHarianPegawai.objects.create(
        pegawai=pegawai_in(instansi), tanggal=dt.date(2026, 3, 2), status="hadir"
    ),
}
