"""Test builders for kinerja. Workflow state is built by calling services, not by writing rows."""

from __future__ import annotations

import datetime as dt

from asnportal.testing.factories import (
    JabatanFactory,
    PegawaiFactory,
    UnitKerjaFactory,
    asn_user,
    kepala_unit,
)
from kinerja import services
from kinerja.models import (
    SKP,
    Evaluasi,
    IndikatorKinerja,
    Keberatan,
    PerilakuKerja,
    Realisasi,
    RencanaHasilKerja,
)

TAHUN = 2026


def struktur(instansi):
    """A unit with a head (penilai), their own superior (atasan penilai) and one staff member, with users."""
    unit = UnitKerjaFactory(instansi=instansi)
    top_jab = JabatanFactory(
        unit_kerja=unit, instansi=instansi, jenis="JPT", is_kepala_unit=False, nama="Sekda"
    )
    atasan2 = PegawaiFactory(jabatan=top_jab, nama="Atasan Penilai")
    kepala = kepala_unit(unit, nama="Penilai")
    kepala.jabatan.parent = top_jab
    kepala.jabatan.save()
    staf_jab = JabatanFactory(unit_kerja=unit, instansi=instansi, parent=kepala.jabatan)
    staf = PegawaiFactory(jabatan=staf_jab, nama="Staf")
    return {
        "unit": unit,
        "atasan2": atasan2,
        "kepala": kepala,
        "staf": staf,
        "u_atasan2": asn_user(atasan2),
        "u_kepala": asn_user(kepala),
        "u_staf": asn_user(staf),
    }


def skp_draft(user, *, tahun=TAHUN, rhk_atasan=None) -> SKP:
    skp = services.skp_create(actor=user, pegawai=user.pegawai, tahun=tahun)
    rhk = services.rhk_save(
        actor=user,
        skp=skp,
        data={"jenis": "utama", "urutan": 1, "uraian": "Dokumen terselesaikan", "rhk_atasan": rhk_atasan},
    )
    services.indikator_save(
        actor=user,
        rhk=rhk,
        data={"aspek": "kuantitas", "indikator": "Jumlah dokumen", "target": 10, "satuan": "dokumen"},
    )
    return skp


def skp_disetujui(user, penilai_user, **kw) -> SKP:
    skp = skp_draft(user, **kw)
    services.skp_submit(actor=user, skp=skp)
    return services.skp_approve(actor=penilai_user, skp=skp)


def evaluasi_tahunan(skp, penilai_user, hasil="sesuai", perilaku="sesuai") -> Evaluasi:
    return services.evaluasi_save(
        actor=penilai_user, skp=skp, periode=0, rating_hasil=hasil, rating_perilaku=perilaku
    )


def _skp_in(instansi):
    unit = UnitKerjaFactory(instansi=instansi)
    kepala = kepala_unit(unit)
    jab = JabatanFactory(unit_kerja=unit, instansi=instansi, parent=kepala.jabatan)
    staf = PegawaiFactory(jabatan=jab)
    skp = SKP.objects.create(
        instansi=instansi,
        pegawai=staf,
        tahun=TAHUN,
        periode_mulai=dt.date(TAHUN, 1, 1),
        periode_selesai=dt.date(TAHUN, 12, 31),
        status="disetujui",
    )
    return skp


def _rhk(instansi):
    return RencanaHasilKerja.objects.create(skp=_skp_in(instansi), uraian="RHK")


def _iki(instansi):
    return IndikatorKinerja.objects.create(
        rhk=_rhk(instansi), aspek="kuantitas", indikator="x", target=1, satuan="x"
    )


def _evaluasi(instansi):
    return Evaluasi.objects.create(
        skp=_skp_in(instansi), periode=0, rating_hasil="sesuai", rating_perilaku="sesuai", predikat="baik"
    )


def _keberatan(instansi):
    ev = _evaluasi(instansi)
    return Keberatan.objects.create(
        evaluasi=ev,
        pegawai=ev.skp.pegawai,
        alasan="x",
        predikat_semula="baik",
        rating_hasil_semula="sesuai",
        rating_perilaku_semula="sesuai",
    )


SCOPED_OBJECTS = {
    "kinerja.SKP": _skp_in,
    "kinerja.RencanaHasilKerja": _rhk,
    "kinerja.IndikatorKinerja": _iki,
    "kinerja.PerilakuKerja": lambda instansi: PerilakuKerja.objects.create(
        skp=_skp_in(instansi), nilai="loyal"
    ),
    "kinerja.Realisasi": lambda instansi: Realisasi.objects.create(
        indikator=_iki(instansi), periode=1, nilai=1, bukti_tautan="https://contoh.go.id/b"
    ),
    "kinerja.Evaluasi": _evaluasi,
    "kinerja.Keberatan": _keberatan,
    "kinerja.Penghargaan": lambda instansi: _penghargaan(instansi),
    "kinerja.NilaiPotensi": lambda instansi: _nilai_potensi(instansi),
}


def _penghargaan(instansi):
    from kinerja.models import Penghargaan

    pegawai = _skp_in(instansi).pegawai
    return Penghargaan.objects.create(
        instansi=instansi,
        pegawai=pegawai,
        tahun=TAHUN,
        jenis="teladan",
        nama="Pegawai teladan",
        tanggal=dt.date(TAHUN, 8, 17),
    )


def _nilai_potensi(instansi):
    from kinerja.models import NilaiPotensi

    pegawai = _skp_in(instansi).pegawai
    return NilaiPotensi.objects.create(instansi=instansi, pegawai=pegawai, tahun=TAHUN, skor=75)
