from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rules


class JenisInstansi(models.TextChoices):
    PROVINSI = "provinsi", _("Pemerintah Provinsi")
    KABUPATEN = "kabupaten", _("Pemerintah Kabupaten")
    KOTA = "kota", _("Pemerintah Kota")


class JenisUnit(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    BADAN = "badan", _("Badan")
    DINAS = "dinas", _("Dinas")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    KECAMATAN = "kecamatan", _("Kecamatan")
    BIRO = "biro", _("Biro/Bagian")
    BIDANG = "bidang", _("Bidang")
    SEKSI = "seksi", _("Seksi/Subbagian")
    UPT = "upt", _("UPT/UPTD")
    LAINNYA = "lainnya", _("Lainnya")


class JenisJabatan(models.TextChoices):
    JPT = "JPT", _("Jabatan Pimpinan Tinggi")
    ADMINISTRATOR = "ADMINISTRATOR", _("Administrator")
    PENGAWAS = "PENGAWAS", _("Pengawas")
    PELAKSANA = "PELAKSANA", _("Pelaksana")
    FUNGSIONAL = "FUNGSIONAL", _("Fungsional")


class Jenjang(models.TextChoices):
    NONE = "", _("—")
    JPT_UTAMA = "JPT_UTAMA", _("JPT Utama")
    JPT_MADYA = "JPT_MADYA", _("JPT Madya")
    JPT_PRATAMA = "JPT_PRATAMA", _("JPT Pratama")
    AHLI_PERTAMA = "AHLI_PERTAMA", _("Ahli Pertama")
    AHLI_MUDA = "AHLI_MUDA", _("Ahli Muda")
    AHLI_MADYA = "AHLI_MADYA", _("Ahli Madya")
    AHLI_UTAMA = "AHLI_UTAMA", _("Ahli Utama")
    PEMULA = "PEMULA", _("Pemula")
    TERAMPIL = "TERAMPIL", _("Terampil")
    MAHIR = "MAHIR", _("Mahir")
    PENYELIA = "PENYELIA", _("Penyelia")


class StatusKepegawaian(models.TextChoices):
    CPNS = "CPNS", _("CPNS")
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")


class StatusAktif(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    PENSIUN = "pensiun", _("Pensiun")
    BERHENTI = "berhenti", _("Berhenti")
    MENINGGAL = "meninggal", _("Meninggal")


class JenisKelamin(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class Pendidikan(models.TextChoices):
    SD = "SD", "SD"
    SMP = "SMP", "SMP"
    SMA = "SMA", "SMA/SMK"
    D1 = "D1", "D1"
    D2 = "D2", "D2"
    D3 = "D3", "D3"
    D4 = "D4", "D4"
    S1 = "S1", "S1"
    S2 = "S2", "S2"
    S3 = "S3", "S3"


Golongan = models.TextChoices(
    "Golongan",
    [(g.replace("/", "_"), (g, f"{g} – {rules.PANGKAT[g]}")) for g in rules.GOLONGAN_PNS]
    + [(f"PPPK_{g}", (g, f"PPPK {g}")) for g in rules.GOLONGAN_PPPK],
)


class Role(models.TextChoices):
    SUPERADMIN = "superadmin", _("Superadmin")
    ADMIN_INSTANSI = "admin_instansi", _("Admin Instansi / Petugas SDM")
    AUDITOR = "auditor", _("Auditor")
    ASN = "asn", _("ASN")


class JenisRiwayatJabatan(models.TextChoices):
    AWAL = "awal", _("Pengangkatan awal")
    MUTASI = "mutasi", _("Mutasi")
    PROMOSI = "promosi", _("Promosi")
    ROTASI = "rotasi", _("Rotasi")
    PENYETARAAN = "penyetaraan", _("Penyetaraan jabatan")
    PENATAAN = "penataan", _("Penataan organisasi")
    KOREKSI = "koreksi", _("Koreksi data")


class JenisKenaikanPangkat(models.TextChoices):
    AWAL = "awal", _("Pengangkatan")
    REGULER = "reguler", _("Reguler")
    PILIHAN = "pilihan", _("Pilihan")
    KOREKSI = "koreksi", _("Koreksi data")
