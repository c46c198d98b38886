"""Factories for the survei app and the SCOPED_OBJECTS contract of the scoping sweep."""

from __future__ import annotations

import datetime as dt
import itertools
import time

import factory
from django.utils import timezone

from asnportal.testing.factories import UnitKerjaFactory

from .. import rules, services
from ..models import PublikasiIKM, RencanaTindakLanjut, Respons, UnitLayanan

_seq = itertools.count(1)


class UnitLayananFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitLayanan

    unit_kerja = factory.SubFactory(UnitKerjaFactory)
    instansi = factory.SelfAttribute("unit_kerja.instansi")
    nama = factory.Sequence(lambda n: f"Loket Layanan {n}")
    slug = factory.Sequence(lambda n: f"loket-{n}")
    jenis_layanan = "KTP-el\nKartu Keluarga"


def unit_for(instansi) -> UnitLayanan:
    return UnitLayananFactory(unit_kerja=UnitKerjaFactory(instansi=instansi), instansi=instansi)


def respons(unit, nilai=(3,) * 9, *, tanggal=None, **extra) -> Respons:
    """A stored response with the given nine scores (bypasses the public checks)."""
    n = next(_seq)
    fields = {
        **dict(zip(rules.KODE_UNSUR, nilai, strict=True)),
        "usia": 30,
        "jenis_kelamin": "P",
        "pendidikan": "S1",
        "pekerjaan": "SWASTA",
        "jenis_layanan": "KTP-el",
        "tanggal": tanggal or timezone.localdate(),
        "slot_waktu": "08-12",
        "persetujuan": True,
        "persetujuan_versi": "uji",
        "persetujuan_waktu": timezone.now(),
        "ip_hash": f"ip{n}",
        "token_hash": f"t{n}",
        "sidik": f"s{n}",
        **extra,
    }
    return Respons.objects.create(instansi_id=unit.instansi_id, unit=unit, **fields)


def rencana_for(instansi) -> RencanaTindakLanjut:
    unit = unit_for(instansi)
    return RencanaTindakLanjut.objects.create(
        instansi=instansi,
        unit=unit,
        jenis_periode="triwulan",
        tahun=2026,
        nomor=1,
        unsur=8,
        kegiatan="Sediakan kotak pengaduan",
        penanggung_jawab="Kasubag Umum",
        tenggat=dt.date(2026, 6, 30),
    )


def publikasi_for(instansi) -> PublikasiIKM:
    unit = unit_for(instansi)
    return PublikasiIKM.objects.create(
        instansi=instansi,
        unit=unit,
        jenis_periode="tahun",
        tahun=2025,
        nomor=1,
        jumlah_responden=10,
        jumlah_nilai=[30] * 9,
        bobot="exact",
        nilai="75.00",
        mutu="C",
        kinerja="Kurang Baik",
    )


def old_token(unit, seconds: float = 60) -> str:
    """A form token issued `seconds` ago (passes the minimum fill time)."""
    return services.buat_token(unit, now=time.time() - seconds)


def populasi_for(instansi):
    from ..models import PopulasiLayanan

    return PopulasiLayanan.objects.create(
        instansi=instansi,
        unit=unit_for(instansi),
        jenis_periode="tahun",
        tahun=2025,
        nomor=1,
        jumlah_pengguna=1000,
    )


SCOPED_OBJECTS = {
    "survei.UnitLayanan": unit_for,
    "survei.RencanaTindakLanjut": rencana_for,
    "survei.PublikasiIKM": publikasi_for,
    "survei.PopulasiLayanan": populasi_for,
    "survei.Respons": lambda instansi: respons(unit_for(instansi)),
}
