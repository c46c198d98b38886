"""Plt./Plh. assignments (PenugasanPlt): writes and reads. Kept apart from services.py because the powers they
give are read only through kepegawaian.atasan (the one definition of atasan and bawahan)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from asnportal import audit, scoping
from asnportal.notify import notify

from .choices import StatusAktif
from .models import Jabatan, Pegawai, PenugasanPlt

FIELDS = [
    "pegawai",
    "jabatan",
    "jenis",
    "tanggal_mulai",
    "tanggal_selesai",
    "nomor_sk",
    "tanggal_sk",
    "keterangan",
]


def _check(actor, obj: PenugasanPlt) -> None:
    errors = {}
    pegawai: Pegawai = obj.pegawai
    jabatan: Jabatan = obj.jabatan
    if not scoping.is_superadmin(actor) and (
        pegawai.instansi_id != actor.instansi_id or jabatan.instansi_id != actor.instansi_id
    ):
        raise PermissionDenied
    if pegawai.instansi_id != jabatan.instansi_id:
        errors["jabatan"] = _("Jabatan harus dari instansi yang sama dengan pelaksana.")
    if pegawai.status_aktif != StatusAktif.AKTIF:
        errors["pegawai"] = _("Pelaksana harus pegawai aktif.")
    if pegawai.jabatan_id == jabatan.pk:
        errors["jabatan"] = _("Pegawai sudah memangku jabatan ini secara definitif.")
    if obj.tanggal_mulai and obj.tanggal_selesai and obj.tanggal_selesai < obj.tanggal_mulai:
        errors["tanggal_selesai"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    if not (obj.nomor_sk or "").strip():
        errors["nomor_sk"] = _("Nomor SK wajib diisi.")
    if errors:
        raise ValidationError(errors)
    # One acting person per position at a time: two Plt. signing for the same position is what an audit flags.
    bentrok = (
        PenugasanPlt.objects.select_for_update()
        .filter(
            jabatan_id=jabatan.pk,
            tanggal_mulai__lte=obj.tanggal_selesai,
            tanggal_selesai__gte=obj.tanggal_mulai,
        )
        .exclude(pk=obj.pk)
        .select_related("pegawai")
        .first()
    )
    if bentrok is not None:
        raise ValidationError(
            {
                "tanggal_mulai": _(
                    "Jabatan ini sudah dilaksanakan oleh %(nama)s pada %(mulai)s s.d. %(selesai)s."
                )
                % {
                    "nama": bentrok.pegawai.nama_lengkap,
                    "mulai": bentrok.tanggal_mulai.strftime("%d-%m-%Y"),
                    "selesai": bentrok.tanggal_selesai.strftime("%d-%m-%Y"),
                }
            }
        )


def plt_simpan(*, actor, data: dict, penugasan: PenugasanPlt | None = None) -> PenugasanPlt:
    """Record (or correct) an SK that makes a pegawai Plt./Plh. of a position. HR only; audited; the acting
    pegawai is notified. To end an assignment early, set an earlier `tanggal_selesai`."""
    if not scoping.can_manage(actor):
        raise PermissionDenied(_("Hanya petugas SDM yang dapat melakukan ini."))
    with transaction.atomic():
        if penugasan is not None:
            penugasan = PenugasanPlt.objects.select_for_update().get(pk=penugasan.pk)
            before = audit.snapshot(penugasan)
        else:
            before = {}
            penugasan = PenugasanPlt(dibuat_oleh=actor)
        for name in FIELDS:
            if name in data:
                setattr(penugasan, name, data[name])
        penugasan.instansi_id = penugasan.pegawai.instansi_id
        _check(actor, penugasan)
        penugasan.save()
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE if before else audit.Action.CREATE,
            obj=penugasan,
            changes=audit.diff(before, audit.snapshot(penugasan)),
            reason=penugasan.nomor_sk,
        )
        from django.urls import reverse

        notify(
            [getattr(penugasan.pegawai, "user", None)],
            judul=_("Anda ditugaskan sebagai %(s)s %(jabatan)s")
            % {"s": penugasan.singkatan, "jabatan": penugasan.jabatan.nama},
            isi=str(penugasan),
            url=reverse("kepegawaian:plt_detail", args=[penugasan.pk]),
        )
    return penugasan


def plt_list(*, user):
    return PenugasanPlt.objects.for_user(user).select_related("pegawai", "jabatan__unit_kerja")


def plt_untuk_pegawai(pegawai) -> list[PenugasanPlt]:
    """Assignments where `pegawai` acts, and those acting in `pegawai`'s own position (both profiles)."""
    from django.db.models import Q

    q = Q(pegawai_id=pegawai.pk)
    if pegawai.jabatan_id:
        q |= Q(jabatan_id=pegawai.jabatan_id)
    return list(
        PenugasanPlt.objects.filter(q)
        .select_related("pegawai", "jabatan")
        .order_by("-tanggal_mulai", "-id")[:20]
    )
