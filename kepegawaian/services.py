"""Writes on personnel data: atomic, audited, histories kept."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from asnportal import audit, scoping
from asnportal.uploads import validate_upload

from . import conf, rules
from .choices import (
    JenisDokumen,
    JenisJabatan,
    JenisKenaikanPangkat,
    JenisPerubahan,
    JenisRiwayatJabatan,
    JenisUnit,
    JenisUsulanData,
    StatusAktif,
    StatusMutasi,
    StatusPenataan,
    StatusUsulanData,
)
from .models import (
    DokumenPegawai,
    Instansi,
    Jabatan,
    Pegawai,
    PerubahanPenataan,
    RencanaPenataan,
    RiwayatJabatan,
    RiwayatPangkat,
    UnitKerja,
    UraianTugas,
    UsulanMutasi,
    UsulanPerubahanData,
)

# Fields an ASN may change on their own record ("Profil Saya"); everything else goes through HR.
KONTAK_FIELDS = ("email", "telepon", "alamat")


def _unit_label(unit) -> str:
    """The unit's full name (UnitKerja.label: "Bidang · OPD"), as written into histories at the time."""
    return (unit.label or unit.nama) if unit else ""


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
    """Change a pegawai; a new jabatan or golongan writes its history row. Audited with before/after. A new
    photo is written first and the replaced one deleted only after commit (asnportal.files)."""
    from django.core.files.uploadedfile import UploadedFile

    from asnportal import files

    data = dict(data)
    foto = data.pop("foto", None)
    with files.swap() as fs, transaction.atomic():
        pegawai = Pegawai.objects.select_for_update().get(pk=pegawai.pk)
        before = audit.snapshot(pegawai)
        old_jabatan_id, old_golongan = pegawai.jabatan_id, pegawai.golongan
        for key, value in data.items():
            setattr(pegawai, key, value)
        if isinstance(foto, UploadedFile):
            fs.put(pegawai, "foto", foto)
        elif foto is False and pegawai.foto:  # "clear" ticked on the form
            fs.discard(pegawai.foto.storage, pegawai.foto.name)
            pegawai.foto = ""
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
        if pegawai.status_aktif != StatusAktif.AKTIF:
            # The account follows the person (pensiun, berhenti, meninggal, mutasi keluar): off, sessions and
            # API tokens ended, in this transaction.
            from .akun_services import akun_ikuti_status_pegawai

            akun_ikuti_status_pegawai(actor=actor, pegawai_ids=[pegawai.pk])
    return pegawai


def profil_update_kontak(*, actor, pegawai: Pegawai, data: dict) -> Pegawai:
    """An ASN updates their own contact details; nothing else is accepted from them."""
    clean = {k: v for k, v in data.items() if k in KONTAK_FIELDS}
    return pegawai_update(actor=actor, pegawai=pegawai, data=clean, reason="Pembaruan kontak oleh ASN")


# =============================================================================================================
# ANJAB / ABK
# =============================================================================================================
def _require_manage(actor):
    if not scoping.can_manage(actor):
        raise PermissionDenied(_("Hanya petugas SDM yang dapat melakukan ini."))


def abk_hitung_ulang(*, actor, jabatan: Jabatan) -> Jabatan:
    """Recompute a jabatan's ABK (Σ beban ÷ WKE) and set its kebutuhan (jumlah_formasi) from it.

    kebutuhan_jabatan() (read by rekrutmen and laporan) keeps reading jumlah_formasi, so the ABK result
    reaches formasi planning through the same contract."""
    from .selectors import abk_total_beban

    with transaction.atomic():
        jabatan = Jabatan.objects.select_for_update().select_related("instansi").get(pk=jabatan.pk)
        before = audit.snapshot(jabatan, ["kebutuhan_abk", "jumlah_formasi"])
        total = abk_total_beban(jabatan_id=jabatan.pk)
        if total is None:
            jabatan.kebutuhan_abk = None
        else:
            jabatan.kebutuhan_abk = rules.kebutuhan_pegawai(total, conf.wke_menit(jabatan.instansi))
            jabatan.jumlah_formasi = rules.kebutuhan_dibulatkan(jabatan.kebutuhan_abk)
        jabatan.save(update_fields=["kebutuhan_abk", "jumlah_formasi"])
        changes = audit.diff(before, audit.snapshot(jabatan, ["kebutuhan_abk", "jumlah_formasi"]))
        if changes:
            audit.record(actor=actor, action=audit.Action.UPDATE, obj=jabatan, changes=changes, reason="ABK")
    return jabatan


def uraian_tugas_simpan(
    *, actor, jabatan: Jabatan, data: dict, uraian: UraianTugas | None = None
) -> UraianTugas:
    _require_manage(actor)
    with transaction.atomic():
        action = audit.Action.UPDATE if uraian else audit.Action.CREATE
        before = audit.snapshot(uraian) if uraian else {}
        uraian = uraian or UraianTugas(jabatan=jabatan)
        for key, value in data.items():
            setattr(uraian, key, value)
        uraian.full_clean()
        uraian.save()
        audit.record(
            actor=actor, action=action, obj=uraian, changes=audit.diff(before, audit.snapshot(uraian))
        )
        abk_hitung_ulang(actor=actor, jabatan=jabatan)
    return uraian


def uraian_tugas_hapus(*, actor, uraian: UraianTugas) -> None:
    _require_manage(actor)
    with transaction.atomic():
        jabatan = uraian.jabatan
        audit.record(actor=actor, action=audit.Action.DELETE, obj=uraian, changes=audit.snapshot(uraian))
        uraian.delete()
        abk_hitung_ulang(actor=actor, jabatan=jabatan)


def jabatan_ikhtisar_simpan(*, actor, jabatan: Jabatan, ikhtisar: str) -> Jabatan:
    _require_manage(actor)
    with transaction.atomic():
        before = jabatan.ikhtisar
        jabatan.ikhtisar = ikhtisar
        jabatan.save(update_fields=["ikhtisar"])
        audit.record(
            actor=actor, action=audit.Action.UPDATE, obj=jabatan, changes={"ikhtisar": [before, ikhtisar]}
        )
    return jabatan


# =============================================================================================================
# Position history helpers
# =============================================================================================================
def unit_labels(instansi_id) -> dict[int, str]:
    """{unit id: "Seksi · Bidang · OPD"} (UnitKerja.label) for a whole instansi in one query."""
    return dict(UnitKerja.objects.for_instansi(instansi_id).values_list("id", "label"))


def posisi_snapshot(instansi_id) -> dict[int, tuple]:
    """{pegawai id: (jabatan id, nama jabatan, jenis jabatan, label unit)} of every active pegawai."""
    labels = unit_labels(instansi_id)
    rows = (
        Pegawai.objects.for_instansi(instansi_id)
        .filter(status_aktif=StatusAktif.AKTIF)
        .values_list("id", "jabatan_id", "jabatan__nama", "jabatan__jenis", "unit_kerja_id")
    )
    return {r[0]: (r[1], r[2] or "", r[3] or "", labels.get(r[4], "")) for r in rows}


def _tulis_riwayat_perubahan(
    *, before: dict, after: dict, tanggal, jenis_for, nomor_sk="", tanggal_sk=None, keterangan=""
):
    """Close the open RiwayatJabatan and open a new one for every pegawai whose position or its names changed.
    Old rows keep the names of their time: nothing is rewritten."""
    changed = [pid for pid, pos in after.items() if before.get(pid) != pos and pos[0]]
    if not changed:
        return []
    RiwayatJabatan.objects.filter(pegawai_id__in=changed, tmt_selesai__isnull=True).update(
        tmt_selesai=tanggal
    )
    rows = []
    for pid in changed:
        jab_id, nama, jenis_jab, unit = after[pid]
        rows.append(
            RiwayatJabatan(
                pegawai_id=pid,
                jabatan_id=jab_id,
                nama_jabatan=nama,
                nama_unit=unit,
                jenis=jenis_for(before.get(pid), after[pid]),
                tmt_mulai=tanggal,
                nomor_sk=nomor_sk,
                tanggal_sk=tanggal_sk,
                keterangan=keterangan,
            )
        )
    RiwayatJabatan.objects.bulk_create(rows)
    return changed


# =============================================================================================================
# Penataan jabatan (restructuring)
# =============================================================================================================
def rencana_create(*, actor, instansi_id, data: dict) -> RencanaPenataan:
    _require_manage(actor)
    with transaction.atomic():
        rencana = RencanaPenataan(instansi_id=instansi_id, dibuat_oleh=actor, **data)
        rencana.full_clean()
        rencana.save()
        audit.record(actor=actor, action=audit.Action.CREATE, obj=rencana)
    return rencana


WAJIB_PERUBAHAN = {
    JenisPerubahan.UBAH_NAMA_UNIT: ("unit", "nama_baru"),
    JenisPerubahan.PINDAH_UNIT: ("unit",),
    JenisPerubahan.BUAT_UNIT: ("nama_baru",),
    JenisPerubahan.GABUNG_UNIT: ("unit", "unit_tujuan"),
    JenisPerubahan.STATUS_UNIT: ("unit", "aktif_baru"),
    JenisPerubahan.SETARAKAN_JABATAN: ("jabatan", "jenis_jabatan_baru"),
    JenisPerubahan.PINDAH_JABATAN: ("jabatan", "unit_tujuan"),
    JenisPerubahan.PINDAH_PEGAWAI: ("pegawai",),
}


def perubahan_validate(p: PerubahanPenataan) -> None:
    errors = {}
    for name in WAJIB_PERUBAHAN[p.jenis]:
        value = getattr(p, f"{name}_id", None) if hasattr(p, f"{name}_id") else getattr(p, name)
        if value in (None, ""):
            errors[name] = _("Wajib diisi untuk perubahan jenis ini.")
    inst = p.rencana.instansi_id
    for name in ("unit", "unit_tujuan", "jabatan", "jabatan_tujuan", "pegawai"):
        obj = getattr(p, name)
        if obj is not None and obj.instansi_id != inst:
            errors[name] = _("Harus dari instansi yang sama.")
    if p.jenis == JenisPerubahan.GABUNG_UNIT and p.unit_id and p.unit_id == p.unit_tujuan_id:
        errors["unit_tujuan"] = _("Unit tujuan tidak boleh unit itu sendiri.")
    if (
        p.jenis == JenisPerubahan.PINDAH_UNIT
        and p.unit_id
        and p.unit_tujuan_id
        and p.unit_tujuan.path.startswith(p.unit.path)
    ):
        errors["unit_tujuan"] = _("Unit induk baru tidak boleh unit itu sendiri atau bawahannya.")
    if p.jenis == JenisPerubahan.PINDAH_PEGAWAI and not (p.jabatan_tujuan_id or p.unit_tujuan_id):
        errors["jabatan_tujuan"] = _("Isi jabatan tujuan (atau unit tujuan bila tanpa jabatan).")
    if errors:
        raise ValidationError(errors)


def perubahan_add(*, actor, rencana: RencanaPenataan, data: dict) -> PerubahanPenataan:
    _require_manage(actor)
    if rencana.status != StatusPenataan.DRAFT:
        raise ValidationError(_("Hanya rencana berstatus draf yang dapat diubah."))
    with transaction.atomic():
        urutan = (rencana.perubahan.aggregate(m=Max("urutan"))["m"] or 0) + 1
        p = PerubahanPenataan(rencana=rencana, urutan=urutan, **data)
        perubahan_validate(p)
        p.save()
        audit.record(actor=actor, action=audit.Action.UPDATE, obj=rencana, reason=f"Tambah perubahan: {p}")
    return p


def perubahan_hapus(*, actor, perubahan: PerubahanPenataan) -> None:
    _require_manage(actor)
    rencana = perubahan.rencana
    if rencana.status != StatusPenataan.DRAFT:
        raise ValidationError(_("Hanya rencana berstatus draf yang dapat diubah."))
    with transaction.atomic():
        audit.record(
            actor=actor, action=audit.Action.UPDATE, obj=rencana, reason=f"Hapus perubahan: {perubahan}"
        )
        perubahan.delete()


def _set_unit_parent(unit: UnitKerja, parent_id):
    unit.parent_id = parent_id
    if parent_id:
        unit.parent = UnitKerja.objects.get(pk=parent_id)
    unit.save()


def _terapkan_satu(p: PerubahanPenataan, instansi_id) -> list[dict]:
    """Apply one change; return the list of changes that undo it (ids only, JSON)."""
    J = JenisPerubahan
    if p.jenis == J.UBAH_NAMA_UNIT:
        unit = UnitKerja.objects.get(pk=p.unit_id)
        inverse = [{"jenis": J.UBAH_NAMA_UNIT, "unit_id": unit.pk, "nama_baru": unit.nama}]
        unit.nama = p.nama_baru
        unit.save()
        return inverse
    if p.jenis == J.PINDAH_UNIT:
        unit = UnitKerja.objects.get(pk=p.unit_id)
        inverse = [{"jenis": J.PINDAH_UNIT, "unit_id": unit.pk, "unit_tujuan_id": unit.parent_id}]
        _set_unit_parent(unit, p.unit_tujuan_id)
        return inverse
    if p.jenis == J.BUAT_UNIT:
        unit = UnitKerja(instansi_id=instansi_id, nama=p.nama_baru, parent_id=p.unit_tujuan_id)
        if p.unit_tujuan_id:
            unit.parent = UnitKerja.objects.get(pk=p.unit_tujuan_id)
            unit.jenis = JenisUnit.BIDANG if unit.parent.depth == 0 else JenisUnit.SEKSI
        unit.save()
        p.unit = unit
        p.save(update_fields=["unit"])
        return [{"jenis": J.STATUS_UNIT, "unit_id": unit.pk, "aktif_baru": False}]
    if p.jenis == J.STATUS_UNIT:
        unit = UnitKerja.objects.get(pk=p.unit_id)
        inverse = [{"jenis": J.STATUS_UNIT, "unit_id": unit.pk, "aktif_baru": unit.aktif}]
        unit.aktif = bool(p.aktif_baru)
        unit.save()
        return inverse
    if p.jenis == J.GABUNG_UNIT:
        unit = UnitKerja.objects.get(pk=p.unit_id)
        inverse = [{"jenis": J.STATUS_UNIT, "unit_id": unit.pk, "aktif_baru": unit.aktif}]
        for child in list(unit.children.all()):
            inverse.append({"jenis": J.PINDAH_UNIT, "unit_id": child.pk, "unit_tujuan_id": unit.pk})
            _set_unit_parent(child, p.unit_tujuan_id)
        for jab in list(Jabatan.objects.filter(unit_kerja=unit)):
            inverse.append(
                {
                    "jenis": J.PINDAH_JABATAN,
                    "jabatan_id": jab.pk,
                    "unit_tujuan_id": unit.pk,
                    "jabatan_tujuan_id": jab.parent_id,
                }
            )
        Jabatan.objects.filter(unit_kerja=unit).update(unit_kerja_id=p.unit_tujuan_id)
        # Incumbents follow their jabatan back; only pegawai without a jabatan need their own inverse.
        for peg_id in Pegawai.objects.filter(unit_kerja=unit, jabatan__isnull=True).values_list(
            "id", flat=True
        ):
            inverse.append({"jenis": J.PINDAH_PEGAWAI, "pegawai_id": peg_id, "unit_tujuan_id": unit.pk})
        Pegawai.objects.filter(unit_kerja=unit).update(unit_kerja_id=p.unit_tujuan_id)
        unit.aktif = False
        unit.save()
        return inverse
    if p.jenis == J.SETARAKAN_JABATAN:
        jab = Jabatan.objects.get(pk=p.jabatan_id)
        inverse = [
            {
                "jenis": J.SETARAKAN_JABATAN,
                "jabatan_id": jab.pk,
                "jenis_jabatan_baru": jab.jenis,
                "jenjang_baru": jab.jenjang,
                "nama_baru": jab.nama,
                "aktif_baru": jab.is_kepala_unit,
            }
        ]
        jab.jenis = p.jenis_jabatan_baru
        jab.jenjang = p.jenjang_baru or ""
        if p.nama_baru:
            jab.nama = p.nama_baru
        if p.jenis_jabatan_baru == JenisJabatan.FUNGSIONAL:
            jab.is_kepala_unit = False  # a functional position heads no unit
        elif p.aktif_baru is not None:
            jab.is_kepala_unit = p.aktif_baru  # reversal restores the flag
        jab.save()
        return inverse
    if p.jenis == J.PINDAH_JABATAN:
        jab = Jabatan.objects.get(pk=p.jabatan_id)
        inverse = [
            {
                "jenis": J.PINDAH_JABATAN,
                "jabatan_id": jab.pk,
                "unit_tujuan_id": jab.unit_kerja_id,
                "jabatan_tujuan_id": jab.parent_id,
            }
        ]
        jab.unit_kerja_id = p.unit_tujuan_id
        jab.parent_id = p.jabatan_tujuan_id
        jab.save()
        Pegawai.objects.filter(jabatan=jab).update(unit_kerja_id=p.unit_tujuan_id)
        return inverse
    if p.jenis == J.PINDAH_PEGAWAI:
        peg = Pegawai.objects.get(pk=p.pegawai_id)
        inverse = [
            {
                "jenis": J.PINDAH_PEGAWAI,
                "pegawai_id": peg.pk,
                "jabatan_tujuan_id": peg.jabatan_id,
                "unit_tujuan_id": peg.unit_kerja_id,
            }
        ]
        if p.jabatan_tujuan_id:
            jab = Jabatan.objects.get(pk=p.jabatan_tujuan_id)
            peg.jabatan_id, peg.unit_kerja_id = jab.pk, jab.unit_kerja_id
        else:
            peg.jabatan_id, peg.unit_kerja_id = None, p.unit_tujuan_id
        peg.save(update_fields=["jabatan", "unit_kerja", "updated_at"])
        return inverse
    raise ValueError(p.jenis)


def _jenis_riwayat_penataan(before, after):
    if before and before[2] != after[2]:
        return JenisRiwayatJabatan.PENYETARAAN
    return JenisRiwayatJabatan.PENATAAN


def _jalankan_perubahan(rencana: RencanaPenataan) -> list[PerubahanPenataan]:
    items = list(
        rencana.perubahan.select_related("unit", "unit_tujuan", "jabatan", "jabatan_tujuan", "pegawai")
    )
    for p in items:
        p.kebalikan = _terapkan_satu(p, rencana.instansi_id)
    return items


def _struktur_snapshot(instansi_id) -> dict:
    units = {
        u["id"]: u
        for u in UnitKerja.objects.for_instansi(instansi_id).values(
            "id", "nama", "parent__nama", "aktif", "depth"
        )
    }
    jabatan = {
        j["id"]: j
        for j in Jabatan.objects.for_instansi(instansi_id).values(
            "id", "nama", "jenis", "jenjang", "unit_kerja__label", "parent__nama", "is_kepala_unit"
        )
    }
    return {"unit": units, "jabatan": jabatan, "pegawai": posisi_snapshot(instansi_id)}


def _diff_rows(before: dict, after: dict) -> list[dict]:
    rows = []
    for key, now in after.items():
        old = before.get(key)
        if old != now:
            rows.append({"id": key, "sebelum": old, "sesudah": now})
    return rows


def rencana_preview(*, rencana: RencanaPenataan) -> dict:
    """Before/after of units, positions and the people affected, computed by applying the plan inside a
    transaction that is rolled back (the preview is exactly what apply would do)."""
    before = _struktur_snapshot(rencana.instansi_id)
    error = None
    with transaction.atomic():
        try:
            _jalankan_perubahan(rencana)
            after = _struktur_snapshot(rencana.instansi_id)
        except (ValidationError, ObjectDoesNotExist) as exc:
            error = str(exc)
            after = before
        transaction.set_rollback(True)
    pegawai_ids = [r["id"] for r in _diff_rows(before["pegawai"], after["pegawai"])]
    names = dict(Pegawai.objects.filter(pk__in=pegawai_ids).values_list("id", "nama"))
    nips = dict(Pegawai.objects.filter(pk__in=pegawai_ids).values_list("id", "nip"))
    pegawai_rows = [
        {**r, "nama": names.get(r["id"], ""), "nip": nips.get(r["id"], "")}
        for r in _diff_rows(before["pegawai"], after["pegawai"])
    ]
    return {
        "unit": _diff_rows(before["unit"], after["unit"]),
        "jabatan": _diff_rows(before["jabatan"], after["jabatan"]),
        "pegawai": pegawai_rows,
        "error": error,
    }


def rencana_terapkan(*, actor, rencana: RencanaPenataan, today: dt.date | None = None) -> RencanaPenataan:
    """Apply now when the effective date has come, otherwise schedule it (the daily task applies it)."""
    _require_manage(actor)
    today = today or dt.date.today()
    with transaction.atomic():
        rencana = RencanaPenataan.objects.select_for_update().get(pk=rencana.pk)
        if rencana.status not in (StatusPenataan.DRAFT, StatusPenataan.TERJADWAL):
            raise ValidationError(_("Rencana ini sudah diterapkan atau dibatalkan."))
        if not rencana.perubahan.exists():
            raise ValidationError(_("Rencana belum berisi perubahan."))
        if rencana.tanggal_efektif > today:
            rencana.status = StatusPenataan.TERJADWAL
            rencana.save(update_fields=["status"])
            audit.record(actor=actor, action=audit.Action.WORKFLOW, obj=rencana, reason="Dijadwalkan")
            return rencana
        return _rencana_jalankan(actor=actor, rencana=rencana)


def _rencana_jalankan(*, actor, rencana: RencanaPenataan) -> RencanaPenataan:
    """One transaction: every change, the position histories of the people affected, the audit rows."""
    with transaction.atomic():
        struktur_before = _struktur_snapshot(rencana.instansi_id)
        before = struktur_before["pegawai"]
        items = _jalankan_perubahan(rencana)
        PerubahanPenataan.objects.bulk_update(items, ["kebalikan"])
        struktur_after = _struktur_snapshot(rencana.instansi_id)
        after = struktur_after["pegawai"]
        _audit_penataan(actor=actor, rencana=rencana, before=struktur_before, after=struktur_after)
        changed = _tulis_riwayat_perubahan(
            before=before,
            after=after,
            tanggal=rencana.tanggal_efektif,
            jenis_for=_jenis_riwayat_penataan,
            nomor_sk=rencana.nomor_sk,
            keterangan=rencana.nama,
        )
        rencana.status = StatusPenataan.DITERAPKAN
        rencana.diterapkan_oleh = actor if getattr(actor, "is_authenticated", False) else None
        rencana.diterapkan_pada = timezone.now()
        rencana.save(update_fields=["status", "diterapkan_oleh", "diterapkan_pada"])
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=rencana,
            changes={"perubahan": len(items), "pegawai_terdampak": len(changed)},
            reason="Diterapkan",
        )
        _beri_tahu_penataan(
            rencana=rencana, pegawai_ids=[pid for pid in after if before.get(pid) != after[pid]]
        )
    return rencana


# Keys of the restructuring audit entries (not model fields, so the trail shows names, not ids).
_UNIT_KEYS = {"nama": "nama", "parent__nama": "unit_induk", "aktif": "aktif"}
_JABATAN_KEYS = {
    "nama": "nama",
    "jenis": "jenis",
    "jenjang": "jenjang",
    "unit_kerja__label": "nama_unit",
    "parent__nama": "jabatan_atasan",
    "is_kepala_unit": "is_kepala_unit",
}


def _audit_penataan(*, actor, rencana, before: dict, after: dict) -> int:
    """One audit entry per unit, position and person the plan changed (old → new, by name), in the plan's
    transaction; the plan's own entry keeps the counts."""
    from asnportal.models import AuditLog

    actor = actor if getattr(actor, "is_authenticated", False) else None
    reason = _("Penataan: %(n)s") % {"n": rencana.nama}
    rows = []

    def entry(model, pk, action, repr_, changes):
        rows.append(
            AuditLog(
                actor=actor,
                action=action,
                object_type=model,
                object_id=str(pk),
                object_repr=str(repr_)[:255],
                changes=changes,
                reason=reason,
                instansi_id=rencana.instansi_id,
            )
        )

    for kind, keys, model in (
        ("unit", _UNIT_KEYS, "kepegawaian.UnitKerja"),
        ("jabatan", _JABATAN_KEYS, "kepegawaian.Jabatan"),
    ):
        for pk, now in after[kind].items():
            old = before[kind].get(pk)
            if old == now:
                continue
            changes = {
                label: [old.get(key) if old else None, now.get(key)]
                for key, label in keys.items()
                if (old.get(key) if old else None) != now.get(key)
            }
            entry(
                model,
                pk,
                AuditLog.Action.UPDATE if old else AuditLog.Action.CREATE,
                now.get("nama", ""),
                changes,
            )
    names = dict(Pegawai.objects.filter(pk__in=list(after["pegawai"])).values_list("id", "nama"))
    for pid, now in after["pegawai"].items():
        old = before["pegawai"].get(pid)
        if old == now:
            continue
        changes = {}
        if (old[1] if old else None) != now[1]:
            changes["nama_jabatan"] = [old[1] if old else None, now[1]]
        if (old[3] if old else None) != now[3]:
            changes["nama_unit"] = [old[3] if old else None, now[3]]
        entry("kepegawaian.Pegawai", pid, AuditLog.Action.UPDATE, names.get(pid, ""), changes)
    AuditLog.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _beri_tahu_pegawai(pegawai_ids, *, judul, isi) -> None:
    """In-portal notification (and e-mail through the outbox) to the accounts of these pegawai."""
    from django.urls import reverse

    from asnportal.notify import notify

    from .models import User

    users = list(User.objects.filter(pegawai_id__in=pegawai_ids, is_active=True))
    if users:
        notify(users, judul=judul, isi=isi, url=reverse("kepegawaian:profil_saya"))


def _beri_tahu_penataan(*, rencana, pegawai_ids) -> None:
    """Tell every ASN whose position or unit the plan changed, as a mutasi does."""
    _beri_tahu_pegawai(
        pegawai_ids,
        judul=_("Penataan organisasi mengubah jabatan/unit Anda"),
        isi=_("%(n)s berlaku %(t)s. Lihat posisi Anda di profil.")
        % {"n": rencana.nama, "t": rencana.tanggal_efektif.strftime("%d-%m-%Y")},
    )


def rencana_batal(*, actor, rencana: RencanaPenataan) -> RencanaPenataan:
    _require_manage(actor)
    with transaction.atomic():
        rencana = RencanaPenataan.objects.select_for_update().get(pk=rencana.pk)
        if rencana.status not in (StatusPenataan.DRAFT, StatusPenataan.TERJADWAL):
            raise ValidationError(_("Rencana yang sudah diterapkan dibalik dengan rencana kompensasi."))
        rencana.status = StatusPenataan.DIBATALKAN
        rencana.save(update_fields=["status"])
        audit.record(actor=actor, action=audit.Action.WORKFLOW, obj=rencana, reason="Dibatalkan")
    return rencana


def rencana_buat_kompensasi(*, actor, rencana: RencanaPenataan, tanggal_efektif: dt.date) -> RencanaPenataan:
    """A draft plan that undoes an applied one: the recorded inverse changes in reverse order."""
    _require_manage(actor)
    with transaction.atomic():
        rencana = RencanaPenataan.objects.select_for_update().get(pk=rencana.pk)
        if rencana.status != StatusPenataan.DITERAPKAN:
            raise ValidationError(_("Hanya rencana yang sudah diterapkan yang dapat dibalik."))
        if RencanaPenataan.objects.filter(membalik=rencana).exists():
            raise ValidationError(_("Rencana ini sudah memiliki rencana kompensasi."))
        komp = RencanaPenataan.objects.create(
            instansi_id=rencana.instansi_id,
            nama=_("Pembalikan: %(nama)s") % {"nama": rencana.nama},
            keterangan=_("Rencana kompensasi yang membalik rencana #%(id)s.") % {"id": rencana.pk},
            tanggal_efektif=tanggal_efektif,
            membalik=rencana,
            dibuat_oleh=actor,
        )
        rows, urutan = [], 0
        for item in reversed(list(rencana.perubahan.all())):
            for inv in item.kebalikan:
                urutan += 1
                rows.append(PerubahanPenataan(rencana=komp, urutan=urutan, **inv))
        PerubahanPenataan.objects.bulk_create(rows)
        audit.record(
            actor=actor, action=audit.Action.CREATE, obj=komp, reason=f"Membalik rencana #{rencana.pk}"
        )
    return komp


# =============================================================================================================
# Mutasi / promosi / rotasi
# =============================================================================================================
def _boleh_usul_mutasi(actor, pegawai) -> bool:
    """HR, or a pimpinan of the pegawai: their atasan (kepegawaian.atasan) or the head of a unit above them."""
    if scoping.can_manage(actor):
        return actor.instansi_id in (None, pegawai.instansi_id) or scoping.is_superadmin(actor)
    if pegawai.instansi_id != actor.instansi_id or pegawai.pk == actor.pegawai_id or not actor.pegawai_id:
        return False
    from . import atasan

    if any(p.pk == actor.pegawai_id for p, _k in atasan.penyetuju_of(pegawai)):
        return True
    paths = atasan.led_unit_paths(actor.pegawai)
    return bool(pegawai.unit_kerja_id and any(pegawai.unit_kerja.path.startswith(p) for p in paths))


def mutasi_ajukan(
    *, actor, pegawai: Pegawai, jenis: str, jabatan_tujuan: Jabatan, tmt: dt.date, alasan: str = ""
) -> UsulanMutasi:
    """An HR officer, or the unit head of the pegawai, proposes a mutasi/promosi/rotasi."""
    if not _boleh_usul_mutasi(actor, pegawai):
        raise PermissionDenied(_("Anda tidak berwenang mengusulkan mutasi pegawai ini."))
    if jabatan_tujuan.instansi_id != pegawai.instansi_id:
        raise ValidationError({"jabatan_tujuan": _("Jabatan tujuan harus dari instansi yang sama.")})
    if jabatan_tujuan.pk == pegawai.jabatan_id:
        raise ValidationError({"jabatan_tujuan": _("Jabatan tujuan sama dengan jabatan sekarang.")})
    with transaction.atomic():
        usulan = UsulanMutasi.objects.create(
            instansi_id=pegawai.instansi_id,
            pegawai=pegawai,
            jenis=jenis,
            jabatan_asal_id=pegawai.jabatan_id,
            jabatan_tujuan=jabatan_tujuan,
            tmt=tmt,
            alasan=alasan,
            diajukan_oleh=actor,
        )
        audit.record(actor=actor, action=audit.Action.CREATE, obj=usulan, changes=audit.snapshot(usulan))
    return usulan


def mutasi_setujui(
    *, actor, usulan: UsulanMutasi, nomor_sk: str, tanggal_sk: dt.date, catatan: str = "", today=None
) -> UsulanMutasi:
    """An HR officer other than the proposer approves and records the SK; effective now if the TMT has come."""
    _require_manage(actor)
    if not nomor_sk.strip():
        raise ValidationError({"nomor_sk": _("Nomor SK wajib diisi.")})
    with transaction.atomic():
        usulan = UsulanMutasi.objects.select_for_update().get(pk=usulan.pk)
        if usulan.status != StatusMutasi.DIAJUKAN:
            raise ValidationError(_("Usulan ini sudah diputuskan."))
        if usulan.diajukan_oleh_id == actor.pk and not scoping.is_superadmin(actor):
            raise PermissionDenied(_("Usulan tidak dapat disetujui oleh pengusulnya sendiri."))
        usulan.status = StatusMutasi.DISETUJUI
        usulan.nomor_sk, usulan.tanggal_sk, usulan.catatan_keputusan = nomor_sk.strip(), tanggal_sk, catatan
        usulan.diputuskan_oleh, usulan.diputuskan_pada = actor, timezone.now()
        usulan.save()
        audit.record(actor=actor, action=audit.Action.WORKFLOW, obj=usulan, reason="Disetujui")
        if usulan.tmt <= (today or dt.date.today()):
            usulan = mutasi_efektifkan(actor=actor, usulan=usulan)
    return usulan


def mutasi_tolak(*, actor, usulan: UsulanMutasi, catatan: str) -> UsulanMutasi:
    _require_manage(actor)
    if not catatan.strip():
        raise ValidationError({"catatan": _("Alasan penolakan wajib diisi.")})
    with transaction.atomic():
        usulan = UsulanMutasi.objects.select_for_update().get(pk=usulan.pk)
        if usulan.status != StatusMutasi.DIAJUKAN:
            raise ValidationError(_("Usulan ini sudah diputuskan."))
        usulan.status, usulan.catatan_keputusan = StatusMutasi.DITOLAK, catatan
        usulan.diputuskan_oleh, usulan.diputuskan_pada = actor, timezone.now()
        usulan.save()
        audit.record(actor=actor, action=audit.Action.WORKFLOW, obj=usulan, reason=f"Ditolak: {catatan}")
    return usulan


def mutasi_efektifkan(*, actor, usulan: UsulanMutasi) -> UsulanMutasi:
    """The approved move takes effect: position changed, RiwayatJabatan written with the SK (idempotent)."""
    with transaction.atomic():
        usulan = UsulanMutasi.objects.select_for_update().select_related("jabatan_tujuan").get(pk=usulan.pk)
        if usulan.status != StatusMutasi.DISETUJUI:
            return usulan
        pegawai = Pegawai.objects.select_for_update().get(pk=usulan.pegawai_id)
        jab = usulan.jabatan_tujuan
        RiwayatJabatan.objects.filter(pegawai=pegawai, tmt_selesai__isnull=True).update(
            tmt_selesai=usulan.tmt
        )
        before = audit.snapshot(pegawai, ["jabatan", "unit_kerja", "tmt_jabatan"])
        pegawai.jabatan_id, pegawai.unit_kerja_id, pegawai.tmt_jabatan = jab.pk, jab.unit_kerja_id, usulan.tmt
        pegawai.save(update_fields=["jabatan", "unit_kerja", "tmt_jabatan", "updated_at"])
        riwayat = RiwayatJabatan.objects.create(
            pegawai=pegawai,
            jabatan=jab,
            nama_jabatan=jab.nama,
            nama_unit=unit_labels(pegawai.instansi_id).get(jab.unit_kerja_id, ""),
            jenis=usulan.jenis,
            tmt_mulai=usulan.tmt,
            nomor_sk=usulan.nomor_sk,
            tanggal_sk=usulan.tanggal_sk,
            keterangan=usulan.alasan,
        )
        usulan.status, usulan.riwayat = StatusMutasi.BERLAKU, riwayat
        usulan.save(update_fields=["status", "riwayat"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=pegawai,
            changes=audit.diff(before, audit.snapshot(pegawai, ["jabatan", "unit_kerja", "tmt_jabatan"])),
            reason=f"{usulan.get_jenis_display()} SK {usulan.nomor_sk}",
        )
        _beri_tahu_pegawai(
            [pegawai.pk],
            judul=_("%(j)s Anda berlaku") % {"j": usulan.get_jenis_display()},
            isi=_("Jabatan baru: %(jab)s, TMT %(t)s (SK %(sk)s).")
            % {"jab": jab.label, "t": usulan.tmt.strftime("%d-%m-%Y"), "sk": usulan.nomor_sk},
        )
    return usulan


def efektifkan_terjadwal(*, today: dt.date | None = None) -> dict:
    """Daily: approved mutations and scheduled plans whose date has come take effect."""
    today = today or dt.date.today()
    n_mutasi = n_rencana = 0
    for usulan in UsulanMutasi.objects.filter(status=StatusMutasi.DISETUJUI, tmt__lte=today).order_by(
        "tmt", "id"
    ):
        mutasi_efektifkan(actor=usulan.diputuskan_oleh, usulan=usulan)
        n_mutasi += 1
    for rencana in RencanaPenataan.objects.filter(
        status=StatusPenataan.TERJADWAL, tanggal_efektif__lte=today
    ).order_by("tanggal_efektif", "id"):
        with transaction.atomic():
            locked = RencanaPenataan.objects.select_for_update().get(pk=rencana.pk)
            if locked.status == StatusPenataan.TERJADWAL:
                _rencana_jalankan(actor=locked.diterapkan_oleh or locked.dibuat_oleh, rencana=locked)
                n_rencana += 1
    return {"mutasi": n_mutasi, "rencana": n_rencana}


# =============================================================================================================
# Personnel file and ASN data-update proposals
# =============================================================================================================
def dokumen_unggah(*, actor, pegawai: Pegawai, data: dict, berkas) -> DokumenPegawai:
    """HR files a document into a pegawai's personnel file (type checked by content)."""
    _require_manage(actor)
    validate_upload(berkas)
    from asnportal import files

    with files.swap() as fs, transaction.atomic():
        dok = DokumenPegawai(pegawai=pegawai, diunggah_oleh=actor, **data)
        fs.put(dok, "berkas", berkas)  # written first; removed again if the transaction fails
        dok.full_clean()
        dok.save()
        audit.record(actor=actor, action=audit.Action.CREATE, obj=dok, changes=audit.snapshot(dok))
    return dok


# Fields of Pegawai an ASN may propose to change, per kind of proposal (only a verified change reaches them).
USULAN_FIELDS = {
    JenisUsulanData.DATA_PRIBADI: ("tempat_lahir", "agama", "alamat", "email", "telepon", "nik"),
    JenisUsulanData.PENDIDIKAN: ("pendidikan_terakhir", "jurusan", "gelar_depan", "gelar_belakang"),
    JenisUsulanData.DOKUMEN: (),
}


def usulan_data_ajukan(
    *, actor, jenis: str, data: dict, keterangan: str = "", dokumen=None, jenis_dokumen=""
) -> UsulanPerubahanData:
    """An ASN proposes a correction/addition to their own record with a supporting document."""
    pegawai = getattr(actor, "pegawai", None)
    if pegawai is None:
        raise PermissionDenied(_("Akun ini tidak terhubung dengan data pegawai."))
    if not isinstance(data, dict):
        raise ValidationError({"data": _("Data usulan harus berupa pasangan nama kolom dan nilai.")})
    allowed = USULAN_FIELDS[jenis]
    clean = {k: v for k, v in data.items() if k in allowed and v not in (None, "")}
    _usulan_data_validate(pegawai, clean)
    if data.get("nomor_dokumen") and (jenis == JenisUsulanData.DOKUMEN or dokumen is not None):
        # The number of the supporting document travels with it into the personnel archive on verification.
        clean["nomor_dokumen"] = str(data["nomor_dokumen"])[:100]
    if jenis != JenisUsulanData.DOKUMEN and not clean:
        raise ValidationError(_("Isi minimal satu data yang ingin diperbarui."))
    if jenis == JenisUsulanData.DOKUMEN and (dokumen is None or not jenis_dokumen):
        raise ValidationError(_("Usulan dokumen baru wajib melampirkan berkas dan jenis dokumennya."))
    if dokumen is not None:
        validate_upload(dokumen)
    from asnportal import files

    # The document is written first (asnportal.files); a transaction that fails later removes it again.
    with files.swap() as fs, transaction.atomic():
        usulan = UsulanPerubahanData(
            pegawai=pegawai,
            jenis=jenis,
            data=clean,
            keterangan=keterangan,
            jenis_dokumen=jenis_dokumen,
            diajukan_oleh=actor,
        )
        if dokumen:
            fs.put(usulan, "dokumen", dokumen)
        usulan.save(force_insert=True)
        audit.record(actor=actor, action=audit.Action.CREATE, obj=usulan, changes=clean)
    return usulan


def _usulan_data_validate(pegawai: Pegawai, values: dict) -> None:
    """Check proposed values now, with the rules HR verification applies (Pegawai.full_clean), so a proposal
    that could never be verified is refused with a message to the ASN instead of failing for HR later.
    Only errors of the proposed fields count: the rest of the record is not the ASN's to fix."""
    errors = {}
    for key, value in values.items():
        if not isinstance(value, str):
            errors[key] = [_("Nilai harus berupa teks.")]
    if errors:
        raise ValidationError({f"data.{k}": v for k, v in errors.items()})
    trial = Pegawai.objects.get(pk=pegawai.pk)
    for key, value in values.items():
        setattr(trial, key, value.strip())
    others = [f.name for f in Pegawai._meta.concrete_fields if f.name not in values]
    try:
        trial.clean_fields(exclude=others)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        trial.clean()
    except ValidationError as exc:
        errors.update({k: v for k, v in exc.message_dict.items() if k in values and k not in errors})
    if errors:
        raise ValidationError({f"data.{k}": v for k, v in errors.items()})


def usulan_data_verifikasi(*, actor, usulan: UsulanPerubahanData) -> UsulanPerubahanData:
    """HR verifies: the change reaches the record (and the document the personnel file), audited with who
    proposed and who verified."""
    _require_manage(actor)
    with transaction.atomic():
        usulan = UsulanPerubahanData.objects.select_for_update().select_related("pegawai").get(pk=usulan.pk)
        if usulan.status != StatusUsulanData.DIAJUKAN:
            raise ValidationError(_("Usulan ini sudah diputuskan."))
        proposer = usulan.diajukan_oleh.username if usulan.diajukan_oleh else "-"
        fields = {k: v for k, v in usulan.data.items() if k in USULAN_FIELDS[usulan.jenis]}
        if fields:
            pegawai_update(
                actor=actor,
                pegawai=usulan.pegawai,
                data=fields,
                reason=f"Usulan perubahan data #{usulan.pk} oleh {proposer}, diverifikasi {actor.username}",
            )
        if usulan.dokumen:
            # Every verified supporting document reaches the personnel archive with its number (a data
            # correction's evidence too, filed as "lainnya" when the ASN named no type).
            dok = DokumenPegawai.objects.create(
                pegawai=usulan.pegawai,
                jenis=usulan.jenis_dokumen or JenisDokumen.LAINNYA,
                nomor=str(usulan.data.get("nomor_dokumen", ""))[:100],
                keterangan=(usulan.keterangan or _("Dari usulan perubahan data #%(n)s") % {"n": usulan.pk})[
                    :255
                ],
                berkas=usulan.dokumen.name,
                diunggah_oleh=usulan.diajukan_oleh,
            )
            audit.record(
                actor=actor,
                action=audit.Action.CREATE,
                obj=dok,
                reason=f"Usulan perubahan data #{usulan.pk} oleh {proposer}, diverifikasi {actor.username}",
            )
        usulan.status = StatusUsulanData.DIVERIFIKASI
        usulan.diverifikasi_oleh, usulan.diverifikasi_pada = actor, timezone.now()
        usulan.save(update_fields=["status", "diverifikasi_oleh", "diverifikasi_pada"])
        audit.record(actor=actor, action=audit.Action.WORKFLOW, obj=usulan, reason="Diverifikasi")
    return usulan


def usulan_data_tolak(*, actor, usulan: UsulanPerubahanData, alasan: str) -> UsulanPerubahanData:
    _require_manage(actor)
    if not alasan.strip():
        raise ValidationError({"alasan": _("Alasan penolakan wajib diisi.")})
    with transaction.atomic():
        usulan = UsulanPerubahanData.objects.select_for_update().get(pk=usulan.pk)
        if usulan.status != StatusUsulanData.DIAJUKAN:
            raise ValidationError(_("Usulan ini sudah diputuskan."))
        usulan.status, usulan.alasan_tolak = StatusUsulanData.DITOLAK, alasan
        usulan.diverifikasi_oleh, usulan.diverifikasi_pada = actor, timezone.now()
        usulan.save(update_fields=["status", "alasan_tolak", "diverifikasi_oleh", "diverifikasi_pada"])
        audit.record(actor=actor, action=audit.Action.WORKFLOW, obj=usulan, reason=f"Ditolak: {alasan}")
    return usulan


def riwayat_pangkat_simpan(*, actor, pegawai: Pegawai, data: dict, riwayat: RiwayatPangkat | None = None):
    """Add or correct one rank-history row (SK number and date included), audited with before/after."""
    with transaction.atomic():
        if riwayat is None:
            riwayat = RiwayatPangkat(pegawai=pegawai, **data)
            riwayat.full_clean()
            riwayat.save()
            audit.record(
                actor=actor,
                action=audit.Action.CREATE,
                obj=riwayat,
                changes={k: [None, audit._plain(v)] for k, v in data.items()},
            )
            return riwayat
        before = audit.snapshot(riwayat)
        for key, value in data.items():
            setattr(riwayat, key, value)
        riwayat.full_clean()
        riwayat.save()
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=riwayat,
            changes=audit.diff(before, audit.snapshot(riwayat)),
        )
        return riwayat


def instansi_simpan(*, actor, data: dict, instansi: Instansi | None = None) -> Instansi:
    """A superadmin creates or changes a tenant (a new daerah joins from the portal, not only Django admin)."""
    if not scoping.is_superadmin(actor):
        raise PermissionDenied
    with transaction.atomic():
        created = instansi is None
        instansi = instansi or Instansi()
        before = {} if created else audit.snapshot(instansi)
        for key, value in data.items():
            setattr(instansi, key, value)
        instansi.full_clean()
        instansi.save()
        audit.record(
            actor=actor,
            action=audit.Action.CREATE if created else audit.Action.UPDATE,
            obj=instansi,
            changes={} if created else audit.diff(before, audit.snapshot(instansi)),
        )
    return instansi
