"""Competency development (pengembangan kompetensi): programmes, sessions, enrolment, attendance, JP credits,
certificates, external training, evaluations, training needs and the next year's plan (domain.md §5)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from asnportal.scoping import InstansiScopedModel, ScopedManager
from asnportal.uploads import document_validator

from .choices import (
    STATUS_AKTIF,
    Bentuk,
    Bidang,
    Hasil,
    JenisKompetensi,
    StatusKehadiran,
    StatusPeserta,
    StatusRekomendasi,
    StatusSesi,
    StatusVerifikasi,
    SumberJP,
    SumberPendaftaran,
    SumberRekomendasi,
)

RUPIAH = {"max_digits": 14, "decimal_places": 0}


class Kompetensi(InstansiScopedModel):
    """A competency of the instansi's competency dictionary (manajerial, sosial kultural, teknis). Positions
    require some (standar kompetensi jabatan); programmes address some."""

    kode = models.CharField(_("kode"), max_length=30)
    nama = models.CharField(_("nama kompetensi"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=16, choices=JenisKompetensi.choices)
    jabatan = models.ManyToManyField(
        "kepegawaian.Jabatan",
        blank=True,
        related_name="kompetensi_wajib",
        verbose_name=_("jabatan yang mensyaratkan"),
    )

    class Meta:
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        ordering = ["jenis", "nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "kode"],
                name="kompetensi_kode_unik",
                violation_error_message=_("Kode kompetensi ini sudah dipakai di instansi ini."),
            )
        ]

    def __str__(self):
        return self.nama


class Program(InstansiScopedModel):
    """A training programme in the instansi's catalogue; it may be organised by another instansi (e.g. the
    province's BPSDM) or an outside body."""

    kode = models.CharField(_("kode"), max_length=30)
    nama = models.CharField(_("nama program"), max_length=200)
    bidang = models.CharField(_("bidang"), max_length=20, choices=Bidang.choices)
    bentuk = models.CharField(_("bentuk"), max_length=12, choices=Bentuk.choices)
    jp = models.PositiveSmallIntegerField(_("jumlah JP"), validators=[MinValueValidator(1)])
    kompetensi = models.ManyToManyField(
        Kompetensi, blank=True, related_name="program", verbose_name=_("kompetensi yang dikembangkan")
    )
    penyelenggara_instansi = models.ForeignKey(
        "kepegawaian.Instansi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instansi penyelenggara"),
        help_text=_("Kosongkan bila diselenggarakan instansi sendiri atau lembaga luar."),
    )
    penyelenggara_nama = models.CharField(_("nama penyelenggara"), max_length=200, blank=True)
    deskripsi = models.TextField(_("deskripsi"), blank=True)
    kehadiran_minimal_persen = models.PositiveSmallIntegerField(
        _("kehadiran minimal (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Peserta hanya dapat dinyatakan lulus (dan mendapat JP) bila hadir sekurang-kurangnya sekian persen "
            "hari sesi. 0 = kehadiran tidak menjadi syarat."
        ),
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "kode"],
                name="program_kode_unik",
                violation_error_message=_("Kode program pelatihan ini sudah dipakai di instansi ini."),
            ),
            models.CheckConstraint(
                condition=Q(jp__gte=1),
                name="program_jp_positif",
                violation_error_message=_("Jumlah JP program minimal 1."),
            ),
        ]

    def __str__(self):
        return self.nama

    @property
    def penyelenggara(self) -> str:
        if self.penyelenggara_nama:
            return self.penyelenggara_nama
        if self.penyelenggara_instansi_id:
            return str(self.penyelenggara_instansi)
        return str(self.instansi)


class Sesi(InstansiScopedModel):
    """One run (angkatan) of a programme: dates, place or online link, seats, trainers and money.

    `terisi` counts seats taken (TERDAFTAR + SELESAI). It only changes under a row lock of this session, and
    the database refuses `terisi > kapasitas`, so no seat is ever given twice."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="sesi", verbose_name=_("program")
    )
    nama = models.CharField(_("angkatan / nama sesi"), max_length=120)
    tanggal_mulai = models.DateField(_("tanggal mulai"))
    tanggal_selesai = models.DateField(_("tanggal selesai"))
    tempat = models.CharField(_("tempat"), max_length=200, blank=True)
    tautan_daring = models.URLField(_("tautan daring"), blank=True)
    kapasitas = models.PositiveIntegerField(_("kapasitas"), validators=[MinValueValidator(1)])
    terisi = models.PositiveIntegerField(_("kursi terisi"), default=0, editable=False)
    pengajar = models.CharField(_("pengajar / fasilitator"), max_length=300, blank=True)
    anggaran_rencana = models.DecimalField(_("anggaran rencana (Rp)"), default=0, **RUPIAH)
    biaya_realisasi = models.DecimalField(_("biaya realisasi (Rp)"), null=True, blank=True, **RUPIAH)
    status = models.CharField(
        _("status"), max_length=10, choices=StatusSesi.choices, default=StatusSesi.DIBUKA, db_index=True
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("sesi pelatihan")
        verbose_name_plural = _("sesi pelatihan")
        ordering = ["-tanggal_mulai", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kapasitas__gte=1),
                name="sesi_kapasitas_positif",
                violation_error_message=_("Kapasitas sesi minimal 1 peserta."),
            ),
            models.CheckConstraint(
                condition=Q(terisi__lte=F("kapasitas")),
                name="sesi_tidak_melebihi_kapasitas",
                violation_error_message=_("Jumlah peserta melebihi kapasitas sesi."),
            ),
            models.CheckConstraint(
                condition=Q(tanggal_selesai__gte=F("tanggal_mulai")),
                name="sesi_tanggal_urut",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=Q(anggaran_rencana__gte=0),
                name="sesi_anggaran_nonnegatif",
                violation_error_message=_("Rencana anggaran tidak boleh negatif."),
            ),
        ]
        indexes = [models.Index(fields=["instansi", "tanggal_mulai"])]

    def __str__(self):
        return f"{self.program.nama} — {self.nama}"

    @property
    def sisa_kursi(self) -> int:
        return max(0, self.kapasitas - self.terisi)

    @property
    def daring(self) -> bool:
        return bool(self.tautan_daring) and not self.tempat

    def hari(self) -> list:
        """The calendar days of the session (attendance is taken per day)."""
        import datetime as dt

        n = (self.tanggal_selesai - self.tanggal_mulai).days
        return [self.tanggal_mulai + dt.timedelta(days=i) for i in range(n + 1)]


class Peserta(InstansiScopedModel):
    """The enrolment of one pegawai in one session: application or nomination, the atasan's approval, seat or
    waitlist, then completion with a result."""

    sesi = models.ForeignKey(Sesi, on_delete=models.PROTECT, related_name="peserta", verbose_name=_("sesi"))
    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.PROTECT, related_name="pelatihan", verbose_name=_("pegawai")
    )
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=StatusPeserta.choices,
        default=StatusPeserta.MENUNGGU,
        db_index=True,
    )
    sumber = models.CharField(
        _("cara pendaftaran"),
        max_length=16,
        choices=SumberPendaftaran.choices,
        default=SumberPendaftaran.MANDIRI,
    )
    antrean = models.PositiveIntegerField(_("nomor antrean"), null=True, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diajukan oleh"),
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
    hasil = models.CharField(_("hasil"), max_length=12, choices=Hasil.choices, blank=True)
    nilai = models.DecimalField(
        _("nilai"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    selesai_pada = models.DateField(_("tanggal selesai"), null=True, blank=True)
    alasan = models.TextField(_("alasan penolakan / pembatalan"), blank=True)
    created_at = models.DateTimeField(_("didaftarkan"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("peserta pelatihan")
        verbose_name_plural = _("peserta pelatihan")
        ordering = ["sesi", "status", "antrean", "id"]
        constraints = [
            # One live enrolment per pegawai per session, even under concurrent requests.
            models.UniqueConstraint(
                fields=["sesi", "pegawai"],
                condition=Q(status__in=STATUS_AKTIF),
                name="peserta_satu_per_sesi",
                violation_error_message=_("Pegawai ini sudah terdaftar pada sesi ini."),
            ),
            models.UniqueConstraint(
                fields=["sesi", "antrean"],
                condition=Q(status=StatusPeserta.DAFTAR_TUNGGU),
                name="peserta_antrean_unik",
                violation_error_message=_("Nomor antrean ini sudah dipakai pada daftar tunggu sesi ini."),
            ),
            models.CheckConstraint(
                condition=~Q(status=StatusPeserta.SELESAI) | ~Q(hasil=""),
                name="peserta_selesai_berhasil",
                violation_error_message=_("Peserta yang selesai wajib memiliki hasil pelatihan."),
            ),
        ]
        indexes = [models.Index(fields=["instansi", "status"]), models.Index(fields=["pegawai", "status"])]

    def __str__(self):
        return f"{self.pegawai} — {self.sesi}"


class Kehadiran(models.Model):
    """Attendance of one participant on one day of the session."""

    peserta = models.ForeignKey(
        Peserta, on_delete=models.CASCADE, related_name="kehadiran", verbose_name=_("peserta")
    )
    tanggal = models.DateField(_("tanggal"))
    status = models.CharField(_("kehadiran"), max_length=6, choices=StatusKehadiran.choices)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    objects = ScopedManager()
    scope_instansi = "peserta__instansi"
    scope_pegawai = "peserta__pegawai"

    class Meta:
        verbose_name = _("kehadiran pelatihan")
        verbose_name_plural = _("kehadiran pelatihan")
        ordering = ["tanggal"]
        constraints = [
            models.UniqueConstraint(
                fields=["peserta", "tanggal"],
                name="kehadiran_satu_per_hari",
                violation_error_message=_("Kehadiran peserta pada tanggal ini sudah dicatat."),
            )
        ]

    def __str__(self):
        return f"{self.peserta} {self.tanggal}: {self.status}"


class PelatihanEksternal(InstansiScopedModel):
    """Training done outside the portal (another agency, a university, an e-learning platform), recorded with
    evidence and verified by HR before its JP count."""

    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai",
        on_delete=models.PROTECT,
        related_name="pelatihan_eksternal",
        verbose_name=_("pegawai"),
    )
    nama = models.CharField(_("nama pelatihan"), max_length=200)
    penyelenggara = models.CharField(_("penyelenggara"), max_length=200)
    bentuk = models.CharField(_("bentuk"), max_length=12, choices=Bentuk.choices)
    tanggal_mulai = models.DateField(_("tanggal mulai"))
    tanggal_selesai = models.DateField(_("tanggal selesai"))
    durasi_menit = models.PositiveIntegerField(_("durasi (menit)"))
    jp = models.PositiveSmallIntegerField(_("JP"), editable=False)
    kompetensi = models.ForeignKey(
        Kompetensi,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kompetensi"),
    )
    bukti = models.FileField(
        _("bukti (sertifikat)"), upload_to="pelatihan/eksternal/%Y/", validators=[document_validator]
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=StatusVerifikasi.choices,
        default=StatusVerifikasi.DIAJUKAN,
        db_index=True,
    )
    catatan_verifikasi = models.TextField(_("catatan verifikasi"), blank=True)
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True)

    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("pelatihan eksternal")
        verbose_name_plural = _("pelatihan eksternal")
        ordering = ["-tanggal_mulai", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tanggal_selesai__gte=F("tanggal_mulai")),
                name="eksternal_tanggal_urut",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
        ]

    def __str__(self):
        return self.nama


class KreditJP(InstansiScopedModel):
    """JP credited to a pegawai for a year: one row per completed portal training or verified external
    training (a unique key on each source, so nothing is credited twice)."""

    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.PROTECT, related_name="kredit_jp", verbose_name=_("pegawai")
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"), db_index=True)
    tanggal = models.DateField(_("tanggal"))
    jp = models.PositiveSmallIntegerField(_("JP"))
    sumber = models.CharField(_("sumber"), max_length=10, choices=SumberJP.choices)
    uraian = models.CharField(_("uraian"), max_length=250)
    peserta = models.OneToOneField(
        Peserta,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="kredit",
        verbose_name=_("peserta"),
    )
    eksternal = models.OneToOneField(
        PelatihanEksternal,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="kredit",
        verbose_name=_("pelatihan eksternal"),
    )

    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("kredit JP")
        verbose_name_plural = _("kredit JP")
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(peserta__isnull=False) & Q(eksternal__isnull=True))
                | (Q(peserta__isnull=True) & Q(eksternal__isnull=False)),
                name="kredit_jp_satu_sumber",
                violation_error_message=_(
                    "Kredit JP harus berasal dari tepat satu sumber: pelatihan internal atau pelatihan eksternal."
                ),
            ),
        ]
        indexes = [models.Index(fields=["instansi", "tahun", "pegawai"])]

    def __str__(self):
        return f"{self.pegawai} {self.tahun}: {self.jp} JP"


def kode_sertifikat() -> str:
    """An unguessable verification code (60 bits of randomness, no look-alike characters)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalisasi_kode_sertifikat(value: str) -> str:
    """A typed verification code in its stored form (XXXX-XXXX-XXXX), or "" when it cannot be one: dashes,
    spaces and dots are ignored and case does not matter."""
    raw = "".join(ch for ch in str(value or "").upper() if ch.isalnum())
    if len(raw) != 12 or not raw.isascii():
        return ""
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Sertifikat(models.Model):
    """The certificate of one completed training. The public check page shows only what is printed here (name,
    programme, dates, JP, organiser), copied at issue so later edits never change a certificate."""

    peserta = models.OneToOneField(
        Peserta, on_delete=models.PROTECT, related_name="sertifikat", verbose_name=_("peserta")
    )
    kode = models.CharField(_("kode verifikasi"), max_length=20, unique=True, default=kode_sertifikat)
    nomor = models.CharField(_("nomor sertifikat"), max_length=60)
    nama_pegawai = models.CharField(_("nama"), max_length=200)
    nama_program = models.CharField(_("program"), max_length=200)
    penyelenggara = models.CharField(_("penyelenggara"), max_length=200)
    tanggal_mulai = models.DateField(_("tanggal mulai"))
    tanggal_selesai = models.DateField(_("tanggal selesai"))
    jp = models.PositiveSmallIntegerField(_("JP"))
    diterbitkan_pada = models.DateTimeField(_("diterbitkan"), auto_now_add=True)
    dicabut_pada = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    alasan_cabut = models.TextField(_("alasan pencabutan"), blank=True)

    objects = ScopedManager()
    scope_instansi = "peserta__instansi"
    scope_pegawai = "peserta__pegawai"

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        ordering = ["-diterbitkan_pada"]

    def __str__(self):
        return f"{self.nomor} ({self.kode})"

    @property
    def dicabut(self) -> bool:
        return self.dicabut_pada is not None


class Evaluasi(models.Model):
    """A participant's rating of a session after it (scores 1–5 and comments)."""

    SKOR = [MinValueValidator(1), MaxValueValidator(5)]

    peserta = models.OneToOneField(
        Peserta, on_delete=models.CASCADE, related_name="evaluasi", verbose_name=_("peserta")
    )
    skor_materi = models.PositiveSmallIntegerField(_("materi"), validators=SKOR)
    skor_pengajar = models.PositiveSmallIntegerField(_("pengajar"), validators=SKOR)
    skor_penyelenggaraan = models.PositiveSmallIntegerField(_("penyelenggaraan"), validators=SKOR)
    skor_manfaat = models.PositiveSmallIntegerField(_("manfaat bagi pekerjaan"), validators=SKOR)
    saran = models.TextField(_("saran"), blank=True)
    created_at = models.DateTimeField(_("diisi"), auto_now_add=True)

    objects = ScopedManager()
    scope_instansi = "peserta__instansi"
    scope_pegawai = "peserta__pegawai"

    class Meta:
        verbose_name = _("evaluasi pelatihan")
        verbose_name_plural = _("evaluasi pelatihan")
        constraints = [
            models.CheckConstraint(
                condition=Q(skor_materi__range=(1, 5))
                & Q(skor_pengajar__range=(1, 5))
                & Q(skor_penyelenggaraan__range=(1, 5))
                & Q(skor_manfaat__range=(1, 5)),
                name="evaluasi_skor_1_5",
                violation_error_message=_("Setiap skor evaluasi harus antara 1 dan 5."),
            )
        ]

    def __str__(self):
        return f"Evaluasi {self.peserta}"


class Rekomendasi(InstansiScopedModel):
    """A training need of one pegawai for a year, from their kinerja result or a competency their position
    requires (PP 11/2017 Pasal 206)."""

    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai",
        on_delete=models.CASCADE,
        related_name="rekomendasi_pelatihan",
        verbose_name=_("pegawai"),
    )
    tahun = models.PositiveSmallIntegerField(_("tahun rencana"))
    sumber = models.CharField(_("sumber"), max_length=12, choices=SumberRekomendasi.choices)
    kompetensi = models.ForeignKey(
        Kompetensi,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("kompetensi"),
    )
    alasan = models.CharField(_("alasan"), max_length=250)
    program_saran = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("program disarankan"),
    )
    status = models.CharField(
        _("status"), max_length=14, choices=StatusRekomendasi.choices, default=StatusRekomendasi.USULAN
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("rekomendasi pelatihan")
        verbose_name_plural = _("rekomendasi pelatihan")
        ordering = ["pegawai__nama", "sumber", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "tahun", "sumber", "kompetensi"],
                name="rekomendasi_unik",
                violation_error_message=_(
                    "Rekomendasi ini untuk pegawai, tahun, sumber, dan kompetensi tersebut sudah ada."
                ),
            ),
            models.UniqueConstraint(
                fields=["pegawai", "tahun", "sumber"],
                condition=Q(kompetensi__isnull=True),
                name="rekomendasi_unik_tanpa_kompetensi",
                violation_error_message=_(
                    "Rekomendasi tanpa kompetensi untuk pegawai, tahun, dan sumber ini sudah ada."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.pegawai}: {self.alasan}"


class RencanaPelatihan(InstansiScopedModel):
    """One line of the instansi's training plan for a year: a pegawai to send to a programme, with the
    estimated cost (made by HR from recommendations)."""

    tahun = models.PositiveSmallIntegerField(_("tahun"))
    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai",
        on_delete=models.CASCADE,
        related_name="rencana_pelatihan",
        verbose_name=_("pegawai"),
    )
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="rencana", verbose_name=_("program")
    )
    rekomendasi = models.ForeignKey(
        Rekomendasi,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rencana",
        verbose_name=_("rekomendasi"),
    )
    perkiraan_biaya = models.DecimalField(_("perkiraan biaya (Rp)"), default=0, **RUPIAH)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("rencana pelatihan")
        verbose_name_plural = _("rencana pelatihan")
        ordering = ["tahun", "program__nama", "pegawai__nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["tahun", "pegawai", "program"],
                name="rencana_unik",
                violation_error_message=_(
                    "Program ini sudah direncanakan untuk pegawai tersebut pada tahun itu."
                ),
            ),
            models.CheckConstraint(
                condition=Q(perkiraan_biaya__gte=0),
                name="rencana_biaya_nonnegatif",
                violation_error_message=_("Perkiraan biaya tidak boleh negatif."),
            ),
        ]

    def __str__(self):
        return f"{self.tahun}: {self.pegawai} → {self.program}"
