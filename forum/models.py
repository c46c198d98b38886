"""Forum lintas instansi: discussions between ASN of every instansi, private coordination rooms, best practices.

Access is NOT the usual tenant scoping. The forum is inter-agency by design, so the rules live in one place,
`forum/selectors.py`, and every queryset's `for_user(user)` delegates there (so the generic scoped forms,
serializers and filtersets keep working):

- Kategori: readable by every logged-in user when `instansi` is empty (lintas instansi); a category with an
  instansi is internal to that instansi. Only superadmins create and change categories.
- Topik/Pos in a category: readable by every logged-in user who can read the category, with each author's
  name, position and instansi. Hidden threads and posts stay in the database; only moderators see them.
- Topik/Pos in a RuangKoordinasi (coordination room): readable only by the room's members (AnggotaRuang),
  whatever their instansi or role — not even a superadmin reads a room without being a member. A non-member
  gets 404 in pages, API and search.
- Moderators: superadmins (everywhere), the users named in Kategori.moderator (their category) and the
  coordinators of a room (their room).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asnportal.jobs import JobModel, register_job
from asnportal.uploads import document_validator


class ForumQuerySet(models.QuerySet):
    """`for_user` / `for_instansi` for forum models; the rules themselves are in forum.selectors."""

    def for_user(self, user):
        from . import selectors

        return selectors.visible(self, user)

    def for_instansi(self, instansi_id):
        from . import selectors

        return selectors.of_instansi(self, instansi_id)


ForumManager = models.Manager.from_queryset(ForumQuerySet)


class Kategori(models.Model):
    """A discussion category of the forum (Pelayanan Publik, Kepegawaian, Kebencanaan, ...), managed by
    superadmins. Empty `instansi`: lintas instansi (the normal case); set: internal to that instansi."""

    nama = models.CharField(_("nama"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    deskripsi = models.TextField(_("deskripsi"), blank=True)
    ikon = models.CharField(_("ikon Bootstrap"), max_length=40, blank=True, default="chat-square-text")
    urutan = models.PositiveIntegerField(_("urutan"), default=0)
    aktif = models.BooleanField(_("aktif"), default=True)
    instansi = models.ForeignKey(
        "kepegawaian.Instansi",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("khusus instansi"),
        help_text=_("Kosongkan untuk kategori lintas instansi."),
    )
    moderator = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="forum_kategori_moderasi",
        verbose_name=_("moderator"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = ForumManager()

    class Meta:
        verbose_name = _("kategori forum")
        verbose_name_plural = _("kategori forum")
        ordering = ["urutan", "nama"]

    def __str__(self):
        return self.nama


class StatusRuang(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    ARSIP = "arsip", _("Diarsipkan")


class RuangKoordinasi(models.Model):
    """A private coordination room for one situation (e.g. a flood response) with members invited from several
    instansi and units. Only members read it. An archived room is read-only and keeps its whole record."""

    nama = models.CharField(_("nama ruang"), max_length=160)
    deskripsi = models.TextField(_("deskripsi situasi"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=StatusRuang.choices, default=StatusRuang.AKTIF, db_index=True
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dibuat oleh")
    )
    instansi = models.ForeignKey(
        "kepegawaian.Instansi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instansi pemrakarsa"),
    )
    anggota = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="AnggotaRuang",
        through_fields=("ruang", "user"),
        related_name="forum_ruang",
        verbose_name=_("anggota"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    archived_at = models.DateTimeField(_("diarsipkan"), null=True, blank=True)

    objects = ForumManager()

    class Meta:
        verbose_name = _("ruang koordinasi")
        verbose_name_plural = _("ruang koordinasi")
        ordering = ["-created_at"]

    def __str__(self):
        return self.nama

    @property
    def is_arsip(self) -> bool:
        return self.status == StatusRuang.ARSIP


class PeranAnggota(models.TextChoices):
    KOORDINATOR = "koordinator", _("Koordinator")
    ANGGOTA = "anggota", _("Anggota")


class AnggotaRuang(models.Model):
    """Membership of one user in a coordination room. Coordinators invite members and moderate the room."""

    ruang = models.ForeignKey(
        RuangKoordinasi, on_delete=models.CASCADE, related_name="keanggotaan", verbose_name=_("ruang")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("pengguna")
    )
    peran = models.CharField(
        _("peran"), max_length=12, choices=PeranAnggota.choices, default=PeranAnggota.ANGGOTA
    )
    diundang_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diundang oleh"),
    )
    created_at = models.DateTimeField(_("bergabung"), auto_now_add=True)

    class Meta:
        verbose_name = _("anggota ruang")
        verbose_name_plural = _("anggota ruang")
        ordering = ["-peran", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["ruang", "user"],
                name="forum_anggota_unik",
                violation_error_message=_("Pengguna ini sudah menjadi anggota ruang ini."),
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.ruang}"


class Topik(models.Model):
    """A discussion thread, either in a category (visible across instansi) or in a coordination room
    (members only). `instansi` is the author's instansi when it was opened (for filters and reports)."""

    judul = models.CharField(_("judul"), max_length=200)
    kategori = models.ForeignKey(
        Kategori,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="topik",
        verbose_name=_("kategori"),
    )
    ruang = models.ForeignKey(
        RuangKoordinasi,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="topik",
        verbose_name=_("ruang koordinasi"),
    )
    penulis = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("penulis")
    )
    instansi = models.ForeignKey(
        "kepegawaian.Instansi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instansi penulis"),
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, db_index=True)
    last_post_at = models.DateTimeField(_("balasan terakhir"), null=True, blank=True, db_index=True)
    jumlah_pos = models.PositiveIntegerField(_("jumlah pos"), default=0)
    is_pinned = models.BooleanField(_("disematkan"), default=False)
    is_locked = models.BooleanField(_("dikunci"), default=False)
    is_hidden = models.BooleanField(_("disembunyikan"), default=False)
    praktik_baik = models.BooleanField(_("praktik baik"), default=False, db_index=True)
    solusi = models.ForeignKey(
        "Pos",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("balasan solusi"),
    )

    objects = ForumManager()

    class Meta:
        verbose_name = _("topik")
        verbose_name_plural = _("topik")
        ordering = ["-is_pinned", "-last_post_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kategori__isnull=False) & Q(ruang__isnull=True))
                | (Q(kategori__isnull=True) & Q(ruang__isnull=False)),
                name="forum_topik_kategori_xor_ruang",
                violation_error_message=_(
                    "Topik harus berada di satu kategori atau satu ruang, tidak keduanya."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["kategori", "-is_pinned", "-last_post_at"]),
            models.Index(fields=["instansi", "created_at"]),
        ]

    def __str__(self):
        return self.judul


class Pos(models.Model):
    """One post in a thread (the opening post has nomor 1). `isi` is the author's Markdown; `isi_html` is its
    sanitised rendering (forum.markdown), stored so a long thread renders without re-parsing."""

    topik = models.ForeignKey(Topik, on_delete=models.CASCADE, related_name="pos", verbose_name=_("topik"))
    nomor = models.PositiveIntegerField(_("nomor urut"))
    penulis = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("penulis")
    )
    instansi = models.ForeignKey(
        "kepegawaian.Instansi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instansi penulis"),
    )
    isi = models.TextField(_("isi (Markdown)"))
    isi_html = models.TextField(_("isi (HTML tersanitasi)"), blank=True)
    kutipan = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("mengutip pos"),
    )
    sebutan = models.JSONField(
        _("sebutan (@)"), default=list, blank=True, help_text=_("Handle @ yang dikenali saat pos dikirim.")
    )
    created_at = models.DateTimeField(_("dikirim"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("diubah"), null=True, blank=True)
    is_hidden = models.BooleanField(_("disembunyikan"), default=False)

    objects = ForumManager()

    class Meta:
        verbose_name = _("pos")
        verbose_name_plural = _("pos")
        ordering = ["topik", "nomor"]
        constraints = [
            models.UniqueConstraint(
                fields=["topik", "nomor"],
                name="forum_pos_nomor_unik",
                violation_error_message=_("Nomor pos ini sudah dipakai pada topik ini."),
            ),
            models.CheckConstraint(
                condition=Q(nomor__gte=1),
                name="forum_pos_nomor_positif",
                violation_error_message=_("Nomor pos minimal 1."),
            ),
        ]
        indexes = [
            models.Index(fields=["penulis", "created_at"]),
            models.Index(fields=["instansi", "created_at"]),
        ]

    def __str__(self):
        return f"{self.topik_id}#{self.nomor}"


class Lampiran(models.Model):
    """A file attached to a post (PDF/JPG/PNG, checked by content and size). Served only through a view that
    checks the reader may see the post."""

    pos = models.ForeignKey(Pos, on_delete=models.CASCADE, related_name="lampiran", verbose_name=_("pos"))
    berkas = models.FileField(_("berkas"), upload_to="forum/lampiran/%Y/%m/", validators=[document_validator])
    nama = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(_("jenis isi"), max_length=60)
    ukuran = models.PositiveIntegerField(_("ukuran (bita)"))
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    objects = ForumManager()

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["id"]

    def __str__(self):
        return self.nama


class Langganan(models.Model):
    """A user follows a thread: each new reply notifies them (in the portal and by e-mail)."""

    topik = models.ForeignKey(
        Topik, on_delete=models.CASCADE, related_name="langganan", verbose_name=_("topik")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("pengguna")
    )
    created_at = models.DateTimeField(_("sejak"), auto_now_add=True)

    class Meta:
        verbose_name = _("langganan topik")
        verbose_name_plural = _("langganan topik")
        constraints = [
            models.UniqueConstraint(
                fields=["topik", "user"],
                name="forum_langganan_unik",
                violation_error_message=_("Pengguna ini sudah berlangganan topik ini."),
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.topik}"


class StatusBaca(models.Model):
    """Unread tracking: the highest post number of a thread the user has seen."""

    topik = models.ForeignKey(Topik, on_delete=models.CASCADE, related_name="+", verbose_name=_("topik"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("pengguna")
    )
    nomor_terakhir = models.PositiveIntegerField(_("pos terakhir dibaca"), default=0)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("status baca")
        verbose_name_plural = _("status baca")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topik"],
                name="forum_statusbaca_unik",
                violation_error_message=_("Status baca pengguna ini untuk topik ini sudah ada."),
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.topik_id} #{self.nomor_terakhir}"


class Adopsi(models.Model):
    """An instansi records that it adopted a best practice (praktik baik) shared in the forum by another."""

    topik = models.ForeignKey(
        Topik, on_delete=models.CASCADE, related_name="adopsi", verbose_name=_("praktik baik")
    )
    instansi = models.ForeignKey(
        "kepegawaian.Instansi",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instansi pengadopsi"),
    )
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dicatat oleh")
    )
    tanggal = models.DateField(_("tanggal adopsi"))
    catatan = models.TextField(_("catatan penerapan"), blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("adopsi praktik baik")
        verbose_name_plural = _("adopsi praktik baik")
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["topik", "instansi"],
                name="forum_adopsi_unik",
                violation_error_message=_("Instansi ini sudah mengadopsi topik ini."),
            )
        ]

    def __str__(self):
        return f"{self.instansi} ← {self.topik}"


class StatusLaporan(models.TextChoices):
    TERBUKA = "terbuka", _("Terbuka")
    DITINDAK = "ditindak", _("Ditindaklanjuti")
    DITOLAK = "ditolak", _("Ditolak")


class LaporanPos(models.Model):
    """A user reports a post to the moderators (abuse, hoax, personal data, off-topic)."""

    pos = models.ForeignKey(Pos, on_delete=models.CASCADE, related_name="laporan", verbose_name=_("pos"))
    pelapor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("pelapor")
    )
    alasan = models.TextField(_("alasan"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=StatusLaporan.choices,
        default=StatusLaporan.TERBUKA,
        db_index=True,
    )
    ditangani_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ditangani oleh"),
    )
    ditangani_at = models.DateTimeField(_("ditangani"), null=True, blank=True)
    created_at = models.DateTimeField(_("dilaporkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("laporan pos")
        verbose_name_plural = _("laporan pos")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pos", "pelapor"],
                condition=Q(status="terbuka"),
                name="forum_laporan_terbuka_unik",
                violation_error_message=_("Anda sudah melaporkan pos ini dan laporannya masih diproses."),
            )
        ]

    def __str__(self):
        return f"Laporan {self.pos} ({self.get_status_display()})"


class AksiModerasi(models.TextChoices):
    PIN = "pin", _("Sematkan")
    UNPIN = "unpin", _("Lepas sematan")
    LOCK = "lock", _("Kunci")
    UNLOCK = "unlock", _("Buka kunci")
    MOVE = "move", _("Pindahkan")
    HIDE = "hide", _("Sembunyikan")
    RESTORE = "restore", _("Pulihkan")
    REPORT_CLOSE = "report_close", _("Tutup laporan")
    PRAKTIK_BAIK = "praktik_baik", _("Tandai praktik baik")
    PRAKTIK_BAIK_CABUT = "praktik_baik_cabut", _("Cabut praktik baik")
    ARSIP = "arsip", _("Arsipkan ruang")


class ModerationLog(models.Model):
    """Every moderation action, with who did it and why (also written to the portal's audit trail)."""

    aksi = models.CharField(_("aksi"), max_length=20, choices=AksiModerasi.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("moderator")
    )
    topik = models.ForeignKey(
        Topik, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("topik")
    )
    pos = models.ForeignKey(
        Pos, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("pos")
    )
    ruang = models.ForeignKey(
        RuangKoordinasi,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("ruang"),
    )
    alasan = models.TextField(_("alasan"))
    detail = models.JSONField(_("rincian"), default=dict, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("log moderasi")
        verbose_name_plural = _("log moderasi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(alasan=""),
                name="forum_moderasi_alasan_wajib",
                violation_error_message=_("Tindakan moderasi wajib disertai alasan."),
            ),
        ]

    def __str__(self):
        return f"{self.get_aksi_display()} · {self.moderator}"


@register_job("forum.pos_notify_task")
class NotifikasiPosJob(JobModel):
    """Background job that notifies the people a new post concerns: subscribers and @mentions. One per post,
    so a redelivered task cannot notify twice."""

    pos = models.OneToOneField(Pos, on_delete=models.CASCADE, related_name="+", verbose_name=_("pos"))
    jumlah_penerima = models.PositiveIntegerField(_("jumlah penerima"), default=0)

    class Meta:
        verbose_name = _("job notifikasi pos")
        verbose_name_plural = _("job notifikasi pos")
