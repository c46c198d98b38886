from django.db import models
from django.utils.translation import gettext_lazy as _


class JenisLayanan(models.TextChoices):
    KP = "kp", _("Kenaikan pangkat")
    KGB = "kgb", _("Kenaikan gaji berkala")
    PENSIUN = "pensiun", _("Pensiun")


class SubJenis(models.TextChoices):
    """Kinds of KP (domain.md §9.2) and pensiun; KGB has one kind."""

    REGULER = "reguler", _("Reguler")
    PILIHAN_STRUKTURAL = "pilihan_struktural", _("Pilihan (jabatan struktural)")
    PILIHAN_JF = "pilihan_jf", _("Pilihan (jabatan fungsional)")
    PENYESUAIAN_IJAZAH = "penyesuaian_ijazah", _("Penyesuaian ijazah")
    KGB = "kgb", _("Berkala")
    BUP = "bup", _("Batas usia pensiun")


class StatusUsul(models.TextChoices):
    BERKAS = "berkas", _("Melengkapi berkas")
    DIAJUKAN = "diajukan", _("Diajukan, diverifikasi SDM")
    PERBAIKAN = "perbaikan", _("Berkas dikembalikan")
    TERVERIFIKASI = "terverifikasi", _("Terverifikasi, menunggu pejabat")
    DISETUJUI = "disetujui", _("Disetujui pejabat")
    SK_TERBIT = "sk_terbit", _("SK terbit")
    SELESAI = "selesai", _("Selesai (berlaku pada TMT)")
    DITOLAK = "ditolak", _("Ditolak")
    DIBATALKAN = "dibatalkan", _("Dibatalkan")


STATUS_TERBUKA = [
    StatusUsul.BERKAS,
    StatusUsul.DIAJUKAN,
    StatusUsul.PERBAIKAN,
    StatusUsul.TERVERIFIKASI,
    StatusUsul.DISETUJUI,
    StatusUsul.SK_TERBIT,
]


class StatusBerkas(models.TextChoices):
    BELUM = "belum", _("Belum diunggah")
    DIUNGGAH = "diunggah", _("Diunggah, menunggu verifikasi")
    DITERIMA = "diterima", _("Diterima")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")


class AksiMassal(models.TextChoices):
    VERIFIKASI = "verifikasi", _("Terima semua berkas yang diunggah")
    SETUJUI = "setujui", _("Setujui usul terverifikasi")
    TERBITKAN_SK = "terbitkan_sk", _("Terbitkan SK usul yang disetujui")
    SURAT_CUTI = "surat_cuti", _("Terbitkan surat izin cuti")
