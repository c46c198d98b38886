"""Portal accounts for the whole workforce (issue 15): bulk creation by HR as a background job, one-time
activation links, password reset, deactivation that follows the pegawai's status. Atomic and audited; every
e-mail goes through the outbox (asnportal.models.EmailKeluar) after commit.
"""

from __future__ import annotations

import logging

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from asnportal import apitoken, audit, jobs, scoping
from asnportal.models import AuditLog, EmailKeluar

from . import akun_tokens
from .choices import CakupanAkun, Role, StatusAktif
from .models import Instansi, Pegawai, PembuatanAkun, UnitKerja, User

logger = logging.getLogger(__name__)

TASK = "kepegawaian.akun_buat_massal_task"
CHUNK = 100  # pegawai per transaction of the bulk job (progress is saved after each)


def _require_manage(actor):
    if not scoping.can_manage(actor):
        raise PermissionDenied(_("Hanya petugas SDM yang dapat mengelola akun."))


def menunggu_aktivasi_q(prefix: str = "") -> Q:
    """Accounts created by HR whose owner has not set a password yet."""
    return Q(**{f"{prefix}is_active": True, f"{prefix}password__startswith": UNUSABLE_PASSWORD_PREFIX})


# --- Bulk creation (background job) ----------------------------------------------------------------------------
def sasaran_qs(*, instansi_id, cakupan: str, unit_kerja_id=None, pegawai_ids=()):
    """Active pegawai of the instansi without an account, within the chosen scope."""
    qs = Pegawai.objects.for_instansi(instansi_id).aktif().filter(user__isnull=True)
    if cakupan == CakupanAkun.PILIHAN:
        qs = qs.filter(pk__in=list(pegawai_ids))
    elif cakupan == CakupanAkun.UNIT:
        unit = UnitKerja.objects.for_instansi(instansi_id).filter(pk=unit_kerja_id).first()
        if unit is None:
            return qs.none()
        qs = qs.filter(unit_kerja__path__startswith=unit.path)
    return qs


def akun_buat_massal_minta(
    *, actor, cakupan: str, pegawai_ids=(), unit_kerja: UnitKerja | None = None, instansi_id=None
) -> PembuatanAkun:
    """HR asks for accounts for a selection, a unit subtree, or every active pegawai without one. The job row
    is written now and the worker creates the accounts (asnportal.jobs). Only the actor's scope is used:
    ids of another instansi's pegawai are ignored, a unit of another instansi is refused."""
    _require_manage(actor)
    if cakupan not in CakupanAkun.values:
        raise ValidationError({"cakupan": _("Pilih cakupan.")})
    ids: list[int] = []
    if cakupan == CakupanAkun.PILIHAN:
        ids = sorted(
            Pegawai.objects.for_user(actor)
            .filter(pk__in=[int(i) for i in pegawai_ids])
            .values_list("pk", flat=True)
        )
        if not ids:
            raise ValidationError({"pegawai": _("Pilih sedikitnya satu pegawai.")})
        instansi_id = Pegawai.objects.filter(pk=ids[0]).values_list("instansi_id", flat=True).get()
        ids = list(Pegawai.objects.filter(pk__in=ids, instansi_id=instansi_id).values_list("pk", flat=True))
    elif cakupan == CakupanAkun.UNIT:
        if unit_kerja is None or not UnitKerja.objects.for_user(actor).filter(pk=unit_kerja.pk).exists():
            raise ValidationError({"unit_kerja": _("Pilih unit kerja.")})
        instansi_id = unit_kerja.instansi_id
    else:
        instansi_id = actor.instansi_id or instansi_id
        if instansi_id is None or not Instansi.objects.for_user(actor).filter(pk=instansi_id).exists():
            raise ValidationError({"cakupan": _("Pilih instansi.")})
    target = sasaran_qs(
        instansi_id=instansi_id,
        cakupan=cakupan,
        unit_kerja_id=unit_kerja.pk if unit_kerja else None,
        pegawai_ids=ids,
    ).count()
    if target == 0:
        raise ValidationError(_("Tidak ada pegawai aktif tanpa akun dalam cakupan ini."))
    with transaction.atomic():
        berjalan = (
            PembuatanAkun.objects.select_for_update()
            .filter(instansi_id=instansi_id, status__in=[jobs.JobStatus.PENDING, jobs.JobStatus.RUNNING])
            .first()
        )
        if berjalan is not None:
            # One bulk job per instansi at a time: a second request while one runs returns that one.
            return berjalan
        job = PembuatanAkun.objects.create(
            instansi_id=instansi_id,
            dibuat_oleh=actor,
            cakupan=cakupan,
            unit_kerja=unit_kerja if cakupan == CakupanAkun.UNIT else None,
            pegawai_ids=ids,
            jumlah_target=target,
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=job,
            changes={"cakupan": cakupan, "unit_kerja": job.unit_kerja_id, "sasaran": target},
        )
        jobs.enqueue(job, TASK)
    return job


def email_aktivasi(user: User, nama: str) -> tuple[str, str]:
    """Subject and body of the activation e-mail (a one-time absolute link)."""
    subjek = _("Aktivasi akun Portal ASN Anda")
    isi = _(
        "Yth. %(nama)s,\n\n"
        "Petugas SDM telah membuatkan akun Portal ASN untuk Anda.\n"
        "Nama pengguna: %(username)s (NIP Anda)\n\n"
        "Buka tautan berikut untuk membuat kata sandi dan mengaktifkan akun (berlaku %(jam)s jam, sekali pakai):\n"
        "%(link)s\n\n"
        "Setelah itu, masuk dengan NIP atau nama pengguna dan kata sandi Anda. Jika tautan sudah kedaluwarsa, "
        "minta petugas SDM mengirim ulang.\n"
        "Jika Anda bukan pegawai yang dimaksud, abaikan e-mail ini."
    ) % {
        "nama": nama,
        "username": user.username,
        "jam": akun_tokens.aktivasi_token.masa_berlaku() // 3600,
        "link": akun_tokens.url_aktivasi(user),
    }
    return subjek, isi


def _queue(rows: list[EmailKeluar]) -> None:
    for row in EmailKeluar.objects.bulk_create(rows):
        jobs.enqueue(row, "asnportal.email_kirim_task")


def akun_buat_massal_jalankan(job: PembuatanAkun) -> None:
    """The worker's part (called by jobs.run_job, so idempotent): create the missing accounts chunk by chunk.

    Each chunk is one transaction holding the instansi row lock (two jobs of one instansi never race for the
    same pegawai) and re-reads which pegawai still lack an account, so a re-delivered or retried job continues
    where it stopped and never creates an account or sends an activation e-mail twice."""
    ids = list(
        sasaran_qs(
            instansi_id=job.instansi_id,
            cakupan=job.cakupan,
            unit_kerja_id=job.unit_kerja_id,
            pegawai_ids=job.pegawai_ids,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    total = max(len(ids), 1)
    catatan = [job.catatan] if job.catatan else []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with transaction.atomic():
            Instansi.objects.select_for_update().filter(pk=job.instansi_id).first()
            people = list(
                Pegawai.objects.filter(pk__in=chunk, user__isnull=True, status_aktif=StatusAktif.AKTIF).only(
                    "pk", "nip", "nama", "gelar_depan", "gelar_belakang", "email", "instansi_id"
                )
            )
            taken = set(
                User.objects.filter(username__in=[p.nip for p in people]).values_list("username", flat=True)
            )
            now = timezone.now()
            baru = []
            for p in people:
                if p.nip in taken:
                    job.jumlah_dilewati += 1
                    catatan.append(_("%(nip)s: nama pengguna sudah dipakai akun lain") % {"nip": p.nip})
                    continue
                u = User(
                    username=p.nip,
                    role=Role.ASN,
                    instansi_id=p.instansi_id,
                    pegawai_id=p.pk,
                    email=p.email,
                    first_name=p.nama[:150],
                    aktivasi_dikirim_at=now if p.email else None,
                )
                u.set_unusable_password()
                baru.append((u, p))
            User.objects.bulk_create([u for u, _p in baru])
            logs, mails = [], []
            for u, p in baru:
                logs.append(
                    AuditLog(
                        actor_id=job.dibuat_oleh_id,
                        instansi_id=job.instansi_id,
                        action=AuditLog.Action.CREATE,
                        object_type="kepegawaian.User",
                        object_id=str(u.pk),
                        object_repr=u.username,
                        changes={"username": u.username, "pegawai": p.pk, "role": u.role, "email": u.email},
                        reason=_("Pembuatan akun massal #%(id)s") % {"id": job.pk},
                    )
                )
                if p.email:
                    subjek, isi = email_aktivasi(u, p.nama_lengkap)
                    mails.append(EmailKeluar(penerima=[p.email], subjek=subjek, isi=isi))
                else:
                    job.jumlah_tanpa_email += 1
            AuditLog.objects.bulk_create(logs)
            _queue(mails)
            job.jumlah_dibuat += len(baru)
            job.jumlah_email += len(mails)
            job.progress = min(99, round(100 * min(start + CHUNK, total) / total))
            job.catatan = "\n".join(catatan)[-5000:]
            job.save(
                update_fields=[
                    "jumlah_dibuat",
                    "jumlah_email",
                    "jumlah_tanpa_email",
                    "jumlah_dilewati",
                    "progress",
                    "catatan",
                ]
            )


# --- One account ------------------------------------------------------------------------------------------------
def akun_kirim_aktivasi(*, actor, pegawai: Pegawai) -> User:
    """HR (re)sends the activation link of an account that has not been activated yet. A new link replaces the
    old one (the old one stops working). The e-mail address is taken from the pegawai record."""
    _require_manage(actor)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pegawai=pegawai).first()
        if user is None:
            raise ValidationError(_("Pegawai ini belum punya akun."))
        if not user.is_active:
            raise ValidationError(_("Akun ini nonaktif. Aktifkan kembali terlebih dahulu."))
        if user.has_usable_password():
            raise ValidationError(_("Akun ini sudah diaktifkan; pemiliknya dapat memakai Lupa kata sandi."))
        email = (pegawai.email or "").strip()
        if not email:
            raise ValidationError(
                _(
                    "Pegawai ini belum punya alamat e-mail. Lengkapi e-mail di data pegawai, lalu kirim tautan."
                )
            )
        user.email = email
        user.set_unusable_password()  # a new random value: the previous link stops working
        user.aktivasi_dikirim_at = timezone.now()
        user.save(update_fields=["email", "password", "aktivasi_dikirim_at"])
        subjek, isi = email_aktivasi(user, pegawai.nama_lengkap)
        _queue([EmailKeluar(penerima=[email], subjek=subjek, isi=isi)])
        audit.record(
            actor=actor,
            action=audit.Action.WORKFLOW,
            obj=user,
            object_repr=user.username,
            instansi_id=pegawai.instansi_id,
            changes={"email": email},
            reason=_("Tautan aktivasi dikirim"),
        )
    return user


def akun_aktivasi_selesai(*, user: User, password: str, request=None) -> User:
    """The owner opened a valid activation (or reset) link and chose a password."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        pertama = user.diaktifkan_at is None
        user.set_password(password)
        fields = ["password"]
        if pertama:
            user.diaktifkan_at = timezone.now()
            fields.append("diaktifkan_at")
        user.save(update_fields=fields)
        audit.record(
            actor=user,
            action=audit.Action.WORKFLOW,
            obj=user,
            object_repr=user.username,
            reason=_("Akun diaktifkan") if pertama else _("Kata sandi diatur ulang"),
            request=request,
        )
    return user


def akun_nonaktifkan(*, actor, users, alasan: str) -> int:
    """Deactivate accounts: they can no longer log in, their sessions and API tokens end now. Audited."""
    users = [u for u in users if u.is_active]
    if not users:
        return 0
    ids = [u.pk for u in users]
    now = timezone.now()
    with transaction.atomic():
        User.objects.filter(pk__in=ids).update(
            is_active=False, dinonaktifkan_at=now, alasan_nonaktif=alasan[:200]
        )
        token = apitoken.token_cabut(user_ids=ids)
        sesi = sesi_akhiri(user_ids=ids)
        AuditLog.objects.bulk_create(
            [
                AuditLog(
                    actor=actor if actor is not None and actor.is_authenticated else None,
                    instansi_id=u.instansi_id,
                    action=AuditLog.Action.UPDATE,
                    object_type="kepegawaian.User",
                    object_id=str(u.pk),
                    object_repr=u.username,
                    changes={"is_active": [True, False]},
                    reason=_("Akun dinonaktifkan: %(alasan)s (sesi dan token API diakhiri)")
                    % {"alasan": alasan},
                )
                for u in users
            ]
        )
    logger.info("akun dinonaktifkan: %s akun, %s token, %s sesi", len(ids), token, sesi)
    return len(ids)


def akun_nonaktifkan_pegawai(*, actor, pegawai: Pegawai, alasan: str) -> User:
    """HR deactivates one pegawai's account by hand (with a reason)."""
    _require_manage(actor)
    if not alasan.strip():
        raise ValidationError({"alasan": _("Alasan wajib diisi.")})
    user = User.objects.filter(pegawai=pegawai).first()
    if user is None:
        raise ValidationError(_("Pegawai ini belum punya akun."))
    if not user.is_active:
        raise ValidationError(_("Akun ini sudah nonaktif."))
    akun_nonaktifkan(actor=actor, users=[user], alasan=alasan.strip())
    user.refresh_from_db()
    return user


def akun_aktifkan_kembali(*, actor, pegawai: Pegawai) -> User:
    """HR reactivates an account; only for a pegawai who is active (a retired person's account stays off)."""
    _require_manage(actor)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pegawai=pegawai).first()
        if user is None:
            raise ValidationError(_("Pegawai ini belum punya akun."))
        if user.is_active:
            raise ValidationError(_("Akun ini sudah aktif."))
        if pegawai.status_aktif != StatusAktif.AKTIF:
            raise ValidationError(
                _("Pegawai berstatus %(s)s: akunnya tidak dapat diaktifkan.")
                % {"s": pegawai.get_status_aktif_display()}
            )
        user.is_active = True
        user.dinonaktifkan_at = None
        user.alasan_nonaktif = ""
        user.save(update_fields=["is_active", "dinonaktifkan_at", "alasan_nonaktif"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=user,
            object_repr=user.username,
            instansi_id=pegawai.instansi_id,
            changes={"is_active": [False, True]},
            reason=_("Akun diaktifkan kembali"),
        )
    return user


def akun_ikuti_status_pegawai(*, actor, pegawai_ids=None) -> int:
    """Accounts follow the person: the active account of a pegawai who is no longer active (pensiun, berhenti,
    meninggal, mutasi keluar instansi) is deactivated. Called when a pegawai's status changes and daily for
    every pegawai (catching changes made outside the services, e.g. in Django admin)."""
    qs = User.objects.filter(is_active=True, pegawai__isnull=False).exclude(
        pegawai__status_aktif=StatusAktif.AKTIF
    )
    if pegawai_ids is not None:
        qs = qs.filter(pegawai_id__in=list(pegawai_ids))
    users = list(qs.select_related("pegawai"))
    n = 0
    for status in {u.pegawai.status_aktif for u in users}:
        label = StatusAktif(status).label
        n += akun_nonaktifkan(
            actor=actor,
            users=[u for u in users if u.pegawai.status_aktif == status],
            alasan=_("pegawai berstatus %(s)s") % {"s": label},
        )
    return n


def sesi_akhiri(*, user_ids) -> int:
    """Delete every live browser session of these accounts: one indexed DELETE on the session table, which
    records each session's user (asnportal.sessions)."""
    from asnportal.models import PortalSession

    return PortalSession.objects.filter(user_id__in=list(user_ids)).delete()[0]


# --- Forgotten password -----------------------------------------------------------------------------------------
def akun_cari(identitas: str) -> list[User]:
    """Active accounts matching a NIP, username or e-mail (an e-mail may belong to several accounts)."""
    ident = identitas.strip()
    if not ident:
        return []
    digits = ident.replace(" ", "")
    q = Q(username__iexact=ident)
    if digits.isdigit() and len(digits) == 18:
        q |= Q(pegawai__nip=digits)
    if "@" in ident:
        q |= Q(email__iexact=ident)
    return list(User.objects.filter(q, is_active=True).exclude(email="").distinct()[:5])


def lupa_kata_sandi_minta(*, identitas: str, request=None) -> int:
    """Queue a password-reset link to every active account matching the identity; the caller answers the same
    whatever the result. An account still waiting for activation gets the link too (it sets the first password)."""
    users = akun_cari(identitas)
    if not users:
        return 0
    rows = []
    for user in users:
        subjek = _("Atur ulang kata sandi Portal ASN")
        isi = _(
            "Yth. %(nama)s,\n\n"
            "Ada permintaan mengatur ulang kata sandi akun Portal ASN %(username)s.\n"
            "Buka tautan berikut untuk membuat kata sandi baru (berlaku %(menit)s menit, sekali pakai):\n%(link)s\n\n"
            "Jika Anda tidak memintanya, abaikan e-mail ini; kata sandi Anda tidak berubah."
        ) % {
            "nama": user.get_full_name() or user.username,
            "username": user.username,
            "menit": akun_tokens.reset_token.masa_berlaku() // 60,
            "link": akun_tokens.url_reset(user),
        }
        rows.append(EmailKeluar(penerima=[user.email], subjek=subjek, isi=isi))
    with transaction.atomic():
        _queue(rows)
        for user in users:
            audit.record(
                actor=None,
                action=audit.Action.WORKFLOW,
                obj=user,
                object_repr=user.username,
                instansi_id=user.instansi_id,
                reason=_("Tautan atur ulang kata sandi dikirim"),
                request=request,
            )
    return len(users)


def demo_password_hash(password: str) -> str:
    """One hash for every demo account (seed_demo): hashing once keeps seeding hundreds of accounts fast."""
    return make_password(password)
