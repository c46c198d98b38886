"""Cross-cutting records: the audit trail and in-portal notifications."""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import ScopedManager


class AuditLog(models.Model):
    """One entry of the audit trail (UU 27/2022): who did what to which record, when, and what changed."""

    class Action(models.TextChoices):
        CREATE = "create", _("Buat")
        UPDATE = "update", _("Ubah")
        DELETE = "delete", _("Hapus")
        VIEW = "view", _("Lihat data pribadi")
        EXPORT = "export", _("Ekspor")
        LOGIN = "login", _("Masuk")
        WORKFLOW = "workflow", _("Alur kerja")

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("pelaku")
    )
    instansi = models.ForeignKey(
        "kepegawaian.Instansi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("instansi"),
    )
    action = models.CharField(_("aksi"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("jenis objek"), max_length=100, db_index=True)
    object_id = models.CharField(_("id objek"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("objek"), max_length=255, blank=True)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)

    objects = ScopedManager()
    scope_instansi = "instansi"

    class Meta:
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"


class Notifikasi(models.Model):
    """An in-portal notification for one user (mentions, approvals, reports ready)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifikasi",
        verbose_name=_("pengguna"),
    )
    judul = models.CharField(_("judul"), max_length=200)
    isi = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    kunci = models.CharField(
        _("kunci pengiriman"),
        max_length=200,
        blank=True,
        help_text=_(
            "kind:period/object of a reminder; unique per user, so a second beat or a retry sends nothing"
        ),
    )

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kunci"],
                condition=~models.Q(kunci=""),
                name="asnportal_notifikasi_kunci_unik",
                violation_error_message=_("Pemberitahuan ini sudah pernah dikirim kepada pengguna tersebut."),
            )
        ]

    def __str__(self):
        return self.judul


from .jobs import JobModel, register_job  # noqa: E402  (jobs imports nothing from models)


@register_job("asnportal.email_kirim_task")
class EmailKeluar(JobModel):
    """An outgoing e-mail (outbox). Written in the same transaction as what caused it and sent by a worker, so a
    Redis outage delays e-mail but never loses it: the sweeper publishes rows that never reached the broker."""

    # A failed send (SMTP down, refused) is retried by the sweeper with backoff (jobs.retry_delay), this many
    # attempts in all; its status and reason are visible in the admin (E-mail keluar).
    retry_failed_max = 8

    # The instansi the e-mail belongs to (its recipients' or its lamaran's), so its HR officers see its status at
    # /email-keluar/; empty for e-mails of no single instansi (applicant account confirmation): superadmin only.
    instansi = models.ForeignKey(
        "kepegawaian.Instansi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("instansi"),
    )
    penerima = models.JSONField(_("penerima"), default=list)
    subjek = models.CharField(_("subjek"), max_length=250)
    isi = models.TextField(_("isi"), blank=True)

    objects = ScopedManager()
    scope_instansi = "instansi"

    class Meta:
        verbose_name = _("e-mail keluar")
        verbose_name_plural = _("e-mail keluar")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subjek


class BatasLaju(models.Model):
    """A fixed-window counter for site-wide limits (login attempts per IP), shared by every web process.

    Kept in the database, not the cache or Redis (see asnportal.ratelimit). The key holds a keyed hash, never
    the IP in clear. Windows older than a day are removed by `asnportal.bersihkan_batas_laju_task`.
    """

    kunci = models.CharField(_("kunci"), max_length=80)
    jendela = models.DateTimeField(_("awal jendela"))
    jumlah = models.PositiveIntegerField(_("jumlah"), default=0)

    class Meta:
        verbose_name = _("batas laju")
        verbose_name_plural = _("batas laju")
        constraints = [
            models.UniqueConstraint(
                fields=["kunci", "jendela"],
                name="asnportal_bataslaju_unik",
                violation_error_message=_("Penghitung batas permintaan untuk jendela waktu ini sudah ada."),
            )
        ]
        indexes = [models.Index(fields=["jendela"])]

    def __str__(self):
        return f"{self.kunci[:16]} {self.jendela}: {self.jumlah}"


class PortalSession(AbstractBaseSession):
    """A browser session (database session engine `asnportal.sessions`) that also records the signed-in user, so
    all sessions of one user can be found and ended with one indexed query (`asnportal.sessions.end_for_user`),
    e.g. when a superadmin resets that user's second factor. A plain indexed number, not a foreign key: a session
    row never locks or cascades with the user row, and deleting a user leaves stale rows that expire anyway."""

    user_id = models.BigIntegerField(_("pengguna"), null=True, blank=True, db_index=True)

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore


# The document core's models (asnportal/dokumen/models.py) belong to this app.
from .dokumen.models import Dokumen, FormatNomor, KunciTandaTangan, NomorUrut, StatusDokumen  # noqa: E402,F401
