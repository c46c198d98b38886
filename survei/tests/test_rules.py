"""Table-driven tests of the SKM rules with the worked examples of domain.md (vectors 8–12)."""

import datetime as dt
from decimal import Decimal

import pytest

from survei import rules

# Vector 8: five respondents × nine unsur.
V8 = [
    (4, 3, 3, 4, 3, 4, 4, 3, 3),
    (3, 3, 2, 4, 3, 3, 4, 2, 3),
    (4, 4, 3, 4, 4, 4, 4, 3, 4),
    (3, 3, 3, 4, 3, 3, 3, 3, 3),
    (4, 3, 3, 4, 4, 4, 4, 3, 3),
]


def sums(rows):
    return [sum(col) for col in zip(*rows, strict=True)]


def test_vector8_column_sums_and_nrr():
    assert sums(V8) == [18, 16, 14, 20, 17, 18, 19, 14, 16]
    nrr = rules.nrr(sums(V8), 5)
    assert [float(x) for x in nrr] == [3.6, 3.2, 2.8, 4.0, 3.4, 3.6, 3.8, 2.8, 3.2]
    assert float(sum(nrr)) == pytest.approx(30.4)


@pytest.mark.parametrize(
    ("rows", "bobot", "ikm", "nilai", "mutu", "kinerja"),
    [
        (V8, "exact", "3.37778", "84.44", "B", "Baik"),
        (V8, "0.111", "3.37440", "84.36", "B", "Baik"),
        (V8, "0.11", "3.34400", "83.60", "B", "Baik"),
        ([(3,) * 9] * 10, "exact", "3.00000", "75.00", "C", "Kurang Baik"),  # vector 9
        ([(4,) * 9] * 7, "exact", "4.00000", "100.00", "A", "Sangat Baik"),  # vector 10
        ([(4,) * 9] * 7, "0.111", "3.99600", "99.90", "A", "Sangat Baik"),  # vector 10, 0.111 artefact
        ([(1,) * 9] * 3, "exact", "1.00000", "25.00", "D", "Tidak Baik"),
    ],
)
def test_ikm_vectors(rows, bobot, ikm, nilai, mutu, kinerja):
    hasil = rules.hitung(sums(rows), len(rows), bobot)
    assert hasil.ikm == Decimal(ikm)
    assert hasil.nilai == Decimal(nilai)
    assert hasil.mutu == mutu
    assert hasil.kinerja == kinerja
    assert hasil.jumlah_responden == len(rows)


@pytest.mark.parametrize(
    ("nilai", "mutu"),
    [("64.99", "D"), ("65.00", "C"), ("76.60", "C"), ("76.61", "B"), ("88.30", "B"), ("88.31", "A"),
     ("25.00", "D"), ("100.00", "A")],
)  # fmt: skip
def test_vector11_band_edges(nilai, mutu):
    assert rules.mutu(Decimal(nilai)) == mutu


def test_conversion_rounds_once_at_the_end():
    # 30.4/9 × 25 = 84.444… → 84.44; rounding the IKM first (3.38 × 25 = 84.50) would be wrong.
    assert rules.konversi(rules.ikm(rules.nrr(sums(V8), 5))) == Decimal("84.44")


def test_no_responses_gives_no_result():
    assert rules.hitung([0] * 9, 0) is None


@pytest.mark.parametrize(
    ("populasi", "sampel"),
    [(100, 80), (1000, 278), (5000, 357), (10000, 370), (100000, 384), (500, 217),  # vector 12
     (10, 10), (50, 44), (200, 132), (2000, 322), (20000, 377), (50000, 381), (1000000, 384)],
)  # fmt: skip
def test_vector12_minimum_sample_from_table(populasi, sampel):
    assert rules.sampel_minimum(populasi) == sampel


def test_minimum_sample_outside_table_uses_formula():
    assert rules.sampel_rumus(100000) == pytest.approx(382.6, abs=0.05)
    assert rules.sampel_rumus(500) == pytest.approx(217.47, abs=0.01)
    # Between rows (N=105) and above the table (N=2,000,000): the formula rounded up.
    assert rules.sampel_minimum(105) == 83
    assert rules.sampel_minimum(2_000_000) == 385
    assert rules.sampel_minimum(5) == 5  # below 10: everyone (census)
    assert rules.sampel_minimum(0) == 0


def test_table_is_monotonic():
    values = [s for _n, s in rules.KREJCIE_MORGAN]
    assert values == sorted(values)


@pytest.mark.parametrize(
    ("n", "populasi", "cukup"), [(80, 100, True), (79, 100, False), (5, None, None), (384, 100000, True)]
)
def test_sample_sufficient(n, populasi, cukup):
    assert rules.sampel_cukup(n, populasi) is cukup


@pytest.mark.parametrize(
    ("jenis", "tahun", "nomor", "awal", "akhir", "label"),
    [
        ("bulan", 2026, 2, dt.date(2026, 2, 1), dt.date(2026, 2, 28), "Februari 2026"),
        ("triwulan", 2026, 4, dt.date(2026, 10, 1), dt.date(2026, 12, 31), "Triwulan IV 2026"),
        ("semester", 2024, 1, dt.date(2024, 1, 1), dt.date(2024, 6, 30), "Semester I 2024"),
        ("tahun", 2025, 1, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "Tahun 2025"),
    ],
)
def test_periods(jenis, tahun, nomor, awal, akhir, label):
    assert rules.batas_periode(jenis, tahun, nomor) == (awal, akhir)
    assert rules.label_periode(jenis, tahun, nomor) == label
    assert rules.nomor_periode(jenis, akhir) == nomor


def test_period_out_of_range():
    with pytest.raises(ValueError):
        rules.batas_periode("triwulan", 2026, 5)


def test_weakest_unsur_first():
    nrr = rules.nrr(sums(V8), 5)
    # U3 and U8 tie at 2.8 (regulation order kept), then U2/U9 at 3.2.
    assert rules.unsur_terlemah(nrr, 4) == [2, 7, 1, 8]


def test_nine_unsur_with_four_answers():
    assert len(rules.UNSUR) == 9
    assert all(len(u[3]) == 4 for u in rules.UNSUR)
    assert rules.UNSUR[3][3] == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
