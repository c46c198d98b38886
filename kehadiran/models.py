"""Kehadiran: working calendars, attendance records, daily status, corrections, leave and discipline."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asnportal.jobs import JobModel, register_job
from asnportal.scoping import InstansiScopedModel, ScopedManager
from asnportal.uploads import document_validator

from . import rules
from .choices import (
    JenisKoreksi,
    JenisLibur,
    JenisPresensi,
    KodeCuti,
    ModeLokasi,
    StatusHarian,
    StatusPengajuan,
    SumberPresensi,
)


def _validate_hari_kerja(value):
    try:
        rules.parse_hari_kerja(value)
    except ValueError as exc:
        raise ValidationError(
            _("Isi hari kerja dengan angka 0 (Senin) sampai 6 (Minggu), dipisah koma.")
        ) from exc


def _validate_cidrs(value):
    try:
        rules.parse_cidrs(value)
    except ValueError as exc:
        raise ValidationError(
            _("Alamat jaringan tidak sah: %(v)s (contoh: 10.20.0.0/16).") % {"v": exc}
        ) from exc


class JadwalKerja(InstansiScopedModel):
    """Working days and hours of an instansi (unit_kerja empty: the default for everyone) or of one unit and its
    subtree (e.g. a Puskesmas or RSUD). With `berbasis_shift` the days come from shift assignments instead."""

    unit_kerja = models.ForeignKey(
        "kepegawaian.UnitKerja",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("unit kerja"),
        help_text=_("Kosongkan untuk jadwal bawaan seluruh instansi."),
    )
    nama = models.CharField(_("nama jadwal"), max_length=120)
    hari_kerja = models.CharField(
        _("hari kerja"),
        max_length=20,
        default="0,1,2,3,4",
        validators=[_validate_hari_kerja],
        help_text=_("Angka hari dipisah koma: 0 = Senin … 6 = Minggu. Bawaan: 5 hari kerja."),
    )
    jam_masuk = models.TimeField(_("jam masuk"))
    jam_pulang = models.TimeField(_("jam pulang"))
    jam_pulang_jumat = models.TimeField(_("jam pulang hari Jumat"), null=True, blank=True)
    toleransi_menit = models.PositiveSmallIntegerField(
        _("toleransi keterlambatan (menit)"),
        default=0,
        # UNCONFIRMED in domain.md: no regulation figure, so it is configurable per schedule.
        help_text=_("Keterlambatan sampai batas ini tidak dihitung."),
    )
    berbasis_shift = models.BooleanField(
        _("kerja shift"), default=False, help_text=_("Hari dan jam kerja mengikuti jadwal shift pegawai.")
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jadwal kerja")
        verbose_name_plural = _("jadwal kerja")
        ordering = ["unit_kerja__path", "nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi"],
                condition=Q(unit_kerja__isnull=True, aktif=True),
                name="kehadiran_jadwal_satu_bawaan",
                violation_error_message=_("Sudah ada jadwal bawaan instansi yang aktif."),
            ),
            models.UniqueConstraint(
                fields=["unit_kerja"],
                condition=Q(aktif=True),
                name="kehadiran_jadwal_satu_per_unit",
                violation_error_message=_("Unit kerja ini sudah memiliki jadwal kerja yang aktif."),
            ),
        ]

    def __str__(self):
        return self.nama


class Shift(models.Model):
    """One shift of a shift-based schedule (pagi, siang, malam). A shift whose end is before its start crosses
    midnight (night shift)."""

    jadwal = models.ForeignKey(
        JadwalKerja, on_delete=models.CASCADE, related_name="shift", verbose_name=_("jadwal kerja")
    )
    kode = models.CharField(_("kode"), max_length=10)
    nama = models.CharField(_("nama"), max_length=60)
    jam_masuk = models.TimeField(_("jam masuk"))
    jam_pulang = models.TimeField(
        _("jam pulang"), help_text=_("Lebih awal dari jam masuk = berakhir esok hari.")
    )

    objects = ScopedManager()
    scope_instansi = "jadwal__instansi"

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shift")
        ordering = ["jadwal", "jam_masuk"]
        constraints = [
            models.UniqueConstraint(
                fields=["jadwal", "kode"],
                name="kehadiran_shift_kode_unik",
                violation_error_message=_("Kode shift ini sudah dipakai pada jadwal yang sama."),
            )
        ]

    def __str__(self):
        return f"{self.nama} ({self.jam_masuk:%H:%M}–{self.jam_pulang:%H:%M})"


class JadwalShift(models.Model):
    """The shift a pegawai works on one date (roster of a Puskesmas/RSUD)."""

    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.CASCADE, related_name="+", verbose_name=_("pegawai")
    )
    tanggal = models.DateField(_("tanggal"))
    shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, related_name="penugasan", verbose_name=_("shift")
    )

    objects = ScopedManager()
    scope_instansi = "pegawai__instansi"
    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("jadwal shift pegawai")
        verbose_name_plural = _("jadwal shift pegawai")
        ordering = ["tanggal", "pegawai"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "tanggal"],
                name="kehadiran_jadwalshift_unik",
                violation_error_message=_("Pegawai ini sudah mendapat shift pada tanggal itu."),
            )
        ]

    def __str__(self):
        return f"{self.tanggal}: {self.shift}"


class HariLibur(InstansiScopedModel):
    """A national holiday, cuti bersama or regional holiday on which nobody on the normal schedule works. HR
    enters them each year (SKB of the ministers for national holidays and cuti bersama)."""

    tanggal = models.DateField(_("tanggal"))
    nama = models.CharField(_("keterangan"), max_length=150)
    jenis = models.CharField(
        _("jenis"), max_length=14, choices=JenisLibur.choices, default=JenisLibur.NASIONAL
    )

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["tanggal"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "tanggal"],
                name="kehadiran_libur_unik",
                violation_error_message=_("Tanggal ini sudah tercatat sebagai hari libur."),
            )
        ]

    def __str__(self):
        return f"{self.tanggal:%d-%m-%Y} {self.nama}"


class LiburNasional(models.Model):
    """A national holiday or cuti bersama that applies to every instansi (SKB of the three ministers, and the ASN
    cuti-bersama Keppres). Reference data kept by the superadmin in the Django admin; loaded for 2026 and 2027
    by `manage.py muat_libur_nasional` (kehadiran/libur_nasional.py). Each instansi adds its own regional
    holidays as HariLibur; both make a day a non-working day on the normal schedule."""

    tanggal = models.DateField(
        _("tanggal"),
        unique=True,
        error_messages={"unique": _("Tanggal ini sudah ada di daftar libur nasional.")},
    )
    nama = models.CharField(_("keterangan"), max_length=150)
    jenis = models.CharField(
        _("jenis"), max_length=14, choices=JenisLibur.choices[:2], default=JenisLibur.NASIONAL
    )
    sumber = models.CharField(
        _("dasar hukum / sumber"),
        max_length=200,
        blank=True,
        help_text=_("Mis. nomor SKB 3 Menteri atau Keppres cuti bersama. Periksa setiap tahun."),
    )
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("libur nasional / cuti bersama")
        verbose_name_plural = _("libur nasional & cuti bersama")
        ordering = ["tanggal"]

    def __str__(self):
        return f"{self.tanggal:%d-%m-%Y} {self.nama}"


class LokasiKantor(InstansiScopedModel):
    """Where the pegawai of a unit (and its subtree) may check in from the web: a point with a radius and/or
    the office networks (CIDR), and the rule that applies."""

    unit_kerja = models.ForeignKey(
        "kepegawaian.UnitKerja", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit kerja")
    )
    nama = models.CharField(_("nama lokasi"), max_length=150)
    mode = models.CharField(
        _("aturan presensi web"),
        max_length=22,
        choices=ModeLokasi.choices,
        default=ModeLokasi.LOKASI_ATAU_JARINGAN,
    )
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    radius_m = models.PositiveIntegerField(_("radius (meter)"), default=100)
    jaringan = models.TextField(
        _("jaringan kantor (CIDR)"),
        blank=True,
        validators=[_validate_cidrs],
        help_text=_("Satu atau lebih, dipisah koma, mis. 10.20.0.0/16, 192.168.1.0/24."),
    )

    class Meta:
        verbose_name = _("lokasi kantor")
        verbose_name_plural = _("lokasi kantor")
        ordering = ["unit_kerja__path", "nama"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="kehadiran_lokasi_lintang",
                violation_error_message=_("Lintang harus antara -90 dan 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="kehadiran_lokasi_bujur",
                violation_error_message=_("Bujur harus antara -180 dan 180."),
            ),
        ]

    def __str__(self):
        return self.nama

    def clean(self):
        if self.mode in (ModeLokasi.LOKASI,) and (self.latitude is None or self.longitude is None):
            raise ValidationError(_("Aturan radius kantor membutuhkan lintang dan bujur."))
        if self.mode == ModeLokasi.JARINGAN and not self.jaringan.strip():
            raise ValidationError({"jaringan": _("Aturan jaringan kantor membutuhkan alamat jaringan.")})


class ImporPresensi(InstansiScopedModel):
    """One import of a fingerprint-machine export (CSV/XLSX), kept for the record."""

    nama_berkas = models.CharField(_("nama berkas"), max_length=255)
    diimpor_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oleh"),
    )
    jumlah_baris = models.PositiveIntegerField(_("jumlah baris"), default=0)
    jumlah_baru = models.PositiveIntegerField(_("rekaman baru"), default=0)
    jumlah_duplikat = models.PositiveIntegerField(_("sudah ada (dilewati)"), default=0)
    created_at = models.DateTimeField(_("waktu impor"), auto_now_add=True)

    class Meta:
        verbose_name = _("impor presensi")
        verbose_name_plural = _("impor presensi")
        ordering = ["-created_at"]

    def __str__(self):
        return self.nama_berkas


class Presensi(models.Model):
    """One attendance record of a pegawai: a web check-in/out, a machine scan or a record added by an approved
    correction. Records are never changed or deleted; a correction adds a record of its own."""

    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.CASCADE, related_name="+", verbose_name=_("pegawai")
    )
    waktu = models.DateTimeField(_("waktu"))
    jenis = models.CharField(_("jenis"), max_length=8, choices=JenisPresensi.choices)
    sumber = models.CharField(_("sumber"), max_length=8, choices=SumberPresensi.choices)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    jarak_m = models.PositiveIntegerField(_("jarak ke kantor (m)"), null=True, blank=True)
    alamat_ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    metode_validasi = models.CharField(_("validasi lokasi"), max_length=10, blank=True)
    mesin = models.CharField(_("mesin"), max_length=60, blank=True)
    impor = models.ForeignKey(
        ImporPresensi,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rekaman",
        verbose_name=_("impor"),
    )
    koreksi = models.ForeignKey(
        "KoreksiPresensi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rekaman",
        verbose_name=_("koreksi"),
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    objects = ScopedManager()
    scope_instansi = "pegawai__instansi"
    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("presensi")
        verbose_name_plural = _("presensi")
        ordering = ["-waktu", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "waktu", "sumber"],
                name="kehadiran_presensi_unik",
                violation_error_message=_("Rekaman presensi ini sudah ada."),
            )
        ]
        indexes = [models.Index(fields=["pegawai", "waktu"])]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.waktu:%d-%m-%Y %H:%M}"


class StatusHarianPegawai(models.Model):
    """The computed status of one pegawai on one working date (kehadiran.rules.status_harian), kept so monthly
    discipline figures are aggregated in the database. Recomputed whenever its inputs change."""

    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.CASCADE, related_name="+", verbose_name=_("pegawai")
    )
    tanggal = models.DateField(_("tanggal"))
    status = models.CharField(_("status"), max_length=14, choices=StatusHarian.choices)
    terlambat_menit = models.PositiveIntegerField(_("terlambat (menit)"), default=0)
    pulang_cepat_menit = models.PositiveIntegerField(_("pulang cepat (menit)"), default=0)
    jam_masuk = models.DateTimeField(_("masuk"), null=True, blank=True)
    jam_pulang = models.DateTimeField(_("pulang"), null=True, blank=True)
    jadwal_masuk = models.DateTimeField(_("jadwal masuk"), null=True, blank=True)
    jadwal_pulang = models.DateTimeField(_("jadwal pulang"), null=True, blank=True)
    keterangan = models.CharField(_("keterangan"), max_length=200, blank=True)
    dihitung_pada = models.DateTimeField(_("dihitung"), auto_now=True)

    objects = ScopedManager()
    scope_instansi = "pegawai__instansi"
    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("status harian")
        verbose_name_plural = _("status harian")
        ordering = ["-tanggal", "pegawai"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "tanggal"],
                name="kehadiran_statusharian_unik",
                violation_error_message=_("Status harian pegawai pada tanggal ini sudah ada."),
            )
        ]
        indexes = [models.Index(fields=["tanggal", "status"])]

    def __str__(self):
        return f"{self.tanggal}: {self.get_status_display()}"


class KoreksiPresensi(models.Model):
    """An ASN's request to correct one day (forgot to check in/out, official trip) with a reason and evidence.
    The atasan decides; an approval adds records (or a dinas-luar day) and never changes the originals."""

    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.CASCADE, related_name="+", verbose_name=_("pegawai")
    )
    tanggal = models.DateField(_("tanggal"))
    jenis = models.CharField(_("jenis koreksi"), max_length=14, choices=JenisKoreksi.choices)
    jam_masuk = models.TimeField(_("jam masuk sebenarnya"), null=True, blank=True)
    jam_pulang = models.TimeField(_("jam pulang sebenarnya"), null=True, blank=True)
    alasan = models.TextField(_("alasan"))
    bukti = models.FileField(
        _("bukti (PDF/JPG/PNG)"), upload_to="kehadiran/koreksi/%Y/", validators=[document_validator]
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=StatusPengajuan.choices,
        default=StatusPengajuan.DIAJUKAN,
        db_index=True,
    )
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    diputuskan_pada = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    catatan_atasan = models.TextField(_("catatan atasan"), blank=True)
    created_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)

    objects = ScopedManager()
    scope_instansi = "pegawai__instansi"
    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("koreksi presensi")
        verbose_name_plural = _("koreksi presensi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "tanggal"],
                condition=Q(status__in=["diajukan", "disetujui"]),
                name="kehadiran_koreksi_satu_aktif_per_hari",
                violation_error_message=_(
                    "Sudah ada koreksi presensi yang diajukan atau disetujui untuk hari ini."
                ),
            )
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.tanggal:%d-%m-%Y}"


class JenisCuti(InstansiScopedModel):
    """A kind of leave as the instansi applies it: who may take it (PNS/PPPK), the yearly entitlement, the
    carry-over cap and whether evidence is required. Data HR maintains; seeded from kehadiran.conf."""

    kode = models.CharField(_("kode"), max_length=16, choices=KodeCuti.choices)
    nama = models.CharField(_("nama"), max_length=80)
    untuk_pns = models.BooleanField(_("berlaku untuk PNS/CPNS"), default=True)
    untuk_pppk = models.BooleanField(_("berlaku untuk PPPK"), default=False)
    hak_hari_per_tahun = models.PositiveSmallIntegerField(
        _("hak per tahun (hari kerja)"),
        null=True,
        blank=True,
        help_text=_("Kosong: tidak dibatasi saldo tahunan."),
    )
    maks_tangguhan_hari = models.PositiveSmallIntegerField(
        _("maksimum sisa yang dibawa ke tahun berikut"), default=0
    )
    potong_saldo = models.BooleanField(_("mengurangi saldo"), default=False)
    perlu_bukti = models.BooleanField(_("wajib melampirkan bukti"), default=False)
    maks_hari_per_pengajuan = models.PositiveSmallIntegerField(_("maksimum hari per pengajuan"), default=30)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jenis cuti")
        verbose_name_plural = _("jenis cuti")
        ordering = ["kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "kode"],
                name="kehadiran_jeniscuti_unik",
                violation_error_message=_("Kode jenis cuti ini sudah dipakai."),
            )
        ]

    def __str__(self):
        return self.nama


class SaldoCuti(models.Model):
    """A pegawai's leave entitlement of one kind for one year: entitlement, carry-over from last year and an
    HR adjustment. What is used is summed from the requests, never stored."""

    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.CASCADE, related_name="+", verbose_name=_("pegawai")
    )
    jenis = models.ForeignKey(
        JenisCuti, on_delete=models.CASCADE, related_name="saldo", verbose_name=_("jenis cuti")
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    hak_hari = models.PositiveSmallIntegerField(_("hak (hari)"))
    tangguhan_hari = models.PositiveSmallIntegerField(_("sisa tahun lalu (hari)"), default=0)
    penyesuaian_hari = models.SmallIntegerField(_("penyesuaian SDM (hari)"), default=0)

    objects = ScopedManager()
    scope_instansi = "pegawai__instansi"
    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("saldo cuti")
        verbose_name_plural = _("saldo cuti")
        ordering = ["-tahun", "jenis"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "jenis", "tahun"],
                name="kehadiran_saldocuti_unik",
                violation_error_message=_("Saldo cuti jenis ini untuk tahun itu sudah ada."),
            )
        ]

    def __str__(self):
        return f"{self.jenis} {self.tahun}"


class PengajuanCuti(models.Model):
    """A leave request: ASN → atasan approval → HR approval. Approved leave shows in attendance and in the
    unit calendar."""

    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.CASCADE, related_name="+", verbose_name=_("pegawai")
    )
    jenis = models.ForeignKey(
        JenisCuti, on_delete=models.PROTECT, related_name="pengajuan", verbose_name=_("jenis cuti")
    )
    tanggal_mulai = models.DateField(_("mulai"))
    tanggal_selesai = models.DateField(_("selesai"))
    jumlah_hari = models.PositiveSmallIntegerField(_("jumlah hari kerja"), default=0)
    alasan = models.TextField(_("alasan"))
    alasan_mundur = models.TextField(
        _("alasan pengajuan terlambat"),
        blank=True,
        help_text=_("Wajib bila tanggal mulai sudah lewat saat diajukan."),
    )
    alamat_selama_cuti = models.CharField(_("alamat selama cuti"), max_length=255, blank=True)
    bukti = models.FileField(
        _("lampiran (PDF/JPG/PNG)"),
        upload_to="kehadiran/cuti/%Y/",
        blank=True,
        validators=[document_validator],
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=StatusPengajuan.choices,
        default=StatusPengajuan.DIAJUKAN,
        db_index=True,
    )
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    atasan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diputuskan atasan"),
    )
    atasan_pada = models.DateTimeField(_("keputusan atasan"), null=True, blank=True)
    atasan_kapasitas = models.CharField(
        _("atasan bertindak sebagai"),
        max_length=200,
        blank=True,
        help_text=_(
            'Mis. "Plt. Kepala Bidang" bila diputuskan oleh pelaksana tugas/harian; kosong bila definitif.'
        ),
    )
    sdm_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diputuskan SDM"),
    )
    sdm_pada = models.DateTimeField(_("keputusan SDM"), null=True, blank=True)
    catatan = models.TextField(_("catatan keputusan"), blank=True)
    created_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)

    objects = ScopedManager()
    scope_instansi = "pegawai__instansi"
    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("pengajuan cuti")
        verbose_name_plural = _("pengajuan cuti")
        ordering = ["-tanggal_mulai", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tanggal_selesai__gte=models.F("tanggal_mulai")),
                name="kehadiran_cuti_rentang",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            )
        ]
        indexes = [models.Index(fields=["pegawai", "status", "tanggal_mulai"])]

    def __str__(self):
        return f"{self.jenis} {self.tanggal_mulai:%d-%m-%Y}–{self.tanggal_selesai:%d-%m-%Y}"


class AmbangDisiplin(InstansiScopedModel):
    """The thresholds an atasan or HR officer sets for their monthly discipline list (one row per user)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("pengguna")
    )
    min_persentase_kehadiran = models.DecimalField(
        _("kehadiran minimum (%)"), max_digits=5, decimal_places=1, null=True, blank=True, default=90
    )
    maks_terlambat_menit = models.PositiveIntegerField(
        _("terlambat maksimum (menit/bulan)"), null=True, blank=True, default=120
    )
    maks_tanpa_keterangan = models.PositiveSmallIntegerField(
        _("tanpa keterangan maksimum (hari/bulan)"), null=True, blank=True, default=0
    )

    class Meta:
        verbose_name = _("ambang disiplin")
        verbose_name_plural = _("ambang disiplin")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_persentase_kehadiran__isnull=True)
                | Q(min_persentase_kehadiran__gte=0, min_persentase_kehadiran__lte=100),
                name="kehadiran_ambang_persen",
                violation_error_message=_("Persentase kehadiran minimal harus antara 0 dan 100."),
            )
        ]

    def __str__(self):
        return str(self.user)


@register_job("kehadiran.hitung_ulang_task")
class HitungUlang(InstansiScopedModel, JobModel):
    """A background recomputation of daily statuses for an instansi over a period (after a calendar change,
    a large import, or each night for yesterday)."""

    mulai = models.DateField(_("dari tanggal"))
    selesai = models.DateField(_("sampai tanggal"))
    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diminta oleh"),
    )
    jumlah = models.PositiveIntegerField(_("status dihitung"), default=0)

    class Meta:
        verbose_name = _("hitung ulang status")
        verbose_name_plural = _("hitung ulang status")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.mulai}–{self.selesai}"
