"""Kinerja: the SKP (Sasaran Kinerja Pegawai) of each ASN per year, its targets, the periodic
self-assessment, the supervisor's evaluation and the official predikat (PermenPANRB 6/2022, domain.md §1).

The pejabat penilai is never stored as a link: it is always `Pegawai.atasan` (the incumbent of the parent
position). Names are snapshotted on the SKP only for the signed document.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asnportal.scoping import InstansiScopedModel, ScopedManager

from . import rules
from .choices import (
    PANDUAN_PERILAKU,
    Aspek,
    JenisPenghargaan,
    JenisRHK,
    NilaiBerakhlak,
    Pendekatan,
    PeriodeEvaluasi,
    Predikat,
    PredikatOrganisasi,
    Rating,
    StatusEvaluasi,
    StatusKeberatan,
    StatusSKP,
)


class PengaturanKinerja(InstansiScopedModel):
    """Per-instansi settings of performance management: the periodic evaluation cycle, peer input, the
    distribution-curve thresholds and nine-box cut-offs (all UNCONFIRMED in domain.md, hence configurable),
    and whether the public transparency page is published."""

    periode_evaluasi = models.CharField(
        _("periode evaluasi berkala"),
        max_length=12,
        choices=PeriodeEvaluasi.choices,
        default=PeriodeEvaluasi.TRIWULANAN,
    )
    umpan_balik_rekan = models.BooleanField(_("umpan balik rekan kerja aktif"), default=False)
    dominan_maks = models.DecimalField(
        _("batas maksimal predikat dominan (%)"), max_digits=5, decimal_places=2, default=70
    )
    mayoritas_min = models.DecimalField(
        _("batas minimal predikat mayoritas (%)"), max_digits=5, decimal_places=2, default=60
    )
    pendamping_min = models.DecimalField(
        _("batas minimal predikat pendamping (%)"), max_digits=5, decimal_places=2, default=10
    )
    sangat_baik_maks = models.DecimalField(
        _("batas maksimal Sangat Baik (%)"), max_digits=5, decimal_places=2, default=10
    )
    potensi_tinggi_min = models.DecimalField(
        _("skor potensi tinggi minimal"), max_digits=5, decimal_places=2, default=80
    )
    potensi_menengah_min = models.DecimalField(
        _("skor potensi menengah minimal"), max_digits=5, decimal_places=2, default=68
    )
    dipublikasikan = models.BooleanField(_("halaman transparansi dipublikasikan"), default=False)
    tahun_publikasi = models.PositiveSmallIntegerField(_("tahun yang dipublikasikan"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengaturan kinerja")
        verbose_name_plural = _("pengaturan kinerja")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi"],
                name="kinerja_pengaturan_satu_per_instansi",
                violation_error_message=_("Pengaturan kinerja untuk instansi ini sudah ada."),
            )
        ]

    def __str__(self):
        return f"Pengaturan kinerja {self.instansi}"

    def ambang(self) -> rules.AmbangDistribusi:
        return rules.AmbangDistribusi(
            dominan_maks=float(self.dominan_maks),
            mayoritas_min=float(self.mayoritas_min),
            pendamping_min=float(self.pendamping_min),
            sangat_baik_maks=float(self.sangat_baik_maks),
        )

    @property
    def jumlah_periode(self) -> int:
        return rules.jumlah_periode(self.periode_evaluasi)


class SKP(InstansiScopedModel):
    """Sasaran Kinerja Pegawai: the yearly performance plan of one ASN (PNS or PPPK) with its Rencana Hasil
    Kerja and expected behaviour. An approved SKP is locked; a change makes a new revision that keeps the old."""

    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.PROTECT, related_name="skp", verbose_name=_("pegawai")
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    revisi = models.PositiveSmallIntegerField(_("revisi ke"), default=0)
    berlaku = models.BooleanField(_("revisi yang berlaku"), default=True, db_index=True)
    revisi_dari = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisi_berikut",
        verbose_name=_("revisi dari"),
    )
    alasan_revisi = models.TextField(_("alasan revisi"), blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=StatusSKP.choices, default=StatusSKP.DRAFT, db_index=True
    )
    pendekatan = models.CharField(
        _("pendekatan"), max_length=12, choices=Pendekatan.choices, default=Pendekatan.KUANTITATIF
    )
    periode_mulai = models.DateField(_("periode penilaian mulai"))
    periode_selesai = models.DateField(_("periode penilaian selesai"))
    catatan_pengembalian = models.TextField(_("catatan pengembalian dari penilai"), blank=True)
    # Snapshot for the signed document (the live relation is Pegawai.atasan).
    pegawai_nama = models.CharField(_("nama pegawai (dokumen)"), max_length=200, blank=True)
    pegawai_nip = models.CharField(_("NIP pegawai (dokumen)"), max_length=18, blank=True)
    pegawai_pangkat = models.CharField(_("pangkat/gol. pegawai (dokumen)"), max_length=80, blank=True)
    pegawai_jabatan = models.CharField(_("jabatan pegawai (dokumen)"), max_length=200, blank=True)
    pegawai_unit = models.CharField(_("unit kerja pegawai (dokumen)"), max_length=200, blank=True)
    penilai_nama = models.CharField(_("nama pejabat penilai (dokumen)"), max_length=200, blank=True)
    penilai_nip = models.CharField(_("NIP pejabat penilai (dokumen)"), max_length=18, blank=True)
    penilai_jabatan = models.CharField(_("jabatan pejabat penilai (dokumen)"), max_length=200, blank=True)
    atasan_penilai_nama = models.CharField(
        _("nama atasan pejabat penilai (dokumen)"), max_length=200, blank=True
    )
    atasan_penilai_nip = models.CharField(
        _("NIP atasan pejabat penilai (dokumen)"), max_length=18, blank=True
    )
    atasan_penilai_jabatan = models.CharField(
        _("jabatan atasan pejabat penilai (dokumen)"), max_length=200, blank=True
    )
    diajukan_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    disetujui_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    disetujui_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("disetujui oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = ScopedManager()
    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["-tahun", "pegawai__nama", "-revisi"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "tahun", "revisi"],
                name="kinerja_skp_revisi_unik",
                violation_error_message=_("Revisi SKP ini untuk pegawai dan tahun tersebut sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["pegawai", "tahun"],
                condition=Q(berlaku=True),
                name="kinerja_skp_satu_berlaku",
                violation_error_message=_(
                    "Pegawai ini sudah memiliki SKP yang berlaku untuk tahun tersebut."
                ),
            ),
            models.CheckConstraint(
                condition=Q(periode_selesai__gte=models.F("periode_mulai")),
                name="kinerja_skp_periode_urut",
                violation_error_message=_("Akhir periode SKP tidak boleh sebelum awal periode."),
            ),
            models.CheckConstraint(
                condition=Q(tahun__gte=2000, tahun__lte=2100),
                name="kinerja_skp_tahun",
                violation_error_message=_("Tahun SKP harus antara 2000 dan 2100."),
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "tahun", "status"]),
            # The current SKP of each pegawai in a year: team board, overdue counts, HR summaries.
            models.Index(
                fields=["instansi", "tahun", "pegawai"],
                condition=Q(berlaku=True),
                name="kinerja_skp_berlaku_idx",
            ),
        ]

    def __str__(self):
        rev = f" rev. {self.revisi}" if self.revisi else ""
        return f"SKP {self.tahun} {self.pegawai_nama or self.pegawai_id}{rev}"

    @property
    def terkunci(self) -> bool:
        return self.status in (StatusSKP.DIAJUKAN, StatusSKP.DISETUJUI) or not self.berlaku

    @property
    def penilai_sebagai(self) -> str:
        """ "Plt."/"Plh." when the snapshot's penilai acted in the position (kepegawaian.atasan), else ""."""
        return next((k for k in ("Plt.", "Plh.") if self.penilai_jabatan.startswith(k)), "")

    @property
    def bisa_diubah(self) -> bool:
        return self.berlaku and self.status in (StatusSKP.DRAFT, StatusSKP.DIKEMBALIKAN)


class RencanaHasilKerja(models.Model):
    """One Rencana Hasil Kerja (RHK) of an SKP, utama or tambahan, which may intervene (cascade from) an
    RHK of the atasan's SKP (domain.md §1.3)."""

    skp = models.ForeignKey(SKP, on_delete=models.CASCADE, related_name="rhk", verbose_name=_("SKP"))
    jenis = models.CharField(_("jenis"), max_length=10, choices=JenisRHK.choices, default=JenisRHK.UTAMA)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=1)
    uraian = models.TextField(_("rencana hasil kerja"))
    rhk_atasan = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intervensi",
        verbose_name=_("RHK pimpinan yang diintervensi"),
    )

    objects = ScopedManager()
    scope_instansi = "skp__instansi"
    scope_pegawai = "skp__pegawai"

    class Meta:
        verbose_name = _("rencana hasil kerja")
        verbose_name_plural = _("rencana hasil kerja")
        ordering = ["skp", "jenis", "urutan", "id"]

    def __str__(self):
        return self.uraian[:120]


class IndikatorKinerja(models.Model):
    """Indikator Kinerja Individu (IKI) of an RHK with its target for one aspek (kuantitas, kualitas, waktu,
    biaya)."""

    rhk = models.ForeignKey(
        RencanaHasilKerja, on_delete=models.CASCADE, related_name="indikator", verbose_name=_("RHK")
    )
    aspek = models.CharField(_("aspek"), max_length=10, choices=Aspek.choices)
    indikator = models.CharField(_("indikator kinerja individu"), max_length=300)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    satuan = models.CharField(_("satuan"), max_length=60)

    objects = ScopedManager()
    scope_instansi = "rhk__skp__instansi"
    scope_pegawai = "rhk__skp__pegawai"

    class Meta:
        verbose_name = _("indikator kinerja individu")
        verbose_name_plural = _("indikator kinerja individu")
        ordering = ["rhk", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gte=0),
                name="kinerja_iki_target_positif",
                violation_error_message=_("Target indikator tidak boleh negatif."),
            )
        ]

    def __str__(self):
        return f"{self.indikator}: {self.target:g} {self.satuan}"


class PerilakuKerja(models.Model):
    """Expected behaviour for one BerAKHLAK value on an SKP, with the leader's specific expectation
    ("ekspektasi khusus pimpinan"); the three guideline behaviours come from choices.PANDUAN_PERILAKU."""

    skp = models.ForeignKey(SKP, on_delete=models.CASCADE, related_name="perilaku", verbose_name=_("SKP"))
    nilai = models.CharField(_("nilai BerAKHLAK"), max_length=12, choices=NilaiBerakhlak.choices)
    ekspektasi_khusus = models.TextField(_("ekspektasi khusus pimpinan"), blank=True)

    objects = ScopedManager()
    scope_instansi = "skp__instansi"
    scope_pegawai = "skp__pegawai"

    class Meta:
        verbose_name = _("perilaku kerja")
        verbose_name_plural = _("perilaku kerja")
        ordering = ["skp", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "nilai"],
                name="kinerja_perilaku_unik",
                violation_error_message=_("Perilaku kerja ini sudah ada pada SKP ini."),
            )
        ]

    def __str__(self):
        return self.get_nilai_display()

    @property
    def panduan(self):
        return PANDUAN_PERILAKU[NilaiBerakhlak(self.nilai)]


class Realisasi(models.Model):
    """Self-assessment: what the ASN achieved on one indicator in one period, with evidence (bukti dukung: a
    file or a link) and a short note."""

    indikator = models.ForeignKey(
        IndikatorKinerja, on_delete=models.CASCADE, related_name="realisasi", verbose_name=_("indikator")
    )
    periode = models.PositiveSmallIntegerField(_("periode"))
    nilai = models.DecimalField(_("realisasi"), max_digits=12, decimal_places=2)
    catatan = models.TextField(_("catatan"), blank=True)
    bukti_berkas = models.FileField(_("bukti dukung (berkas)"), upload_to="kinerja/bukti/%Y/", blank=True)
    bukti_tautan = models.URLField(_("bukti dukung (tautan)"), blank=True)
    diperbarui = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = ScopedManager()
    scope_instansi = "indikator__rhk__skp__instansi"
    scope_pegawai = "indikator__rhk__skp__pegawai"

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        ordering = ["indikator", "periode"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "periode"],
                name="kinerja_realisasi_unik",
                violation_error_message=_("Realisasi indikator ini untuk periode tersebut sudah diisi."),
            ),
            models.CheckConstraint(
                condition=Q(periode__gte=1, periode__lte=12),
                name="kinerja_realisasi_periode",
                violation_error_message=_("Periode realisasi harus antara 1 dan 12."),
            ),
            models.CheckConstraint(
                condition=Q(nilai__gte=0),
                name="kinerja_realisasi_positif",
                violation_error_message=_("Nilai realisasi tidak boleh negatif."),
            ),
        ]

    def __str__(self):
        return f"{self.indikator} P{self.periode}: {self.nilai:g}"


class Evaluasi(models.Model):
    """The pejabat penilai's evaluation of an SKP for one period (periode 0 = annual): ratings of hasil kerja
    and perilaku, the predikat that follows from the matrix, and feedback."""

    TAHUNAN = 0

    skp = models.ForeignKey(SKP, on_delete=models.CASCADE, related_name="evaluasi", verbose_name=_("SKP"))
    periode = models.PositiveSmallIntegerField(_("periode (0 = tahunan)"), default=0)
    rating_hasil = models.CharField(_("rating hasil kerja"), max_length=10, choices=Rating.choices)
    rating_perilaku = models.CharField(_("rating perilaku kerja"), max_length=10, choices=Rating.choices)
    predikat = models.CharField(_("predikat kinerja"), max_length=16, choices=Predikat.choices, db_index=True)
    catatan = models.TextField(_("umpan balik umum"), blank=True)
    catatan_perilaku = models.TextField(_("umpan balik perilaku kerja"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=StatusEvaluasi.choices, default=StatusEvaluasi.DINILAI
    )
    dinilai_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dinilai oleh"),
    )
    dinilai_sebagai = models.CharField(
        _("penilai bertindak sebagai"),
        max_length=200,
        blank=True,
        help_text=_(
            'Mis. "Plt. Kepala Bidang" bila dinilai oleh pelaksana tugas/harian; kosong bila definitif.'
        ),
    )
    dinilai_at = models.DateTimeField(_("dinilai pada"), auto_now=True)
    final_at = models.DateTimeField(_("difinalkan pada"), null=True, blank=True)
    diterima_tanggal = models.DateField(_("tanggal hasil diterima pegawai"), null=True, blank=True)

    objects = ScopedManager()
    scope_instansi = "skp__instansi"
    scope_pegawai = "skp__pegawai"

    class Meta:
        verbose_name = _("evaluasi kinerja")
        verbose_name_plural = _("evaluasi kinerja")
        ordering = ["skp", "periode"]
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "periode"],
                name="kinerja_evaluasi_unik",
                violation_error_message=_("Evaluasi SKP untuk periode ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(periode__lte=12),
                name="kinerja_evaluasi_periode",
                violation_error_message=_("Periode evaluasi harus antara 0 (tahunan) dan 12."),
            ),
        ]

    def __str__(self):
        label = _("Tahunan") if self.periode == 0 else f"P{self.periode}"
        return f"{self.skp} · {label}: {self.get_predikat_display()}"


class UmpanBalikRHK(models.Model):
    """The penilai's feedback on one RHK in one evaluation."""

    evaluasi = models.ForeignKey(
        Evaluasi, on_delete=models.CASCADE, related_name="umpan_balik", verbose_name=_("evaluasi")
    )
    rhk = models.ForeignKey(
        RencanaHasilKerja, on_delete=models.CASCADE, related_name="umpan_balik", verbose_name=_("RHK")
    )
    umpan_balik = models.TextField(_("umpan balik"))

    objects = ScopedManager()
    scope_instansi = "evaluasi__skp__instansi"
    scope_pegawai = "evaluasi__skp__pegawai"

    class Meta:
        verbose_name = _("umpan balik RHK")
        verbose_name_plural = _("umpan balik RHK")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluasi", "rhk"],
                name="kinerja_umpan_balik_unik",
                violation_error_message=_(
                    "Umpan balik untuk rencana hasil kerja ini sudah ada pada evaluasi ini."
                ),
            )
        ]

    def __str__(self):
        return self.umpan_balik[:80]


class FinalisasiUnit(InstansiScopedModel):
    """The unit head's finalisation of a year's annual predikat for a unit, after checking the distribution
    against the unit's predikat kinerja organisasi (domain.md §1.6). Warnings must be confirmed."""

    unit_kerja = models.ForeignKey(
        "kepegawaian.UnitKerja", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit kerja")
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    predikat_organisasi = models.CharField(
        _("predikat kinerja organisasi"), max_length=16, choices=PredikatOrganisasi.choices
    )
    jumlah = models.JSONField(_("jumlah per predikat"), default=dict)
    peringatan = models.JSONField(_("peringatan distribusi"), default=list, blank=True)
    peringatan_dikonfirmasi = models.BooleanField(_("peringatan dikonfirmasi pimpinan"), default=False)
    difinalisasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("difinalkan oleh"),
    )
    difinalisasi_at = models.DateTimeField(_("difinalkan pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("finalisasi predikat unit")
        verbose_name_plural = _("finalisasi predikat unit")
        constraints = [
            models.UniqueConstraint(
                fields=["unit_kerja", "tahun"],
                name="kinerja_finalisasi_unik",
                violation_error_message=_("Unit kerja ini sudah difinalisasi untuk tahun tersebut."),
            )
        ]

    def __str__(self):
        return f"{self.unit_kerja} {self.tahun}"


class UmpanBalikRekan(models.Model):
    """One peer's (or subordinate's) score on one BerAKHLAK value for an SKP. Shown only in aggregate and only
    when at least three people answered (rules.tampil_cukup). `skor`: 1 di bawah, 2 sesuai, 3 di atas."""

    skp = models.ForeignKey(
        SKP, on_delete=models.CASCADE, related_name="umpan_balik_rekan", verbose_name=_("SKP")
    )
    responden = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.CASCADE, related_name="+", verbose_name=_("responden")
    )
    nilai = models.CharField(_("nilai BerAKHLAK"), max_length=12, choices=NilaiBerakhlak.choices)
    skor = models.PositiveSmallIntegerField(_("skor"), null=True, blank=True)
    dijawab_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)

    objects = ScopedManager()
    scope_instansi = "skp__instansi"
    scope_pegawai = "responden"  # a respondent sees only their own questions, never the subject's aggregate

    class Meta:
        verbose_name = _("umpan balik rekan kerja")
        verbose_name_plural = _("umpan balik rekan kerja")
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "responden", "nilai"],
                name="kinerja_rekan_unik",
                violation_error_message=_(
                    "Responden ini sudah memberi umpan balik untuk perilaku ini pada SKP ini."
                ),
            ),
            models.CheckConstraint(
                condition=Q(skor__isnull=True) | Q(skor__gte=1, skor__lte=3),
                name="kinerja_rekan_skor",
                violation_error_message=_("Skor umpan balik rekan harus antara 1 dan 3."),
            ),
        ]

    def __str__(self):
        return f"{self.skp_id}/{self.nilai}"


class Keberatan(models.Model):
    """An objection by the ASN to the annual result, filed within 14 days with the atasan of the pejabat
    penilai, whose decision is final (PP 30/2019 Pasal 59; domain.md §1.8). The original predikat is kept."""

    evaluasi = models.OneToOneField(
        Evaluasi, on_delete=models.PROTECT, related_name="keberatan", verbose_name=_("evaluasi")
    )
    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.PROTECT, related_name="+", verbose_name=_("pegawai")
    )
    alasan = models.TextField(_("alasan keberatan"))
    status = models.CharField(
        _("status"), max_length=10, choices=StatusKeberatan.choices, default=StatusKeberatan.DIAJUKAN
    )
    predikat_semula = models.CharField(_("predikat semula"), max_length=16, choices=Predikat.choices)
    rating_hasil_semula = models.CharField(
        _("rating hasil kerja semula"), max_length=10, choices=Rating.choices
    )
    rating_perilaku_semula = models.CharField(
        _("rating perilaku kerja semula"), max_length=10, choices=Rating.choices
    )
    predikat_keputusan = models.CharField(
        _("predikat setelah keputusan"), max_length=16, choices=Predikat.choices, blank=True
    )
    keputusan = models.TextField(_("pertimbangan keputusan"), blank=True)
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    diputuskan_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)

    objects = ScopedManager()
    scope_instansi = "pegawai__instansi"
    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["-created_at"]

    def __str__(self):
        return f"Keberatan {self.evaluasi}"


class Penghargaan(InstansiScopedModel):
    """An award HR records for an outstanding ASN (e.g. from a Sangat Baik predikat or a unit head's
    nomination); shown on the profile and in reports (tindak lanjut, PermenPANRB 6/2022 Pasal 5)."""

    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.PROTECT, related_name="+", verbose_name=_("pegawai")
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    jenis = models.CharField(_("jenis"), max_length=14, choices=JenisPenghargaan.choices)
    nama = models.CharField(_("nama penghargaan"), max_length=200)
    uraian = models.TextField(_("uraian"), blank=True)
    tanggal = models.DateField(_("tanggal"))
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("penghargaan")
        verbose_name_plural = _("penghargaan")
        ordering = ["-tanggal", "-id"]

    def __str__(self):
        return self.nama


class NilaiPotensi(InstansiScopedModel):
    """The potensi score of a pegawai in a year (from an assessment), the second axis of the nine-box."""

    pegawai = models.ForeignKey(
        "kepegawaian.Pegawai", on_delete=models.CASCADE, related_name="+", verbose_name=_("pegawai")
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    skor = models.DecimalField(_("skor potensi"), max_digits=5, decimal_places=2)
    sumber = models.CharField(_("sumber penilaian"), max_length=200, blank=True)

    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("nilai potensi")
        verbose_name_plural = _("nilai potensi")
        ordering = ["-tahun", "pegawai_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "tahun"],
                name="kinerja_potensi_unik",
                violation_error_message=_("Nilai potensi pegawai ini untuk tahun tersebut sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(skor__gte=0, skor__lte=100),
                name="kinerja_potensi_skor",
                violation_error_message=_("Skor potensi harus antara 0 dan 100."),
            ),
        ]

    def __str__(self):
        return f"{self.pegawai_id} {self.tahun}: {self.skor}"
