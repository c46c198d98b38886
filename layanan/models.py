"""Layanan kepegawaian: usul (kenaikan pangkat, KGB, pensiun) with their document checklists, the KGB history,
the salary table, and bulk actions run in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asnportal.jobs import JobModel, register_job
from asnportal.scoping import InstansiScopedModel, ScopedManager
from asnportal.uploads import document_validator
from kepegawaian.choices import Golongan

from .choices import STATUS_TERBUKA, AksiMassal, JenisLayanan, StatusBerkas, StatusUsul, SubJenis


class SyaratDokumen(InstansiScopedModel):
    """One item of the document checklist of a layanan (and optionally of one kind of it), as the instansi
    requires it. Data HR maintains; seeded from layanan.conf.SYARAT_BAWAAN."""

    layanan = models.CharField(_("layanan"), max_length=10, choices=JenisLayanan.choices)
    sub_jenis = models.CharField(
        _("hanya untuk jenis"),
        max_length=24,
        choices=SubJenis.choices,
        blank=True,
        help_text=_("Kosong: semua."),
    )
    kode = models.SlugField(_("kode"), max_length=40)
    nama = models.CharField(_("nama dokumen"), max_length=200)
    wajib = models.BooleanField(_("wajib"), default=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("syarat dokumen")
        verbose_name_plural = _("syarat dokumen")
        ordering = ["layanan", "urutan", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "layanan", "sub_jenis", "kode"],
                name="layanan_syarat_unik",
                violation_error_message=_(
                    "Syarat dengan kode ini sudah ada untuk layanan dan jenis usul tersebut."
                ),
            )
        ]

    def __str__(self):
        return self.nama


class GajiPokok(models.Model):
    """One cell of the gaji pokok table (PP 5/2024, Lampiran): golongan × MKG step. National reference data;
    values not verified against the official lampiran are marked unconfirmed (domain.md §9.3)."""

    golongan = models.CharField(_("golongan/ruang"), max_length=6, choices=Golongan.choices)
    mkg = models.PositiveSmallIntegerField(_("masa kerja golongan (tahun)"))
    gaji_pokok = models.PositiveIntegerField(_("gaji pokok (Rp)"))
    berlaku_mulai = models.DateField(_("berlaku mulai"))
    dasar = models.CharField(_("dasar hukum"), max_length=120, default="PP 5/2024")
    terkonfirmasi = models.BooleanField(_("terkonfirmasi dengan lampiran resmi"), default=False)

    class Meta:
        verbose_name = _("gaji pokok")
        verbose_name_plural = _("tabel gaji pokok")
        ordering = ["-berlaku_mulai", "golongan", "mkg"]
        constraints = [
            models.UniqueConstraint(
                fields=["golongan", "mkg", "berlaku_mulai"],
                name="layanan_gajipokok_unik",
                violation_error_message=_(
                    "Gaji pokok untuk golongan, masa kerja dan tanggal berlaku ini sudah ada."
                ),
            )
        ]

    def __str__(self):
        return f"{self.golongan} MKG {self.mkg}: {self.gaji_pokok}"


class ProsesMassal(InstansiScopedModel, JobModel):
    """A bulk action over the usul of one layanan (verify, approve, issue SKs) run in the background with
    progress; its log lists what was done and what was skipped and why."""

    aksi = models.CharField(_("aksi"), max_length=16, choices=AksiMassal.choices)
    layanan = models.CharField(_("layanan"), max_length=10, choices=JenisLayanan.choices, blank=True)
    usul_ids = models.JSONField(_("usul"), default=list)
    total = models.PositiveIntegerField(_("jumlah"), default=0)
    berhasil = models.PositiveIntegerField(_("berhasil"), default=0)
    log = models.JSONField(_("catatan"), default=list, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oleh"),
    )

    class Meta:
        verbose_name = _("proses massal")
        verbose_name_plural = _("proses massal")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_aksi_display()} ({self.total})"


register_job("layanan.proses_massal_task")(ProsesMassal)


class Usul(InstansiScopedModel):
    """An usul of one layanan for one pegawai: kenaikan pangkat (to golongan_baru on tmt), KGB (gaji pokok on
    tmt, next KGB date) or pensiun (on tmt). It moves berkas → diajukan → terverifikasi → disetujui → SK terbit
    → selesai (applied on TMT)."""

    layanan = models.CharField(_("layanan"), max_length=10, choices=JenisLayanan.choices, db_index=True)
    sub_jenis = models.CharField(_("jenis"), max_length=24, choices=SubJenis.choices)
    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.PROTECT, related_name="+", verbose_name=_("pegawai")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=StatusUsul.choices, default=StatusUsul.BERKAS, db_index=True
    )
    tmt = models.DateField(_("TMT"), db_index=True)
    golongan_lama = models.CharField(_("golongan lama"), max_length=6, blank=True)
    golongan_baru = models.CharField(_("golongan baru"), max_length=6, blank=True)
    mkg_tahun = models.PositiveSmallIntegerField(_("masa kerja golongan (tahun)"), null=True, blank=True)
    mkg_bulan = models.PositiveSmallIntegerField(_("masa kerja golongan (bulan)"), default=0)
    gaji_pokok_lama = models.PositiveIntegerField(_("gaji pokok lama"), null=True, blank=True)
    gaji_pokok_baru = models.PositiveIntegerField(_("gaji pokok baru"), null=True, blank=True)
    gaji_terkonfirmasi = models.BooleanField(_("gaji dari tabel terkonfirmasi"), default=False)
    kgb_berikut = models.DateField(_("KGB berikutnya"), null=True, blank=True)
    tanggal_bup = models.DateField(_("tanggal mencapai BUP"), null=True, blank=True)
    bup = models.PositiveSmallIntegerField(_("BUP (tahun)"), null=True, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)
    dokumen = models.ForeignKey(
        "asnportal.Dokumen",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("SK"),
    )
    disetujui_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("disetujui oleh"),
    )
    disetujui_pada = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    diterapkan_pada = models.DateTimeField(_("diterapkan pada"), null=True, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("usul layanan")
        verbose_name_plural = _("usul layanan")
        ordering = ["-tmt", "pegawai__nama", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "layanan", "tmt"],
                condition=Q(status__in=STATUS_TERBUKA),
                name="layanan_usul_terbuka_unik",
                violation_error_message=_(
                    "Pegawai ini sudah mempunyai usul yang masih berjalan untuk layanan ini."
                ),
            )
        ]
        indexes = [models.Index(fields=["instansi", "layanan", "status"])]

    def __str__(self):
        return f"{self.get_layanan_display()} {self.pegawai} ({self.tmt:%d-%m-%Y})"


class BerkasUsul(models.Model):
    """One checklist document of an usul: uploaded by the ASN (or HR for them), accepted or returned with a
    reason by HR."""

    usul = models.ForeignKey(Usul, on_delete=models.CASCADE, related_name="berkas", verbose_name=_("usul"))
    syarat = models.ForeignKey(
        SyaratDokumen, on_delete=models.PROTECT, related_name="+", verbose_name=_("syarat")
    )
    berkas = models.FileField(
        _("berkas (PDF/JPG/PNG)"), upload_to="layanan/berkas/%Y/", blank=True, validators=[document_validator]
    )
    status = models.CharField(
        _("status"), max_length=14, choices=StatusBerkas.choices, default=StatusBerkas.BELUM
    )
    alasan = models.TextField(_("alasan dikembalikan"), blank=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    diunggah_pada = models.DateTimeField(_("diunggah pada"), null=True, blank=True)
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    diverifikasi_pada = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)

    objects = ScopedManager()
    scope_instansi = "usul__instansi"
    scope_pegawai = "usul__pegawai"

    class Meta:
        verbose_name = _("berkas usul")
        verbose_name_plural = _("berkas usul")
        ordering = ["syarat__urutan", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["usul", "syarat"],
                name="layanan_berkas_unik",
                violation_error_message=_("Berkas untuk syarat ini sudah ada pada usul tersebut."),
            )
        ]

    def __str__(self):
        return self.syarat.nama


class RiwayatGajiBerkala(models.Model):
    """One KGB a pegawai received (history, written on its TMT): gaji pokok, MKG and the notice number."""

    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.CASCADE, related_name="+", verbose_name=_("pegawai")
    )
    golongan = models.CharField(_("golongan/ruang"), max_length=6)
    mkg_tahun = models.PositiveSmallIntegerField(_("masa kerja golongan (tahun)"))
    gaji_pokok = models.PositiveIntegerField(_("gaji pokok"))
    tmt = models.DateField(_("TMT"))
    kgb_berikut = models.DateField(_("KGB berikutnya"), null=True, blank=True)
    nomor_sk = models.CharField(_("nomor surat"), max_length=120, blank=True)
    tanggal_sk = models.DateField(_("tanggal surat"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_instansi = "pegawai__instansi"
    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("riwayat gaji berkala")
        verbose_name_plural = _("riwayat gaji berkala")
        ordering = ["-tmt", "-id"]

    def __str__(self):
        return f"{self.golongan} {self.gaji_pokok} ({self.tmt})"
