"""Configurable layanan values. The document checklists and the salary table are data (SyaratDokumen,
GajiPokok rows, editable in the admin); these are their seeds and defaults. UNCONFIRMED items say so."""

from django.conf import settings


def _get(key, default):
    return getattr(settings, "PORTAL", {}).get(key, default)


# Per-kind document checklists (domain.md §9.2 table "Typical documents"; §9.3; pensiun from common BKPSDM
# practice, UNCONFIRMED). (kode, nama, wajib, sub_jenis or "" for every kind of the layanan)
SYARAT_BAWAAN = {
    "kp": [
        ("sk_kp_terakhir", "SK kenaikan pangkat terakhir", True, ""),
        ("skp_1", "SKP tahun terakhir dengan dokumen evaluasi kinerja", True, ""),
        ("skp_2", "SKP dua tahun terakhir (tahun sebelumnya)", True, "reguler"),
        ("skp_2", "SKP dua tahun terakhir (tahun sebelumnya)", True, "pilihan_struktural"),
        ("skp_2", "SKP dua tahun terakhir (tahun sebelumnya)", True, "pilihan_jf"),
        ("ijazah", "Ijazah dan transkrip nilai terakhir", True, "reguler"),
        ("stlud", "STLUD (bila melewati golongan II/d→III/a atau III/d→IV/a)", False, "reguler"),
        ("sk_jabatan", "SK jabatan dan surat pernyataan pelantikan", True, "pilihan_struktural"),
        ("sk_jf", "SK jabatan fungsional", True, "pilihan_jf"),
        ("pak", "PAK / konversi angka kredit", True, "pilihan_jf"),
        ("ijazah_baru", "Ijazah baru dan transkrip nilai", True, "penyesuaian_ijazah"),
        ("izin_belajar", "Surat izin belajar", True, "penyesuaian_ijazah"),
        ("ukppi", "Surat tanda lulus UKPPI", True, "penyesuaian_ijazah"),
        ("uraian_tugas", "Uraian tugas", True, "penyesuaian_ijazah"),
    ],
    "kgb": [
        ("sk_kp_terakhir", "SK kenaikan pangkat terakhir", True, ""),
        ("sk_kgb_terakhir", "SK / surat pemberitahuan KGB terakhir", True, ""),
        ("skp_1", "SKP tahun terakhir (predikat minimal Baik)", True, ""),
    ],
    "pensiun": [
        ("sk_cpns", "SK CPNS", True, ""),
        ("sk_pns", "SK PNS", True, ""),
        ("sk_kp_terakhir", "SK kenaikan pangkat terakhir", True, ""),
        ("dpcp", "Data perorangan calon penerima pensiun (DPCP)", True, ""),
        ("kk", "Kartu keluarga / surat nikah", True, ""),
        ("pasfoto", "Pas foto", True, ""),
        ("skp_1", "SKP tahun terakhir", False, ""),
    ],
}


def gaji_cpns_persen() -> int:
    """A CPNS is paid 80 % of gaji pokok (domain.md §9.3)."""
    return int(_get("LAYANAN_GAJI_CPNS_PERSEN", 80))


def kgb_pemberitahuan_bulan() -> int:
    """The KGB notice is issued this many months before its TMT (domain.md §9.3)."""
    return int(_get("LAYANAN_KGB_PEMBERITAHUAN_BULAN", 2))


def pensiun_usul_bulan() -> int:
    """How many months before TMT pensiun the usul is opened (UNCONFIRMED: BKN asks for it well ahead)."""
    return int(_get("LAYANAN_PENSIUN_USUL_BULAN", 12))
