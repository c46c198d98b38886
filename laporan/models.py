"""Laporan: the archive of generated reports and lists (periodic reports, DUK, daftar nominatif)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asnportal import jobs, scoping
from asnportal.scoping import InstansiScopedModel, ScopedQuerySet

from . import rules


class JenisLaporan(models.TextChoices):
    BULANAN = rules.BULANAN, _("Laporan bulanan")
    TRIWULANAN = rules.TRIWULANAN, _("Laporan triwulanan")
    TAHUNAN = rules.TAHUNAN, _("Laporan tahunan")
    DUK = "duk", _("Daftar Urut Kepangkatan (DUK)")
    NOMINATIF = "nominatif", _("Daftar nominatif pegawai")


class FormatBerkas(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


ROSTER_KINDS = (JenisLaporan.DUK, JenisLaporan.NOMINATIF)


class LaporanRunQuerySet(ScopedQuerySet):
    def for_user(self, user):
        """Reports are for HR officers, auditors and superadmins of the instansi; others see none (404)."""
        if user is None or not scoping.can_read_instansi(user):
            return self.none()
        return super().for_user(user)


@jobs.register_job("laporan.laporan_generate_task")
class LaporanRun(InstansiScopedModel, jobs.JobModel):
    """One generated report of an instansi for one period: a periodic workforce report (bulanan, triwulanan,
    tahunan), a DUK or a daftar nominatif, as PDF or XLSX. Unique per (instansi, jenis, format, period, filter):
    asking again for the same report returns this run, never a second file."""

    jenis = models.CharField(_("jenis laporan"), max_length=12, choices=JenisLaporan.choices)
    format = models.CharField(
        _("format"), max_length=4, choices=FormatBerkas.choices, default=FormatBerkas.PDF
    )
    periode_mulai = models.DateField(_("periode mulai"))
    periode_selesai = models.DateField(_("periode selesai"))
    unit_kerja = models.ForeignKey(
        "kepegawaian.UnitKerja",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit kerja"),
    )
    status_kepegawaian = models.CharField(_("status kepegawaian"), max_length=4, blank=True)
    kunci = models.CharField(_("kunci unik"), max_length=120, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diminta oleh"),
    )
    jadwal = models.CharField(_("jadwal"), max_length=120, blank=True, help_text=_("Nama jadwal otomatis."))
    file = models.FileField(_("berkas"), upload_to="laporan/", max_length=255, blank=True)
    nama_berkas = models.CharField(_("nama berkas unduhan"), max_length=200, blank=True)
    ukuran = models.PositiveBigIntegerField(_("ukuran (bita)"), default=0)
    sha256 = models.CharField(_("checksum SHA-256"), max_length=64, blank=True)
    catatan = models.TextField(_("catatan pembuatan"), blank=True)

    objects = models.Manager.from_queryset(LaporanRunQuerySet)()

    class Meta:
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "kunci"],
                name="laporan_run_unik_per_periode",
                violation_error_message=_("Laporan ini untuk periode tersebut sudah dibuat."),
            ),
            models.CheckConstraint(
                condition=models.Q(periode_mulai__lte=models.F("periode_selesai")),
                name="laporan_run_periode_urut",
                violation_error_message=_("Akhir periode laporan tidak boleh sebelum awal periode."),
            ),
        ]
        indexes = [models.Index(fields=["instansi", "-created_at"])]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.periode_label} ({self.get_format_display()})"

    @property
    def periode_label(self) -> str:
        return rules.periode_label(self.jenis, self.periode_mulai, self.periode_selesai)

    @property
    def is_roster(self) -> bool:
        return self.jenis in ROSTER_KINDS

    @property
    def menunggu_antrean(self) -> bool:
        """Saved but not yet handed to the broker (Redis down): the sweeper publishes it later."""
        return self.status == jobs.JobStatus.PENDING and self.enqueued_at is None

    @staticmethod
    def make_kunci(*, jenis, format, mulai, selesai, unit_kerja_id=None, status_kepegawaian="") -> str:
        return f"{jenis}:{format}:{mulai:%Y%m%d}-{selesai:%Y%m%d}:u{unit_kerja_id or 0}:{status_kepegawaian or '-'}"
