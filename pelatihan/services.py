"""Writes of the pelatihan domain: keyword-only, `actor`, atomic, audited in the same transaction.

Seats and the waitlist. Every change of who holds a seat locks the session row first
(`select_for_update`; lock order: Sesi, then Peserta) and moves `Sesi.terisi` with it. The database refuses
`terisi > kapasitas` and a second live enrolment of the same pegawai in a session, so concurrent requests can
neither overbook nor double-book: on PostgreSQL the row lock queues them, on SQLite the IMMEDIATE transaction
mode (settings) serialises writers.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from asnportal import audit, files, scoping
from asnportal.notify import notify, resolve
from kepegawaian import atasan as hierarki

from . import conf, rules
from .choices import (
    STATUS_AKTIF,
    Hasil,
    StatusKehadiran,
    StatusPeserta,
    StatusRekomendasi,
    StatusSesi,
    StatusVerifikasi,
    SumberJP,
    SumberPendaftaran,
)
from .models import (
    Evaluasi,
    Kehadiran,
    KreditJP,
    PelatihanEksternal,
    Peserta,
    Program,
    Rekomendasi,
    RencanaPelatihan,
    Sertifikat,
    Sesi,
)


# --- roles -------------------------------------------------------------------------------------------------
def _same_instansi(actor, instansi_id) -> bool:
    return scoping.is_superadmin(actor) or actor.instansi_id == instansi_id


def is_hr(actor, instansi_id) -> bool:
    return scoping.can_manage(actor) and _same_instansi(actor, instansi_id)


def is_atasan(actor, pegawai) -> bool:
    """The actor is the pegawai's atasan, or acts as one (kepegawaian.atasan, the one definition)."""
    own = getattr(actor, "pegawai_id", None)
    if not own or own == pegawai.pk:
        return False
    return any(p.pk == own for p, _k in hierarki.penyetuju_of(pegawai))


def may_approve(actor, peserta: Peserta) -> bool:
    """The atasan approves; HR approves only for a pegawai who has no atasan (e.g. the top official)."""
    return hierarki.may_approve(actor, peserta.pegawai, hierarki.PELATIHAN)


def _user_of(pegawai):
    return getattr(pegawai, "user", None)


def _url(name, pk) -> str:
    return reverse(name, args=[pk])


# --- programme and session -----------------------------------------------------------------------------------
def program_save(*, actor, program: Program, kompetensi=None) -> Program:
    if not is_hr(actor, program.instansi_id):
        raise PermissionDenied
    with transaction.atomic():
        created = program.pk is None
        before = {} if created else audit.snapshot(Program.objects.get(pk=program.pk))
        program.full_clean()
        program.save()
        if kompetensi is not None:
            program.kompetensi.set(kompetensi)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE if created else audit.Action.UPDATE,
            obj=program,
            changes=audit.diff(before, audit.snapshot(program)),
        )
    return program


def sesi_save(*, actor, sesi: Sesi) -> Sesi:
    """Create or change a session. More seats (or reopening) moves the waitlist up at once."""
    if not is_hr(actor, sesi.instansi_id):
        raise PermissionDenied
    with transaction.atomic():
        created = sesi.pk is None
        if not created:
            locked = Sesi.objects.select_for_update().get(pk=sesi.pk)
            before = audit.snapshot(locked)
            sesi.terisi = locked.terisi  # never taken from a form
            if sesi.kapasitas < locked.terisi:
                raise ValidationError(
                    {
                        "kapasitas": _("Kapasitas tidak boleh kurang dari kursi yang sudah terisi (%(n)s).")
                        % {"n": locked.terisi}
                    }
                )
        else:
            before = {}
        sesi.full_clean(exclude=["terisi"])
        sesi.save()
        audit.record(
            actor=actor,
            action=audit.Action.CREATE if created else audit.Action.UPDATE,
            obj=sesi,
            changes=audit.diff(before, audit.snapshot(sesi)),
        )
        if not created:
            _promosikan(actor=actor, sesi=sesi)
    return sesi


# --- enrolment -----------------------------------------------------------------------------------------------
def peserta_daftar(*, actor, sesi: Sesi, pegawai, catatan: str = "") -> Peserta:
    """An ASN applies for themself, or HR / the atasan nominates a pegawai.

    A nomination by the atasan is already approved; anything else waits for the atasan (or HR when the
    pegawai has no atasan). Raises ValidationError when the pegawai already has a live enrolment.
    """
    if pegawai.instansi_id != sesi.instansi_id:
        raise ValidationError(_("Pegawai bukan dari instansi penyelenggara sesi ini."))
    if getattr(actor, "pegawai_id", None) == pegawai.pk:
        sumber = SumberPendaftaran.MANDIRI
    elif is_atasan(actor, pegawai):
        sumber = SumberPendaftaran.NOMINASI_ATASAN
    elif is_hr(actor, pegawai.instansi_id):
        sumber = SumberPendaftaran.NOMINASI_SDM
    else:
        raise PermissionDenied
    with transaction.atomic():
        sesi = Sesi.objects.select_for_update().get(pk=sesi.pk)
        if sesi.status != StatusSesi.DIBUKA:
            raise ValidationError(_("Pendaftaran sesi ini tidak dibuka."))
        if Peserta.objects.filter(sesi=sesi, pegawai=pegawai, status__in=STATUS_AKTIF).exists():
            raise ValidationError(_("Pegawai ini sudah terdaftar atau sedang diproses di sesi ini."))
        try:
            with transaction.atomic():  # savepoint: the unique constraint is the last word under races
                peserta = Peserta.objects.create(
                    instansi_id=sesi.instansi_id,
                    sesi=sesi,
                    pegawai=pegawai,
                    sumber=sumber,
                    catatan=catatan,
                    diajukan_oleh=actor,
                )
        except IntegrityError as exc:
            raise ValidationError(_("Pegawai ini sudah terdaftar atau sedang diproses di sesi ini.")) from exc
        audit.record(actor=actor, action=audit.Action.CREATE, obj=peserta, changes={"sumber": [None, sumber]})
        if sumber == SumberPendaftaran.NOMINASI_ATASAN or (
            sumber == SumberPendaftaran.NOMINASI_SDM and hierarki.atasan_of(pegawai) is None
        ):
            _tempatkan(actor=actor, sesi=sesi, peserta=peserta)
        else:
            if hierarki.atasan_of(pegawai) is not None:
                notify(
                    hierarki.notify_users(pegawai, hierarki.PELATIHAN),
                    judul=_("Persetujuan pelatihan: %(nama)s") % {"nama": pegawai.nama},
                    isi=str(sesi),
                    url=_url("pelatihan:peserta_detail", peserta.pk),
                )
    return peserta


def _tempatkan(*, actor, sesi: Sesi, peserta: Peserta) -> None:
    """Give an approved enrolment a seat, or the next waitlist number. Caller holds the session lock."""
    peserta.disetujui_oleh = actor
    peserta.disetujui_pada = timezone.now()
    if sesi.terisi < sesi.kapasitas:
        peserta.status = StatusPeserta.TERDAFTAR
        peserta.antrean = None
        sesi.terisi += 1
        sesi.save(update_fields=["terisi"])
    else:
        last = Peserta.objects.filter(sesi=sesi, antrean__isnull=False).aggregate(m=Max("antrean"))["m"] or 0
        peserta.status = StatusPeserta.DAFTAR_TUNGGU
        peserta.antrean = last + 1
    peserta.save(update_fields=["status", "antrean", "disetujui_oleh", "disetujui_pada", "updated_at"])
    audit.record(
        actor=actor,
        action=audit.Action.UPDATE,
        obj=peserta,
        changes={
            "status": [StatusPeserta.MENUNGGU, peserta.status],
            **hierarki.audit_kapasitas(actor, peserta.pegawai, hierarki.PELATIHAN),
        },
    )
    resolve(_url("pelatihan:peserta_detail", peserta.pk))
    notify(
        [_user_of(peserta.pegawai)],
        judul=(
            _("Anda terdaftar di %(sesi)s")
            if peserta.status == StatusPeserta.TERDAFTAR
            else _("Anda masuk daftar tunggu %(sesi)s")
        )
        % {"sesi": sesi},
        url=_url("pelatihan:peserta_detail", peserta.pk),
    )


def _promosikan(*, actor, sesi: Sesi) -> list[Peserta]:
    """Fill free seats from the waitlist, first come first served. Caller holds the session lock."""
    promoted = []
    while sesi.terisi < sesi.kapasitas:
        nxt = (
            Peserta.objects.select_for_update()
            .filter(sesi=sesi, status=StatusPeserta.DAFTAR_TUNGGU)
            .order_by("antrean", "id")
            .select_related("pegawai")
            .first()
        )
        if nxt is None:
            break
        nxt.status = StatusPeserta.TERDAFTAR
        nxt.antrean = None
        nxt.save(update_fields=["status", "antrean", "updated_at"])
        sesi.terisi += 1
        sesi.save(update_fields=["terisi"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=nxt,
            changes={"status": [StatusPeserta.DAFTAR_TUNGGU, StatusPeserta.TERDAFTAR]},
            reason="Naik dari daftar tunggu",
        )
        notify(
            [_user_of(nxt.pegawai)],
            judul=_("Kursi tersedia: Anda kini terdaftar di %(sesi)s") % {"sesi": sesi},
            url=_url("pelatihan:peserta_detail", nxt.pk),
        )
        promoted.append(nxt)
    return promoted


def _lock(peserta: Peserta) -> tuple[Sesi, Peserta]:
    """Lock the session, then the enrolment (always in this order, so two requests never deadlock)."""
    sesi = Sesi.objects.select_for_update().get(pk=peserta.sesi_id)
    peserta = Peserta.objects.select_for_update().select_related("pegawai").get(pk=peserta.pk)
    return sesi, peserta


def peserta_setujui(*, actor, peserta: Peserta) -> Peserta:
    if not may_approve(actor, peserta):
        raise PermissionDenied
    with transaction.atomic():
        sesi, peserta = _lock(peserta)
        if peserta.status != StatusPeserta.MENUNGGU:
            raise ValidationError(_("Pendaftaran ini tidak menunggu persetujuan."))
        _tempatkan(actor=actor, sesi=sesi, peserta=peserta)
    return peserta


def peserta_tolak(*, actor, peserta: Peserta, alasan: str) -> Peserta:
    if not may_approve(actor, peserta):
        raise PermissionDenied
    with transaction.atomic():
        _sesi, peserta = _lock(peserta)
        if peserta.status != StatusPeserta.MENUNGGU:
            raise ValidationError(_("Pendaftaran ini tidak menunggu persetujuan."))
        peserta.status = StatusPeserta.DITOLAK
        peserta.alasan = alasan
        peserta.save(update_fields=["status", "alasan", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=peserta,
            changes={
                "status": [StatusPeserta.MENUNGGU, StatusPeserta.DITOLAK],
                **hierarki.audit_kapasitas(actor, peserta.pegawai, hierarki.PELATIHAN),
            },
            reason=alasan,
        )
        resolve(_url("pelatihan:peserta_detail", peserta.pk))
        notify(
            [_user_of(peserta.pegawai)],
            judul=_("Pendaftaran pelatihan ditolak"),
            isi=alasan,
            url=_url("pelatihan:peserta_detail", peserta.pk),
        )
    return peserta


def may_cancel(actor, peserta: Peserta) -> bool:
    return (
        getattr(actor, "pegawai_id", None) == peserta.pegawai_id
        or is_atasan(actor, peserta.pegawai)
        or is_hr(actor, peserta.instansi_id)
    )


def peserta_batal(*, actor, peserta: Peserta, alasan: str = "") -> Peserta:
    """Cancel an enrolment. A freed seat goes to the first on the waitlist in the same transaction."""
    if not may_cancel(actor, peserta):
        raise PermissionDenied
    with transaction.atomic():
        sesi, peserta = _lock(peserta)
        old = peserta.status
        if old not in (StatusPeserta.MENUNGGU, StatusPeserta.TERDAFTAR, StatusPeserta.DAFTAR_TUNGGU):
            raise ValidationError(_("Pendaftaran ini tidak dapat dibatalkan lagi."))
        peserta.status = StatusPeserta.BATAL
        peserta.antrean = None
        peserta.alasan = alasan
        peserta.save(update_fields=["status", "antrean", "alasan", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=peserta,
            changes={"status": [old, StatusPeserta.BATAL]},
            reason=alasan,
        )
        resolve(_url("pelatihan:peserta_detail", peserta.pk))  # withdrawn: the atasan need not act any more
        if old == StatusPeserta.TERDAFTAR:
            sesi.terisi -= 1
            sesi.save(update_fields=["terisi"])
            _promosikan(actor=actor, sesi=sesi)
    return peserta


# --- attendance and completion -------------------------------------------------------------------------------
def kehadiran_catat(*, actor, sesi: Sesi, tanggal: dt.date, status_per_peserta: dict[int, str]) -> int:
    """Record one day's attendance for the session's seated participants (upsert). Returns rows written."""
    if not is_hr(actor, sesi.instansi_id):
        raise PermissionDenied
    if not (sesi.tanggal_mulai <= tanggal <= sesi.tanggal_selesai):
        raise ValidationError(_("Tanggal di luar jadwal sesi."))
    with transaction.atomic():
        valid = set(
            Peserta.objects.filter(
                sesi=sesi, status__in=(StatusPeserta.TERDAFTAR, StatusPeserta.SELESAI)
            ).values_list("pk", flat=True)
        )
        n = 0
        for peserta_id, status in status_per_peserta.items():
            if peserta_id not in valid:
                continue
            Kehadiran.objects.update_or_create(
                peserta_id=peserta_id, tanggal=tanggal, defaults={"status": status, "dicatat_oleh": actor}
            )
            n += 1
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=sesi,
            changes={"kehadiran": [None, f"{tanggal.isoformat()}: {n} peserta"]},
        )
    return n


def _nomor_sertifikat(peserta: Peserta) -> str:
    return f"{peserta.sesi.program.kode}/{peserta.sesi_id}/{peserta.pk}/{peserta.selesai_pada:%Y}"


def kehadiran_peserta(peserta: Peserta, sesi: Sesi) -> tuple[int, int] | None:
    """(days present, days of the session) for the attendance rule, or None while no attendance has been
    recorded for the session at all (the rule cannot be judged yet). A session day without a "hadir" row counts
    as absent once attendance is being kept."""
    if not Kehadiran.objects.filter(peserta__sesi=sesi).exists():
        return None
    hari = (sesi.tanggal_selesai - sesi.tanggal_mulai).days + 1
    hadir = (
        Kehadiran.objects.filter(
            peserta=peserta,
            status=StatusKehadiran.HADIR,
            tanggal__range=(sesi.tanggal_mulai, sesi.tanggal_selesai),
        )
        .values("tanggal")
        .distinct()
        .count()
    )
    return hadir, hari


def peserta_selesaikan(
    *, actor, peserta: Peserta, hasil: str, nilai=None, tanggal: dt.date | None = None
) -> Peserta:
    """Close a seated participant with a result. A pass credits the programme's JP for the year and issues a
    certificate with a verification code. A pass needs the programme's attendance rule met
    (Program.kehadiran_minimal_persen of the session's days, once attendance is recorded for the session)."""
    if not is_hr(actor, peserta.instansi_id):
        raise PermissionDenied
    with transaction.atomic():
        sesi, peserta = _lock(peserta)
        if peserta.status != StatusPeserta.TERDAFTAR:
            raise ValidationError(_("Hanya peserta terdaftar yang dapat dinyatakan selesai."))
        program = sesi.program
        if hasil == Hasil.LULUS and program.kehadiran_minimal_persen:
            hitung = kehadiran_peserta(peserta, sesi)
            if hitung is not None and not rules.memenuhi_kehadiran(
                *hitung, minimal_persen=program.kehadiran_minimal_persen
            ):
                raise ValidationError(
                    _(
                        "Peserta hadir %(hadir)s dari %(hari)s hari (%(persen)s%%), di bawah syarat kehadiran "
                        "program %(minimal)s%%: tidak dapat dinyatakan lulus dan tidak mendapat JP."
                    )
                    % {
                        "hadir": hitung[0],
                        "hari": hitung[1],
                        "persen": rules.persen_kehadiran(*hitung),
                        "minimal": program.kehadiran_minimal_persen,
                    }
                )
        peserta.status = StatusPeserta.SELESAI
        peserta.hasil = hasil
        peserta.nilai = nilai
        peserta.selesai_pada = tanggal or sesi.tanggal_selesai
        peserta.save(update_fields=["status", "hasil", "nilai", "selesai_pada", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=peserta,
            changes={"status": [StatusPeserta.TERDAFTAR, StatusPeserta.SELESAI], "hasil": [None, hasil]},
        )
        if hasil == Hasil.LULUS:
            KreditJP.objects.create(
                instansi_id=peserta.instansi_id,
                pegawai_id=peserta.pegawai_id,
                tahun=peserta.selesai_pada.year,
                tanggal=peserta.selesai_pada,
                jp=program.jp,
                sumber=SumberJP.PORTAL,
                uraian=str(program)[:250],
                peserta=peserta,
            )
            peserta.sesi = sesi
            sert = Sertifikat.objects.create(
                peserta=peserta,
                nomor=_nomor_sertifikat(peserta),
                nama_pegawai=peserta.pegawai.nama_lengkap,
                nama_program=program.nama,
                penyelenggara=program.penyelenggara,
                tanggal_mulai=sesi.tanggal_mulai,
                tanggal_selesai=sesi.tanggal_selesai,
                jp=program.jp,
            )
            audit.record(actor=actor, action=audit.Action.CREATE, obj=sert)
            notify(
                [_user_of(peserta.pegawai)],
                judul=_("Sertifikat %(program)s terbit (%(jp)s JP)")
                % {"program": program.nama, "jp": program.jp},
                url=_url("pelatihan:peserta_detail", peserta.pk),
            )
    return peserta


def sertifikat_cabut(*, actor, sertifikat: Sertifikat, alasan: str) -> Sertifikat:
    """Revoke a certificate (e.g. found invalid): the public page shows it as revoked and its JP no longer count."""
    peserta = sertifikat.peserta
    if not is_hr(actor, peserta.instansi_id):
        raise PermissionDenied
    if not alasan.strip():
        raise ValidationError({"alasan": _("Alasan pencabutan wajib diisi.")})
    with transaction.atomic():
        sertifikat = Sertifikat.objects.select_for_update().get(pk=sertifikat.pk)
        if sertifikat.dicabut:
            raise ValidationError(_("Sertifikat ini sudah dicabut."))
        sertifikat.dicabut_pada = timezone.now()
        sertifikat.alasan_cabut = alasan
        sertifikat.save(update_fields=["dicabut_pada", "alasan_cabut"])
        KreditJP.objects.filter(peserta_id=sertifikat.peserta_id).delete()
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=sertifikat,
            changes={"dicabut_pada": [None, sertifikat.dicabut_pada.isoformat()]},
            reason=alasan,
        )
    return sertifikat


# --- external training -------------------------------------------------------------------------------------------
def eksternal_ajukan(*, actor, pegawai, data: dict) -> PelatihanEksternal:
    """Record training done elsewhere with its evidence; JP count only after HR verifies it."""
    if getattr(actor, "pegawai_id", None) != pegawai.pk and not is_hr(actor, pegawai.instansi_id):
        raise PermissionDenied
    data = dict(data)
    bukti = data.pop("bukti", None)
    # The evidence is written first (asnportal.files); a transaction that fails later removes it again.
    with files.swap() as fs, transaction.atomic():
        obj = PelatihanEksternal(instansi_id=pegawai.instansi_id, pegawai=pegawai, **data)
        obj.jp = rules.menit_ke_jp(obj.durasi_menit or 0, menit_per_jp=conf.menit_per_jp())
        # Checked before anything is stored: the upload itself against the field's rules (required, PDF/JPG/PNG
        # by content), the rest of the row as before.
        errors = {}
        try:
            PelatihanEksternal._meta.get_field("bukti").clean(bukti, obj)
        except ValidationError as exc:
            errors["bukti"] = exc.messages
        try:
            obj.full_clean(exclude=["bukti"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
        fs.put(obj, "bukti", bukti)
        obj.save()
        audit.record(
            actor=actor, action=audit.Action.CREATE, obj=obj, changes=audit.diff({}, audit.snapshot(obj))
        )
    return obj


def eksternal_catat_sdm(*, actor, pegawai, data: dict) -> PelatihanEksternal:
    """HR records external training for a pegawai of its instansi (who may have no portal account) from the
    evidence it holds, and verifies it in the same transaction, so the JP count at once. Audited twice
    (record, verification) like the two-step path."""
    if not is_hr(actor, pegawai.instansi_id):
        raise PermissionDenied
    with transaction.atomic():
        obj = eksternal_ajukan(actor=actor, pegawai=pegawai, data=data)
        return eksternal_verifikasi(
            actor=actor, eksternal=obj, setuju=True, catatan=_("Dicatat dan diverifikasi oleh petugas SDM.")
        )


def eksternal_verifikasi(
    *, actor, eksternal: PelatihanEksternal, setuju: bool, catatan: str = ""
) -> PelatihanEksternal:
    if not is_hr(actor, eksternal.instansi_id):
        raise PermissionDenied
    with transaction.atomic():
        eksternal = (
            PelatihanEksternal.objects.select_for_update().select_related("pegawai").get(pk=eksternal.pk)
        )
        if eksternal.status != StatusVerifikasi.DIAJUKAN:
            raise ValidationError(_("Pengajuan ini sudah diproses."))
        if not setuju and not catatan.strip():
            raise ValidationError({"catatan": _("Tuliskan alasan penolakan.")})
        eksternal.status = StatusVerifikasi.DIVERIFIKASI if setuju else StatusVerifikasi.DITOLAK
        eksternal.catatan_verifikasi = catatan
        eksternal.diverifikasi_oleh = actor
        eksternal.save(update_fields=["status", "catatan_verifikasi", "diverifikasi_oleh"])
        if setuju and eksternal.jp:
            KreditJP.objects.create(
                instansi_id=eksternal.instansi_id,
                pegawai_id=eksternal.pegawai_id,
                tahun=eksternal.tanggal_selesai.year,
                tanggal=eksternal.tanggal_selesai,
                jp=eksternal.jp,
                sumber=SumberJP.EKSTERNAL,
                uraian=eksternal.nama[:250],
                eksternal=eksternal,
            )
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=eksternal,
            changes={"status": [StatusVerifikasi.DIAJUKAN, eksternal.status]},
            reason=catatan,
        )
        notify(
            [_user_of(eksternal.pegawai)],
            judul=_("Pelatihan eksternal %(nama)s: %(status)s")
            % {"nama": eksternal.nama, "status": eksternal.get_status_display()},
            isi=catatan,
            url=_url("pelatihan:eksternal_detail", eksternal.pk),
        )
    return eksternal


# --- evaluation ------------------------------------------------------------------------------------------------
def evaluasi_kirim(*, actor, peserta: Peserta, data: dict) -> Evaluasi:
    """The participant rates the session once, after finishing it."""
    if getattr(actor, "pegawai_id", None) != peserta.pegawai_id:
        raise PermissionDenied
    if peserta.status != StatusPeserta.SELESAI:
        raise ValidationError(_("Evaluasi dapat diisi setelah pelatihan selesai."))
    with transaction.atomic():
        if Evaluasi.objects.filter(peserta=peserta).exists():
            raise ValidationError(_("Anda sudah mengisi evaluasi sesi ini."))
        ev = Evaluasi(peserta=peserta, **data)
        ev.full_clean()
        ev.save()
        audit.record(actor=actor, action=audit.Action.CREATE, obj=ev, instansi_id=peserta.instansi_id)
    return ev


# --- needs and plan ----------------------------------------------------------------------------------------------
def rekomendasi_susun(*, actor, instansi_id: int, tahun_kinerja: int) -> int:
    """Build training needs for the next year from the kinerja results of `tahun_kinerja` and the
    competencies each position requires. Idempotent: an existing need is kept as it is. Returns new rows."""
    if not is_hr(actor, instansi_id):
        raise PermissionDenied
    from . import selectors

    tahun = tahun_kinerja + 1
    kebutuhan = selectors.kebutuhan_pelatihan(instansi_id=instansi_id, tahun_kinerja=tahun_kinerja)
    program_per_kompetensi = selectors.program_per_kompetensi(instansi_id=instansi_id)
    with transaction.atomic():
        existing = set(
            Rekomendasi.objects.for_instansi(instansi_id)
            .filter(tahun=tahun)
            .values_list("pegawai_id", "sumber", "kompetensi_id")
        )
        rows = [
            Rekomendasi(
                instansi_id=instansi_id,
                pegawai_id=k.pegawai_id,
                tahun=tahun,
                sumber=k.sumber,
                kompetensi_id=k.kompetensi_id,
                alasan=k.alasan[:250],
                program_saran_id=program_per_kompetensi.get(k.kompetensi_id),
            )
            for k in kebutuhan
            if (k.pegawai_id, k.sumber, k.kompetensi_id) not in existing
        ]
        Rekomendasi.objects.bulk_create(rows, batch_size=1000)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="pelatihan.Rekomendasi",
            object_id=str(tahun),
            object_repr=f"Rekomendasi pelatihan {tahun}",
            changes={"jumlah": [None, len(rows)], "sumber_kinerja_tahun": [None, tahun_kinerja]},
            instansi_id=instansi_id,
        )
    return len(rows)


def rencana_dari_rekomendasi(
    *, actor, rekomendasi: list[Rekomendasi], program: Program, perkiraan_biaya=0
) -> int:
    """HR turns selected recommendations into plan lines for their year (one per pegawai and programme)."""
    if not is_hr(actor, program.instansi_id):
        raise PermissionDenied
    with transaction.atomic():
        n = 0
        for rek in rekomendasi:
            if rek.instansi_id != program.instansi_id:
                raise PermissionDenied
            _obj, created = RencanaPelatihan.objects.get_or_create(
                tahun=rek.tahun,
                pegawai_id=rek.pegawai_id,
                program=program,
                defaults={
                    "instansi_id": rek.instansi_id,
                    "rekomendasi": rek,
                    "perkiraan_biaya": perkiraan_biaya,
                },
            )
            n += int(created)
        Rekomendasi.objects.filter(pk__in=[r.pk for r in rekomendasi]).update(
            status=StatusRekomendasi.DIRENCANAKAN
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=program,
            changes={"rencana": [None, n], "rekomendasi": [None, [r.pk for r in rekomendasi]]},
            reason="Rencana pelatihan dari rekomendasi",
        )
    return n
