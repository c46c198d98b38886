"""Choices of the pelatihan domain (competency development, PP 11/2017 Pasal 203; domain.md §5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Bidang(models.TextChoices):
    MANAJEMEN = "manajemen", _("Manajemen")
    PELAYANAN_PUBLIK = "pelayanan_publik", _("Pelayanan publik")
    KOMUNIKASI = "komunikasi", _("Komunikasi")
    DIGITAL = "digital", _("Teknologi informasi / digital")
    TEKNIS = "teknis", _("Teknis")


class Bentuk(models.TextChoices):
    """Forms of development under Peraturan LAN 10/2018 (domain.md §5)."""

    KLASIKAL = "klasikal", _("Klasikal")
    NONKLASIKAL = "nonklasikal", _("Non-klasikal")


class JenisKompetensi(models.TextChoices):
    MANAJERIAL = "manajerial", _("Manajerial")
    SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")
    TEKNIS = "teknis", _("Teknis")


class StatusSesi(models.TextChoices):
    DRAF = "draf", _("Draf")
    DIBUKA = "dibuka", _("Pendaftaran dibuka")
    DITUTUP = "ditutup", _("Pendaftaran ditutup")
    SELESAI = "selesai", _("Selesai")
    BATAL = "batal", _("Dibatalkan")


class StatusPeserta(models.TextChoices):
    MENUNGGU = "menunggu", _("Menunggu persetujuan atasan")
    TERDAFTAR = "terdaftar", _("Terdaftar")
    DAFTAR_TUNGGU = "daftar_tunggu", _("Daftar tunggu")
    DITOLAK = "ditolak", _("Ditolak")
    BATAL = "batal", _("Dibatalkan")
    SELESAI = "selesai", _("Selesai")


# Statuses that hold a seat of the session (counted in Sesi.terisi).
STATUS_KURSI = (StatusPeserta.TERDAFTAR, StatusPeserta.SELESAI)
# Statuses of a live enrolment: one per pegawai per session (database unique constraint).
STATUS_AKTIF = (
    StatusPeserta.MENUNGGU,
    StatusPeserta.TERDAFTAR,
    StatusPeserta.DAFTAR_TUNGGU,
    StatusPeserta.SELESAI,
)


class SumberPendaftaran(models.TextChoices):
    MANDIRI = "mandiri", _("Diajukan sendiri")
    NOMINASI_SDM = "nominasi_sdm", _("Dinominasikan petugas SDM")
    NOMINASI_ATASAN = "nominasi_atasan", _("Dinominasikan atasan")


class Hasil(models.TextChoices):
    LULUS = "lulus", _("Lulus")
    TIDAK_LULUS = "tidak_lulus", _("Tidak lulus")


class StatusKehadiran(models.TextChoices):
    HADIR = "hadir", _("Hadir")
    IZIN = "izin", _("Izin")
    SAKIT = "sakit", _("Sakit")
    ALPA = "alpa", _("Tanpa keterangan")


class StatusVerifikasi(models.TextChoices):
    DIAJUKAN = "diajukan", _("Menunggu verifikasi")
    DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
    DITOLAK = "ditolak", _("Ditolak")


class SumberJP(models.TextChoices):
    PORTAL = "portal", _("Pelatihan di portal")
    EKSTERNAL = "eksternal", _("Pelatihan eksternal")


class SumberRekomendasi(models.TextChoices):
    KINERJA = "kinerja", _("Hasil kinerja")
    KOMPETENSI = "kompetensi", _("Kompetensi jabatan")
    JP = "jp", _("Kekurangan JP")


class StatusRekomendasi(models.TextChoices):
    USULAN = "usulan", _("Usulan")
    DIRENCANAKAN = "direncanakan", _("Masuk rencana")
    DIABAIKAN = "diabaikan", _("Diabaikan")
