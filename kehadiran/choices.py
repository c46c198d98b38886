"""Choices of the kehadiran domain (attendance, leave, discipline)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StatusHarian(models.TextChoices):
    HADIR = "hadir", _("Hadir")
    TERLAMBAT = "terlambat", _("Terlambat")
    PULANG_CEPAT = "pulang_cepat", _("Pulang cepat")
    TIDAK_HADIR = "tidak_hadir", _("Tidak hadir (tanpa keterangan)")
    CUTI = "cuti", _("Cuti")
    DINAS_LUAR = "dinas_luar", _("Dinas luar")
    LIBUR = "libur", _("Libur")
    BELUM = "belum", _("Belum presensi")


# Statuses in which the pegawai was at work (or on official duty elsewhere).
STATUS_HADIR = (
    StatusHarian.HADIR,
    StatusHarian.TERLAMBAT,
    StatusHarian.PULANG_CEPAT,
    StatusHarian.DINAS_LUAR,
)


class JenisPresensi(models.TextChoices):
    MASUK = "masuk", pgettext_lazy("presensi", "Masuk")
    PULANG = "pulang", pgettext_lazy("presensi", "Pulang")
    SCAN = "scan", _("Pindai (mesin)")


class SumberPresensi(models.TextChoices):
    WEB = "web", _("Web (ponsel)")
    MESIN = "mesin", _("Mesin sidik jari")
    KOREKSI = "koreksi", _("Koreksi disetujui")


class JenisLibur(models.TextChoices):
    NASIONAL = "nasional", _("Libur nasional")
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    DAERAH = "daerah", _("Libur daerah")


class ModeLokasi(models.TextChoices):
    BEBAS = "bebas", _("Tanpa pemeriksaan lokasi")
    LOKASI = "lokasi", _("Wajib di radius kantor (GPS)")
    JARINGAN = "jaringan", _("Wajib dari jaringan kantor")
    LOKASI_ATAU_JARINGAN = "lokasi_atau_jaringan", _("Radius kantor atau jaringan kantor")


class JenisKoreksi(models.TextChoices):
    LUPA_MASUK = "lupa_masuk", _("Lupa presensi masuk")
    LUPA_PULANG = "lupa_pulang", _("Lupa presensi pulang")
    LUPA_KEDUANYA = "lupa_keduanya", _("Lupa presensi masuk dan pulang")
    DINAS_LUAR = "dinas_luar", _("Dinas luar / perjalanan dinas")


class StatusPengajuan(models.TextChoices):
    DIAJUKAN = "diajukan", _("Diajukan")
    DISETUJUI_ATASAN = "disetujui_atasan", _("Disetujui atasan, menunggu SDM")
    DISETUJUI = "disetujui", _("Disetujui")
    DITOLAK = "ditolak", _("Ditolak")
    DIBATALKAN = "dibatalkan", _("Dibatalkan")


class KodeCuti(models.TextChoices):
    """Jenis cuti of PP 11/2017 Pasal 310 (PNS) and PP 49/2018 (PPPK)."""

    TAHUNAN = "tahunan", _("Cuti tahunan")
    BESAR = "besar", _("Cuti besar")
    SAKIT = "sakit", _("Cuti sakit")
    MELAHIRKAN = "melahirkan", _("Cuti melahirkan")
    ALASAN_PENTING = "alasan_penting", _("Cuti karena alasan penting")
    CLTN = "cltn", _("Cuti di luar tanggungan negara")
