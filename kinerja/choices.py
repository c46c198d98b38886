"""Choices of the kinerja domain (PermenPANRB 6/2022; domain.md §1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusSKP(models.TextChoices):
    DRAFT = "draft", _("Draf")
    DIAJUKAN = "diajukan", _("Diajukan")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")
    DISETUJUI = "disetujui", _("Disetujui (terkunci)")


class PeriodeEvaluasi(models.TextChoices):
    BULANAN = "bulanan", _("Bulanan")
    TRIWULANAN = "triwulanan", _("Triwulanan")


class JenisRHK(models.TextChoices):
    UTAMA = "utama", _("Utama")
    TAMBAHAN = "tambahan", _("Tambahan")


class Aspek(models.TextChoices):
    KUANTITAS = "kuantitas", _("Kuantitas")
    KUALITAS = "kualitas", _("Kualitas")
    WAKTU = "waktu", _("Waktu")
    BIAYA = "biaya", _("Biaya")


class Pendekatan(models.TextChoices):
    KUANTITATIF = "kuantitatif", _("Kuantitatif")
    KUALITATIF = "kualitatif", _("Kualitatif")


class Rating(models.TextChoices):
    DI_ATAS = "di_atas", _("Di Atas Ekspektasi")
    SESUAI = "sesuai", _("Sesuai Ekspektasi")
    DI_BAWAH = "di_bawah", _("Di Bawah Ekspektasi")


class Predikat(models.TextChoices):
    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class PredikatOrganisasi(models.TextChoices):
    ISTIMEWA = "istimewa", _("Istimewa")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan (Cukup)")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class NilaiBerakhlak(models.TextChoices):
    BERORIENTASI_PELAYANAN = "pelayanan", _("Berorientasi Pelayanan")
    AKUNTABEL = "akuntabel", _("Akuntabel")
    KOMPETEN = "kompeten", _("Kompeten")
    HARMONIS = "harmonis", _("Harmonis")
    LOYAL = "loyal", _("Loyal")
    ADAPTIF = "adaptif", _("Adaptif")
    KOLABORATIF = "kolaboratif", _("Kolaboratif")


class StatusEvaluasi(models.TextChoices):
    DRAF = "draf", _("Draf penilai")
    DINILAI = "dinilai", _("Dinilai")
    FINAL = "final", _("Final")


class StatusKeberatan(models.TextChoices):
    DIAJUKAN = "diajukan", _("Diajukan")
    DITERIMA = "diterima", _("Diterima (predikat diubah)")
    DITOLAK = "ditolak", _("Ditolak (predikat tetap)")


class JenisPenghargaan(models.TextChoices):
    PEGAWAI_TELADAN = "teladan", _("Pegawai teladan")
    KINERJA_SANGAT_BAIK = "sangat_baik", _("Kinerja Sangat Baik")
    NOMINASI_PIMPINAN = "nominasi", _("Nominasi pimpinan unit")
    SATYALANCANA = "satyalancana", _("Satyalancana / tanda kehormatan")
    LAINNYA = "lainnya", _("Lainnya")


# Guideline behaviours (panduan perilaku) of each BerAKHLAK value: SE MenPANRB 20/2021, UU 20/2023
# Pasal 4(2); domain.md §1.4.
PANDUAN_PERILAKU = {
    NilaiBerakhlak.BERORIENTASI_PELAYANAN: (
        _("Memahami dan memenuhi kebutuhan masyarakat"),
        _("Ramah, cekatan, solutif, dan dapat diandalkan"),
        _("Melakukan perbaikan tiada henti"),
    ),
    NilaiBerakhlak.AKUNTABEL: (
        _("Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi"),
        _("Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien"),
        _("Tidak menyalahgunakan kewenangan jabatan"),
    ),
    NilaiBerakhlak.KOMPETEN: (
        _("Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah"),
        _("Membantu orang lain belajar"),
        _("Melaksanakan tugas dengan kualitas terbaik"),
    ),
    NilaiBerakhlak.HARMONIS: (
        _("Menghargai setiap orang apa pun latar belakangnya"),
        _("Suka menolong orang lain"),
        _("Membangun lingkungan kerja yang kondusif"),
    ),
    NilaiBerakhlak.LOYAL: (
        _("Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan yang sah"),
        _("Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara"),
        _("Menjaga rahasia jabatan dan negara"),
    ),
    NilaiBerakhlak.ADAPTIF: (
        _("Cepat menyesuaikan diri menghadapi perubahan"),
        _("Terus berinovasi dan mengembangkan kreativitas"),
        _("Bertindak proaktif"),
    ),
    NilaiBerakhlak.KOLABORATIF: (
        _("Memberi kesempatan kepada berbagai pihak untuk berkontribusi"),
        _("Terbuka dalam bekerja sama untuk menghasilkan nilai tambah"),
        _("Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama"),
    ),
}
