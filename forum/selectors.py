"""THE access layer of the forum, and its reads. Nothing else in the forum decides who may see what.

The forum is inter-agency, so it does not use the portal's per-instansi tenant scoping. The rules:

| Object | Who reads it |
|---|---|
| Kategori | every logged-in user if lintas instansi (`instansi` empty) and active; an internal category only users of its instansi; superadmins all |
| Topik / Pos in a category | whoever reads the category; hidden ones only its moderators |
| Topik / Pos in a room | members of the room only (any instansi, any role; a superadmin who is not a member does not) |
| Lampiran | whoever reads its post |
| RuangKoordinasi | its members |

Moderators: superadmins for categories, the users in `Kategori.moderator` for their category, and the
coordinators of a room for that room (rooms are private, so a superadmin moderates a room only as a member).

Every model's `objects.for_user(user)` calls `visible()` here; pages, API, search and downloads read through
it, so a non-member gets 404 for a room's thread everywhere. Anonymous users see nothing.
Subqueries (`__in`) instead of joins keep each thread listed once.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from asnportal import scoping

from . import conf
from .models import (
    Adopsi,
    AnggotaRuang,
    Kategori,
    Lampiran,
    LaporanPos,
    ModerationLog,
    PeranAnggota,
    Pos,
    RuangKoordinasi,
    StatusBaca,
    StatusLaporan,
    Topik,
)

NOTHING = Q(pk__in=[])


# --- building blocks -------------------------------------------------------------------------------------


def _authenticated(user) -> bool:
    return user is not None and user.is_authenticated


def kategori_q(user, prefix: str = "") -> Q:
    """Categories the user may read."""
    if scoping.is_superadmin(user):
        return Q()
    return Q(**{f"{prefix}aktif": True}) & (
        Q(**{f"{prefix}instansi__isnull": True}) | Q(**{f"{prefix}instansi_id": user.instansi_id or -1})
    )


def member_ruang_ids(user, *, koordinator: bool = False):
    qs = AnggotaRuang.objects.filter(user_id=user.pk)
    if koordinator:
        qs = qs.filter(peran=PeranAnggota.KOORDINATOR)
    return qs.values("ruang_id")


def moderated_kategori_ids(user):
    return Kategori.moderator.through.objects.filter(user_id=user.pk).values("kategori_id")


def moderates_q(user, prefix: str = "") -> Q:
    """Threads (at `prefix`) the user moderates."""
    room = Q(**{f"{prefix}ruang_id__in": member_ruang_ids(user, koordinator=True)})
    if scoping.is_superadmin(user):
        return Q(**{f"{prefix}kategori__isnull": False}) | room
    return Q(**{f"{prefix}kategori_id__in": moderated_kategori_ids(user)}) | room


def topik_q(user, prefix: str = "") -> Q:
    """Threads the user may read: a readable category (hidden ones only if moderator) or a room they belong to."""
    in_kategori = Q(**{f"{prefix}kategori__isnull": False}) & kategori_q(user, f"{prefix}kategori__")
    in_ruang = Q(**{f"{prefix}ruang_id__in": member_ruang_ids(user)})
    not_hidden = Q(**{f"{prefix}is_hidden": False})
    return (in_kategori & (not_hidden | moderates_q(user, prefix))) | (
        in_ruang & (not_hidden | moderates_q(user, prefix))
    )


def pos_q(user, prefix: str = "") -> Q:
    return topik_q(user, f"{prefix}topik__") & (
        Q(**{f"{prefix}is_hidden": False}) | moderates_q(user, f"{prefix}topik__")
    )


def visible(qs: QuerySet, user) -> QuerySet:
    """`Model.objects.for_user(user)` for every forum model."""
    if not _authenticated(user):
        return qs.none()
    model = qs.model
    if model is Kategori:
        return qs.filter(kategori_q(user))
    if model is RuangKoordinasi:
        return qs.filter(pk__in=member_ruang_ids(user))
    if model is Topik:
        return qs.filter(topik_q(user))
    if model is Pos:
        return qs.filter(pos_q(user))
    if model is Lampiran:
        return qs.filter(pos_q(user, "pos__"))
    raise TypeError(f"no forum access rule for {model}")


def of_instansi(qs: QuerySet, instansi_id) -> QuerySet:
    """Rows belonging to one instansi, for reports and tasks: threads and posts its users wrote, rooms it
    opened, categories it can read."""
    model = qs.model
    if model is Kategori:
        return qs.filter(Q(instansi__isnull=True) | Q(instansi_id=instansi_id))
    if model in (Topik, Pos, RuangKoordinasi):
        return qs.filter(instansi_id=instansi_id)
    if model is Lampiran:
        return qs.filter(pos__instansi_id=instansi_id)
    raise TypeError(f"no forum instansi rule for {model}")


# --- per-object permissions ------------------------------------------------------------------------------


def is_member(user, ruang: RuangKoordinasi) -> bool:
    return _authenticated(user) and AnggotaRuang.objects.filter(ruang=ruang, user_id=user.pk).exists()


def is_koordinator(user, ruang: RuangKoordinasi) -> bool:
    return (
        _authenticated(user)
        and AnggotaRuang.objects.filter(ruang=ruang, user_id=user.pk, peran=PeranAnggota.KOORDINATOR).exists()
    )


def can_moderate(user, topik: Topik) -> bool:
    if not _authenticated(user):
        return False
    if topik.ruang_id:
        return is_koordinator(user, topik.ruang)
    return scoping.is_superadmin(user) or topik.kategori.moderator.filter(pk=user.pk).exists()


def is_any_moderator(user) -> bool:
    return _authenticated(user) and (
        scoping.is_superadmin(user)
        or Kategori.moderator.through.objects.filter(user_id=user.pk).exists()
        or AnggotaRuang.objects.filter(user_id=user.pk, peran=PeranAnggota.KOORDINATOR).exists()
    )


def can_reply(user, topik: Topik, *, moderator: bool | None = None) -> bool:
    """Post in a thread the user can read: not locked (moderators excepted), room not archived."""
    if not _authenticated(user):
        return False
    if topik.ruang_id and topik.ruang.is_arsip:
        return False
    if topik.is_locked or topik.is_hidden:
        return moderator if moderator is not None else can_moderate(user, topik)
    return True


def can_manage_kategori(user) -> bool:
    return scoping.is_superadmin(user)


def can_adopt(user, topik: Topik) -> bool:
    """An HR officer (admin instansi) records that their instansi adopted another instansi's best practice."""
    return (
        topik.praktik_baik
        and not topik.ruang_id
        and scoping.can_manage(user)
        and user.instansi_id is not None
        and user.instansi_id != topik.instansi_id
    )


# --- reads -----------------------------------------------------------------------------------------------

AUTHOR_RELATED = (
    "penulis__pegawai__jabatan",
    "penulis__pegawai__unit_kerja",
    "penulis__instansi",
)


def kategori_list(*, user):
    topik_visible = Topik.objects.for_user(user).filter(kategori=OuterRef("pk")).order_by()
    count = topik_visible.values("kategori").annotate(n=Count("pk")).values("n")
    last = topik_visible.order_by("-last_post_at").values("last_post_at")[:1]
    return (
        Kategori.objects.for_user(user)
        .annotate(
            jumlah_topik=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)),
            aktivitas_terakhir=Subquery(last),
        )
        .order_by("urutan", "nama")
    )


def _with_unread(qs, user):
    baca = StatusBaca.objects.filter(user_id=user.pk, topik=OuterRef("pk")).values("nomor_terakhir")[:1]
    return qs.annotate(nomor_dibaca=Coalesce(Subquery(baca, output_field=IntegerField()), Value(0))).annotate(
        belum_dibaca=ExpressionWrapper(F("jumlah_pos") - F("nomor_dibaca"), output_field=IntegerField())
    )


def topik_list(*, user, kategori: Kategori | None = None, ruang: RuangKoordinasi | None = None):
    qs = Topik.objects.for_user(user).select_related(
        "kategori", "ruang", "instansi", "penulis__pegawai__jabatan", "penulis__instansi"
    )
    if kategori is not None:
        qs = qs.filter(kategori=kategori)
    if ruang is not None:
        qs = qs.filter(ruang=ruang)
    return _with_unread(qs, user).order_by("-is_pinned", "-last_post_at", "-id")


def topik_terbaru(*, user, limit: int = 5):
    return _with_unread(
        Topik.objects.for_user(user).select_related("kategori", "ruang", "instansi", "penulis"), user
    ).order_by("-last_post_at", "-id")[:limit]


def topik_get(*, user, pk) -> Topik:
    qs = Topik.objects.for_user(user).select_related(
        "kategori", "ruang", "instansi", "solusi", *AUTHOR_RELATED
    )
    topik = scoping.get_scoped_or_404(_with_unread(qs, user), user, pk=pk)
    topik.dibaca_oleh = user.pk  # checked readable by this user: pos_list relies on it
    return topik


def pos_get(*, user, pk) -> Pos:
    qs = Pos.objects.for_user(user).select_related("topik__kategori", "topik__ruang", *AUTHOR_RELATED)
    return scoping.get_scoped_or_404(qs, user, pk=pk)


def ruang_get(*, user, pk) -> RuangKoordinasi:
    return scoping.get_scoped_or_404(
        RuangKoordinasi.objects.for_user(user).select_related("instansi"), user, pk=pk
    )


def kategori_get(*, user, slug) -> Kategori:
    return scoping.get_scoped_or_404(Kategori, user, slug=slug)


def lampiran_get(*, user, pk) -> Lampiran:
    return scoping.get_scoped_or_404(Lampiran.objects.for_user(user).select_related("pos"), user, pk=pk)


def pos_list(*, user, topik: Topik, moderator: bool | None = None):
    """Posts of one thread for display: a fixed number of queries however long the thread is (authors,
    positions, instansi and quoted posts joined; attachments prefetched in one query).

    `topik` must come from `topik_get` for this user, which has checked that the user may read the thread;
    only the post-level rule is applied here (hidden posts for the thread's moderators only). Re-applying the
    whole forum visibility rule to every post query cost ~24 ms of query compilation per thread page (profiled
    on a 500-post thread). A topik that did not come through `topik_get` is refused, not trusted.
    """
    if getattr(topik, "dibaca_oleh", None) != user.pk:
        raise PermissionDenied("pos_list needs a topik from topik_get for this user")
    if moderator is None:
        moderator = can_moderate(user, topik)
    qs = Pos.objects.filter(topik=topik)
    if not moderator:
        qs = qs.filter(is_hidden=False)
    return (
        qs.select_related(*AUTHOR_RELATED, "instansi", "kutipan__penulis__pegawai", "kutipan__instansi")
        .prefetch_related(Prefetch("lampiran", queryset=Lampiran.objects.order_by("id")))
        .order_by("nomor")
    )


def page_of_nomor(*, user, topik: Topik, nomor: int) -> int:
    """Which page of the thread shows post `nomor` (for links to a quoted or new post)."""
    before = Pos.objects.for_user(user).filter(topik=topik, nomor__lt=nomor).count()
    return before // conf.get("FORUM_POSTS_PER_PAGE") + 1


def is_subscribed(*, user, topik: Topik) -> bool:
    return topik.langganan.filter(user_id=user.pk).exists()


def ruang_list(*, user):
    return (
        RuangKoordinasi.objects.for_user(user)
        .select_related("instansi", "dibuat_oleh")
        .annotate(
            jumlah_anggota=Count("keanggotaan", distinct=True),
            jumlah_topik=Count("topik", distinct=True),
        )
        .order_by("status", "-created_at")
    )


def anggota_list(*, ruang: RuangKoordinasi):
    return ruang.keanggotaan.select_related(
        "user__pegawai__jabatan", "user__pegawai__unit_kerja", "user__instansi"
    ).order_by("-peran", "user__username")


def praktik_baik_list(*, user):
    """The best-practice library: threads tagged praktik baik, with who adopted them."""
    return (
        Topik.objects.for_user(user)
        .filter(praktik_baik=True, ruang__isnull=True)
        .select_related("kategori", "instansi", "penulis__pegawai__jabatan")
        .annotate(jumlah_adopsi=Count("adopsi", distinct=True))
        .prefetch_related(Prefetch("adopsi", queryset=Adopsi.objects.select_related("instansi")))
        .order_by("-jumlah_adopsi", "-created_at")
    )


def search(
    *,
    user,
    q: str = "",
    kategori: Kategori | None = None,
    instansi=None,
    penulis=None,
    dari: dt.date | None = None,
    sampai: dt.date | None = None,
):
    """Full-text search over thread titles and post texts the user may read (rooms only for members).

    PostgreSQL: SearchVector over the title (weight A) and the post (weight B) with a websearch query in the
    'simple' configuration (PostgreSQL ships no Indonesian stemmer), ranked. SQLite: icontains on both.
    Returns posts (each with its thread), best match first.
    """
    qs = Pos.objects.for_user(user).select_related(
        "topik__kategori", "topik__ruang", "instansi", *AUTHOR_RELATED
    )
    if kategori is not None:
        qs = qs.filter(topik__kategori=kategori)
    if instansi is not None:
        qs = qs.filter(instansi=instansi)
    if penulis is not None:
        qs = qs.filter(penulis=penulis)
    if dari:
        qs = qs.filter(created_at__date__gte=dari)
    if sampai:
        qs = qs.filter(created_at__date__lte=sampai)
    q = (q or "").strip()
    if not q:
        return qs.order_by("-created_at", "-id")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("topik__judul", weight="A", config="simple") + SearchVector(
            "isi", weight="B", config="simple"
        )
        query = SearchQuery(q, search_type="websearch", config="simple")
        # Match with @@ (ts_rank gives non-matching rows a tiny positive rank, so never filter on rank).
        return (
            qs.annotate(dokumen=vector, rank=SearchRank(vector, query))
            .filter(dokumen=query)
            .order_by("-rank", "-created_at", "-id")
        )
    words = q.split()
    for word in words:
        qs = qs.filter(Q(isi__icontains=word) | Q(topik__judul__icontains=word))
    return qs.order_by("-created_at", "-id")


def laporan_terbuka(*, user):
    """Open reports on posts the user moderates (the moderation queue)."""
    return (
        LaporanPos.objects.filter(status=StatusLaporan.TERBUKA)
        .filter(pos_id__in=Pos.objects.for_user(user).filter(moderates_q(user, "topik__")).values("pk"))
        .select_related("pos__topik", "pos__penulis", "pelapor__instansi")
        .order_by("created_at")
    )


def moderation_log(*, user, topik: Topik | None = None):
    """Moderation entries of the threads and rooms the user moderates."""
    readable = Topik.objects.for_user(user).filter(moderates_q(user)).values("pk")
    qs = ModerationLog.objects.filter(
        Q(topik_id__in=readable) | Q(ruang_id__in=member_ruang_ids(user, koordinator=True))
    ).select_related("moderator__instansi", "topik", "pos", "ruang")
    if topik is not None:
        qs = qs.filter(topik=topik)
    return qs.order_by("-created_at", "-id")


def unread_count(*, user) -> int:
    """Threads with posts the user has not read (for the dashboard widget)."""
    seen = StatusBaca.objects.filter(
        user_id=user.pk, topik=OuterRef("pk"), nomor_terakhir__gte=OuterRef("jumlah_pos")
    )
    return Topik.objects.for_user(user).filter(~Exists(seen)).count()
