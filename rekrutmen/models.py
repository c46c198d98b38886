"""Rekrutmen: recruitment rounds (seleksi CPNS/PPPK), formasi, applicants, their applications, selection scores,
rankings, publications and appeals, with a merit ledger of every change to score, eligibility and rank."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asnportal import scoping
from asnportal.scoping import InstansiScopedModel, ScopedManager, ScopedQuerySet
from kepegawaian.choices import JenisKelamin, Pendidikan

from . import rules
from .choices import (
    Hasil,
    HasilVerifikasi,
    JenisFormasi,
    JenisImpor,
    JenisKomponen,
    JenisSeleksi,
    StatusAdministrasi,
    StatusFormasi,
    StatusLamaran,
    StatusSanggah,
    SumberPerubahan,
    TahapPublikasi,
    TahapSanggah,
)


class PetugasQuerySet(ScopedQuerySet):
    """Applicant data: only HR officers, auditors and superadmins of the instansi read it (never ASN staff,
    never unit heads). Applicants read their own rows through `for_pelamar`."""

    def for_user(self, user):
        if user is None or not user.is_authenticated or not scoping.can_read_instansi(user):
            return self.none()
        return super().for_user(user)


PetugasManager = models.Manager.from_queryset(PetugasQuerySet)


class AmbangBatasKhusus(models.Model):
    """Per-year SKD thresholds of a special formasi type (cumlaude, disabilitas, Papua, ...). National reference
    data set by KemenPANRB each year (domain.md §3.2): stored as a table, never in code."""

    tahun = models.PositiveSmallIntegerField(_("tahun"))
    jenis_formasi = models.CharField(_("jenis formasi"), max_length=16, choices=JenisFormasi.choices)
    min_total = models.PositiveSmallIntegerField(_("nilai kumulatif SKD minimal"))
    min_tiu = models.PositiveSmallIntegerField(_("nilai TIU minimal"))
    dasar_hukum = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ambang batas formasi khusus")
        verbose_name_plural = _("ambang batas formasi khusus")
        ordering = ["-tahun", "jenis_formasi"]
        constraints = [
            models.UniqueConstraint(
                fields=["tahun", "jenis_formasi"],
                name="rekrutmen_ambang_tahun_jenis",
                violation_error_message=_(
                    "Ambang batas khusus untuk jenis formasi ini pada tahun itu sudah ada."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(jenis_formasi="umum"),
                name="rekrutmen_ambang_bukan_umum",
                violation_error_message=_("Ambang batas khusus tidak berlaku untuk formasi umum."),
            ),
            models.CheckConstraint(
                condition=Q(min_total__lte=550, min_tiu__lte=175),
                name="rekrutmen_ambang_maks",
                violation_error_message=_("Ambang batas melebihi nilai maksimal (total 550, TIU 175)."),
            ),
        ]

    def __str__(self):
        return f"{self.get_jenis_formasi_display()} {self.tahun}: {self.min_total}/{self.min_tiu}"


class Seleksi(InstansiScopedModel):
    """A recruitment round (seleksi CPNS or PPPK) of one instansi, with its schedule and the passing grades and
    weights it uses (defaults from domain.md §3.2–3.3, editable per round)."""

    nama = models.CharField(_("nama seleksi"), max_length=200)
    jenis = models.CharField(
        _("jenis"), max_length=4, choices=JenisSeleksi.choices, default=JenisSeleksi.CPNS
    )
    tahun = models.PositiveSmallIntegerField(_("tahun anggaran"))
    deskripsi = models.TextField(_("pengumuman / keterangan"), blank=True)
    diumumkan = models.BooleanField(
        _("diumumkan ke publik"),
        default=False,
        help_text=_("Formasi yang disetujui tampil di halaman publik."),
    )
    pendaftaran_mulai = models.DateField(_("pendaftaran mulai"))
    pendaftaran_selesai = models.DateField(_("pendaftaran selesai"))
    verifikasi_selesai = models.DateField(_("verifikasi administrasi selesai"))
    sanggah_administrasi_mulai = models.DateField(_("sanggah administrasi mulai"), null=True, blank=True)
    sanggah_administrasi_selesai = models.DateField(_("sanggah administrasi selesai"), null=True, blank=True)
    skd_selesai = models.DateField(_("SKD selesai"))
    skb_selesai = models.DateField(_("SKB selesai"))
    pengumuman = models.DateField(_("pengumuman hasil akhir"))
    sanggah_selesai = models.DateField(_("sanggah hasil akhir selesai"))
    pg_twk = models.PositiveSmallIntegerField(_("ambang batas TWK"), default=65)
    pg_tiu = models.PositiveSmallIntegerField(_("ambang batas TIU"), default=80)
    pg_tkp = models.PositiveSmallIntegerField(_("ambang batas TKP"), default=166)
    bobot_skd = models.DecimalField(
        _("bobot SKD (%)"), max_digits=5, decimal_places=2, default=rules.BOBOT_SKD
    )
    bobot_skb = models.DecimalField(
        _("bobot SKB (%)"), max_digits=5, decimal_places=2, default=rules.BOBOT_SKB
    )
    skd_maks = models.PositiveSmallIntegerField(_("nilai maksimal SKD"), default=rules.SKD_MAX)
    skb_cat_maks = models.PositiveSmallIntegerField(_("nilai maksimal CAT SKB"), default=rules.SKB_CAT_MAX)
    kelipatan_skb = models.PositiveSmallIntegerField(_("kelipatan peserta SKB"), default=rules.KELIPATAN_SKB)
    maks_bobot_tambahan = models.DecimalField(
        _("bobot maksimal SKB tambahan (%)"),
        max_digits=5,
        decimal_places=2,
        default=rules.MAKS_BOBOT_TAMBAHAN,
    )
    dibuat_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("seleksi")
        verbose_name_plural = _("seleksi")
        ordering = ["-tahun", "-pendaftaran_mulai", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pendaftaran_mulai__lte=models.F("pendaftaran_selesai"))
                & Q(pendaftaran_selesai__lte=models.F("verifikasi_selesai"))
                & Q(verifikasi_selesai__lte=models.F("skd_selesai"))
                & Q(skd_selesai__lte=models.F("skb_selesai"))
                & Q(skb_selesai__lte=models.F("pengumuman"))
                & Q(pengumuman__lte=models.F("sanggah_selesai")),
                name="rekrutmen_seleksi_jadwal_urut",
                violation_error_message=_(
                    "Jadwal seleksi harus berurutan: pendaftaran, verifikasi, SKD, SKB, pengumuman, lalu masa sanggah."
                ),
            ),
            models.CheckConstraint(
                condition=Q(bobot_skd__gte=0, bobot_skb__gte=0) & Q(bobot_skd=100 - models.F("bobot_skb")),
                name="rekrutmen_seleksi_bobot_100",
                violation_error_message=_("Bobot SKD dan bobot SKB harus berjumlah 100 persen."),
            ),
            models.CheckConstraint(
                condition=Q(kelipatan_skb__gte=1),
                name="rekrutmen_seleksi_kelipatan",
                violation_error_message=_("Kelipatan peserta SKB minimal 1."),
            ),
        ]

    def __str__(self):
        return self.nama

    @property
    def jadwal(self) -> rules.Jadwal:
        return rules.Jadwal(
            pendaftaran_mulai=self.pendaftaran_mulai,
            pendaftaran_selesai=self.pendaftaran_selesai,
            verifikasi_selesai=self.verifikasi_selesai,
            skd_selesai=self.skd_selesai,
            skb_selesai=self.skb_selesai,
            pengumuman=self.pengumuman,
            sanggah_selesai=self.sanggah_selesai,
            sanggah_administrasi_mulai=self.sanggah_administrasi_mulai,
            sanggah_administrasi_selesai=self.sanggah_administrasi_selesai,
        )

    @property
    def fase(self) -> rules.Fase:
        return rules.fase(timezone.localdate(), self.jadwal)

    @property
    def fase_label(self) -> str:
        return FASE_LABEL[self.fase]

    @property
    def pendaftaran_buka(self) -> bool:
        return self.diumumkan and self.fase == rules.Fase.PENDAFTARAN

    def passing_grade(self) -> rules.PassingGrade:
        return rules.PassingGrade(twk=self.pg_twk, tiu=self.pg_tiu, tkp=self.pg_tkp)


FASE_LABEL = {
    rules.Fase.PERSIAPAN: _("Persiapan"),
    rules.Fase.PENDAFTARAN: _("Pendaftaran"),
    rules.Fase.VERIFIKASI: _("Verifikasi administrasi"),
    rules.Fase.SANGGAH_ADMINISTRASI: _("Sanggah hasil administrasi"),
    rules.Fase.SKD: _("Seleksi Kompetensi Dasar (SKD)"),
    rules.Fase.SKB: _("Seleksi Kompetensi Bidang (SKB)"),
    rules.Fase.PENGOLAHAN: _("Pengolahan nilai"),
    rules.Fase.SANGGAH_HASIL: _("Pengumuman dan sanggah hasil"),
    rules.Fase.SELESAI: _("Selesai"),
}


class Formasi(InstansiScopedModel):
    """A formasi: a number of places for one jabatan in one unit within a round. The quota is proposed from the
    ABK shortage (kepegawaian.selectors.kebutuhan_jabatan) and approved by an authorised officer."""

    seleksi = models.ForeignKey(
        Seleksi, on_delete=models.CASCADE, related_name="formasi", verbose_name=_("seleksi")
    )
    jabatan = models.ForeignKey(
        "kepegawaian.Jabatan", on_delete=models.PROTECT, related_name="+", verbose_name=_("jabatan")
    )
    unit_kerja = models.ForeignKey(
        "kepegawaian.UnitKerja", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit penempatan")
    )
    jenis_formasi = models.CharField(
        _("jenis formasi"), max_length=16, choices=JenisFormasi.choices, default=JenisFormasi.UMUM
    )
    kebutuhan_abk = models.IntegerField(_("selisih kebutuhan ABK saat diusulkan"), default=0)
    kuota_usulan = models.PositiveSmallIntegerField(_("kuota diusulkan"), validators=[MinValueValidator(1)])
    kuota = models.PositiveSmallIntegerField(_("kuota disetujui"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=StatusFormasi.choices, default=StatusFormasi.USULAN, db_index=True
    )
    pendidikan_minimal = models.CharField(
        _("kualifikasi pendidikan"), max_length=3, choices=Pendidikan.choices
    )
    jurusan = models.CharField(_("program studi yang diterima"), max_length=300, blank=True)
    keterangan = models.TextField(_("keterangan"), blank=True)
    diusulkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diusulkan oleh"),
    )
    disetujui_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("disetujui oleh"),
    )
    disetujui_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("formasi")
        verbose_name_plural = _("formasi")
        ordering = ["seleksi", "jabatan__nama", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seleksi", "jabatan", "jenis_formasi"],
                name="rekrutmen_formasi_unik_per_seleksi",
                violation_error_message=_(
                    "Formasi untuk jabatan dan jenis formasi ini sudah ada pada seleksi ini."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="disetujui") | Q(kuota__gte=1, disetujui_at__isnull=False),
                name="rekrutmen_formasi_disetujui_berkuota",
                violation_error_message=_(
                    "Formasi yang disetujui harus memiliki kuota minimal 1 dan tanggal persetujuan."
                ),
            ),
        ]

    def __str__(self):
        jenis = "" if self.jenis_formasi == JenisFormasi.UMUM else f" ({self.get_jenis_formasi_display()})"
        return f"{self.jabatan.nama}{jenis}"

    @property
    def disetujui(self) -> bool:
        return self.status == StatusFormasi.DISETUJUI


class PersyaratanFormasi(models.Model):
    """One requirement of a formasi (ijazah, transkrip, surat lamaran, ...), verified per applicant."""

    formasi = models.ForeignKey(
        Formasi, on_delete=models.CASCADE, related_name="persyaratan", verbose_name=_("formasi")
    )
    nama = models.CharField(_("persyaratan"), max_length=200)
    keterangan = models.TextField(_("keterangan"), blank=True)
    wajib_unggah = models.BooleanField(_("wajib unggah dokumen"), default=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    objects = ScopedManager()
    scope_instansi = "formasi__instansi"

    class Meta:
        verbose_name = _("persyaratan formasi")
        verbose_name_plural = _("persyaratan formasi")
        ordering = ["formasi", "urutan", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["formasi", "nama"],
                name="rekrutmen_syarat_unik",
                violation_error_message=_("Persyaratan dengan nama ini sudah ada pada formasi ini."),
            )
        ]

    def __str__(self):
        return self.nama


class KomponenSKB(models.Model):
    """One component of a formasi's SKB (CAT SKB, wawancara, praktik kerja, ...) with its weight and maximum.
    Weights sum to 100; SKB tambahan is capped (domain.md §3.3)."""

    formasi = models.ForeignKey(
        Formasi, on_delete=models.CASCADE, related_name="komponen_skb", verbose_name=_("formasi")
    )
    jenis = models.CharField(_("jenis komponen"), max_length=12, choices=JenisKomponen.choices)
    nama = models.CharField(_("nama komponen"), max_length=100)
    bobot = models.DecimalField(
        _("bobot (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    nilai_maks = models.DecimalField(
        _("nilai maksimal"), max_digits=6, decimal_places=2, default=Decimal("100")
    )

    objects = ScopedManager()
    scope_instansi = "formasi__instansi"

    class Meta:
        verbose_name = _("komponen SKB")
        verbose_name_plural = _("komponen SKB")
        ordering = ["formasi", "-bobot", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["formasi", "nama"],
                name="rekrutmen_komponen_unik",
                violation_error_message=_("Komponen SKB dengan nama ini sudah ada pada formasi ini."),
            ),
            models.UniqueConstraint(
                fields=["formasi"],
                condition=Q(jenis="cat"),
                name="rekrutmen_komponen_satu_cat",
                violation_error_message=_(
                    "Formasi ini sudah memiliki komponen CAT; hanya satu yang diizinkan."
                ),
            ),
            models.CheckConstraint(
                condition=Q(bobot__gt=0, bobot__lte=100),
                name="rekrutmen_komponen_bobot",
                violation_error_message=_("Bobot komponen harus lebih dari 0 dan paling banyak 100."),
            ),
            models.CheckConstraint(
                condition=Q(nilai_maks__gt=0),
                name="rekrutmen_komponen_maks",
                violation_error_message=_("Nilai maksimal komponen harus lebih dari nol."),
            ),
        ]

    def __str__(self):
        return f"{self.nama} ({self.bobot}%)"


class Pelamar(models.Model):
    """A citizen applying for CASN. Not a portal staff account: applicants log in on the public side with their
    own credentials (session key), so they can never reach staff pages or another tenant's data."""

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    nama = models.CharField(_("nama lengkap (sesuai KTP)"), max_length=150)
    email = models.EmailField(_("e-mail"), unique=True)
    password = models.CharField(_("kata sandi (hash)"), max_length=128)
    tempat_lahir = models.CharField(_("tempat lahir"), max_length=100)
    tanggal_lahir = models.DateField(_("tanggal lahir"))
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices)
    telepon = models.CharField(_("telepon"), max_length=20, blank=True)
    email_terkonfirmasi_at = models.DateTimeField(_("e-mail dikonfirmasi"), null=True, blank=True)
    dibuat_at = models.DateTimeField(_("terdaftar"), auto_now_add=True)

    class Meta:
        verbose_name = _("pelamar")
        verbose_name_plural = _("pelamar")
        ordering = ["nama", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nik__regex=r"^[0-9]{16}$"),
                name="rekrutmen_nik_16",
                violation_error_message=_("NIK harus terdiri atas 16 angka."),
            )
        ]

    def __str__(self):
        return self.nama

    def set_password(self, raw: str) -> None:
        self.password = make_password(raw)

    def check_password(self, raw: str) -> bool:
        return check_password(raw, self.password)

    @property
    def terkonfirmasi(self) -> bool:
        return self.email_terkonfirmasi_at is not None

    @property
    def nik_tersamar(self) -> str:
        from kepegawaian.rules import mask_nik

        return mask_nik(self.nik)


class Lamaran(InstansiScopedModel):
    """An application of one applicant to one formasi in a round (exactly one per round), with the selection data
    recorded on it: administrative result, SKD and SKB scores, integrated score, rank and result."""

    seleksi = models.ForeignKey(
        Seleksi, on_delete=models.PROTECT, related_name="lamaran", verbose_name=_("seleksi")
    )
    formasi = models.ForeignKey(
        Formasi, on_delete=models.PROTECT, related_name="lamaran", verbose_name=_("formasi")
    )
    pelamar = models.ForeignKey(
        Pelamar, on_delete=models.PROTECT, related_name="lamaran", verbose_name=_("pelamar")
    )
    nomor_peserta = models.CharField(_("nomor peserta"), max_length=20, blank=True, db_index=True)
    status = models.CharField(
        _("status pendaftaran"), max_length=8, choices=StatusLamaran.choices, default=StatusLamaran.DRAFT
    )
    pendidikan = models.CharField(_("pendidikan"), max_length=3, choices=Pendidikan.choices)
    jurusan = models.CharField(_("program studi"), max_length=150)
    institusi_pendidikan = models.CharField(_("perguruan tinggi / sekolah"), max_length=200)
    ipk = models.DecimalField(
        _("IPK / rata-rata ijazah"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    dikirim_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    status_administrasi = models.CharField(
        _("hasil administrasi"),
        max_length=5,
        choices=StatusAdministrasi.choices,
        default=StatusAdministrasi.BELUM,
    )
    alasan_tms = models.TextField(_("alasan tidak memenuhi syarat"), blank=True)
    twk = models.PositiveSmallIntegerField(_("TWK"), null=True, blank=True)
    tiu = models.PositiveSmallIntegerField(_("TIU"), null=True, blank=True)
    tkp = models.PositiveSmallIntegerField(_("TKP"), null=True, blank=True)
    skb_cat = models.DecimalField(_("nilai CAT SKB"), max_digits=6, decimal_places=2, null=True, blank=True)
    nilai_skb = models.DecimalField(
        _("nilai SKB (0–100)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    lulus_skd = models.BooleanField(_("lulus ambang batas SKD"), null=True, blank=True)
    ikut_skb = models.BooleanField(_("peserta SKB"), default=False)
    nilai_akhir = models.DecimalField(_("nilai akhir"), max_digits=7, decimal_places=4, null=True, blank=True)
    peringkat = models.PositiveIntegerField(_("peringkat"), null=True, blank=True)
    hasil = models.CharField(_("hasil"), max_length=8, choices=Hasil.choices, blank=True, default="")
    dibuat_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = PetugasManager()

    class Meta:
        verbose_name = _("lamaran")
        verbose_name_plural = _("lamaran")
        ordering = ["seleksi", "nomor_peserta", "id"]
        constraints = [
            # The one-application rule: an applicant applies for exactly one formasi per round.
            models.UniqueConstraint(
                fields=["seleksi", "pelamar"],
                name="rekrutmen_satu_lamaran_per_seleksi",
                violation_error_message=_("Pelamar ini sudah mengirim lamaran pada seleksi ini."),
            ),
            models.UniqueConstraint(
                fields=["seleksi", "nomor_peserta"],
                condition=~Q(nomor_peserta=""),
                name="rekrutmen_nomor_peserta_unik",
                violation_error_message=_("Nomor peserta ini sudah dipakai pada seleksi ini."),
            ),
            models.CheckConstraint(
                condition=(Q(twk__isnull=True) | Q(twk__lte=rules.TWK_MAX))
                & (Q(tiu__isnull=True) | Q(tiu__lte=rules.TIU_MAX))
                & (Q(tkp__isnull=True) | Q(tkp__lte=rules.TKP_MAX)),
                name="rekrutmen_skd_dalam_rentang",
                violation_error_message=_("Nilai SKD melebihi nilai maksimal TWK, TIU, atau TKP."),
            ),
            models.CheckConstraint(
                condition=Q(nilai_skb__isnull=True) | Q(nilai_skb__gte=0, nilai_skb__lte=100),
                name="rekrutmen_nilai_skb_0_100",
                violation_error_message=_("Nilai SKB harus antara 0 dan 100."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | ~Q(nomor_peserta=""),
                name="rekrutmen_dikirim_bernomor",
                violation_error_message=_("Lamaran yang sudah dikirim wajib memiliki nomor peserta."),
            ),
        ]
        indexes = [models.Index(fields=["formasi", "hasil", "peringkat"])]

    def __str__(self):
        return self.nomor_peserta or f"Lamaran #{self.pk}"

    @property
    def skd(self) -> int | None:
        if None in (self.twk, self.tiu, self.tkp):
            return None
        return rules.skd_total(self.twk, self.tiu, self.tkp)


def _dokumen_path(instance, filename):
    ext = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        instance.content_type, "bin"
    )
    return f"rekrutmen/lamaran/{instance.lamaran_id}/{uuid.uuid4().hex}.{ext}"


class DokumenLamaran(models.Model):
    """A document an applicant uploaded for one requirement. Served only through a permission-checked view to the
    applicant and to the HR officers of the instansi (never directly from media)."""

    lamaran = models.ForeignKey(
        Lamaran, on_delete=models.CASCADE, related_name="dokumen", verbose_name=_("lamaran")
    )
    persyaratan = models.ForeignKey(
        PersyaratanFormasi, on_delete=models.PROTECT, related_name="+", verbose_name=_("persyaratan")
    )
    berkas = models.FileField(_("berkas"), upload_to=_dokumen_path)
    nama_asli = models.CharField(_("nama berkas asli"), max_length=200)
    content_type = models.CharField(_("jenis isi"), max_length=40)
    ukuran = models.PositiveIntegerField(_("ukuran (bita)"))
    diunggah_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    objects = PetugasManager()
    scope_instansi = "lamaran__instansi"

    class Meta:
        verbose_name = _("dokumen lamaran")
        verbose_name_plural = _("dokumen lamaran")
        ordering = ["lamaran", "persyaratan__urutan", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["lamaran", "persyaratan"],
                name="rekrutmen_satu_dokumen_per_syarat",
                violation_error_message=_("Dokumen untuk persyaratan ini sudah diunggah pada lamaran ini."),
            )
        ]

    def __str__(self):
        return self.nama_asli


class VerifikasiSyarat(models.Model):
    """The administrative verification of one requirement of one application: MS/TMS with a reason."""

    lamaran = models.ForeignKey(
        Lamaran, on_delete=models.CASCADE, related_name="verifikasi", verbose_name=_("lamaran")
    )
    persyaratan = models.ForeignKey(
        PersyaratanFormasi, on_delete=models.PROTECT, related_name="+", verbose_name=_("persyaratan")
    )
    hasil = models.CharField(_("hasil"), max_length=3, choices=HasilVerifikasi.choices)
    alasan = models.TextField(_("alasan"), blank=True)
    verifikator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verifikator"),
    )
    diverifikasi_at = models.DateTimeField(_("diverifikasi"), auto_now=True)

    objects = PetugasManager()
    scope_instansi = "lamaran__instansi"

    class Meta:
        verbose_name = _("verifikasi persyaratan")
        verbose_name_plural = _("verifikasi persyaratan")
        ordering = ["lamaran", "persyaratan__urutan"]
        constraints = [
            models.UniqueConstraint(
                fields=["lamaran", "persyaratan"],
                name="rekrutmen_verifikasi_unik",
                violation_error_message=_("Persyaratan ini sudah diverifikasi untuk lamaran ini."),
            ),
            models.CheckConstraint(
                condition=Q(hasil="MS") | ~Q(alasan=""),
                name="rekrutmen_tms_wajib_alasan",
                violation_error_message=_("Hasil TMS (tidak memenuhi syarat) wajib disertai alasan."),
            ),
        ]

    def __str__(self):
        return f"{self.persyaratan}: {self.hasil}"


class SesiPenilaian(models.Model):
    """A scheduled SKB tambahan session (wawancara, praktik, ...) of one applicant for one component, with the
    panel members who score it. The component score is the mean of the panel's scores."""

    lamaran = models.ForeignKey(
        Lamaran, on_delete=models.CASCADE, related_name="sesi_penilaian", verbose_name=_("lamaran")
    )
    komponen = models.ForeignKey(
        KomponenSKB, on_delete=models.CASCADE, related_name="sesi", verbose_name=_("komponen")
    )
    jadwal = models.DateTimeField(_("jadwal"))
    tempat = models.CharField(_("tempat / tautan"), max_length=200)
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("panel penilai")
    )

    objects = PetugasManager()
    scope_instansi = "lamaran__instansi"

    class Meta:
        verbose_name = _("sesi penilaian SKB")
        verbose_name_plural = _("sesi penilaian SKB")
        ordering = ["jadwal", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["lamaran", "komponen"],
                name="rekrutmen_sesi_unik",
                violation_error_message=_("Sesi penilaian komponen ini untuk lamaran ini sudah ada."),
            )
        ]

    def __str__(self):
        return f"{self.komponen.nama} · {self.lamaran}"


class NilaiPanel(models.Model):
    """One panel member's score in one SKB tambahan session."""

    sesi = models.ForeignKey(
        SesiPenilaian, on_delete=models.CASCADE, related_name="nilai", verbose_name=_("sesi")
    )
    penilai = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("penilai")
    )
    nilai = models.DecimalField(_("nilai"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    catatan = models.TextField(_("catatan"), blank=True)
    dinilai_at = models.DateTimeField(_("dinilai"), auto_now=True)

    objects = PetugasManager()
    scope_instansi = "sesi__lamaran__instansi"

    class Meta:
        verbose_name = _("nilai panel")
        verbose_name_plural = _("nilai panel")
        constraints = [
            models.UniqueConstraint(
                fields=["sesi", "penilai"],
                name="rekrutmen_nilai_panel_unik",
                violation_error_message=_("Penilai ini sudah memberi nilai pada sesi ini."),
            ),
            models.CheckConstraint(
                condition=Q(nilai__gte=0),
                name="rekrutmen_nilai_panel_positif",
                violation_error_message=_("Nilai panel tidak boleh negatif."),
            ),
        ]

    def __str__(self):
        return f"{self.penilai}: {self.nilai}"


class ImporNilai(InstansiScopedModel):
    """One accepted import of exam scores (SKD or CAT SKB) as produced by the exam system."""

    seleksi = models.ForeignKey(
        Seleksi, on_delete=models.CASCADE, related_name="impor", verbose_name=_("seleksi")
    )
    jenis = models.CharField(_("jenis"), max_length=3, choices=JenisImpor.choices)
    nama_berkas = models.CharField(_("nama berkas"), max_length=200)
    sha256 = models.CharField(_("sidik berkas (SHA-256)"), max_length=64)
    jumlah_baris = models.PositiveIntegerField(_("jumlah baris"))
    jumlah_berubah = models.PositiveIntegerField(_("jumlah nilai berubah"), default=0)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oleh"),
    )
    dibuat_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    objects = PetugasManager()

    class Meta:
        verbose_name = _("impor nilai")
        verbose_name_plural = _("impor nilai")
        ordering = ["-dibuat_at", "-id"]

    def __str__(self):
        return f"{self.get_jenis_display()} · {self.nama_berkas}"


class Sanggah(models.Model):
    """An appeal (sanggah) of an applicant against the administrative or final result, filed within the window,
    answered by HR. An accepted sanggah may correct a score; the ranking is then recomputed and recorded."""

    lamaran = models.ForeignKey(
        Lamaran, on_delete=models.CASCADE, related_name="sanggah", verbose_name=_("lamaran")
    )
    tahap = models.CharField(_("tahap"), max_length=12, choices=TahapSanggah.choices)
    alasan = models.TextField(_("alasan sanggah"))
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=StatusSanggah.choices,
        default=StatusSanggah.DIAJUKAN,
        db_index=True,
    )
    jawaban = models.TextField(_("jawaban"), blank=True)
    dijawab_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dijawab oleh"),
    )
    dijawab_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    diajukan_at = models.DateTimeField(_("diajukan"), auto_now_add=True)

    objects = PetugasManager()
    scope_instansi = "lamaran__instansi"

    class Meta:
        verbose_name = _("sanggah")
        verbose_name_plural = _("sanggah")
        ordering = ["-diajukan_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["lamaran", "tahap"],
                name="rekrutmen_satu_sanggah_per_tahap",
                violation_error_message=_("Sanggahan untuk tahap ini sudah diajukan pada lamaran ini."),
            ),
            models.CheckConstraint(
                condition=Q(status="diajukan") | ~Q(jawaban=""),
                name="rekrutmen_sanggah_dijawab_beralasan",
                violation_error_message=_("Sanggahan yang sudah diputus wajib disertai jawaban."),
            ),
        ]

    def __str__(self):
        return f"Sanggah {self.lamaran} ({self.get_tahap_display()})"


class RiwayatNilai(models.Model):
    """The merit ledger: one change to a score, eligibility or rank of an application, with who, when, the
    value before and after, and why. Append-only; a published ranking is reproduced from these rows."""

    lamaran = models.ForeignKey(
        Lamaran, on_delete=models.CASCADE, related_name="riwayat_nilai", verbose_name=_("lamaran")
    )
    field = models.CharField(_("data"), max_length=40, db_index=True)
    sebelum = models.CharField(_("sebelum"), max_length=60, blank=True)
    sesudah = models.CharField(_("sesudah"), max_length=60, blank=True)
    sumber = models.CharField(_("sumber"), max_length=12, choices=SumberPerubahan.choices)
    alasan = models.TextField(_("alasan"), blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oleh"),
    )
    oleh_label = models.CharField(_("pelaku"), max_length=150, blank=True)
    dicatat_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    objects = PetugasManager()
    scope_instansi = "lamaran__instansi"

    class Meta:
        verbose_name = _("riwayat nilai")
        verbose_name_plural = _("riwayat nilai")
        ordering = ["dicatat_at", "id"]

    def __str__(self):
        return f"{self.lamaran} {self.field}: {self.sebelum} → {self.sesudah}"


class Publikasi(InstansiScopedModel):
    """A published announcement of a round's results at one stage, with the exact list as published (registration
    numbers and status, no other personal data) so it can be shown, printed and reproduced later."""

    seleksi = models.ForeignKey(
        Seleksi, on_delete=models.CASCADE, related_name="publikasi", verbose_name=_("seleksi")
    )
    tahap = models.CharField(_("tahap"), max_length=12, choices=TahapPublikasi.choices)
    nomor = models.CharField(_("nomor pengumuman"), max_length=100)
    isi = models.JSONField(_("daftar yang diumumkan"), default=dict)
    catatan = models.TextField(_("catatan"), blank=True)
    riwayat_sampai = models.PositiveBigIntegerField(
        _("catatan riwayat nilai terakhir"),
        default=0,
        help_text=_("Id RiwayatNilai terakhir saat diumumkan."),
    )
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oleh"),
    )
    diumumkan_at = models.DateTimeField(_("diumumkan"), default=timezone.now)

    class Meta:
        verbose_name = _("publikasi hasil")
        verbose_name_plural = _("publikasi hasil")
        ordering = ["-diumumkan_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seleksi", "nomor"],
                name="rekrutmen_nomor_publikasi_unik",
                violation_error_message=_("Nomor pengumuman ini sudah dipakai pada seleksi ini."),
            )
        ]

    def __str__(self):
        return f"{self.nomor} ({self.get_tahap_display()})"
