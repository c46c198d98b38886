from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rules


class JenisSeleksi(models.TextChoices):
    CPNS = "CPNS", _("Seleksi CPNS")
    PPPK = "PPPK", _("Seleksi PPPK")


class JenisFormasi(models.TextChoices):
    UMUM = rules.JenisFormasi.UMUM, _("Umum")
    CUMLAUDE = rules.JenisFormasi.CUMLAUDE, _("Lulusan cumlaude")
    DIASPORA = rules.JenisFormasi.DIASPORA, _("Diaspora")
    DISABILITAS = rules.JenisFormasi.DISABILITAS, _("Penyandang disabilitas")
    PAPUA = rules.JenisFormasi.PAPUA, _("Putra/putri Papua")
    TERTINGGAL = rules.JenisFormasi.TERTINGGAL, _("Putra/putri daerah tertinggal")
    DOKTER = rules.JenisFormasi.DOKTER, _("Dokter / dokter spesialis / dokter gigi")
    AWAK_KAPAL = rules.JenisFormasi.AWAK_KAPAL, _("Awak kapal / rescuer / pengamat gunung api")


class StatusFormasi(models.TextChoices):
    USULAN = "usulan", _("Diusulkan")
    DISETUJUI = "disetujui", _("Disetujui")
    DITOLAK = "ditolak", _("Ditolak")


class JenisKomponen(models.TextChoices):
    CAT = "cat", _("CAT SKB")
    WAWANCARA = "wawancara", _("Wawancara")
    PRAKTIK = "praktik", _("Praktik kerja")
    PSIKOTES = "psikotes", _("Psikotes")
    KESAMAPTAAN = "kesamaptaan", _("Kesamaptaan")
    LAINNYA = "lainnya", _("Lainnya")


class StatusLamaran(models.TextChoices):
    DRAFT = "draft", _("Draf")
    DIKIRIM = "dikirim", _("Dikirim")


class StatusAdministrasi(models.TextChoices):
    BELUM = "belum", _("Belum diverifikasi")
    MS = "MS", _("Memenuhi syarat")
    TMS = "TMS", _("Tidak memenuhi syarat")


class HasilVerifikasi(models.TextChoices):
    MS = "MS", _("Memenuhi syarat")
    TMS = "TMS", _("Tidak memenuhi syarat")


class Hasil(models.TextChoices):
    BELUM = rules.Hasil.BELUM, _("Belum ada hasil")
    TMS = rules.Hasil.TMS, _("Tidak memenuhi syarat administrasi")
    TL_SKD = rules.Hasil.TL_SKD, _("Tidak lulus SKD")
    TIDAK_MASUK_SKB = rules.Hasil.TIDAK_MASUK_SKB, _("Tidak masuk peringkat SKB")
    LULUS = rules.Hasil.LULUS, _("Lulus")
    CADANGAN = rules.Hasil.CADANGAN, _("Cadangan (tidak mengisi formasi)")


class TahapSanggah(models.TextChoices):
    ADMINISTRASI = "administrasi", _("Hasil seleksi administrasi")
    HASIL = "hasil", _("Hasil akhir (SKD/SKB/integrasi)")


class StatusSanggah(models.TextChoices):
    DIAJUKAN = "diajukan", _("Diajukan")
    DITERIMA = "diterima", _("Diterima")
    DITOLAK = "ditolak", _("Ditolak")


class TahapPublikasi(models.TextChoices):
    ADMINISTRASI = "administrasi", _("Hasil seleksi administrasi")
    SKD = "skd", _("Hasil SKD dan peserta SKB")
    AKHIR = "akhir", _("Hasil akhir integrasi SKD dan SKB")


class JenisImpor(models.TextChoices):
    SKD = "skd", _("Nilai SKD (TWK, TIU, TKP)")
    SKB = "skb", _("Nilai CAT SKB")


class SumberPerubahan(models.TextChoices):
    PENDAFTARAN = "pendaftaran", _("Pendaftaran")
    VERIFIKASI = "verifikasi", _("Verifikasi administrasi")
    IMPOR = "impor", _("Impor nilai")
    PANEL = "panel", _("Penilaian panel")
    PERINGKAT = "peringkat", _("Perhitungan peringkat")
    SANGGAH = "sanggah", _("Keputusan sanggah")
    KOREKSI = "koreksi", _("Koreksi")


# Score fields an accepted sanggah may correct.
KOREKSI_FIELDS = {"twk": "TWK", "tiu": "TIU", "tkp": "TKP", "skb_cat": "CAT SKB"}
