"""Writes of the kinerja domain: keyword-only, `actor`, atomic, audited in the same transaction.

Who may do what is checked here (not only in views): the ASN drafts and submits their own SKP, the
pejabat penilai (Pegawai.atasan, derived) approves, returns and evaluates, the unit head finalises the
unit's predikat, the atasan of the penilai decides a keberatan, HR records awards and settings.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asnportal import audit, scoping
from asnportal.notify import notify, resolve
from asnportal.uploads import validate_upload
from kepegawaian import atasan as hierarki

from . import conf, rules
from .choices import NilaiBerakhlak, StatusEvaluasi, StatusKeberatan, StatusSKP
from .models import (
    SKP,
    Evaluasi,
    FinalisasiUnit,
    IndikatorKinerja,
    Keberatan,
    NilaiPotensi,
    PengaturanKinerja,
    Penghargaan,
    PerilakuKerja,
    Realisasi,
    RencanaHasilKerja,
    UmpanBalikRekan,
    UmpanBalikRHK,
)

WORKFLOW = audit.Action.WORKFLOW


class PeringatanDistribusi(ValidationError):
    """The distribution does not fit the pattern: the unit head must confirm the warnings."""

    def __init__(self, pelanggaran):
        self.pelanggaran = pelanggaran
        super().__init__([p.pesan for p in pelanggaran])


# --- who is who (derived from the position structure, never stored) ---------------------------------


def pengaturan_for(instansi_id) -> PengaturanKinerja:
    obj = PengaturanKinerja.objects.filter(instansi_id=instansi_id).first()
    return obj or PengaturanKinerja(instansi_id=instansi_id)


def penilai_of(pegawai):
    """Pejabat penilai kinerja: the atasan langsung (PP 30/2019), kepegawaian.atasan.atasan_of."""
    return hierarki.atasan_of(pegawai)


def is_owner(user, skp) -> bool:
    return bool(user.is_authenticated and user.pegawai_id and user.pegawai_id == skp.pegawai_id)


def is_penilai(user, skp) -> bool:
    """The pejabat penilai (or the Plt./Plh. of that position) decides on the SKP (kepegawaian.atasan)."""
    return hierarki.may_approve(user, skp.pegawai, hierarki.SKP)


def is_atasan_penilai(user, skp) -> bool:
    return hierarki.may_approve(user, skp.pegawai, hierarki.KEBERATAN)


def _kapasitas(actor, skp, kind=hierarki.SKP) -> dict:
    return hierarki.audit_kapasitas(actor, skp.pegawai, kind)


def _require(cond: bool):
    if not cond:
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))


def _user_of(pegawai):
    return getattr(pegawai, "user", None) if pegawai is not None else None


def _skp_url(skp) -> str:
    return reverse("kinerja:skp_detail", args=[skp.pk])


def _snapshot_header(skp: SKP) -> None:
    p = skp.pegawai
    skp.pegawai_nama = p.nama_lengkap[:200]
    skp.pegawai_nip = p.nip
    skp.pegawai_pangkat = f"{p.pangkat} ({p.golongan})" if p.golongan else ""
    skp.pegawai_jabatan = p.jabatan.nama if p.jabatan_id else ""
    skp.pegawai_unit = p.unit_kerja.label[:200] if p.unit_kerja_id else ""
    atasan = penilai_of(p)
    atasan2 = hierarki.atasan2_of(p)
    for tingkat, prefix, person in ((1, "penilai", atasan), (2, "atasan_penilai", atasan2)):
        setattr(skp, f"{prefix}_nama", person.nama_lengkap[:200] if person else "")
        setattr(skp, f"{prefix}_nip", person.nip if person else "")
        # "Plt. Kepala Bidang …" when the one deciding acts in the position (kepegawaian.atasan).
        setattr(skp, f"{prefix}_jabatan", hierarki.jabatan_tampil(p, tingkat=tingkat)[:200] if person else "")


def _locked_skp(skp: SKP) -> SKP:
    return SKP.objects.select_for_update(of=("self",)).select_related("pegawai__jabatan").get(pk=skp.pk)


# --- SKP drafting ---------------------------------------------------------------------------------


def skp_create(*, actor, pegawai, tahun: int, pendekatan: str = "kuantitatif") -> SKP:
    """Start the SKP of `pegawai` for `tahun` (the ASN themself, or HR as pengelola kinerja)."""
    _require(actor.pegawai_id == pegawai.pk or scoping.can_manage(actor))
    if SKP.objects.filter(pegawai=pegawai, tahun=tahun, berlaku=True).exists():
        raise ValidationError(_("SKP tahun %(tahun)s sudah ada.") % {"tahun": tahun})
    with transaction.atomic():
        skp = SKP(
            instansi_id=pegawai.instansi_id,
            pegawai=pegawai,
            tahun=tahun,
            pendekatan=pendekatan,
            periode_mulai=dt.date(tahun, 1, 1),
            periode_selesai=dt.date(tahun, 12, 31),
        )
        _snapshot_header(skp)
        skp.save()
        PerilakuKerja.objects.bulk_create([PerilakuKerja(skp=skp, nilai=v) for v in NilaiBerakhlak.values])
        audit.record(actor=actor, action=audit.Action.CREATE, obj=skp)
    return skp


def _check_editable(actor, skp: SKP) -> None:
    _require(is_owner(actor, skp) or scoping.can_manage(actor))
    if not skp.bisa_diubah:
        raise ValidationError(_("SKP terkunci: hanya draf atau SKP yang dikembalikan yang dapat diubah."))


def _check_rhk_atasan(skp: SKP, rhk_atasan) -> None:
    if rhk_atasan is None:
        return
    atasan = penilai_of(skp.pegawai)
    if atasan is None or rhk_atasan.skp.pegawai_id != atasan.pk or rhk_atasan.skp.tahun != skp.tahun:
        raise ValidationError(
            {"rhk_atasan": _("RHK yang diintervensi harus RHK atasan langsung pada tahun yang sama.")}
        )


def rhk_save(*, actor, skp: SKP, data: dict, rhk: RencanaHasilKerja | None = None) -> RencanaHasilKerja:
    with transaction.atomic():
        skp = _locked_skp(skp)
        _check_editable(actor, skp)
        _check_rhk_atasan(skp, data.get("rhk_atasan"))
        before = audit.snapshot(rhk) if rhk else {}
        if rhk is None:
            rhk = RencanaHasilKerja(skp=skp)
        for key in ("jenis", "urutan", "uraian", "rhk_atasan"):
            if key in data:
                setattr(rhk, key, data[key])
        rhk.save()
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE if before else audit.Action.CREATE,
            obj=rhk,
            changes=audit.diff(before, audit.snapshot(rhk)),
            instansi_id=skp.instansi_id,
        )
    return rhk


def rhk_delete(*, actor, rhk: RencanaHasilKerja) -> None:
    with transaction.atomic():
        skp = _locked_skp(rhk.skp)
        _check_editable(actor, skp)
        audit.record(actor=actor, action=audit.Action.DELETE, obj=rhk, instansi_id=skp.instansi_id)
        rhk.delete()


def indikator_save(*, actor, rhk: RencanaHasilKerja, data: dict) -> IndikatorKinerja:
    with transaction.atomic():
        skp = _locked_skp(rhk.skp)
        _check_editable(actor, skp)
        iki = IndikatorKinerja(rhk=rhk, **{k: data[k] for k in ("aspek", "indikator", "target", "satuan")})
        iki.full_clean()
        iki.save()
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=iki,
            changes=audit.diff({}, audit.snapshot(iki)),
            instansi_id=skp.instansi_id,
        )
    return iki


def indikator_delete(*, actor, indikator: IndikatorKinerja) -> None:
    with transaction.atomic():
        skp = _locked_skp(indikator.rhk.skp)
        _check_editable(actor, skp)
        audit.record(actor=actor, action=audit.Action.DELETE, obj=indikator, instansi_id=skp.instansi_id)
        indikator.delete()


def perilaku_set_ekspektasi(*, actor, perilaku: PerilakuKerja, teks: str) -> PerilakuKerja:
    """The pejabat penilai writes the "ekspektasi khusus pimpinan" for one value (before approval)."""
    with transaction.atomic():
        skp = _locked_skp(perilaku.skp)
        _require(is_penilai(actor, skp))
        if not skp.berlaku or skp.status == StatusSKP.DISETUJUI:
            raise ValidationError(_("SKP sudah disetujui dan terkunci."))
        before = audit.snapshot(perilaku)
        perilaku.ekspektasi_khusus = teks
        perilaku.save(update_fields=["ekspektasi_khusus"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=perilaku,
            changes=audit.diff(before, audit.snapshot(perilaku)),
            instansi_id=skp.instansi_id,
        )
    return perilaku


# --- workflow ---------------------------------------------------------------------------------------


def skp_submit(*, actor, skp: SKP) -> SKP:
    """Draft/returned → submitted (the ASN only). Needs an atasan and at least one RHK utama with an IKI."""
    with transaction.atomic():
        skp = _locked_skp(skp)
        _require(is_owner(actor, skp))
        if not skp.bisa_diubah:
            raise ValidationError(_("Hanya draf atau SKP yang dikembalikan yang dapat diajukan."))
        atasan = penilai_of(skp.pegawai)
        if atasan is None:
            raise ValidationError(_("Jabatan Anda belum memiliki atasan; hubungi pengelola kinerja."))
        if not IndikatorKinerja.objects.filter(rhk__skp=skp, rhk__jenis="utama").exists():
            raise ValidationError(_("Tambahkan minimal satu RHK utama beserta indikatornya."))
        before = skp.status
        _snapshot_header(skp)
        skp.status = StatusSKP.DIAJUKAN
        skp.diajukan_at = timezone.now()
        skp.save()
        audit.record(actor=actor, action=WORKFLOW, obj=skp, changes={"status": [before, skp.status]})
        notify(
            hierarki.notify_users(skp.pegawai),
            judul=_("SKP %(nama)s menunggu persetujuan") % {"nama": skp.pegawai_nama},
            url=_skp_url(skp),
        )
    return skp


def skp_approve(*, actor, skp: SKP) -> SKP:
    """Submitted → approved and locked (the pejabat penilai only)."""
    with transaction.atomic():
        skp = _locked_skp(skp)
        _require(is_penilai(actor, skp))
        if skp.status != StatusSKP.DIAJUKAN:
            raise ValidationError(_("Hanya SKP yang diajukan yang dapat disetujui."))
        skp.status = StatusSKP.DISETUJUI
        skp.disetujui_at = timezone.now()
        skp.disetujui_oleh = actor
        skp.catatan_pengembalian = ""
        sebagai = hierarki.jabatan_kapasitas(actor, skp.pegawai)
        if sebagai:
            # Approved by a Plt./Plh.: the signed document names who approved and in which capacity.
            skp.penilai_nama = actor.pegawai.nama_lengkap[:200]
            skp.penilai_nip = actor.pegawai.nip
            skp.penilai_jabatan = sebagai[:200]
        skp.save()
        audit.record(
            actor=actor,
            action=WORKFLOW,
            obj=skp,
            changes={"status": ["diajukan", "disetujui"], **_kapasitas(actor, skp)},
        )
        resolve(_skp_url(skp))
        notify(
            [_user_of(skp.pegawai)],
            judul=_("SKP %(tahun)s disetujui") % {"tahun": skp.tahun},
            url=_skp_url(skp),
        )
    return skp


def skp_return(*, actor, skp: SKP, catatan: str) -> SKP:
    """Submitted → returned with comments (the pejabat penilai only)."""
    if not (catatan or "").strip():
        raise ValidationError({"catatan": _("Tuliskan catatan untuk pegawai.")})
    with transaction.atomic():
        skp = _locked_skp(skp)
        _require(is_penilai(actor, skp))
        if skp.status != StatusSKP.DIAJUKAN:
            raise ValidationError(_("Hanya SKP yang diajukan yang dapat dikembalikan."))
        skp.status = StatusSKP.DIKEMBALIKAN
        skp.catatan_pengembalian = catatan.strip()
        skp.save()
        audit.record(
            actor=actor,
            action=WORKFLOW,
            obj=skp,
            changes={"status": ["diajukan", "dikembalikan"], **_kapasitas(actor, skp)},
            reason=skp.catatan_pengembalian,
        )
        resolve(_skp_url(skp))
        notify(
            [_user_of(skp.pegawai)],
            judul=_("SKP %(tahun)s dikembalikan untuk diperbaiki") % {"tahun": skp.tahun},
            isi=skp.catatan_pengembalian,
            url=_skp_url(skp),
        )
    return skp


def skp_revise(*, actor, skp: SKP, alasan: str) -> SKP:
    """An approved SKP is locked: a change opens a new draft revision (copy of targets, behaviour and
    realisasi); the old revision is kept unchanged but no longer current."""
    if not (alasan or "").strip():
        raise ValidationError({"alasan": _("Tuliskan alasan revisi.")})
    with transaction.atomic():
        old = _locked_skp(skp)
        _require(is_owner(actor, old) or is_penilai(actor, old))
        if old.status != StatusSKP.DISETUJUI or not old.berlaku:
            raise ValidationError(_("Revisi hanya dapat dibuat dari SKP yang berlaku dan disetujui."))
        if Evaluasi.objects.filter(skp=old, periode=Evaluasi.TAHUNAN, status=StatusEvaluasi.FINAL).exists():
            raise ValidationError(_("Penilaian tahunan sudah final; SKP tidak dapat direvisi."))
        SKP.objects.filter(pk=old.pk).update(berlaku=False)
        new = SKP.objects.get(pk=old.pk)
        new.pk = None
        new.id = None
        new._state.adding = True
        new.revisi = SKP.objects.filter(pegawai=old.pegawai, tahun=old.tahun).count()
        new.berlaku = True
        new.revisi_dari = old
        new.alasan_revisi = alasan.strip()
        new.status = StatusSKP.DRAFT
        new.diajukan_at = new.disetujui_at = None
        new.disetujui_oleh = None
        new.save()
        rhk_map = {}
        for rhk in old.rhk.order_by("id"):
            new_rhk = RencanaHasilKerja.objects.create(
                skp=new,
                jenis=rhk.jenis,
                urutan=rhk.urutan,
                uraian=rhk.uraian,
                rhk_atasan_id=rhk.rhk_atasan_id,
            )
            rhk_map[rhk.pk] = new_rhk
            # Subordinates' RHK that intervene this one follow the current revision.
            RencanaHasilKerja.objects.filter(rhk_atasan=rhk, skp__berlaku=True).update(rhk_atasan=new_rhk)
        for iki in IndikatorKinerja.objects.filter(rhk__skp=old).prefetch_related("realisasi"):
            new_iki = IndikatorKinerja.objects.create(
                rhk=rhk_map[iki.rhk_id],
                aspek=iki.aspek,
                indikator=iki.indikator,
                target=iki.target,
                satuan=iki.satuan,
            )
            Realisasi.objects.bulk_create(
                [
                    Realisasi(
                        indikator=new_iki,
                        periode=r.periode,
                        nilai=r.nilai,
                        catatan=r.catatan,
                        bukti_berkas=r.bukti_berkas.name,
                        bukti_tautan=r.bukti_tautan,
                    )
                    for r in iki.realisasi.all()
                ]
            )
        PerilakuKerja.objects.bulk_create(
            [
                PerilakuKerja(skp=new, nilai=p.nilai, ekspektasi_khusus=p.ekspektasi_khusus)
                for p in old.perilaku.all()
            ]
        )
        # The period evaluations already made stay with the pegawai's current SKP (with their per-RHK
        # feedback); the annual one is not copied, it is made on the revised SKP.
        periode_disalin = 0
        for ev in old.evaluasi.exclude(periode=Evaluasi.TAHUNAN).prefetch_related("umpan_balik"):
            salinan = Evaluasi.objects.create(
                skp=new,
                **{
                    f.name: getattr(ev, f.name)
                    for f in Evaluasi._meta.concrete_fields
                    if f.name not in ("id", "skp", "dinilai_at")
                },
            )
            UmpanBalikRHK.objects.bulk_create(
                [
                    UmpanBalikRHK(evaluasi=salinan, rhk=rhk_map[u.rhk_id], umpan_balik=u.umpan_balik)
                    for u in ev.umpan_balik.all()
                    if u.rhk_id in rhk_map
                ]
            )
            periode_disalin += 1
        audit.record(
            actor=actor,
            action=WORKFLOW,
            obj=new,
            changes={
                "revisi_dari": [None, old.pk],
                "status": ["disetujui", "draft"],
                "evaluasi_periode_disalin": [None, periode_disalin],
            },
            reason=new.alasan_revisi,
        )
    return new


# --- self-assessment ------------------------------------------------------------------------------


def realisasi_save(
    *,
    actor,
    indikator: IndikatorKinerja,
    periode: int,
    nilai,
    catatan: str = "",
    berkas=None,
    tautan: str = "",
) -> Realisasi:
    """The ASN records realisasi of one indicator for one period with evidence (a file or a link). A new file is
    written first and the replaced one deleted only after commit (asnportal.files)."""
    from asnportal import files

    with files.swap() as fs, transaction.atomic():
        skp = _locked_skp(indikator.rhk.skp)
        _require(is_owner(actor, skp))
        if skp.status != StatusSKP.DISETUJUI or not skp.berlaku:
            raise ValidationError(_("Realisasi diisi pada SKP berlaku yang sudah disetujui."))
        n = pengaturan_for(skp.instansi_id).jumlah_periode
        if not 1 <= int(periode) <= n:
            raise ValidationError({"periode": _("Periode harus 1 sampai %(n)s.") % {"n": n}})
        if Evaluasi.objects.filter(skp=skp, periode=periode).exists():
            raise ValidationError(_("Periode ini sudah dievaluasi; realisasi tidak dapat diubah."))
        if berkas:
            validate_upload(berkas)
        row = Realisasi.objects.filter(indikator=indikator, periode=periode).first()
        before = audit.snapshot(row) if row else {}
        row = row or Realisasi(indikator=indikator, periode=periode)
        row.nilai = nilai
        row.catatan = catatan
        row.bukti_tautan = tautan or ""
        if berkas:
            fs.put(row, "bukti_berkas", berkas)
        if not row.bukti_berkas and not row.bukti_tautan:
            raise ValidationError({"tautan": _("Lampirkan bukti dukung: unggah berkas atau isi tautan.")})
        row.save()
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE if before else audit.Action.CREATE,
            obj=row,
            changes=audit.diff(before, audit.snapshot(row)),
            instansi_id=skp.instansi_id,
        )
    return row


# --- evaluation ----------------------------------------------------------------------------------


def evaluasi_save(
    *,
    actor,
    skp: SKP,
    periode: int,
    rating_hasil: str,
    rating_perilaku: str,
    catatan: str = "",
    catatan_perilaku: str = "",
    umpan_balik: dict | None = None,
) -> Evaluasi:
    """The pejabat penilai rates hasil kerja and perilaku for a period (0 = annual); the predikat follows
    from the matrix (rules.predikat). A final annual result cannot be changed here (only by keberatan)."""
    with transaction.atomic():
        skp = _locked_skp(skp)
        _require(hierarki.may_approve(actor, skp.pegawai, hierarki.EVALUASI))
        if skp.status != StatusSKP.DISETUJUI or not skp.berlaku:
            raise ValidationError(_("Evaluasi hanya untuk SKP berlaku yang sudah disetujui."))
        n = pengaturan_for(skp.instansi_id).jumlah_periode
        if not 0 <= int(periode) <= n:
            raise ValidationError({"periode": _("Periode tidak dikenal.")})
        ev = Evaluasi.objects.select_for_update().filter(skp=skp, periode=periode).first()
        if ev is not None and ev.status == StatusEvaluasi.FINAL:
            raise ValidationError(_("Penilaian ini sudah final."))
        before = audit.snapshot(ev) if ev else {}
        ev = ev or Evaluasi(skp=skp, periode=periode)
        ev.rating_hasil, ev.rating_perilaku = rating_hasil, rating_perilaku
        ev.predikat = rules.predikat(rating_hasil, rating_perilaku)
        ev.catatan, ev.catatan_perilaku = catatan, catatan_perilaku
        ev.dinilai_oleh = actor
        # "Plt. Kepala Bidang …" when a Plt./Plh. evaluates: the evaluation document signs in that capacity.
        ev.dinilai_sebagai = hierarki.jabatan_kapasitas(actor, skp.pegawai, hierarki.EVALUASI)[:200]
        ev.status = StatusEvaluasi.DINILAI
        if int(periode) != 0:
            ev.diterima_tanggal = timezone.localdate()
        ev.save()
        valid_rhk = set(skp.rhk.values_list("pk", flat=True))
        for rhk_id, teks in (umpan_balik or {}).items():
            if int(rhk_id) not in valid_rhk:
                continue
            if (teks or "").strip():
                UmpanBalikRHK.objects.update_or_create(
                    evaluasi=ev, rhk_id=rhk_id, defaults={"umpan_balik": teks}
                )
            else:
                UmpanBalikRHK.objects.filter(evaluasi=ev, rhk_id=rhk_id).delete()
        audit.record(
            actor=actor,
            action=WORKFLOW if not before else audit.Action.UPDATE,
            obj=ev,
            changes={**audit.diff(before, audit.snapshot(ev)), **_kapasitas(actor, skp, hierarki.EVALUASI)},
            instansi_id=skp.instansi_id,
        )
        notify(
            [_user_of(skp.pegawai)],
            judul=_("Umpan balik kinerja diterima"),
            isi=str(ev),
            url=_skp_url(skp),
            email=False,
        )
    return ev


def _unit_evaluasi(unit, tahun):
    return Evaluasi.objects.filter(
        periode=Evaluasi.TAHUNAN,
        skp__tahun=tahun,
        skp__berlaku=True,
        skp__pegawai__unit_kerja__path__startswith=unit.path,
    )


def distribusi_cek(*, unit, tahun: int, predikat_organisasi: str):
    """(counts per predikat, violations) of the unit's annual predikat against the curve."""
    from django.db.models import Count

    counts = {
        r["predikat"]: r["n"]
        for r in _unit_evaluasi(unit, tahun).values("predikat").annotate(n=Count("id")).order_by()
    }
    ambang = pengaturan_for(unit.instansi_id).ambang()
    return counts, rules.cek_distribusi(predikat_organisasi, counts, ambang)


def unit_finalize(
    *, actor, unit, tahun: int, predikat_organisasi: str, konfirmasi: bool = False
) -> FinalisasiUnit:
    """The unit head finalises the annual predikat of the unit. Distribution violations are warnings that
    must be confirmed (domain.md §1.6); then every annual evaluation becomes final and is delivered."""
    _require(scoping.led_unit_path(actor) == unit.path)
    with transaction.atomic():
        if FinalisasiUnit.objects.filter(unit_kerja=unit, tahun=tahun).exists():
            raise ValidationError(_("Predikat unit tahun ini sudah difinalkan."))
        counts, pelanggaran = distribusi_cek(unit=unit, tahun=tahun, predikat_organisasi=predikat_organisasi)
        if not counts:
            raise ValidationError(_("Belum ada penilaian tahunan di unit ini."))
        if pelanggaran and not konfirmasi:
            raise PeringatanDistribusi(pelanggaran)
        fin = FinalisasiUnit.objects.create(
            instansi_id=unit.instansi_id,
            unit_kerja=unit,
            tahun=tahun,
            predikat_organisasi=predikat_organisasi,
            jumlah=counts,
            peringatan=[p.pesan for p in pelanggaran],
            peringatan_dikonfirmasi=bool(pelanggaran),
            difinalisasi_oleh=actor,
        )
        evs = list(
            _unit_evaluasi(unit, tahun).exclude(status=StatusEvaluasi.FINAL).select_related("skp__pegawai")
        )
        today = timezone.localdate()
        Evaluasi.objects.filter(pk__in=[e.pk for e in evs]).update(
            status=StatusEvaluasi.FINAL, final_at=timezone.now(), diterima_tanggal=today
        )
        audit.record(
            actor=actor,
            action=WORKFLOW,
            obj=fin,
            changes={"jumlah": counts, "evaluasi_final": len(evs)},
            reason="; ".join(fin.peringatan),
        )
        notify(
            [_user_of(e.skp.pegawai) for e in evs],
            judul=_("Hasil penilaian kinerja tahun %(tahun)s telah ditetapkan") % {"tahun": tahun},
            isi=_("Anda dapat mengajukan keberatan dalam %(hari)s hari.") % {"hari": conf.hari_keberatan()},
            url=reverse("kinerja:skp_saya"),
        )
    return fin


# --- peer input ------------------------------------------------------------------------------------


def rekan_minta(*, actor, skp: SKP, responden: list) -> int:
    """The penilai asks peers and subordinates for BerAKHLAK feedback (if the instansi enabled it)."""
    _require(is_penilai(actor, skp))
    if not pengaturan_for(skp.instansi_id).umpan_balik_rekan:
        raise ValidationError(_("Umpan balik rekan kerja tidak diaktifkan di instansi ini."))
    people = [p for p in responden if p.instansi_id == skp.instansi_id and p.pk != skp.pegawai_id]
    with transaction.atomic():
        rows = [UmpanBalikRekan(skp=skp, responden=p, nilai=v) for p in people for v in NilaiBerakhlak.values]
        UmpanBalikRekan.objects.bulk_create(rows, ignore_conflicts=True)
        audit.record(
            actor=actor, action=WORKFLOW, obj=skp, changes={"umpan_balik_rekan_diminta": len(people)}
        )
        notify(
            [_user_of(p) for p in people],
            judul=_("Permintaan umpan balik rekan kerja"),
            url=reverse("kinerja:rekan_jawab", args=[skp.pk]),
        )
    return len(people)


def rekan_jawab(*, actor, skp: SKP, skor: dict) -> int:
    """A respondent answers (1 di bawah, 2 sesuai, 3 di atas per value). Only their own rows are touched."""
    rows = UmpanBalikRekan.objects.filter(skp=skp, responden_id=actor.pegawai_id or -1)
    _require(rows.exists())
    with transaction.atomic():
        n = 0
        for row in rows.select_for_update():
            value = skor.get(row.nilai)
            if value is None:
                continue
            if int(value) not in (1, 2, 3):
                raise ValidationError(_("Skor harus 1, 2 atau 3."))
            row.skor, row.dijawab_at = int(value), timezone.now()
            row.save(update_fields=["skor", "dijawab_at"])
            n += 1
        # The answer itself is not put in the audit trail: peer input must stay anonymous.
        audit.record(actor=actor, action=WORKFLOW, obj=skp, changes={"umpan_balik_rekan_dijawab": n})
    return n


# --- keberatan ---------------------------------------------------------------------------------------


def keberatan_create(*, actor, evaluasi: Evaluasi, alasan: str) -> Keberatan:
    """The ASN objects to their final annual result within the window (14 days, domain.md §1.8)."""
    skp = evaluasi.skp
    _require(is_owner(actor, skp))
    if not (alasan or "").strip():
        raise ValidationError({"alasan": _("Tuliskan alasan keberatan.")})
    if evaluasi.periode != Evaluasi.TAHUNAN or evaluasi.status != StatusEvaluasi.FINAL:
        raise ValidationError(_("Keberatan hanya untuk hasil penilaian tahunan yang sudah ditetapkan."))
    if not rules.boleh_keberatan(evaluasi.diterima_tanggal, timezone.localdate(), conf.hari_keberatan()):
        raise ValidationError(
            _("Batas waktu keberatan (%(hari)s hari sejak hasil diterima) sudah lewat.")
            % {"hari": conf.hari_keberatan()}
        )
    if hierarki.atasan2_of(skp.pegawai) is None:
        raise ValidationError(_("Atasan pejabat penilai tidak ditemukan; hubungi pengelola kinerja."))
    with transaction.atomic():
        if Keberatan.objects.filter(evaluasi=evaluasi).exists():
            raise ValidationError(_("Keberatan untuk hasil ini sudah diajukan."))
        kb = Keberatan.objects.create(
            evaluasi=evaluasi,
            pegawai=skp.pegawai,
            alasan=alasan.strip(),
            predikat_semula=evaluasi.predikat,
            rating_hasil_semula=evaluasi.rating_hasil,
            rating_perilaku_semula=evaluasi.rating_perilaku,
        )
        audit.record(actor=actor, action=audit.Action.CREATE, obj=kb, reason=kb.alasan)
        notify(
            hierarki.notify_users(skp.pegawai, hierarki.KEBERATAN),
            judul=_("Keberatan hasil kinerja dari %(nama)s") % {"nama": skp.pegawai_nama},
            url=reverse("kinerja:keberatan_putus", args=[kb.pk]),
        )
    return kb


def keberatan_decide(
    *,
    actor,
    keberatan: Keberatan,
    diterima: bool,
    keputusan: str,
    rating_hasil: str = "",
    rating_perilaku: str = "",
) -> Keberatan:
    """The atasan of the pejabat penilai decides; the decision is final (PP 30/2019 Pasal 59). The original
    ratings stay on the Keberatan row."""
    if not (keputusan or "").strip():
        raise ValidationError({"keputusan": _("Tuliskan pertimbangan keputusan.")})
    with transaction.atomic():
        kb = (
            Keberatan.objects.select_for_update()
            .select_related("evaluasi__skp__pegawai")
            .get(pk=keberatan.pk)
        )
        _require(is_atasan_penilai(actor, kb.evaluasi.skp))
        if kb.status != StatusKeberatan.DIAJUKAN:
            raise ValidationError(_("Keberatan ini sudah diputuskan; keputusan bersifat final."))
        ev = kb.evaluasi
        if diterima:
            if not (rating_hasil and rating_perilaku):
                raise ValidationError(_("Pilih rating baru bila keberatan diterima."))
            ev.rating_hasil, ev.rating_perilaku = rating_hasil, rating_perilaku
            ev.predikat = rules.predikat(rating_hasil, rating_perilaku)
            ev.save(update_fields=["rating_hasil", "rating_perilaku", "predikat"])
        kb.status = StatusKeberatan.DITERIMA if diterima else StatusKeberatan.DITOLAK
        kb.predikat_keputusan = ev.predikat
        kb.keputusan = keputusan.strip()
        kb.diputuskan_oleh = actor
        kb.diputuskan_at = timezone.now()
        kb.save()
        audit.record(
            actor=actor,
            action=WORKFLOW,
            obj=kb,
            changes={
                "predikat": [kb.predikat_semula, kb.predikat_keputusan],
                "status": ["diajukan", kb.status],
                **_kapasitas(actor, kb.evaluasi.skp, hierarki.KEBERATAN),
            },
            reason=kb.keputusan,
        )
        resolve(reverse("kinerja:keberatan_putus", args=[kb.pk]))
        notify(
            [_user_of(kb.pegawai)],
            judul=_("Keputusan atas keberatan Anda: %(s)s") % {"s": kb.get_status_display()},
            url=_skp_url(ev.skp),
        )
    return kb


# --- HR ----------------------------------------------------------------------------------------------


def penghargaan_create(*, actor, data: dict) -> Penghargaan:
    _require(scoping.can_manage(actor))
    pegawai = data["pegawai"]
    _require(scoping.is_superadmin(actor) or pegawai.instansi_id == actor.instansi_id)
    with transaction.atomic():
        obj = Penghargaan.objects.create(instansi_id=pegawai.instansi_id, dicatat_oleh=actor, **data)
        audit.record(
            actor=actor, action=audit.Action.CREATE, obj=obj, changes=audit.diff({}, audit.snapshot(obj))
        )
    return obj


def potensi_save(*, actor, pegawai, tahun: int, skor, sumber: str = "") -> NilaiPotensi:
    _require(scoping.can_manage(actor))
    with transaction.atomic():
        obj, created = NilaiPotensi.objects.update_or_create(
            pegawai=pegawai,
            tahun=tahun,
            defaults={"skor": skor, "sumber": sumber, "instansi_id": pegawai.instansi_id},
        )
        audit.record(actor=actor, action=audit.Action.CREATE if created else audit.Action.UPDATE, obj=obj)
    return obj


def pengaturan_update(*, actor, instansi_id, data: dict) -> PengaturanKinerja:
    _require(scoping.can_manage(actor) and (scoping.is_superadmin(actor) or actor.instansi_id == instansi_id))
    with transaction.atomic():
        obj, _created = PengaturanKinerja.objects.select_for_update().get_or_create(instansi_id=instansi_id)
        before = audit.snapshot(obj)
        for key, value in data.items():
            setattr(obj, key, value)
        obj.full_clean()
        obj.save()
        audit.record(
            actor=actor, action=audit.Action.UPDATE, obj=obj, changes=audit.diff(before, audit.snapshot(obj))
        )
    return obj


# --- reminders ---------------------------------------------------------------------------------------


def pengingat_kirim(*, instansi_id, hari_ini: dt.date | None = None) -> dict:
    """E-mail (and notify in the portal) the ASN with drafts, the atasan with SKPs to approve and the atasan
    with evaluations due. Returns counts. Called by the periodic task for each instansi."""
    from kepegawaian.models import Pegawai

    hari_ini = hari_ini or timezone.localdate()
    tahun = hari_ini.year
    # Each reminder is recorded under (user, kind, week): a second beat, a retry or a redelivery of this task
    # in the same week sends nothing twice (asnportal.notify, unique key in the database).
    iso = hari_ini.isocalendar()
    minggu = f"{iso.year}-W{iso.week:02d}"
    skp_qs = SKP.objects.for_instansi(instansi_id).filter(tahun=tahun, berlaku=True)
    draf = list(
        skp_qs.filter(status__in=[StatusSKP.DRAFT, StatusSKP.DIKEMBALIKAN]).select_related("pegawai__user")
    )
    notify(
        [_user_of(s.pegawai) for s in draf],
        judul=_("Pengingat: SKP %(tahun)s Anda belum diajukan") % {"tahun": tahun},
        url=reverse("kinerja:skp_saya"),
        kunci=f"kinerja.pengingat.draf:{tahun}:{minggu}",
    )
    # Approvals and evaluations are grouped per approver (one message each), by kepegawaian.atasan: one
    # lookup per distinct position of the waiting pegawai (a background task; bounded by the positions).
    diajukan = list(skp_qs.filter(status=StatusSKP.DIAJUKAN).values_list("pegawai_id", flat=True))
    setting = pengaturan_for(instansi_id)
    periode_lalu = rules.periode_dari_tanggal(setting.periode_evaluasi, hari_ini) - 1
    belum_eval = []
    if periode_lalu >= 1:
        belum_eval = list(
            skp_qs.filter(status=StatusSKP.DISETUJUI)
            .exclude(evaluasi__periode=periode_lalu)
            .values_list("pegawai_id", flat=True)
        )
    wakil = {}  # jabatan_id -> one pegawai in it (all holders of a position share their approvers)
    for p in Pegawai.objects.filter(pk__in=set(diajukan + belum_eval)).order_by("id"):
        wakil.setdefault(p.jabatan_id, p)
    penyetuju = {j: hierarki.notify_users(p, on=hari_ini) for j, p in wakil.items()}
    jabatan_of = dict(
        Pegawai.objects.filter(pk__in=set(diajukan + belum_eval)).values_list("pk", "jabatan_id")
    )

    def _penerima(ids):
        users = {}
        for pid in ids:
            for u in penyetuju.get(jabatan_of.get(pid), []):
                if u is not None:
                    users[u.pk] = u
        return list(users.values())

    persetujuan = _penerima(diajukan)
    notify(
        persetujuan,
        judul=_("Pengingat: ada SKP bawahan yang menunggu persetujuan"),
        url=reverse("kinerja:persetujuan"),
        kunci=f"kinerja.pengingat.persetujuan:{minggu}",
    )
    evaluasi = _penerima(belum_eval)
    notify(
        evaluasi,
        judul=_("Pengingat: evaluasi periode %(p)s belum diisi") % {"p": periode_lalu},
        url=reverse("kinerja:persetujuan"),
        kunci=f"kinerja.pengingat.evaluasi:{tahun}-{periode_lalu}:{minggu}",
    )
    return {
        "draf": len(draf),
        "persetujuan": len([p for p in persetujuan if p]),
        "evaluasi": len([p for p in evaluasi if p]),
    }


def skp_semua_bawahan_q(pegawai) -> Q:
    """Rows about the direct bawahan of `pegawai` (kepegawaian.atasan.bawahan_of, depth 1)."""
    return Q(pegawai__jabatan_id__in=hierarki.bawahan_jabatan_ids(pegawai, depth=1) or [-1])
