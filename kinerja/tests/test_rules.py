import datetime as dt

import pytest

from kinerja import rules

# domain.md §1.5 matrix (all nine cells), including test vectors #1–5.
MATRIX = [
    ("di_atas", "di_atas", "sangat_baik"),  # vector 1
    ("sesuai", "di_atas", "baik"),  # vector 2
    ("di_atas", "di_bawah", "kurang"),  # vector 3
    ("di_bawah", "sesuai", "butuh_perbaikan"),  # vector 4
    ("di_bawah", "di_bawah", "sangat_kurang"),  # vector 5
    ("di_atas", "sesuai", "baik"),
    ("sesuai", "sesuai", "baik"),
    ("sesuai", "di_bawah", "kurang"),
    ("di_bawah", "di_atas", "butuh_perbaikan"),
]


@pytest.mark.parametrize(("hasil", "perilaku", "expected"), MATRIX)
def test_predikat_matrix(hasil, perilaku, expected):
    assert rules.predikat(hasil, perilaku) == expected


def test_predikat_rejects_unknown_rating():
    with pytest.raises(ValueError):
        rules.predikat("bagus", "sesuai")


# domain.md test vectors #6 and #7 plus one case per organisational predikat.
DISTRIBUSI = [
    ("baik", {"baik": 8, "sangat_baik": 2}, {"baik_maks", "wajib_bp_kurang"}),  # vector 6: 2 violations
    ("baik", {"baik": 7, "sangat_baik": 2, "butuh_perbaikan": 1}, set()),  # vector 6 fixed: valid
    (
        "sangat_kurang",
        {"sangat_kurang": 6, "kurang": 1, "baik": 2, "sangat_baik": 1},
        {"sangat_baik_nol"},
    ),  # #7
    ("sangat_kurang", {"sangat_kurang": 6, "kurang": 1, "baik": 3}, set()),
    ("istimewa", {"sangat_baik": 8, "baik": 2}, {"sangat_baik_maks"}),
    ("istimewa", {"sangat_baik": 7, "baik": 3}, set()),
    (
        "butuh_perbaikan",
        {"butuh_perbaikan": 5, "baik": 3, "sangat_baik": 2},
        {"butuh_perbaikan_min", "sangat_baik_maks"},
    ),
    ("butuh_perbaikan", {"butuh_perbaikan": 6, "baik": 3, "sangat_baik": 1}, set()),
    ("kurang", {"kurang": 6, "butuh_perbaikan": 1, "baik": 3}, set()),
    ("kurang", {"kurang": 5, "baik": 5}, {"kurang_min", "butuh_perbaikan_min"}),
]


@pytest.mark.parametrize(("org", "counts", "expected"), DISTRIBUSI)
def test_cek_distribusi(org, counts, expected):
    assert {p.kode for p in rules.cek_distribusi(org, counts)} == expected


def test_cek_distribusi_thresholds_are_configurable():
    counts = {"baik": 8, "sangat_baik": 1, "kurang": 1}
    assert [p.kode for p in rules.cek_distribusi("baik", counts)] == ["baik_maks"]
    assert rules.cek_distribusi("baik", counts, rules.AmbangDistribusi(dominan_maks=80)) == []


def test_cek_distribusi_empty_unit_has_no_violation():
    assert rules.cek_distribusi("baik", {}) == []


@pytest.mark.parametrize(
    ("kinerja", "potensi", "box"),
    [
        ("di_bawah", "rendah", 1),
        ("sesuai", "rendah", 2),
        ("di_bawah", "menengah", 3),
        ("di_atas", "rendah", 4),
        ("sesuai", "menengah", 5),
        ("di_bawah", "tinggi", 6),
        ("di_atas", "menengah", 7),
        ("sesuai", "tinggi", 8),
        ("di_atas", "tinggi", 9),
    ],
)
def test_kotak_talenta(kinerja, potensi, box):
    assert rules.kotak_talenta(kinerja, potensi) == box


@pytest.mark.parametrize(
    ("skor", "level"), [(80, "tinggi"), (79.9, "menengah"), (68, "menengah"), (67.99, "rendah")]
)
def test_level_potensi_default_cutoffs(skor, level):
    assert rules.level_potensi(skor) == level


def test_level_potensi_custom_cutoffs():
    assert rules.level_potensi(75, tinggi_min=75, menengah_min=60) == "tinggi"


@pytest.mark.parametrize(
    ("predikat", "level"),
    [
        ("sangat_baik", "di_atas"),
        ("baik", "sesuai"),
        ("butuh_perbaikan", "di_bawah"),
        ("sangat_kurang", "di_bawah"),
    ],
)
def test_level_kinerja(predikat, level):
    assert rules.level_kinerja(predikat) == level


def test_keberatan_window_is_14_days_inclusive():
    diterima = dt.date(2026, 1, 20)
    assert rules.batas_keberatan(diterima) == dt.date(2026, 2, 3)
    assert rules.boleh_keberatan(diterima, dt.date(2026, 2, 3))
    assert not rules.boleh_keberatan(diterima, dt.date(2026, 2, 4))
    assert not rules.boleh_keberatan(diterima, dt.date(2026, 1, 19))


@pytest.mark.parametrize(("kind", "n"), [("bulanan", 12), ("triwulanan", 4)])
def test_jumlah_periode(kind, n):
    assert rules.jumlah_periode(kind) == n


@pytest.mark.parametrize(
    ("kind", "tanggal", "periode"),
    [
        ("triwulanan", dt.date(2026, 3, 31), 1),
        ("triwulanan", dt.date(2026, 4, 1), 2),
        ("bulanan", dt.date(2026, 11, 5), 11),
    ],
)
def test_periode_dari_tanggal(kind, tanggal, periode):
    assert rules.periode_dari_tanggal(kind, tanggal) == periode


@pytest.mark.parametrize(
    ("real", "target", "pct"), [(5, 10, 50.0), (10, 10, 100.0), (15, 10, 120.0), (1, 0, 0.0)]
)
def test_capaian_capped_at_120(real, target, pct):
    assert rules.capaian_persen(real, target) == pct


@pytest.mark.parametrize(("n", "shown"), [(2, False), (3, True)])
def test_peer_input_needs_three_answers(n, shown):
    assert rules.tampil_cukup(n) is shown
