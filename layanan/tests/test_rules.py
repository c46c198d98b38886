import datetime as dt

import pytest

from layanan import rules


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "nol"),
        (1, "satu"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (45, "empat puluh lima"),
        (100, "seratus"),
        (115, "seratus lima belas"),
        (1000, "seribu"),
        (2_873_500, "dua juta delapan ratus tujuh puluh tiga ribu lima ratus"),
    ],
)
def test_terbilang(n, text):
    assert rules.terbilang(n) == text


def test_kgb_berikut_two_years_on_the_first():
    """domain.md §9.3: TMT of the last KGB + 2 years, always on the 1st of a month."""
    assert rules.kgb_berikut(dt.date(2026, 4, 1)) == dt.date(2028, 4, 1)
    assert rules.kgb_berikut(dt.date(2026, 4, 15)) == dt.date(2028, 5, 1)


TABEL = {
    ("III/a", 0): 2_785_700,
    ("III/a", 2): 2_873_500,
    ("III/a", 32): 4_575_200,
    ("II/a", 0): 2_184_000,
    ("II/a", 1): 2_218_400,
}


@pytest.mark.parametrize(
    ("gol", "mkg", "expected"),
    [
        ("III/a", 0, (2_785_700, 0)),
        ("III/a", 3, (2_873_500, 2)),
        ("III/a", 40, (4_575_200, 32)),
        ("II/a", 1, (2_218_400, 1)),
        ("IV/a", 4, (None, None)),
    ],
)
def test_gaji_pokok_largest_step_not_above_mkg(gol, mkg, expected):
    """domain.md §9.3 table (PP 5/2024) and "look up the largest step ≤ MKG"."""
    assert rules.gaji_pokok(TABEL, gol, mkg) == expected


def test_gaji_cpns_80_persen():
    assert rules.gaji_cpns(2_785_700) == 2_228_560


def test_mkg_cut_when_crossing_golongan():
    assert rules.mkg_setelah_kp(10, "II/d", "III/a") == 5
    assert rules.mkg_setelah_kp(10, "III/a", "III/b") == 10


@pytest.mark.parametrize(
    ("jenis", "kapasitas", "kode", "ok"),
    [
        ("kp", "", "", True),
        ("kp", "Plt.", "", False),
        ("pensiun", "Plh.", "", False),
        ("kgb", "Plt.", "", True),
        ("cuti", "Plt.", "tahunan", True),
        ("cuti", "Plh.", "cltn", False),
    ],
)
def test_plt_plh_authority(jenis, kapasitas, kode, ok):
    """domain.md §9.1: a Plt/Plh may sign KGB and grant leave except CLTN, but no SK changing staffing status."""
    assert rules.kapasitas_boleh_tanda_tangan(jenis, kapasitas, kode_cuti=kode) is ok
