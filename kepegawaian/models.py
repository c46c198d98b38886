"""Kepegawaian core: the tenant (Instansi), its unit tree, positions, civil servants, histories and users."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from asnportal import jobs
from asnportal.jobs import JobModel, register_job
from asnportal.scoping import InstansiScopedModel, ScopedManager, ScopedQuerySet

from . import rules
from .choices import (
    CakupanAkun,
    Golongan,
    JenisDokumen,
    JenisInstansi,
    JenisJabatan,
    JenisKelamin,
    JenisKenaikanPangkat,
    JenisMutasi,
    JenisPenugasan,
    JenisPerubahan,
    JenisRiwayatJabatan,
    JenisSelisih,
    JenisUnit,
    JenisUsulanData,
    Jenjang,
    KeputusanSelisih,
    Pendidikan,
    PeriodeVolume,
    Role,
    StatusAktif,
    StatusKepegawaian,
    StatusMutasi,
    StatusPenataan,
    StatusUsulanData,
)


class Instansi(models.Model):
    """A regional government (pemerintah daerah): the tenant. Every other record belongs to one."""

    kode = models.SlugField(_("kode"), max_length=40, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    nama_singkat = models.CharField(_("nama singkat"), max_length=80, blank=True)
    jenis = models.CharField(_("jenis"), max_length=12, choices=JenisInstansi.choices)
    kode_wilayah = models.CharField(_("kode wilayah Kemendagri"), max_length=20, blank=True)
    provinsi = models.CharField(_("provinsi"), max_length=100, blank=True)
    ibu_kota = models.CharField(_("ibu kota"), max_length=100, blank=True)
    alamat = models.TextField(_("alamat kantor"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="instansi/logo/", blank=True)
    kop_baris = models.TextField(_("kop surat"), blank=True, help_text=_("Satu baris per baris kop."))
    nama_badan_kepegawaian = models.CharField(_("nama badan kepegawaian"), max_length=200, blank=True)
    wke_menit = models.PositiveIntegerField(
        _("waktu kerja efektif (menit/tahun)"),
        null=True,
        blank=True,
        help_text=_("Untuk ABK. Kosong: 75.000 menit (5 hari kerja; PermenPANRB 1/2020)."),
    )

    objects = ScopedManager()
    scope_instansi = ""  # the tenant itself

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["nama"]

    def __str__(self):
        return self.nama


LABEL_SEPARATOR = " · "


def unit_label_text(nama: str, parent_label: str) -> str:
    """The unit's name followed by its parents' (nearest first): "Bidang Pelayanan · Dinas Kependudukan"."""
    return f"{nama}{LABEL_SEPARATOR}{parent_label}" if parent_label else nama


class UnitKerja(InstansiScopedModel):
    """A unit of an instansi: a perangkat daerah (OPD) and its bidang, seksi and UPT, as a tree.

    `path` is a materialised path ("0001.0004.") so a subtree is one indexed prefix query.
    """

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("unit induk"),
    )
    nama = models.CharField(_("nama"), max_length=200)
    singkatan = models.CharField(_("singkatan"), max_length=40, blank=True)
    jenis = models.CharField(_("jenis"), max_length=12, choices=JenisUnit.choices, default=JenisUnit.LAINNYA)
    kode = models.CharField(_("kode"), max_length=40, blank=True)
    path = models.CharField(_("jalur pohon"), max_length=255, db_index=True, editable=False, default="")
    # Denormalised "where it is" name (Bidang Pelayanan · Dinas Kependudukan dan Catatan Sipil), kept by save()
    # for the unit and its subtree: lists, pickers, exports and PDFs show and search it without walking the tree.
    label = models.CharField(_("nama lengkap"), max_length=1000, editable=False, default="")
    depth = models.PositiveSmallIntegerField(_("kedalaman"), default=0, editable=False)
    urutan = models.PositiveIntegerField(_("urutan"), default=0)
    aktif = models.BooleanField(_("aktif"), default=True)

    label_related = ()  # asnportal.forms.label_choices: choices show `label`

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["path"]
        indexes = [models.Index(fields=["instansi", "path"])]

    def __str__(self):
        return self.nama

    def clean(self):
        if self.parent_id and self.parent.instansi_id != self.instansi_id:
            raise ValidationError({"parent": _("Unit induk harus dari instansi yang sama.")})
        if self.pk and self.parent_id:
            node = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError({"parent": _("Unit induk tidak boleh bawahan unit ini sendiri.")})
                node = node.parent

    def save(self, *args, **kwargs):
        if not self.pk:
            super().save(*args, **kwargs)
            kwargs.pop("force_insert", None)
        self.depth = self.parent.depth + 1 if self.parent_id else 0
        prefix = self.parent.path if self.parent_id else ""
        new_path = f"{prefix}{self.pk:06d}."
        old_path = self.path
        old_label = self.label
        self.path = new_path
        self.label = unit_label_text(self.nama, self.parent.label if self.parent_id else "")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "path", "depth", "label"}
        super().save(*args, **{k: v for k, v in kwargs.items() if k != "force_insert"})
        if old_path and (old_path != new_path or old_label != self.label):
            # The unit moved or was renamed: rewrite the paths and names of its whole subtree (restructuring).
            labels = {self.pk: self.label}
            for child in (
                UnitKerja.objects.filter(path__startswith=old_path)
                .exclude(pk=self.pk)
                .order_by("depth", "path")
            ):
                child.path = new_path + child.path[len(old_path) :]
                child.depth = child.path.count(".") - 1
                child.label = unit_label_text(child.nama, labels.get(child.parent_id, ""))
                labels[child.pk] = child.label
                UnitKerja.objects.filter(pk=child.pk).update(
                    path=child.path, depth=child.depth, label=child.label
                )

    @property
    def path_names(self) -> list[str]:
        """Names from the perangkat daerah down to this unit (the API's `path`)."""
        return list(reversed((self.label or self.nama).split(LABEL_SEPARATOR)))

    def descendants(self, include_self=True):
        qs = UnitKerja.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def ancestors(self):
        ids = [int(p) for p in self.path.strip(".").split(".") if p]
        return UnitKerja.objects.filter(pk__in=ids).order_by("depth")

    @cached_property
    def opd(self) -> UnitKerja:
        """The perangkat daerah (top-level unit) this unit belongs to."""
        if not self.parent_id:
            return self
        top = int(self.path.split(".")[0])
        return UnitKerja.objects.get(pk=top)


class Jabatan(InstansiScopedModel):
    """A position in a unit. `parent` is the atasan's position: the supervisor chain comes from here."""

    unit_kerja = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, related_name="jabatan", verbose_name=_("unit kerja")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bawahan",
        verbose_name=_("jabatan atasan"),
    )
    nama = models.CharField(_("nama jabatan"), max_length=200)
    kode = models.CharField(_("kode"), max_length=40, blank=True)
    jenis = models.CharField(_("jenis jabatan"), max_length=16, choices=JenisJabatan.choices)
    jenjang = models.CharField(_("jenjang"), max_length=16, choices=Jenjang.choices, blank=True, default="")
    kelas_jabatan = models.PositiveSmallIntegerField(_("kelas jabatan"), null=True, blank=True)
    jumlah_formasi = models.PositiveSmallIntegerField(_("jumlah formasi (kebutuhan)"), default=1)
    is_kepala_unit = models.BooleanField(
        _("kepala unit"), default=False, help_text=_("Pemangku jabatan ini memimpin unit kerjanya.")
    )
    aktif = models.BooleanField(_("aktif"), default=True)
    ikhtisar = models.TextField(_("ikhtisar jabatan"), blank=True)
    kebutuhan_abk = models.DecimalField(
        _("kebutuhan hasil ABK (desimal)"), max_digits=8, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["unit_kerja__path", "-is_kepala_unit", "nama"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kelas_jabatan__isnull=True)
                | models.Q(kelas_jabatan__gte=1, kelas_jabatan__lte=17),
                name="jabatan_kelas_1_17",
                violation_error_message=_("Kelas jabatan harus antara 1 dan 17."),
            )
        ]

    def __str__(self):
        return self.nama

    label_related = ("unit_kerja",)

    @property
    def label(self) -> str:
        """Position and where it is: "Kepala Subbagian Umum — Subbagian Umum · Sekretariat · Dinas X".
        Select `unit_kerja` with the jabatan in lists (one query, no N+1)."""
        if not self.unit_kerja_id:
            return self.nama
        return f"{self.nama} — {self.unit_kerja.label or self.unit_kerja.nama}"

    def clean(self):
        if self.unit_kerja_id and self.unit_kerja.instansi_id != self.instansi_id:
            raise ValidationError({"unit_kerja": _("Unit kerja harus dari instansi yang sama.")})
        if self.parent_id and self.parent.instansi_id != self.instansi_id:
            raise ValidationError({"parent": _("Jabatan atasan harus dari instansi yang sama.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Jabatan tidak boleh menjadi atasan dirinya sendiri.")})


class PegawaiQuerySet(ScopedQuerySet):
    def aktif(self):
        return self.filter(status_aktif=StatusAktif.AKTIF)


class Pegawai(InstansiScopedModel):
    """A civil servant (ASN): PNS, CPNS or PPPK, with identity, rank, position and contact."""

    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, unique=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    nama = models.CharField(_("nama"), max_length=150, db_index=True)
    gelar_depan = models.CharField(_("gelar depan"), max_length=40, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    tempat_lahir = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"))
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices)
    agama = models.CharField(_("agama"), max_length=20, blank=True)
    status_kepegawaian = models.CharField(
        _("status kepegawaian"), max_length=4, choices=StatusKepegawaian.choices
    )
    status_aktif = models.CharField(
        _("status"), max_length=10, choices=StatusAktif.choices, default=StatusAktif.AKTIF, db_index=True
    )
    tmt_cpns = models.DateField(_("TMT CPNS / pengangkatan"), null=True, blank=True)
    golongan = models.CharField(_("golongan/ruang"), max_length=6, choices=Golongan.choices, blank=True)
    tmt_golongan = models.DateField(_("TMT golongan"), null=True, blank=True)
    jabatan = models.ForeignKey(
        Jabatan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pemangku",
        verbose_name=_("jabatan"),
    )
    tmt_jabatan = models.DateField(_("TMT jabatan"), null=True, blank=True)
    unit_kerja = models.ForeignKey(
        UnitKerja,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pegawai",
        verbose_name=_("unit kerja"),
    )
    pendidikan_terakhir = models.CharField(
        _("pendidikan terakhir"), max_length=3, choices=Pendidikan.choices, blank=True
    )
    jurusan = models.CharField(_("jurusan / program studi"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    telepon = models.CharField(_("telepon"), max_length=20, blank=True)
    alamat = models.TextField(_("alamat"), blank=True)
    foto = models.ImageField(_("foto"), upload_to="pegawai/foto/", blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = models.Manager.from_queryset(PegawaiQuerySet)()
    scope_pegawai = ""  # personal data: the record itself

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["nama", "id"]
        indexes = [
            models.Index(fields=["instansi", "nama"]),
            models.Index(fields=["instansi", "golongan"]),
            models.Index(fields=["instansi", "status_aktif", "unit_kerja"]),
        ]

    def __str__(self):
        return self.nama_lengkap

    @property
    def nama_lengkap(self) -> str:
        depan = f"{self.gelar_depan} " if self.gelar_depan else ""
        belakang = f", {self.gelar_belakang}" if self.gelar_belakang else ""
        return f"{depan}{self.nama}{belakang}"

    @property
    def pangkat(self) -> str:
        return rules.pangkat(self.golongan)

    @property
    def bup(self) -> int:
        """Retirement age for the current position (PP 11/2017 Pasal 239)."""
        return rules.bup(
            self.jabatan.jenis if self.jabatan_id else "", self.jabatan.jenjang if self.jabatan_id else ""
        )

    @property
    def tmt_pensiun(self):
        """The date retirement takes effect (BUP reached, then the 1st of the next month)."""
        return rules.tmt_pensiun(self.tanggal_lahir, self.bup) if self.tanggal_lahir else None

    @property
    def nip_tampil(self) -> str:
        return rules.format_nip(self.nip)

    @property
    def nik_tersamar(self) -> str:
        return rules.mask_nik(self.nik)

    def clean(self):
        errors = {}
        try:
            info = rules.decode_nomor_induk(self.nip, self.status_kepegawaian)
        except rules.NipError as exc:
            errors["nip"] = str(exc)
        else:
            if self.tanggal_lahir and info.tanggal_lahir != self.tanggal_lahir:
                errors["tanggal_lahir"] = _("Tanggal lahir tidak sesuai dengan NIP (%(tgl)s).") % {
                    "tgl": info.tanggal_lahir.strftime("%d-%m-%Y")
                }
            if self.jenis_kelamin and info.jenis_kelamin != self.jenis_kelamin:
                errors["jenis_kelamin"] = _("Jenis kelamin tidak sesuai dengan digit ke-15 NIP.")
            if pesan := rules.cek_tmt_cpns(info, self.tmt_cpns):
                errors["tmt_cpns"] = pesan
        if self.nik:
            try:
                rules.validate_nik(self.nik)
            except rules.NipError as exc:
                errors["nik"] = str(exc)
        if self.golongan:
            pppk = self.golongan in rules.GOLONGAN_PPPK
            if pppk != (self.status_kepegawaian == StatusKepegawaian.PPPK):
                errors["golongan"] = _("PPPK memakai golongan I–XVII; PNS/CPNS memakai golongan I/a–IV/e.")
        if self.jabatan_id and self.jabatan.instansi_id != self.instansi_id:
            errors["jabatan"] = _("Jabatan harus dari instansi yang sama.")
        if errors:
            raise ValidationError(errors)

    @cached_property
    def atasan(self) -> Pegawai | None:
        """The direct superior today (derived, never typed): kepegawaian.atasan.atasan_of, the one rule."""
        from .atasan import atasan_of

        return atasan_of(self)


class RiwayatJabatan(models.Model):
    """One period in a position (history). Names are kept as written at the time, so a later restructuring
    never rewrites the past."""

    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.CASCADE, related_name="riwayat_jabatan", verbose_name=_("pegawai")
    )
    jabatan = models.ForeignKey(
        Jabatan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("jabatan")
    )
    nama_jabatan = models.CharField(_("nama jabatan"), max_length=200)
    nama_unit = models.CharField(_("unit kerja"), max_length=300, blank=True)
    jenis = models.CharField(
        _("jenis"), max_length=12, choices=JenisRiwayatJabatan.choices, default=JenisRiwayatJabatan.AWAL
    )
    tmt_mulai = models.DateField(_("TMT mulai"))
    tmt_selesai = models.DateField(_("TMT selesai"), null=True, blank=True)
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)
    tanggal_sk = models.DateField(_("tanggal SK"), null=True, blank=True)
    keterangan = models.TextField(_("keterangan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_instansi = "pegawai__instansi"
    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")
        ordering = ["-tmt_mulai", "-id"]

    def __str__(self):
        return f"{self.nama_jabatan} ({self.tmt_mulai})"


class RiwayatPangkat(models.Model):
    """One rank (golongan/ruang) held from a TMT (history)."""

    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.CASCADE, related_name="riwayat_pangkat", verbose_name=_("pegawai")
    )
    golongan = models.CharField(_("golongan/ruang"), max_length=6, choices=Golongan.choices)
    tmt = models.DateField(_("TMT golongan"))
    jenis = models.CharField(
        _("jenis kenaikan"),
        max_length=10,
        choices=JenisKenaikanPangkat.choices,
        default=JenisKenaikanPangkat.REGULER,
    )
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)
    tanggal_sk = models.DateField(_("tanggal SK"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()
    scope_instansi = "pegawai__instansi"
    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("riwayat pangkat")
        verbose_name_plural = _("riwayat pangkat")
        ordering = ["-tmt", "-id"]

    def __str__(self):
        return f"{self.golongan} ({self.tmt})"


class PortalUserManager(UserManager):
    pass


class User(AbstractUser):
    """A portal account. `role` sets what it may do; `instansi` which tenant it belongs to; `pegawai` links an
    ASN account to its own record (self-service, and pimpinan scope derived from the position)."""

    role = models.CharField(_("peran"), max_length=16, choices=Role.choices, default=Role.ASN)
    instansi = models.ForeignKey(
        Instansi,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("instansi"),
    )
    pegawai = models.OneToOneField(
        Pegawai,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
        verbose_name=_("pegawai"),
    )
    # Account life cycle (issue 15): HR creates the account without a password and e-mails a one-time
    # activation link; the person sets their own password. Deactivation follows the pegawai's status.
    aktivasi_dikirim_at = models.DateTimeField(_("tautan aktivasi dikirim"), null=True, blank=True)
    diaktifkan_at = models.DateTimeField(_("diaktifkan"), null=True, blank=True)
    dinonaktifkan_at = models.DateTimeField(_("dinonaktifkan"), null=True, blank=True)
    alasan_nonaktif = models.CharField(_("alasan dinonaktifkan"), max_length=200, blank=True)

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def save(self, *args, **kwargs):
        # set_password() leaves the raw value in _password until the save: a changed password (own change,
        # reset, activation, admin, changepassword) revokes every API token of the account.
        password_berubah = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_berubah:
            from asnportal import apitoken

            apitoken.token_cabut(user_ids=[self.pk])

    def clean(self):
        super().clean()
        if self.role != Role.SUPERADMIN and not self.is_superuser and not self.instansi_id:
            raise ValidationError({"instansi": _("Pengguna selain superadmin wajib memiliki instansi.")})
        if self.pegawai_id and self.instansi_id and self.pegawai.instansi_id != self.instansi_id:
            raise ValidationError({"pegawai": _("Pegawai harus dari instansi pengguna.")})


# --- ANJAB / ABK -------------------------------------------------------------------------------------------
class UraianTugas(models.Model):
    """One task in a jabatan's job description (analisis jabatan) with its workload (analisis beban kerja):
    yearly volume × time norm = beban kerja in minutes (PermenPANRB 1/2020; domain.md §4.3)."""

    jabatan = models.ForeignKey(
        Jabatan, on_delete=models.CASCADE, related_name="uraian_tugas", verbose_name=_("jabatan")
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    uraian = models.CharField(_("uraian tugas"), max_length=500)
    hasil_kerja = models.CharField(_("satuan hasil"), max_length=100, blank=True)
    volume = models.DecimalField(_("volume"), max_digits=12, decimal_places=2)
    periode = models.CharField(
        _("periode volume"), max_length=8, choices=PeriodeVolume.choices, default=PeriodeVolume.TAHUN
    )
    norma_waktu = models.PositiveIntegerField(_("norma waktu (menit)"))

    objects = ScopedManager()
    scope_instansi = "jabatan__instansi"

    class Meta:
        verbose_name = _("uraian tugas")
        verbose_name_plural = _("uraian tugas")
        ordering = ["jabatan", "urutan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(volume__gte=0),
                name="uraiantugas_volume_nonneg",
                violation_error_message=_("Volume kerja tidak boleh negatif."),
            ),
            models.CheckConstraint(
                condition=models.Q(norma_waktu__gt=0),
                name="uraiantugas_norma_positif",
                violation_error_message=_("Norma waktu harus lebih dari nol."),
            ),
        ]

    def __str__(self):
        return self.uraian

    @property
    def volume_tahunan(self):
        return rules.volume_tahunan(self.volume, self.periode)

    @property
    def beban_kerja(self):
        return rules.beban_kerja(self.volume_tahunan, self.norma_waktu)


# --- Penataan jabatan (restructuring) ----------------------------------------------------------------------
class RencanaPenataan(InstansiScopedModel):
    """A restructuring plan (penataan organisasi/penyetaraan jabatan): a named draft of changes to units,
    positions and placements, previewed and then applied on its effective date in one transaction.
    An applied plan is undone by a compensating plan (`membalik`), never by deleting history."""

    nama = models.CharField(_("nama rencana"), max_length=200)
    keterangan = models.TextField(_("keterangan / dasar hukum"), blank=True)
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)
    tanggal_efektif = models.DateField(_("tanggal efektif"))
    status = models.CharField(
        _("status"), max_length=12, choices=StatusPenataan.choices, default=StatusPenataan.DRAFT
    )
    membalik = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kompensasi",
        verbose_name=_("membalik rencana"),
    )
    dibuat_oleh = models.ForeignKey(
        "kepegawaian.User",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    diterapkan_oleh = models.ForeignKey(
        "kepegawaian.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diterapkan oleh"),
    )
    diterapkan_pada = models.DateTimeField(_("diterapkan pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("rencana penataan")
        verbose_name_plural = _("rencana penataan")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.nama


class PerubahanPenataan(models.Model):
    """One change in a restructuring plan. `kebalikan` is written when applied: the change that undoes it."""

    rencana = models.ForeignKey(
        RencanaPenataan, on_delete=models.CASCADE, related_name="perubahan", verbose_name=_("rencana")
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    jenis = models.CharField(_("jenis perubahan"), max_length=20, choices=JenisPerubahan.choices)
    unit = models.ForeignKey(
        UnitKerja, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    unit_tujuan = models.ForeignKey(
        UnitKerja,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit tujuan / induk baru"),
    )
    jabatan = models.ForeignKey(
        Jabatan, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("jabatan")
    )
    jabatan_tujuan = models.ForeignKey(
        Jabatan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("jabatan tujuan / atasan baru"),
    )
    pegawai = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("pegawai")
    )
    nama_baru = models.CharField(_("nama baru"), max_length=200, blank=True)
    jenis_jabatan_baru = models.CharField(
        _("jenis jabatan baru"), max_length=16, choices=JenisJabatan.choices, blank=True
    )
    jenjang_baru = models.CharField(_("jenjang baru"), max_length=16, choices=Jenjang.choices, blank=True)
    aktif_baru = models.BooleanField(_("aktif"), null=True, blank=True)
    kebalikan = models.JSONField(_("perubahan pembalik"), default=list, blank=True, editable=False)

    objects = ScopedManager()
    scope_instansi = "rencana__instansi"

    class Meta:
        verbose_name = _("perubahan penataan")
        verbose_name_plural = _("perubahan penataan")
        ordering = ["rencana", "urutan", "id"]

    def __str__(self):
        return f"{self.get_jenis_display()} #{self.urutan}"


# --- Mutasi / promosi / rotasi -------------------------------------------------------------------------------
class UsulanMutasi(InstansiScopedModel):
    """A proposal to move a pegawai to another position (mutasi, promosi, rotasi): proposed, approved by an
    HR officer, effective on its TMT, when the position and RiwayatJabatan are updated with the nomor SK."""

    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.PROTECT, related_name="usulan_mutasi", verbose_name=_("pegawai")
    )
    jenis = models.CharField(_("jenis"), max_length=10, choices=JenisMutasi.choices)
    jabatan_asal = models.ForeignKey(
        Jabatan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("jabatan asal"),
    )
    jabatan_tujuan = models.ForeignKey(
        Jabatan, on_delete=models.PROTECT, related_name="+", verbose_name=_("jabatan tujuan")
    )
    tmt = models.DateField(_("TMT"))
    alasan = models.TextField(_("alasan / pertimbangan"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StatusMutasi.choices, default=StatusMutasi.DIAJUKAN, db_index=True
    )
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)
    tanggal_sk = models.DateField(_("tanggal SK"), null=True, blank=True)
    catatan_keputusan = models.TextField(_("catatan keputusan"), blank=True)
    diajukan_oleh = models.ForeignKey(
        "kepegawaian.User",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    diputuskan_oleh = models.ForeignKey(
        "kepegawaian.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    diputuskan_pada = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    riwayat = models.OneToOneField(
        RiwayatJabatan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="usulan_mutasi",
        verbose_name=_("riwayat jabatan"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("usulan mutasi")
        verbose_name_plural = _("usulan mutasi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="berlaku") | ~models.Q(nomor_sk=""),
                name="usulanmutasi_berlaku_ada_sk",
                violation_error_message=_("Usulan mutasi yang sudah berlaku wajib mencantumkan nomor SK."),
            )
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.pegawai}"


# --- Personnel file and self-service ---------------------------------------------------------------------
class DokumenPegawai(models.Model):
    """A document in a pegawai's personnel file (SK, ijazah, sertifikat), served only through a
    permission-checked view."""

    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.CASCADE, related_name="dokumen", verbose_name=_("pegawai")
    )
    jenis = models.CharField(_("jenis dokumen"), max_length=12, choices=JenisDokumen.choices)
    nomor = models.CharField(_("nomor"), max_length=100, blank=True)
    tanggal = models.DateField(_("tanggal"), null=True, blank=True)
    keterangan = models.CharField(_("keterangan"), max_length=255, blank=True)
    berkas = models.FileField(_("berkas"), upload_to="kepegawaian/dokumen/%Y/%m/")
    diunggah_oleh = models.ForeignKey(
        "kepegawaian.User",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    objects = ScopedManager()
    scope_instansi = "pegawai__instansi"
    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("dokumen pegawai")
        verbose_name_plural = _("dokumen pegawai")
        ordering = ["-tanggal", "-id"]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.nomor}".strip()


class UsulanPerubahanData(models.Model):
    """A correction or addition an ASN proposes to their own record, with a supporting document; only an HR
    officer's verification lets it reach the record."""

    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.CASCADE, related_name="usulan_data", verbose_name=_("pegawai")
    )
    jenis = models.CharField(_("jenis usulan"), max_length=12, choices=JenisUsulanData.choices)
    data = models.JSONField(_("data yang diusulkan"), default=dict)
    keterangan = models.TextField(_("keterangan"), blank=True)
    dokumen = models.FileField(_("dokumen pendukung"), upload_to="kepegawaian/usulan/%Y/%m/", blank=True)
    jenis_dokumen = models.CharField(
        _("jenis dokumen"), max_length=12, choices=JenisDokumen.choices, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=StatusUsulanData.choices,
        default=StatusUsulanData.DIAJUKAN,
        db_index=True,
    )
    alasan_tolak = models.TextField(_("alasan penolakan"), blank=True)
    diajukan_oleh = models.ForeignKey(
        "kepegawaian.User",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    diverifikasi_oleh = models.ForeignKey(
        "kepegawaian.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    diverifikasi_pada = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)

    objects = ScopedManager()
    scope_instansi = "pegawai__instansi"
    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("usulan perubahan data")
        verbose_name_plural = _("usulan perubahan data")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_jenis_display()} – {self.pegawai}"


# --- SIASN reconciliation -----------------------------------------------------------------------------------
class RekonsiliasiSIASN(InstansiScopedModel):
    """One comparison of the portal's data with an extract exported from SIASN (BKN's national database)."""

    nama_berkas = models.CharField(_("nama berkas"), max_length=255)
    jumlah_baris = models.PositiveIntegerField(_("jumlah baris"), default=0)
    dibuat_oleh = models.ForeignKey(
        "kepegawaian.User",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diimpor oleh"),
    )
    created_at = models.DateTimeField(_("diimpor pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("rekonsiliasi SIASN")
        verbose_name_plural = _("rekonsiliasi SIASN")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.nama_berkas} ({self.created_at:%d-%m-%Y})" if self.created_at else self.nama_berkas


class SelisihSIASN(models.Model):
    """One difference between the portal and the SIASN extract (a field, or a pegawai on one side only), with
    HR's recorded decision."""

    rekonsiliasi = models.ForeignKey(
        RekonsiliasiSIASN, on_delete=models.CASCADE, related_name="selisih", verbose_name=_("rekonsiliasi")
    )
    pegawai = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("pegawai")
    )
    nip = models.CharField(_("NIP"), max_length=18)
    nama = models.CharField(_("nama"), max_length=150, blank=True)
    jenis = models.CharField(_("jenis selisih"), max_length=12, choices=JenisSelisih.choices)
    kolom = models.CharField(_("kolom"), max_length=20, blank=True)
    nilai_portal = models.CharField(_("nilai portal"), max_length=300, blank=True)
    nilai_siasn = models.CharField(_("nilai SIASN"), max_length=300, blank=True)
    keputusan = models.CharField(
        _("keputusan"), max_length=12, choices=KeputusanSelisih.choices, default=KeputusanSelisih.BELUM
    )
    catatan = models.CharField(_("catatan"), max_length=255, blank=True)
    diputuskan_oleh = models.ForeignKey(
        "kepegawaian.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    diputuskan_pada = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)

    objects = ScopedManager()
    scope_instansi = "rekonsiliasi__instansi"
    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("selisih SIASN")
        verbose_name_plural = _("selisih SIASN")
        ordering = ["rekonsiliasi", "nip", "kolom"]

    def __str__(self):
        return f"{self.nip} {self.kolom or self.get_jenis_display()}"


# --- Accounts for the workforce (issue 15) ---------------------------------------------------------------------
@register_job("kepegawaian.akun_buat_massal_task")
class PembuatanAkun(InstansiScopedModel, JobModel):
    """A bulk creation of portal accounts by HR (a background job): for a selection of pegawai, a unit subtree
    or every active pegawai without an account. Each new account gets a one-time activation link by e-mail."""

    dibuat_oleh = models.ForeignKey(
        "kepegawaian.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("diminta oleh"),
    )
    cakupan = models.CharField(_("cakupan"), max_length=8, choices=CakupanAkun.choices)
    unit_kerja = models.ForeignKey(
        UnitKerja,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit kerja"),
    )
    pegawai_ids = models.JSONField(_("pegawai yang dipilih"), default=list, blank=True)
    jumlah_target = models.PositiveIntegerField(_("jumlah sasaran"), default=0)
    jumlah_dibuat = models.PositiveIntegerField(_("akun dibuat"), default=0)
    jumlah_email = models.PositiveIntegerField(_("tautan aktivasi dikirim"), default=0)
    jumlah_tanpa_email = models.PositiveIntegerField(_("tanpa e-mail"), default=0)
    jumlah_dilewati = models.PositiveIntegerField(_("dilewati"), default=0)
    catatan = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("pembuatan akun massal")
        verbose_name_plural = _("pembuatan akun massal")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        from django.utils import timezone

        waktu = f" ({timezone.localtime(self.created_at):%d-%m-%Y %H:%M})" if self.created_at else ""
        return f"{self.get_cakupan_display()}{waktu}"


class ImporDataQuerySet(ScopedQuerySet):
    def for_user(self, user):
        """Import runs (files full of NIPs) are for the HR officers of the instansi and superadmins only."""
        from asnportal import scoping

        if user is None or not scoping.can_manage(user):
            return self.none()
        return super().for_user(user)


@jobs.register_job("kepegawaian.impor_jalankan_task")
class ImporData(InstansiScopedModel, jobs.JobModel):
    """One uploaded pegawai or jabatan file (CSV/XLSX), checked ("uji coba") or saved by a worker in the
    background with a progress bar. The file is kept, so saving after a clean check needs no second upload:
    the save run points at the check run it came from (`asal`, unique: one save per check)."""

    class Jenis(models.TextChoices):
        PEGAWAI = "pegawai", _("Pegawai")
        JABATAN = "jabatan", _("Jabatan")

    jenis = models.CharField(_("data"), max_length=10, choices=Jenis.choices)
    simpan = models.BooleanField(_("simpan"), default=False, help_text=_("Tidak: uji coba saja."))
    berkas = models.FileField(_("berkas"), upload_to="impor/%Y/%m/", max_length=255)
    nama_berkas = models.CharField(_("nama berkas"), max_length=255)
    diminta_oleh = models.ForeignKey(
        "kepegawaian.User", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("oleh")
    )
    asal = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uji coba asal"),
    )
    total = models.PositiveIntegerField(_("jumlah baris"), default=0)
    dibuat = models.PositiveIntegerField(_("baru"), default=0)
    diperbarui = models.PositiveIntegerField(_("diperbarui"), default=0)
    sama = models.PositiveIntegerField(_("tidak berubah"), default=0)
    jumlah_galat = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    galat = models.JSONField(_("kesalahan"), default=list, blank=True, help_text=_("[baris, kolom, pesan]"))

    objects = ScopedManager.from_queryset(ImporDataQuerySet)()

    class Meta:
        verbose_name = _("impor data")
        verbose_name_plural = _("impor data")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["asal"],
                condition=models.Q(asal__isnull=False),
                name="impor_satu_simpan",
                violation_error_message=_(
                    "Hasil uji coba ini sudah disimpan; unggah berkas baru untuk impor berikutnya."
                ),
            )
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} · {self.nama_berkas}"

    @property
    def ok(self) -> bool:
        return self.status == jobs.JobStatus.SUCCESS and not self.jumlah_galat


class PenugasanPlt(InstansiScopedModel):
    """An SK that makes a pegawai act in a position (Plt./Plh.) from one date to another. During that window
    the acting pegawai has the position's approval powers and sees its team (kepegawaian.atasan); outside
    it, nothing. Rows are never deleted to end a window early: HR sets `tanggal_selesai` (audited)."""

    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.CASCADE, related_name="penugasan_plt", verbose_name=_("pelaksana")
    )
    jabatan = models.ForeignKey(
        Jabatan,
        on_delete=models.CASCADE,
        related_name="penugasan_plt",
        verbose_name=_("jabatan yang dilaksanakan"),
    )
    jenis = models.CharField(
        _("jenis"), max_length=3, choices=JenisPenugasan.choices, default=JenisPenugasan.PLT
    )
    tanggal_mulai = models.DateField(_("berlaku mulai"))
    tanggal_selesai = models.DateField(_("berlaku sampai"))
    nomor_sk = models.CharField(_("nomor SK"), max_length=100)
    tanggal_sk = models.DateField(_("tanggal SK"), null=True, blank=True)
    keterangan = models.CharField(_("keterangan"), max_length=255, blank=True)
    dibuat_oleh = models.ForeignKey(
        "kepegawaian.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    scope_pegawai = "pegawai"

    class Meta:
        verbose_name = _("penugasan Plt./Plh.")
        verbose_name_plural = _("penugasan Plt./Plh.")
        ordering = ["-tanggal_mulai", "-id"]
        indexes = [
            models.Index(fields=["jabatan", "tanggal_mulai", "tanggal_selesai"]),
            models.Index(fields=["pegawai", "tanggal_mulai", "tanggal_selesai"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tanggal_selesai__gte=models.F("tanggal_mulai")),
                name="penugasan_plt_selesai_setelah_mulai",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            )
        ]

    def __str__(self):
        return f"{self.singkatan} {self.jabatan} — {self.pegawai} ({self.tanggal_mulai:%d-%m-%Y} s.d. {self.tanggal_selesai:%d-%m-%Y})"

    @property
    def singkatan(self) -> str:
        """'Plt.' or 'Plh.': what precedes the position name on a signature."""
        return "Plh." if self.jenis == JenisPenugasan.PLH else "Plt."

    def berlaku_pada(self, tanggal) -> bool:
        return self.tanggal_mulai <= tanggal <= self.tanggal_selesai
