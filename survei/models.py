"""Survei Kepuasan Masyarakat (SKM, PermenPANRB 14/2017): service units, responses, populations, published
results, follow-up plans, and the abuse counters of the public form."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from asnportal.scoping import InstansiScopedModel

from . import rules
from .choices import (
    AlasanPenolakan,
    Bobot,
    JenisKelamin,
    JenisPeriode,
    Pekerjaan,
    Pendidikan,
    SlotWaktu,
    StatusTindakLanjut,
)

# Slugs the public URL /survei/<slug>/ cannot take because fixed pages live there.
SLUG_TERPAKAI = {"unit", "dasbor", "saran", "hasil", "rtl", "penolakan", "api", "tambah"}


class UnitLayanan(InstansiScopedModel):
    """A public service unit that is surveyed (a Puskesmas, Disdukcapil counter, a school office).

    It belongs to a UnitKerja of the instansi; its public survey page is /survei/<slug>/.
    """

    unit_kerja = models.ForeignKey(
        "kepegawaian.UnitKerja",
        on_delete=models.PROTECT,
        related_name="unit_layanan",
        verbose_name=_("unit kerja"),
    )
    nama = models.CharField(_("nama unit layanan"), max_length=200)
    slug = models.SlugField(
        _("alamat survei"),
        max_length=60,
        unique=True,
        help_text=_("Bagian alamat publik /survei/<alamat>/; huruf kecil, angka dan tanda hubung."),
    )
    alamat = models.CharField(_("alamat layanan"), max_length=255, blank=True)
    jenis_layanan = models.TextField(
        _("jenis layanan"),
        blank=True,
        help_text=_("Satu jenis layanan per baris; ditawarkan kepada responden sebagai pilihan."),
    )
    bobot = models.CharField(
        _("bobot unsur"),
        max_length=8,
        choices=Bobot.choices,
        default=Bobot.EXACT,
        help_text=_("Tepat 1/9 dianjurkan; 0,111 atau 0,11 hanya untuk mengikuti praktik lama."),
    )
    aktif = models.BooleanField(_("menerima survei"), default=True)
    kiosk_kunci = models.CharField(
        _("kunci perangkat kiosk"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "Perangkat (tablet) loket yang terdaftar membawa kunci ini; kosongkan untuk mencabut semuanya."
        ),
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit layanan")
        verbose_name_plural = _("unit layanan")
        ordering = ["nama"]
        indexes = [models.Index(fields=["instansi", "nama"])]

    def __str__(self):
        return self.nama

    def clean(self):
        if self.unit_kerja_id and self.instansi_id and self.unit_kerja.instansi_id != self.instansi_id:
            raise ValidationError({"unit_kerja": _("Unit kerja harus dari instansi yang sama.")})
        if self.slug in SLUG_TERPAKAI:
            raise ValidationError({"slug": _("Alamat ini dipakai oleh portal; pilih yang lain.")})

    @property
    def daftar_jenis_layanan(self) -> list[str]:
        return [x.strip() for x in self.jenis_layanan.splitlines() if x.strip()]


def _cek_skala(nama):
    return models.CheckConstraint(
        condition=Q(**{f"{nama}__gte": 1, f"{nama}__lte": 4}),
        name=f"survei_respons_{nama}_1_4",
        violation_error_message=_("Setiap jawaban unsur survei harus bernilai 1 sampai 4."),
    )


class Respons(InstansiScopedModel):
    """One filled SKM questionnaire from a citizen, with the respondent's profile and recorded consent.

    The nine answers are nine SmallInteger columns (1–4) so a period's NRR is one aggregate over the table.
    `instansi` is copied from the unit so per-instansi reads need no join. Name and contact are optional
    (UU 27/2022: data minimisation); the IP is kept only as a keyed hash for the rate limit.
    """

    unit = models.ForeignKey(
        UnitLayanan, on_delete=models.PROTECT, related_name="respons", verbose_name=_("unit layanan")
    )
    u1 = models.SmallIntegerField(_("U1 persyaratan"))
    u2 = models.SmallIntegerField(_("U2 prosedur"))
    u3 = models.SmallIntegerField(_("U3 waktu penyelesaian"))
    u4 = models.SmallIntegerField(_("U4 biaya/tarif"))
    u5 = models.SmallIntegerField(_("U5 produk layanan"))
    u6 = models.SmallIntegerField(_("U6 kompetensi pelaksana"))
    u7 = models.SmallIntegerField(_("U7 perilaku pelaksana"))
    u8 = models.SmallIntegerField(_("U8 penanganan pengaduan"))
    u9 = models.SmallIntegerField(_("U9 sarana prasarana"))
    usia = models.PositiveSmallIntegerField(_("usia"))
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices)
    pendidikan = models.CharField(_("pendidikan"), max_length=6, choices=Pendidikan.choices)
    pekerjaan = models.CharField(_("pekerjaan"), max_length=10, choices=Pekerjaan.choices)
    jenis_layanan = models.CharField(_("jenis layanan yang diterima"), max_length=200)
    tanggal = models.DateField(_("tanggal survei"))
    slot_waktu = models.CharField(_("jam survei"), max_length=5, choices=SlotWaktu.choices)
    saran = models.TextField(_("saran"), blank=True)
    nama = models.CharField(_("nama (opsional)"), max_length=120, blank=True)
    kontak = models.CharField(_("kontak (opsional)"), max_length=120, blank=True)
    persetujuan = models.BooleanField(_("persetujuan pemrosesan data"), default=False)
    persetujuan_versi = models.CharField(_("versi pemberitahuan privasi"), max_length=20)
    persetujuan_waktu = models.DateTimeField(_("waktu persetujuan"))
    ip_hash = models.CharField(_("sidik IP (hash)"), max_length=64, db_index=True)
    token_hash = models.CharField(_("sidik formulir"), max_length=64)
    sidik = models.CharField(_("sidik isi"), max_length=64)
    dibuat = models.DateTimeField(_("diterima"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("respons survei")
        verbose_name_plural = _("respons survei")
        ordering = ["-dibuat", "-id"]
        indexes = [
            models.Index(fields=["unit", "tanggal"]),
            models.Index(fields=["instansi", "tanggal"]),
            models.Index(fields=["unit", "sidik"]),
        ]
        constraints = [
            *[_cek_skala(k) for k in rules.KODE_UNSUR],
            models.CheckConstraint(
                condition=Q(usia__gte=10, usia__lte=120),
                name="survei_respons_usia",
                violation_error_message=_("Usia responden harus antara 10 dan 120 tahun."),
            ),
            # A form token is single-use (survei.services.respons_simpan).
            models.UniqueConstraint(
                fields=["unit", "token_hash"],
                name="survei_respons_token_sekali",
                violation_error_message=_(
                    "Formulir survei ini sudah pernah dikirim. Muat ulang halaman untuk mengisi lagi."
                ),
            ),
            # Consent is the lawful basis for a citizen's answers (UU 27/2022 Pasal 20, 22): no row without it.
            models.CheckConstraint(
                condition=Q(persetujuan=True),
                name="survei_respons_persetujuan",
                violation_error_message=_(
                    "Jawaban survei hanya dapat disimpan dengan persetujuan responden."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.tanggal:%Y-%m-%d} #{self.pk}"

    @property
    def nilai(self) -> list[int]:
        return [getattr(self, k) for k in rules.KODE_UNSUR]


class PeriodeMixin(models.Model):
    jenis_periode = models.CharField(_("jenis periode"), max_length=10, choices=JenisPeriode.choices)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    nomor = models.PositiveSmallIntegerField(_("nomor periode"), default=1)

    class Meta:
        abstract = True

    @property
    def label_periode(self) -> str:
        return rules.label_periode(self.jenis_periode, self.tahun, self.nomor)

    def clean(self):
        super().clean()
        if (
            self.jenis_periode
            and self.nomor
            and not 1 <= self.nomor <= rules.jumlah_nomor(self.jenis_periode)
        ):
            raise ValidationError({"nomor": _("Nomor periode di luar rentang jenis periodenya.")})


class PopulasiLayanan(PeriodeMixin, InstansiScopedModel):
    """The number of service users of a unit in a period (population N for the minimum sample), entered by HR."""

    unit = models.ForeignKey(
        UnitLayanan, on_delete=models.CASCADE, related_name="populasi", verbose_name=_("unit layanan")
    )
    jumlah_pengguna = models.PositiveIntegerField(_("jumlah pengguna layanan (populasi)"))
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("populasi pengguna layanan")
        verbose_name_plural = _("populasi pengguna layanan")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "jenis_periode", "tahun", "nomor"],
                name="survei_populasi_unik",
                violation_error_message=_("Jumlah pengguna layanan untuk unit dan periode ini sudah diisi."),
            )
        ]

    def __str__(self):
        return f"{self.unit} {self.label_periode}: {self.jumlah_pengguna}"


class PublikasiIKM(PeriodeMixin, InstansiScopedModel):
    """A result HR has published for the transparency page: a frozen snapshot of the unit's IKM for a period.

    The per-unsur score sums are kept so the instansi-wide IKM is exact (sums of all published units ÷ their
    respondents), not an average of averages.
    """

    unit = models.ForeignKey(
        UnitLayanan, on_delete=models.CASCADE, related_name="publikasi", verbose_name=_("unit layanan")
    )
    jumlah_responden = models.PositiveIntegerField(_("jumlah responden"))
    jumlah_nilai = models.JSONField(_("jumlah nilai per unsur"))
    bobot = models.CharField(_("bobot unsur"), max_length=8, choices=Bobot.choices)
    nilai = models.DecimalField(_("nilai IKM (konversi)"), max_digits=5, decimal_places=2)
    mutu = models.CharField(_("mutu pelayanan"), max_length=1)
    kinerja = models.CharField(_("kinerja unit pelayanan"), max_length=20)
    populasi = models.PositiveIntegerField(_("populasi"), null=True, blank=True)
    diterbitkan = models.DateTimeField(_("diterbitkan"), auto_now_add=True)
    diterbitkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diterbitkan oleh"),
    )

    class Meta:
        verbose_name = _("publikasi IKM")
        verbose_name_plural = _("publikasi IKM")
        ordering = ["-tahun", "jenis_periode", "-nomor", "unit__nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "jenis_periode", "tahun", "nomor"],
                name="survei_publikasi_unik",
                violation_error_message=_("Hasil IKM untuk unit dan periode ini sudah dipublikasikan."),
            ),
            models.CheckConstraint(
                condition=Q(mutu__in=["A", "B", "C", "D"]),
                name="survei_publikasi_mutu",
                violation_error_message=_("Mutu pelayanan harus A, B, C, atau D."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.label_periode}: {self.nilai} ({self.mutu})"


class RencanaTindakLanjut(PeriodeMixin, InstansiScopedModel):
    """A follow-up action (rencana tindak lanjut) on a weak unsur of a unit's result for a period."""

    unit = models.ForeignKey(
        UnitLayanan, on_delete=models.CASCADE, related_name="rencana", verbose_name=_("unit layanan")
    )
    unsur = models.PositiveSmallIntegerField(
        _("unsur"), choices=[(i, f"U{i} {u[1]}") for i, u in enumerate(rules.UNSUR, start=1)]
    )
    kegiatan = models.TextField(_("rencana kegiatan"))
    penanggung_jawab = models.CharField(_("penanggung jawab"), max_length=200)
    tenggat = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"), max_length=10, choices=StatusTindakLanjut.choices, default=StatusTindakLanjut.RENCANA
    )
    catatan = models.TextField(_("catatan/hasil"), blank=True)
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("rencana tindak lanjut")
        verbose_name_plural = _("rencana tindak lanjut")
        ordering = ["tenggat", "id"]
        indexes = [models.Index(fields=["unit", "jenis_periode", "tahun", "nomor"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(unsur__gte=1, unsur__lte=9),
                name="survei_rtl_unsur",
                violation_error_message=_("Unsur survei harus antara 1 dan 9."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} U{self.unsur}: {self.kegiatan[:60]}"


class PenolakanRespons(InstansiScopedModel):
    """How many public submissions were rejected per unit, day and reason (so HR can see abuse)."""

    unit = models.ForeignKey(
        UnitLayanan, on_delete=models.CASCADE, related_name="penolakan", verbose_name=_("unit layanan")
    )
    tanggal = models.DateField(_("tanggal"))
    alasan = models.CharField(_("alasan"), max_length=16, choices=AlasanPenolakan.choices)
    jumlah = models.PositiveIntegerField(_("jumlah"), default=0)

    class Meta:
        verbose_name = _("penolakan respons")
        verbose_name_plural = _("penolakan respons")
        ordering = ["-tanggal", "alasan"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "tanggal", "alasan"],
                name="survei_penolakan_unik",
                violation_error_message=_(
                    "Penolakan dengan alasan ini pada unit dan tanggal tersebut sudah tercatat."
                ),
            )
        ]

    def __str__(self):
        return f"{self.unit} {self.tanggal} {self.alasan}: {self.jumlah}"


class BatasLaju(models.Model):
    """A fixed-window counter of submission attempts per hashed IP (the public form's rate limit).

    Kept in the database, not the cache or Redis: the counter is shared by all web processes and keeps
    working when Redis is down. Not tenant data (one IP can reach every instansi's form); never displayed.
    Old windows are removed by `survei.bersihkan_batas_laju_task`.
    """

    ip_hash = models.CharField(_("sidik IP (hash)"), max_length=64)
    jendela = models.DateTimeField(_("awal jendela"))
    jumlah = models.PositiveIntegerField(_("jumlah percobaan"), default=0)

    class Meta:
        verbose_name = _("batas laju")
        verbose_name_plural = _("batas laju")
        constraints = [
            models.UniqueConstraint(
                fields=["ip_hash", "jendela"],
                name="survei_bataslaju_unik",
                violation_error_message=_("Penghitung batas permintaan untuk jendela waktu ini sudah ada."),
            )
        ]
        indexes = [models.Index(fields=["jendela"])]

    def __str__(self):
        return f"{self.ip_hash[:8]} {self.jendela}: {self.jumlah}"
