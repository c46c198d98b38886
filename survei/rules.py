"""SKM/IKM rules of PermenPANRB No. 14 Tahun 2017 (Survei Kepuasan Masyarakat), domain.md §2.

Pure functions: no ORM, no Django. Everything works on exact `Fraction`s and rounds only once, at the
converted value (domain.md §2 "Rounding warning"), so a perfect survey gives 100.00 and not 99.90.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

JUMLAH_UNSUR = 9
SKALA = (1, 2, 3, 4)
FAKTOR_KONVERSI = 25

# The nine unsur in the usual order (domain.md §2; one community repo swaps 8 and 9, the order below is the
# usual one). Each: (code, name, question, four answers from 1 to 4). Answer wording follows the Bengkulu
# Selatan (Kec. Ulu Manna) questionnaire cited in domain.md; Kompetensi and Pengaduan wording is UNCONFIRMED.
UNSUR: tuple[tuple[str, str, str, tuple[str, str, str, str]], ...] = (
    (
        "u1",
        "Persyaratan",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    (
        "u2",
        "Sistem, Mekanisme, dan Prosedur",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    (
        "u3",
        "Waktu Penyelesaian",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    (
        "u4",
        "Biaya/Tarif",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ),
    (
        "u5",
        "Produk Spesifikasi Jenis Pelayanan",
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
        "pelayanan dengan hasil yang diberikan?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    (
        "u6",
        "Kompetensi Pelaksana",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    (
        "u7",
        "Perilaku Pelaksana",
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
    ),
    (
        "u8",
        "Penanganan Pengaduan, Saran dan Masukan",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
    ),
    (
        "u9",
        "Sarana dan Prasarana",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ),
)
KODE_UNSUR = tuple(u[0] for u in UNSUR)
NAMA_UNSUR = {u[0]: u[1] for u in UNSUR}
# Short names for chart labels.
NAMA_SINGKAT = (
    "Persyaratan", "Prosedur", "Waktu penyelesaian", "Biaya/tarif", "Produk layanan",
    "Kompetensi pelaksana", "Perilaku pelaksana", "Penanganan pengaduan", "Sarana prasarana",
)  # fmt: skip

# Weight per unsur. The regulation prints 1/9 rounded as 0,11; many units use 0,111. The recommendation of
# domain.md §2 is the exact 1/9; the other two are kept so a unit can reproduce its published practice.
BOBOT = {"exact": Fraction(1, 9), "0.111": Fraction(111, 1000), "0.11": Fraction(11, 100)}

# Conversion table of PermenPANRB 14/2017, classified on the converted value rounded to 2 decimals; the gaps
# between printed bands (64.99→65.00, ...) are a rounding artefact (domain.md §2): < 65.00 D, < 76.61 C,
# < 88.31 B, else A.
MUTU_BATAS = ((Decimal("65.00"), "D"), (Decimal("76.61"), "C"), (Decimal("88.31"), "B"))
KINERJA = {"A": "Sangat Baik", "B": "Baik", "C": "Kurang Baik", "D": "Tidak Baik"}


@dataclass(frozen=True)
class HasilIKM:
    """The result of one unit (or instansi) for one period."""

    jumlah_responden: int
    nrr: tuple[Decimal, ...]  # per unsur, 1–4, rounded to 3 decimals for display
    ikm: Decimal  # weighted index 1–4, rounded to 5 decimals for display
    nilai: Decimal  # converted value 25–100, 2 decimals (what is published and classified)
    mutu: str  # A–D
    kinerja: str  # Sangat Baik … Tidak Baik


def nrr(jumlah_nilai: list[int] | tuple[int, ...], jumlah_responden: int) -> list[Fraction]:
    """Nilai rata-rata per unsur: sum of scores for the unsur ÷ number of filled questionnaires."""
    if jumlah_responden <= 0:
        raise ValueError("jumlah responden harus lebih dari 0")
    return [Fraction(int(s), jumlah_responden) for s in jumlah_nilai]


def ikm(nrr_list, bobot: str = "exact") -> Fraction:
    """IKM (1–4) = Σ NRR_i × weight; weight is 1/9 (exact), 0.111 or 0.11 (domain.md §2)."""
    w = BOBOT[bobot]
    return sum((Fraction(x) * w for x in nrr_list), Fraction(0))


def konversi(nilai_ikm) -> Decimal:
    """Converted value (25–100) = IKM × 25, rounded half-up to 2 decimals once, at the end."""
    exact = Fraction(nilai_ikm) * FAKTOR_KONVERSI
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def mutu(nilai_konversi) -> str:
    """Mutu pelayanan A–D from the converted value (2 decimals), domain.md §2 band rule."""
    v = Decimal(str(nilai_konversi)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    for batas, huruf in MUTU_BATAS:
        if v < batas:
            return huruf
    return "A"


def kinerja(huruf_mutu: str) -> str:
    """Kinerja unit pelayanan for a mutu letter."""
    return KINERJA[huruf_mutu]


def tertimbang(nrr_value, bobot: str = "exact") -> Decimal:
    """NRR × weight of one unsur (the "NRR tertimbang" column of the report), 3 decimals for display."""
    return _dec(Fraction(str(nrr_value)) * BOBOT[bobot], "0.001")


def _dec(value: Fraction, places: str) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal(places), rounding=ROUND_HALF_UP
    )


def hitung(jumlah_nilai, jumlah_responden: int, bobot: str = "exact") -> HasilIKM | None:
    """The full result from the per-unsur score sums (as the database returns them); None without data."""
    if not jumlah_responden:
        return None
    if len(jumlah_nilai) != JUMLAH_UNSUR:
        raise ValueError("harus ada 9 jumlah nilai unsur")
    per_unsur = nrr(jumlah_nilai, jumlah_responden)
    indeks = ikm(per_unsur, bobot)
    nilai = konversi(indeks)
    huruf = mutu(nilai)
    return HasilIKM(
        jumlah_responden=jumlah_responden,
        nrr=tuple(_dec(x, "0.001") for x in per_unsur),
        ikm=_dec(indeks, "0.00001"),
        nilai=nilai,
        mutu=huruf,
        kinerja=kinerja(huruf),
    )


# Krejcie & Morgan (1970) table: population N → sample S, as published (domain.md §2 lists the key rows; the
# rest is the standard table). The table is slightly irregular against the formula (N=500 → 217 while the
# formula gives 217.47), so the table wins wherever it has a row.
KREJCIE_MORGAN: tuple[tuple[int, int], ...] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44), (55, 48),
    (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76), (100, 80), (110, 86),
    (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118), (180, 123), (190, 127),
    (200, 132), (210, 136), (220, 140), (230, 144), (240, 148), (250, 152), (260, 155), (270, 159),
    (280, 162), (290, 165), (300, 169), (320, 175), (340, 181), (360, 186), (380, 191), (400, 196),
    (420, 201), (440, 205), (460, 210), (480, 214), (500, 217), (550, 226), (600, 234), (650, 242),
    (700, 248), (750, 254), (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285),
    (1200, 291), (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313), (1800, 317),
    (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335), (2800, 338), (3000, 341),
    (3500, 346), (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367),
    (9000, 368), (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (100000, 384), (1000000, 384),
)  # fmt: skip
_KM_N = [n for n, _ in KREJCIE_MORGAN]
_KM_S = dict(KREJCIE_MORGAN)


def sampel_rumus(populasi: int, chi2: float = 3.841, p: float = 0.5, d: float = 0.05) -> float:
    """Krejcie & Morgan formula S = X²·N·P(1−P) / (d²(N−1) + X²·P(1−P))."""
    return chi2 * populasi * p * (1 - p) / (d * d * (populasi - 1) + chi2 * p * (1 - p))


def sampel_minimum(populasi: int) -> int:
    """Minimum number of respondents for a population of service users (domain.md §2, vector 12).

    A population that is a row of the table takes the table value. Below 10 every user is asked (census).
    Otherwise (between rows or above 1,000,000) the formula, rounded up, never more than the population.
    """
    if populasi <= 0:
        return 0
    if populasi <= _KM_N[0]:
        return populasi
    if populasi in _KM_S:
        return _KM_S[populasi]
    return min(populasi, math.ceil(round(sampel_rumus(populasi), 6)))


def sampel_cukup(jumlah_responden: int, populasi: int | None) -> bool | None:
    """True/False when the population is known, None when HR has not entered it."""
    if not populasi:
        return None
    return jumlah_responden >= sampel_minimum(populasi)


# --- Periods ------------------------------------------------------------------------------------------
JENIS_PERIODE = ("bulan", "triwulan", "semester", "tahun")
_PANJANG = {"bulan": 1, "triwulan": 3, "semester": 6, "tahun": 12}
NAMA_BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def jumlah_nomor(jenis: str) -> int:
    """How many periods of this kind a year has (12, 4, 2, 1)."""
    return 12 // _PANJANG[jenis]


def batas_periode(jenis: str, tahun: int, nomor: int) -> tuple[dt.date, dt.date]:
    """First and last day of a period (nomor 1-based within the year)."""
    if jenis not in _PANJANG:
        raise ValueError(f"jenis periode tidak dikenal: {jenis}")
    if not 1 <= nomor <= jumlah_nomor(jenis):
        raise ValueError(f"nomor periode di luar rentang: {nomor}")
    bulan_awal = (nomor - 1) * _PANJANG[jenis] + 1
    bulan_akhir = bulan_awal + _PANJANG[jenis] - 1
    akhir = (
        dt.date(tahun, 12, 31)
        if bulan_akhir == 12
        else dt.date(tahun, bulan_akhir + 1, 1) - dt.timedelta(days=1)
    )
    return dt.date(tahun, bulan_awal, 1), akhir


def nomor_periode(jenis: str, tanggal: dt.date) -> int:
    """The period number a date falls in."""
    return (tanggal.month - 1) // _PANJANG[jenis] + 1


def label_periode(jenis: str, tahun: int, nomor: int) -> str:
    if jenis == "bulan":
        return f"{NAMA_BULAN[nomor - 1]} {tahun}"
    if jenis == "triwulan":
        return f"Triwulan {['I', 'II', 'III', 'IV'][nomor - 1]} {tahun}"
    if jenis == "semester":
        return f"Semester {['I', 'II'][nomor - 1]} {tahun}"
    return f"Tahun {tahun}"


def unsur_terlemah(nrr_list, jumlah: int = 3) -> list[int]:
    """Indexes (0-based) of the weakest unsur, lowest NRR first (ties keep the regulation order)."""
    order = sorted(range(len(nrr_list)), key=lambda i: (nrr_list[i], i))
    return order[:jumlah]
