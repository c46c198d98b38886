"""Factories of the layanan and the SCOPED_OBJECTS contract of the scoping sweep."""

from __future__ import annotations

import datetime as dt

from asnportal.testing.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory
from layanan import services
from layanan.models import BerkasUsul, ProsesMassal, RiwayatGajiBerkala, SyaratDokumen, Usul


def pegawai_in(instansi, **kw):
    return PegawaiFactory(
        jabatan=JabatanFactory(unit_kerja=UnitKerjaFactory(instansi=instansi), instansi=instansi), **kw
    )


def usul(instansi, *, layanan="kp", tmt=dt.date(2026, 4, 1), **kw) -> Usul:
    """An usul with its checklist, written directly (the services are tested on their own)."""
    p = kw.pop("pegawai", None) or pegawai_in(instansi)
    u = Usul.objects.create(
        instansi=instansi,
        layanan=layanan,
        sub_jenis={"kp": "reguler", "kgb": "kgb", "pensiun": "bup"}[layanan],
        pegawai=p,
        tmt=tmt,
        golongan_lama=p.golongan,
        golongan_baru="III/b",
        **kw,
    )
    services.syarat_pastikan(instansi_id=instansi.pk)
    for s in SyaratDokumen.objects.filter(
        instansi=instansi, layanan=layanan, sub_jenis__in=["", u.sub_jenis]
    ):
        BerkasUsul.objects.create(usul=u, syarat=s)
    return u


def _berkas(instansi):
    return usul(instansi).berkas.first()


def _proses(instansi):
    return ProsesMassal.objects.create(
        instansi=instansi, aksi="verifikasi", layanan="kp", usul_ids=[], total=0
    )


def _riwayat(instansi):
    return RiwayatGajiBerkala.objects.create(
        pegawai=pegawai_in(instansi),
        golongan="III/a",
        mkg_tahun=2,
        gaji_pokok=2_873_500,
        tmt=dt.date(2026, 1, 1),
    )


SCOPED_OBJECTS = {
    "layanan.Usul": usul,
    "layanan.BerkasUsul": _berkas,
    "layanan.ProsesMassal": _proses,
    "layanan.RiwayatGajiBerkala": _riwayat,
    "layanan.SyaratDokumen": lambda instansi: (
        services.syarat_pastikan(instansi_id=instansi.pk),
        SyaratDokumen.objects.filter(instansi=instansi).first(),
    )[1],
}
