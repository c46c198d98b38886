"""Writes of the forum: keyword-only, take `actor`, atomic, moderation audited in the same transaction,
notifications queued as a job after commit.

Errors: `ValidationError` (Indonesian message) for bad input and rate limits, `PermissionDenied` for actions
the actor may not take. Objects the actor cannot read never reach a service: views and the API fetch them
through forum.selectors (404).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from asnportal import audit, jobs, scoping
from asnportal.files import swap as file_swap
from asnportal.uploads import validate_upload
from kepegawaian.models import Instansi, UnitKerja

from . import conf, selectors
from . import markdown as md
from .models import (
    Adopsi,
    AksiModerasi,
    AnggotaRuang,
    Kategori,
    Lampiran,
    Langganan,
    LaporanPos,
    ModerationLog,
    NotifikasiPosJob,
    PeranAnggota,
    Pos,
    RuangKoordinasi,
    StatusBaca,
    StatusLaporan,
    StatusRuang,
    Topik,
)

User = get_user_model()
MAX_HANDLES = 20


# --- mentions ----------------------------------------------------------------------------------------------


def may_broadcast(actor, *, instansi_id, unit_path: str | None = None) -> bool:
    """May `actor` mention a whole instansi (or a unit subtree) and so e-mail all its people?

    A superadmin anywhere; an HR officer (admin instansi) in their own instansi; the head of a unit for the
    unit they lead (and its subtree). Everyone else mentions people by user name only.
    """
    if actor is None:
        return False
    if scoping.is_superadmin(actor):
        return True
    if getattr(actor, "instansi_id", None) != instansi_id:
        return False
    if scoping.can_manage(actor):
        return True
    led = scoping.led_unit_path(actor)
    return bool(unit_path and led and unit_path.startswith(led))


def resolve_handles(handles: Iterable[str], *, actor, check_broadcast: bool = True) -> dict[str, list]:
    """Map each @handle to the active users it reaches (see forum.markdown for the syntax).

    A user name wins over an instansi code; `instansi/unit` reaches everyone whose unit kerja lies in that
    unit's subtree. Unknown handles are left out, and so are group mentions the actor may not broadcast to
    (may_broadcast); room invitations skip that check (`check_broadcast=False`: only a room coordinator
    invites, and inviting another instansi's unit is what coordination rooms are for). Group mentions are
    capped (FORUM_MAX_MENTION_RECIPIENTS).
    """
    handles = [h.lower() for h in handles][:MAX_HANDLES]
    if not handles:
        return {}
    cap = conf.get("FORUM_MAX_MENTION_RECIPIENTS")
    out: dict[str, list] = {}
    plain = [h for h in handles if "/" not in h]
    if plain:
        q = Q()
        for h in plain:
            q |= Q(username__iexact=h)
        for u in User.objects.filter(q, is_active=True):
            out[u.username.lower()] = [u]
        rest = [h for h in plain if h not in out]
        for inst in Instansi.objects.filter(kode__in=rest):
            if check_broadcast and not may_broadcast(actor, instansi_id=inst.pk):
                continue
            out[inst.kode.lower()] = list(
                User.objects.filter(instansi=inst, is_active=True).order_by("pk")[:cap]
            )
    for h in (h for h in handles if "/" in h):
        kode, unit_code = h.split("/", 1)
        unit = (
            UnitKerja.objects.filter(instansi__kode=kode)
            .filter(Q(singkatan__iexact=unit_code) | Q(kode__iexact=unit_code))
            .order_by("depth", "pk")
            .first()
        )
        if unit is not None and (
            not check_broadcast or may_broadcast(actor, instansi_id=unit.instansi_id, unit_path=unit.path)
        ):
            out[h] = list(
                User.objects.filter(is_active=True, pegawai__unit_kerja__path__startswith=unit.path).order_by(
                    "pk"
                )[:cap]
            )
    return out


def readers_of(topik: Topik, users: Iterable) -> list:
    """Only the users who may read the thread (a mention never leaks a room or an internal category)."""
    ids = {u.pk for u in users}
    if not ids:
        return []
    qs = User.objects.filter(pk__in=ids, is_active=True)
    if topik.ruang_id:
        qs = qs.filter(pk__in=AnggotaRuang.objects.filter(ruang_id=topik.ruang_id).values("user_id"))
    elif topik.kategori.instansi_id:
        qs = qs.filter(Q(instansi_id=topik.kategori.instansi_id) | Q(role=scoping.SUPERADMIN))
    return list(qs)


# --- rate limits -----------------------------------------------------------------------------------------


def _check_rate(actor, *, topik_baru: bool) -> None:
    """DB-based flood control: counts the actor's recent posts/threads (works across processes)."""
    now = timezone.now()
    window = conf.get("FORUM_RATE_POSTS_WINDOW")
    if Pos.objects.filter(penulis=actor, created_at__gte=now - timedelta(seconds=window)).count() >= conf.get(
        "FORUM_RATE_POSTS"
    ):
        raise ValidationError(
            _("Terlalu banyak pos dalam waktu singkat. Tunggu %(n)s detik lalu coba lagi.") % {"n": window},
            code="rate_limited",
        )
    if topik_baru:
        window = conf.get("FORUM_RATE_TOPIKS_WINDOW")
        recent = Topik.objects.filter(penulis=actor, created_at__gte=now - timedelta(seconds=window)).count()
        if recent >= conf.get("FORUM_RATE_TOPIKS"):
            raise ValidationError(
                _("Terlalu banyak topik baru dalam waktu singkat. Coba lagi dalam %(m)s menit.")
                % {"m": max(1, window // 60)},
                code="rate_limited",
            )


# --- threads and posts -----------------------------------------------------------------------------------


def _validate_files(files) -> list[tuple]:
    files = [f for f in files or [] if f]
    if len(files) > conf.get("FORUM_MAX_ATTACHMENTS"):
        raise ValidationError(
            _("Paling banyak %(n)s lampiran per pos.") % {"n": conf.get("FORUM_MAX_ATTACHMENTS")},
            code="too_many",
        )
    return [(f, validate_upload(f)) for f in files]


def _create_pos(*, actor, topik: Topik, isi: str, kutipan: Pos | None, checked_files, fs) -> Pos:
    """Inside the caller's transaction, with the thread row locked (sequential post numbers). Attachments are
    written through `fs` (asnportal.files): a transaction that fails later removes them again."""
    handles = md.extract_mentions(isi)
    resolved = resolve_handles(handles, actor=actor)
    now = timezone.now()
    pos = Pos.objects.create(
        topik=topik,
        nomor=topik.jumlah_pos + 1,
        penulis=actor,
        instansi_id=actor.instansi_id,
        isi=isi,
        isi_html=md.render(isi, mentions=set(resolved)),
        kutipan=kutipan,
        sebutan=sorted(resolved),
        created_at=now,
    )
    for f, mime in checked_files:
        lampiran = Lampiran(pos=pos, nama=f.name[-200:], content_type=mime, ukuran=f.size)
        fs.put(lampiran, "berkas", f)
        lampiran.save()
    Topik.objects.filter(pk=topik.pk).update(jumlah_pos=F("jumlah_pos") + 1, last_post_at=now)
    topik.jumlah_pos += 1
    topik.last_post_at = now
    Langganan.objects.get_or_create(topik=topik, user=actor)
    StatusBaca.objects.update_or_create(user=actor, topik=topik, defaults={"nomor_terakhir": pos.nomor})
    job = NotifikasiPosJob.objects.create(pos=pos)
    jobs.enqueue(job, "forum.pos_notify_task")
    return pos


def judul_satu_baris(judul: str) -> bool:
    """A title is one line: no line or paragraph separator, no control character (it becomes a mail subject)."""
    return not any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in judul)


def _clean_isi(isi: str) -> str:
    isi = (isi or "").strip()
    if not isi:
        raise ValidationError({"isi": _("Isi pos wajib diisi.")})
    if len(isi) > 20_000:
        raise ValidationError({"isi": _("Isi pos terlalu panjang (maksimal 20.000 karakter).")})
    return isi


def topik_create(
    *,
    actor,
    judul: str,
    isi: str,
    kategori: Kategori | None = None,
    ruang: RuangKoordinasi | None = None,
    files=(),
) -> Topik:
    """Open a thread in a category or a room the actor can read (and, for a room, is an active member of)."""
    if (kategori is None) == (ruang is None):
        raise ValidationError(_("Pilih satu kategori atau satu ruang koordinasi."))
    if kategori is not None and not Kategori.objects.for_user(actor).filter(pk=kategori.pk).exists():
        raise PermissionDenied
    if ruang is not None:
        if not selectors.is_member(actor, ruang):
            raise PermissionDenied
        if ruang.is_arsip:
            raise ValidationError(_("Ruang ini sudah diarsipkan; tidak dapat menambah topik."))
    judul = (judul or "").strip()
    if len(judul) < 5:
        raise ValidationError({"judul": _("Judul minimal 5 karakter.")})
    if not judul_satu_baris(judul):
        raise ValidationError(
            {"judul": _("Judul harus satu baris (tanpa ganti baris atau karakter kontrol).")}
        )
    isi = _clean_isi(isi)
    checked = _validate_files(files)
    _check_rate(actor, topik_baru=True)
    with file_swap() as fs, transaction.atomic():
        topik = Topik.objects.create(
            judul=judul[:200],
            kategori=kategori,
            ruang=ruang,
            penulis=actor,
            instansi_id=actor.instansi_id,
            last_post_at=timezone.now(),
        )
        _create_pos(actor=actor, topik=topik, isi=isi, kutipan=None, checked_files=checked, fs=fs)
    return topik


def pos_create(*, actor, topik: Topik, isi: str, kutipan: Pos | None = None, files=()) -> Pos:
    """Reply to a thread. A quote must come from the same thread (so a room post can never be quoted out)."""
    if not selectors.can_reply(actor, topik):
        raise PermissionDenied
    if kutipan is not None and (kutipan.topik_id != topik.pk or kutipan.is_hidden):
        raise ValidationError({"kutipan": _("Pos yang dikutip harus dari topik yang sama.")})
    isi = _clean_isi(isi)
    checked = _validate_files(files)
    _check_rate(actor, topik_baru=False)
    with file_swap() as fs, transaction.atomic():
        locked = Topik.objects.select_for_update().get(pk=topik.pk)
        if locked.is_locked and not selectors.can_moderate(actor, locked):
            raise PermissionDenied
        pos = _create_pos(actor=actor, topik=locked, isi=isi, kutipan=kutipan, checked_files=checked, fs=fs)
    topik.jumlah_pos, topik.last_post_at = locked.jumlah_pos, locked.last_post_at
    return pos


def pos_notify(job: NotifikasiPosJob) -> None:
    """Worker side: notify the people mentioned and the thread's subscribers (never the author, never
    someone who cannot read the thread). In-portal row + e-mail through asnportal.notify."""
    from asnportal.notify import notify

    pos = Pos.objects.select_related("topik__kategori", "topik__ruang", "penulis").get(pk=job.pos_id)
    topik = pos.topik
    if pos.is_hidden or topik.is_hidden:
        return
    mentioned = {u.pk: u for users in resolve_handles(pos.sebutan, actor=pos.penulis).values() for u in users}
    mentioned.pop(pos.penulis_id, None)
    mentioned_readers = readers_of(topik, mentioned.values())
    subscribers = User.objects.filter(pk__in=topik.langganan.values("user_id")).exclude(
        pk__in=[pos.penulis_id, *[u.pk for u in mentioned_readers]]
    )
    subscriber_readers = readers_of(topik, subscribers)
    from django.urls import reverse

    url = reverse("forum:pos_goto", args=[pos.pk])
    nama = pos.penulis.get_full_name() or pos.penulis.username
    excerpt = md.excerpt(pos.isi)
    if mentioned_readers:
        notify(
            mentioned_readers,
            judul=_("%(nama)s menyebut Anda di forum: %(judul)s") % {"nama": nama, "judul": topik.judul},
            isi=excerpt,
            url=url,
            kunci=f"forum.sebutan:{pos.pk}",  # a retried or taken-over job notifies nobody twice
        )
    if subscriber_readers and pos.nomor > 1:
        notify(
            subscriber_readers,
            judul=_("Balasan baru di topik: %(judul)s") % {"judul": topik.judul},
            isi=f"{nama}: {excerpt}",
            url=url,
            kunci=f"forum.balasan:{pos.pk}",
        )
    job.jumlah_penerima = len(mentioned_readers) + (len(subscriber_readers) if pos.nomor > 1 else 0)


def langganan_set(*, actor, topik: Topik, aktif: bool) -> None:
    if aktif:
        Langganan.objects.get_or_create(topik=topik, user=actor)
    else:
        Langganan.objects.filter(topik=topik, user=actor).delete()


def tandai_dibaca(*, user, topik: Topik, nomor: int, sebelumnya: int | None = None) -> None:
    """Unread tracking only moves forward (reading page 1 again does not mark later posts unread).
    `sebelumnya`: the number already read, when the caller has it (no query when nothing changes)."""
    if sebelumnya is not None and nomor <= sebelumnya:
        return
    updated = StatusBaca.objects.filter(user=user, topik=topik, nomor_terakhir__lt=nomor).update(
        nomor_terakhir=nomor, updated_at=timezone.now()
    )
    if not updated:
        StatusBaca.objects.get_or_create(user=user, topik=topik, defaults={"nomor_terakhir": nomor})


def solusi_tandai(*, actor, pos: Pos) -> Topik:
    """The thread's author or a moderator marks a reply as the solution (unmarks it when it already is)."""
    topik = pos.topik
    if actor.pk != topik.penulis_id and not selectors.can_moderate(actor, topik):
        raise PermissionDenied
    if pos.nomor == 1:
        raise ValidationError(_("Pos pembuka tidak dapat ditandai sebagai solusi."))
    with transaction.atomic():
        topik.solusi = None if topik.solusi_id == pos.pk else pos
        topik.save(update_fields=["solusi"])
        audit.record(actor=actor, action=audit.Action.UPDATE, obj=topik, changes={"solusi": pos.pk})
    return topik


# --- moderation ------------------------------------------------------------------------------------------


def _need_reason(alasan: str) -> str:
    alasan = (alasan or "").strip()
    if len(alasan) < 5:
        raise ValidationError({"alasan": _("Tuliskan alasan tindakan moderasi (minimal 5 karakter).")})
    return alasan


def _log(*, actor, aksi, alasan, topik=None, pos=None, ruang=None, detail=None) -> ModerationLog:
    entry = ModerationLog.objects.create(
        aksi=aksi, moderator=actor, topik=topik, pos=pos, ruang=ruang, alasan=alasan, detail=detail or {}
    )
    audit.record(
        actor=actor,
        action=audit.Action.WORKFLOW,
        obj=pos or topik or ruang,
        changes={"moderasi": aksi, **(detail or {})},
        reason=alasan,
    )
    return entry


TOPIK_FLAGS = {
    AksiModerasi.PIN: ("is_pinned", True),
    AksiModerasi.UNPIN: ("is_pinned", False),
    AksiModerasi.LOCK: ("is_locked", True),
    AksiModerasi.UNLOCK: ("is_locked", False),
    AksiModerasi.HIDE: ("is_hidden", True),
    AksiModerasi.RESTORE: ("is_hidden", False),
    AksiModerasi.PRAKTIK_BAIK: ("praktik_baik", True),
    AksiModerasi.PRAKTIK_BAIK_CABUT: ("praktik_baik", False),
}


def topik_moderate(*, actor, topik: Topik, aksi: str, alasan: str, kategori: Kategori | None = None) -> Topik:
    """Pin, lock, hide, restore, tag as praktik baik, or move a thread; recorded with who and why."""
    if not selectors.can_moderate(actor, topik):
        raise PermissionDenied
    alasan = _need_reason(alasan)
    with transaction.atomic():
        topik = Topik.objects.select_for_update().get(pk=topik.pk)
        if aksi == AksiModerasi.MOVE:
            if topik.ruang_id:
                raise ValidationError(_("Topik di ruang koordinasi tidak dapat dipindahkan."))
            if kategori is None or kategori.pk == topik.kategori_id:
                raise ValidationError({"kategori": _("Pilih kategori tujuan yang lain.")})
            # The target must be a category the actor moderates (superadmin: any).
            if (
                not (scoping.is_superadmin(actor) or kategori.moderator.filter(pk=actor.pk).exists())
                or not Kategori.objects.for_user(actor).filter(pk=kategori.pk).exists()
            ):
                raise PermissionDenied
            detail = {"dari": topik.kategori_id, "ke": kategori.pk}
            topik.kategori = kategori
            topik.save(update_fields=["kategori"])
        elif aksi in TOPIK_FLAGS:
            field, value = TOPIK_FLAGS[aksi]
            if aksi in (AksiModerasi.PRAKTIK_BAIK, AksiModerasi.PRAKTIK_BAIK_CABUT) and topik.ruang_id:
                raise ValidationError(
                    _("Topik ruang koordinasi bersifat tertutup dan tidak dapat menjadi praktik baik.")
                )
            detail = {field: [getattr(topik, field), value]}
            setattr(topik, field, value)
            topik.save(update_fields=[field])
        else:
            raise ValidationError(_("Aksi moderasi tidak dikenal."))
        _log(actor=actor, aksi=aksi, alasan=alasan, topik=topik, detail=detail)
    return topik


def pos_moderate(*, actor, pos: Pos, aksi: str, alasan: str) -> Pos:
    """Hide or restore one post. Hidden posts stay in the database (and in the moderation log)."""
    if not selectors.can_moderate(actor, pos.topik):
        raise PermissionDenied
    if aksi not in (AksiModerasi.HIDE, AksiModerasi.RESTORE):
        raise ValidationError(_("Aksi moderasi tidak dikenal."))
    alasan = _need_reason(alasan)
    with transaction.atomic():
        value = aksi == AksiModerasi.HIDE
        Pos.objects.filter(pk=pos.pk).update(is_hidden=value)
        before = pos.is_hidden
        pos.is_hidden = value
        if value:
            LaporanPos.objects.filter(pos=pos, status=StatusLaporan.TERBUKA).update(
                status=StatusLaporan.DITINDAK, ditangani_oleh=actor, ditangani_at=timezone.now()
            )
        _log(
            actor=actor,
            aksi=aksi,
            alasan=alasan,
            topik=pos.topik,
            pos=pos,
            detail={"is_hidden": [before, value]},
        )
    return pos


def laporan_create(*, actor, pos: Pos, alasan: str) -> LaporanPos:
    """A reader reports a post to the moderators (one open report per reader and post)."""
    alasan = _need_reason(alasan)
    if pos.penulis_id == actor.pk:
        raise ValidationError(_("Anda tidak dapat melaporkan pos Anda sendiri."))
    with transaction.atomic():
        existing = LaporanPos.objects.filter(pos=pos, pelapor=actor, status=StatusLaporan.TERBUKA).first()
        if existing:
            return existing
        laporan = LaporanPos.objects.create(pos=pos, pelapor=actor, alasan=alasan)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=laporan,
            object_repr=f"Laporan pos {pos}",
            instansi_id=actor.instansi_id,
        )
    return laporan


def laporan_tutup(*, actor, laporan: LaporanPos, alasan: str) -> LaporanPos:
    """Close a report without hiding the post (the report was unfounded)."""
    if not selectors.can_moderate(actor, laporan.pos.topik):
        raise PermissionDenied
    alasan = _need_reason(alasan)
    with transaction.atomic():
        laporan.status = StatusLaporan.DITOLAK
        laporan.ditangani_oleh = actor
        laporan.ditangani_at = timezone.now()
        laporan.save(update_fields=["status", "ditangani_oleh", "ditangani_at"])
        _log(
            actor=actor,
            aksi=AksiModerasi.REPORT_CLOSE,
            alasan=alasan,
            topik=laporan.pos.topik,
            pos=laporan.pos,
            detail={"laporan": laporan.pk},
        )
    return laporan


# --- best practices --------------------------------------------------------------------------------------


def adopsi_catat(*, actor, topik: Topik, tanggal: dt.date | None = None, catatan: str = "") -> Adopsi:
    """The actor's instansi records that it adopted this best practice (once per instansi)."""
    if not selectors.can_adopt(actor, topik):
        raise PermissionDenied
    with transaction.atomic():
        adopsi, created = Adopsi.objects.get_or_create(
            topik=topik,
            instansi_id=actor.instansi_id,
            defaults={"dicatat_oleh": actor, "tanggal": tanggal or timezone.localdate(), "catatan": catatan},
        )
        if not created:
            raise ValidationError(_("Instansi Anda sudah tercatat mengadopsi praktik baik ini."))
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=adopsi,
            object_repr=str(adopsi)[:255],
            instansi_id=actor.instansi_id,
        )
    return adopsi


# --- coordination rooms ----------------------------------------------------------------------------------


def can_create_ruang(user) -> bool:
    """HR officers, unit heads and superadmins open coordination rooms."""
    return scoping.can_manage(user) or scoping.is_pimpinan(user)


def ruang_create(*, actor, nama: str, deskripsi: str = "", undangan: str = "") -> RuangKoordinasi:
    if not can_create_ruang(actor):
        raise PermissionDenied
    nama = (nama or "").strip()
    if len(nama) < 5:
        raise ValidationError({"nama": _("Nama ruang minimal 5 karakter.")})
    with transaction.atomic():
        ruang = RuangKoordinasi.objects.create(
            nama=nama[:160], deskripsi=deskripsi, dibuat_oleh=actor, instansi_id=actor.instansi_id
        )
        AnggotaRuang.objects.create(
            ruang=ruang, user=actor, peran=PeranAnggota.KOORDINATOR, diundang_oleh=actor
        )
        audit.record(actor=actor, action=audit.Action.CREATE, obj=ruang)
        if undangan.strip():
            anggota_undang(actor=actor, ruang=ruang, undangan=undangan)
    return ruang


def parse_undangan(undangan: str, *, actor=None) -> tuple[list, list[str]]:
    """Users named in an invitation text: user names and group handles, with or without '@', separated by
    spaces, commas or new lines. Returns (users, unknown handles)."""
    tokens = [t.strip().lstrip("@").lower() for t in undangan.replace(",", " ").split()]
    tokens = [t for t in tokens if t]
    resolved = resolve_handles(tokens, actor=actor, check_broadcast=False)
    users = {u.pk: u for us in resolved.values() for u in us}
    return list(users.values()), [t for t in tokens if t not in resolved]


def anggota_undang(
    *, actor, ruang: RuangKoordinasi, undangan: str, peran: str = PeranAnggota.ANGGOTA
) -> list[AnggotaRuang]:
    """A coordinator invites users from any instansi or unit; they are notified."""
    if not selectors.is_koordinator(actor, ruang):
        raise PermissionDenied
    if ruang.is_arsip:
        raise ValidationError(_("Ruang yang diarsipkan tidak dapat menerima anggota baru."))
    users, unknown = parse_undangan(undangan, actor=actor)
    if unknown:
        raise ValidationError(
            {"undangan": _("Tidak dikenal: %(h)s") % {"h": ", ".join("@" + h for h in unknown)}}
        )
    if not users:
        raise ValidationError({"undangan": _("Sebutkan minimal satu pengguna, instansi, atau unit.")})
    existing = set(AnggotaRuang.objects.filter(ruang=ruang).values_list("user_id", flat=True))
    new = [u for u in users if u.pk not in existing]
    with transaction.atomic():
        rows = AnggotaRuang.objects.bulk_create(
            [AnggotaRuang(ruang=ruang, user=u, peran=peran, diundang_oleh=actor) for u in new]
        )
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=ruang,
            changes={"anggota_baru": [u.username for u in new]},
        )
        if new:
            from django.urls import reverse

            from asnportal.notify import notify

            notify(
                new,
                judul=_("Anda diundang ke ruang koordinasi: %(nama)s") % {"nama": ruang.nama},
                isi=ruang.deskripsi[:300],
                url=reverse("forum:ruang_detail", args=[ruang.pk]),
            )
    return rows


def anggota_keluarkan(*, actor, ruang: RuangKoordinasi, user) -> None:
    if not selectors.is_koordinator(actor, ruang):
        raise PermissionDenied
    if user.pk == actor.pk:
        raise ValidationError(_("Koordinator tidak dapat mengeluarkan dirinya sendiri."))
    with transaction.atomic():
        AnggotaRuang.objects.filter(ruang=ruang, user=user).delete()
        audit.record(
            actor=actor, action=audit.Action.UPDATE, obj=ruang, changes={"anggota_keluar": user.username}
        )


def ruang_arsip(*, actor, ruang: RuangKoordinasi, alasan: str) -> RuangKoordinasi:
    """Archive a room when the situation is over: read-only, every thread and post kept."""
    if not selectors.is_koordinator(actor, ruang):
        raise PermissionDenied
    alasan = _need_reason(alasan)
    with transaction.atomic():
        ruang.status = StatusRuang.ARSIP
        ruang.archived_at = timezone.now()
        ruang.save(update_fields=["status", "archived_at"])
        _log(actor=actor, aksi=AksiModerasi.ARSIP, alasan=alasan, ruang=ruang)
    return ruang
