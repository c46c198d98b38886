"""Writes on personnel data: atomic, audited, histories kept."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from asnportal import audit

from .choices import JenisKenaikanPangkat, JenisRiwayatJabatan
from .models import Pegawai, RiwayatJabatan, RiwayatPangkat

# Fields an ASN may change on their own record ("Profil Saya"); everything else goes through HR.
KONTAK_FIELDS = ("email", "telepon", "alamat")


def _unit_label(unit) -> str:
    return " / ".join(u.nama for u in unit.ancestors()) if unit else ""


def pegawai_create(*, actor, instansi_id, data: dict) -> Pegawai:
    with transaction.atomic():
        pegawai = Pegawai(instansi_id=instansi_id, **data)
        if pegawai.jabatan_id:
            pegawai.unit_kerja_id = pegawai.jabatan.unit_kerja_id
        pegawai.full_clean()
        pegawai.save()
        if pegawai.jabatan_id:
            RiwayatJabatan.objects.create(
                pegawai=pegawai,
                jabatan=pegawai.jabatan,
                nama_jabatan=pegawai.jabatan.nama,
                nama_unit=_unit_label(pegawai.unit_kerja),
                jenis=JenisRiwayatJabatan.AWAL,
                tmt_mulai=pegawai.tmt_jabatan or pegawai.tmt_cpns or dt.date.today(),
            )
        if pegawai.golongan:
            RiwayatPangkat.objects.create(
                pegawai=pegawai,
                golongan=pegawai.golongan,
                jenis=JenisKenaikanPangkat.AWAL,
                tmt=pegawai.tmt_golongan or pegawai.tmt_cpns or dt.date.today(),
            )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=pegawai,
            changes=audit.diff({}, audit.snapshot(pegawai)),
        )
    return pegawai


def pegawai_update(*, actor, pegawai: Pegawai, data: dict, reason: str = "") -> Pegawai:
    """Change a pegawai; a new jabatan or golongan writes its history row. Audited with before/after."""
    with transaction.atomic():
        pegawai = Pegawai.objects.select_for_update().get(pk=pegawai.pk)
        before = audit.snapshot(pegawai)
        old_jabatan_id, old_golongan = pegawai.jabatan_id, pegawai.golongan
        for key, value in data.items():
            setattr(pegawai, key, value)
        if pegawai.jabatan_id:
            pegawai.unit_kerja_id = pegawai.jabatan.unit_kerja_id
        pegawai.full_clean()
        pegawai.save()
        today = dt.date.today()
        if pegawai.jabatan_id != old_jabatan_id and pegawai.jabatan_id:
            mulai = pegawai.tmt_jabatan or today
            RiwayatJabatan.objects.filter(pegawai=pegawai, tmt_selesai__isnull=True).update(tmt_selesai=mulai)
            RiwayatJabatan.objects.create(
                pegawai=pegawai,
                jabatan=pegawai.jabatan,
                nama_jabatan=pegawai.jabatan.nama,
                nama_unit=_unit_label(pegawai.unit_kerja),
                jenis=JenisRiwayatJabatan.KOREKSI,
                tmt_mulai=mulai,
                keterangan=reason,
            )
        if pegawai.golongan != old_golongan and pegawai.golongan:
            RiwayatPangkat.objects.create(
                pegawai=pegawai,
                golongan=pegawai.golongan,
                jenis=JenisKenaikanPangkat.KOREKSI,
                tmt=pegawai.tmt_golongan or today,
            )
        changes = audit.diff(before, audit.snapshot(pegawai))
        if changes:
            audit.record(actor=actor, action=audit.Action.UPDATE, obj=pegawai, changes=changes, reason=reason)
    return pegawai


def profil_update_kontak(*, actor, pegawai: Pegawai, data: dict) -> Pegawai:
    """An ASN updates their own contact details; nothing else is accepted from them."""
    clean = {k: v for k, v in data.items() if k in KONTAK_FIELDS}
    return pegawai_update(actor=actor, pegawai=pegawai, data=clean, reason="Pembaruan kontak oleh ASN")
