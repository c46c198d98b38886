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
    PINDAH = "pindah", _("Mutasi keluar instansi")


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


class PeriodeVolume(models.TextChoices):
    TAHUN = "tahun", _("per tahun")
    BULAN = "bulan", _("per bulan")
    MINGGU = "minggu", _("per minggu")
    HARI = "hari", _("per hari")


class StatusPenataan(models.TextChoices):
    DRAFT = "draft", _("Draf")
    TERJADWAL = "terjadwal", _("Terjadwal")
    DITERAPKAN = "diterapkan", _("Diterapkan")
    DIBATALKAN = "dibatalkan", _("Dibatalkan")


class JenisPerubahan(models.TextChoices):
    UBAH_NAMA_UNIT = "ubah_nama_unit", _("Ubah nama unit")
    PINDAH_UNIT = "pindah_unit", _("Pindahkan unit (ubah unit induk)")
    BUAT_UNIT = "buat_unit", _("Bentuk unit baru (pemecahan)")
    GABUNG_UNIT = "gabung_unit", _("Gabungkan unit ke unit lain")
    STATUS_UNIT = "status_unit", _("Aktifkan/nonaktifkan unit")
    SETARAKAN_JABATAN = "setarakan_jabatan", _("Penyetaraan/ubah jenis jabatan")
    PINDAH_JABATAN = "pindah_jabatan", _("Pindahkan jabatan ke unit lain")
    PINDAH_PEGAWAI = "pindah_pegawai", _("Tempatkan pegawai pada jabatan lain")


class JenisMutasi(models.TextChoices):
    MUTASI = "mutasi", _("Mutasi")
    PROMOSI = "promosi", _("Promosi")
    ROTASI = "rotasi", _("Rotasi")


class StatusMutasi(models.TextChoices):
    DIAJUKAN = "diajukan", _("Diajukan")
    DISETUJUI = "disetujui", _("Disetujui")
    DITOLAK = "ditolak", _("Ditolak")
    BERLAKU = "berlaku", _("Berlaku")


class JenisDokumen(models.TextChoices):
    SK_CPNS = "sk_cpns", _("SK CPNS")
    SK_PNS = "sk_pns", _("SK PNS")
    SK_PPPK = "sk_pppk", _("Perjanjian kerja / SK PPPK")
    SK_PANGKAT = "sk_pangkat", _("SK kenaikan pangkat")
    SK_JABATAN = "sk_jabatan", _("SK jabatan")
    SK_KGB = "sk_kgb", _("SK kenaikan gaji berkala")
    IJAZAH = "ijazah", _("Ijazah")
    TRANSKRIP = "transkrip", _("Transkrip nilai")
    SERTIFIKAT = "sertifikat", _("Sertifikat")
    KARTU_KELUARGA = "kk", _("Kartu keluarga")
    LAINNYA = "lainnya", _("Lainnya")


class JenisUsulanData(models.TextChoices):
    DATA_PRIBADI = "data_pribadi", _("Data pribadi / alamat")
    PENDIDIKAN = "pendidikan", _("Pendidikan")
    DOKUMEN = "dokumen", _("Dokumen / sertifikat baru")


class StatusUsulanData(models.TextChoices):
    DIAJUKAN = "diajukan", _("Menunggu verifikasi")
    DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
    DITOLAK = "ditolak", _("Ditolak")


class JenisSelisih(models.TextChoices):
    BEDA = "beda", _("Berbeda")
    HANYA_PORTAL = "hanya_portal", _("Hanya di portal")
    HANYA_SIASN = "hanya_siasn", _("Hanya di SIASN")


class KeputusanSelisih(models.TextChoices):
    BELUM = "belum", _("Belum diputuskan")
    AMBIL_SIASN = "ambil_siasn", _("Ambil data SIASN")
    PERTAHANKAN = "pertahankan", _("Pertahankan data portal")


class CakupanAkun(models.TextChoices):
    """Which pegawai a bulk account creation covers (always: active pegawai without an account)."""

    PILIHAN = "pilihan", _("Pegawai yang dipilih")
    UNIT = "unit", _("Satu unit kerja beserta bawahannya")
    SEMUA = "semua", _("Semua pegawai aktif tanpa akun")


class StatusAkun(models.TextChoices):
    """The state of a pegawai's portal account, as HR sees it."""

    TANPA_AKUN = "tanpa_akun", _("Belum punya akun")
    MENUNGGU = "menunggu", _("Menunggu aktivasi")
    AKTIF = "aktif", _("Aktif")
    NONAKTIF = "nonaktif", _("Nonaktif")


class JenisPenugasan(models.TextChoices):
    """Acting in a position (BKN SE 1/2021): Plt when the position is vacant (pelaksana tugas), Plh when its
    holder is temporarily away, e.g. on leave (pelaksana harian)."""

    PLT = "plt", _("Plt. (Pelaksana Tugas)")
    PLH = "plh", _("Plh. (Pelaksana Harian)")
