import datetime as dt

import pytest

from laporan import rules


@pytest.mark.parametrize(
    ("jenis", "today", "mulai", "selesai", "label"),
    [
        ("bulanan", dt.date(2026, 4, 1), dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Maret 2026"),
        ("bulanan", dt.date(2026, 1, 1), dt.date(2025, 12, 1), dt.date(2025, 12, 31), "Desember 2025"),
        ("bulanan", dt.date(2024, 3, 15), dt.date(2024, 2, 1), dt.date(2024, 2, 29), "Februari 2024"),
        ("triwulanan", dt.date(2026, 4, 1), dt.date(2026, 1, 1), dt.date(2026, 3, 31), "Triwulan I 2026"),
        ("triwulanan", dt.date(2026, 1, 1), dt.date(2025, 10, 1), dt.date(2025, 12, 31), "Triwulan IV 2025"),
        ("triwulanan", dt.date(2026, 8, 20), dt.date(2026, 4, 1), dt.date(2026, 6, 30), "Triwulan II 2026"),
        ("tahunan", dt.date(2026, 1, 2), dt.date(2025, 1, 1), dt.date(2025, 12, 31), "Tahun 2025"),
    ],
)
def test_periode_tertutup(jenis, today, mulai, selesai, label):
    p = rules.periode_tertutup(jenis, today)
    assert (p.mulai, p.selesai, p.label) == (mulai, selesai, label)


def test_periode_unknown_kind():
    with pytest.raises(ValueError):
        rules.periode_containing("mingguan", dt.date(2026, 1, 1))


@pytest.mark.parametrize(
    ("jenis", "mulai", "selesai", "label"),
    [
        ("duk", dt.date(2026, 3, 5), dt.date(2026, 3, 5), "5 Maret 2026"),
        ("bulanan", dt.date(2026, 3, 5), dt.date(2026, 3, 20), "5 Maret 2026 s.d. 20 Maret 2026"),
    ],
)
def test_periode_label_other(jenis, mulai, selesai, label):
    assert rules.periode_label(jenis, mulai, selesai) == label


@pytest.mark.parametrize(
    ("tmt", "pada", "expected"),
    [
        (dt.date(2005, 1, 1), dt.date(2026, 1, 1), (21, 0)),
        (dt.date(2005, 3, 15), dt.date(2026, 3, 14), (20, 11)),
        (dt.date(2020, 6, 1), dt.date(2020, 5, 1), (0, 0)),
        (None, dt.date(2026, 1, 1), (0, 0)),
    ],
)
def test_masa_kerja(tmt, pada, expected):
    assert rules.masa_kerja(tmt, pada) == expected


def _key(gol_rank, tmt_gol, jenis, kelas, tmt_cpns, lahir):
    return rules.duk_sort_key(
        golongan_rank=gol_rank,
        tmt_golongan=tmt_gol,
        jenis_jabatan=jenis,
        kelas_jabatan=kelas,
        tmt_cpns=tmt_cpns,
        tanggal_lahir=lahir,
    )


def test_duk_sort_key_criteria_in_order():
    d = dt.date
    base = (13, d(2020, 4, 1), "PELAKSANA", 7, d(2005, 1, 1), d(1980, 1, 1))
    higher_gol = (14, d(2024, 4, 1), "PELAKSANA", 5, d(2015, 1, 1), d(1990, 1, 1))
    older_tmt = (13, d(2019, 4, 1), "PELAKSANA", 5, d(2015, 1, 1), d(1990, 1, 1))
    higher_post = (13, d(2020, 4, 1), "ADMINISTRATOR", 11, d(2015, 1, 1), d(1990, 1, 1))
    higher_kelas = (13, d(2020, 4, 1), "PELAKSANA", 8, d(2015, 1, 1), d(1990, 1, 1))
    longer_service = (13, d(2020, 4, 1), "PELAKSANA", 7, d(2004, 1, 1), d(1990, 1, 1))
    older = (13, d(2020, 4, 1), "PELAKSANA", 7, d(2005, 1, 1), d(1979, 1, 1))
    for senior in (higher_gol, older_tmt, higher_post, higher_kelas, longer_service, older):
        assert _key(*senior) < _key(*base)


def test_duk_missing_dates_sort_last():
    d = dt.date
    assert _key(13, d(2020, 1, 1), "", None, None, d(1980, 1, 1)) < _key(
        13, None, "", None, None, d(1970, 1, 1)
    )
