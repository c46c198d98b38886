"""Table-driven tests of kepegawaian.rules with the worked examples of domain.md (vectors #19–28)."""

import datetime as dt
from decimal import Decimal

import pytest

from kepegawaian import rules

D = dt.date


@pytest.mark.parametrize(
    ("nip", "lahir", "tmt", "jk", "urut"),
    [
        ("198609262015051001", D(1986, 9, 26), D(2015, 5, 1), "L", 1),  # vector 19
        ("197303141997022002", D(1973, 3, 14), D(1997, 2, 1), "P", 2),  # vector 20
        ("19860926 201505 1 001", D(1986, 9, 26), D(2015, 5, 1), "L", 1),  # display form
    ],
)
def test_decode_nip_valid(nip, lahir, tmt, jk, urut):
    info = rules.decode_nip(nip)
    assert (info.tanggal_lahir, info.tmt, info.jenis_kelamin, info.urutan) == (lahir, tmt, jk, urut)


@pytest.mark.parametrize(
    ("nip", "pesan"),
    [
        ("198613262015051001", "Tanggal lahir"),  # vector 21: birth month 13
        ("198609262015053001", "jenis kelamin"),  # vector 22: gender digit 3
        ("199009132025242014", "Bulan TMT"),  # vector 23: "24" is not a month
        ("19860926201505100", "18 digit"),
        ("198609262015051000", "Nomor urut"),
        ("198609261980051001", "sesudah tanggal lahir"),
    ],
)
def test_decode_nip_invalid(nip, pesan):
    with pytest.raises(rules.NipError, match=pesan):
        rules.decode_nip(nip)


def test_ni_pppk_vector_23():
    info = rules.decode_nomor_induk("199009132025242014", "PPPK")
    assert info.tanggal_lahir == D(1990, 9, 13)
    assert (info.tmt_tahun, info.tmt_bulan, info.kode_pppk) == (2025, None, "24")
    assert (info.jenis_kelamin, info.urutan) == ("P", 14)
    with pytest.raises(rules.NipError):
        rules.decode_nomor_induk("199009132025242014", "PNS")


@pytest.mark.parametrize(
    ("jenis", "jenjang", "usia", "tgl_bup", "tmt"),
    [
        ("ADMINISTRATOR", "", 58, D(2044, 9, 26), D(2044, 10, 1)),  # vector 24
        ("FUNGSIONAL", "AHLI_MADYA", 60, D(2046, 9, 26), D(2046, 10, 1)),  # vector 24
        ("FUNGSIONAL", "AHLI_UTAMA", 65, D(2051, 9, 26), D(2051, 10, 1)),
        ("FUNGSIONAL", "AHLI_MUDA", 58, D(2044, 9, 26), D(2044, 10, 1)),
        ("JPT", "JPT_PRATAMA", 60, D(2046, 9, 26), D(2046, 10, 1)),
        ("PELAKSANA", "", 58, D(2044, 9, 26), D(2044, 10, 1)),
    ],
)
def test_bup_vector_24(jenis, jenjang, usia, tgl_bup, tmt):
    lahir = D(1986, 9, 26)
    assert rules.bup(jenis, jenjang) == usia
    assert rules.tanggal_bup(lahir, usia) == tgl_bup
    assert rules.tmt_pensiun(lahir, usia) == tmt


def test_tmt_pensiun_december_and_leap_day():
    assert rules.tmt_pensiun(D(1970, 12, 5), 58) == D(2029, 1, 1)
    assert rules.tanggal_bup(D(1968, 2, 29), 58) == D(2026, 2, 28)


def test_abk_vector_25_single_task():
    beban = rules.beban_kerja(1200, 120)
    assert beban == 144_000
    kebutuhan = rules.kebutuhan_pegawai(beban, 75_000)
    assert kebutuhan == Decimal("1.92")
    assert rules.kebutuhan_dibulatkan(kebutuhan) == 2


def test_abk_vector_26_three_tasks_and_ej():
    tugas = [(250, 60), (500, 90), (40, 300)]
    beban = [rules.beban_kerja(v, n) for v, n in tugas]
    assert beban == [15_000, 45_000, 12_000]
    total = sum(beban)
    assert total == 72_000
    kebutuhan = rules.kebutuhan_pegawai(total)
    assert kebutuhan == Decimal("0.96")
    assert rules.kebutuhan_dibulatkan(kebutuhan) == 1
    ej1 = rules.efektivitas_jabatan(total, 1)
    assert ej1 == Decimal("0.96")
    assert rules.predikat_ej(ej1) == ("B", "Baik")
    ej2 = rules.efektivitas_jabatan(total, 2)
    assert ej2 == Decimal("0.48")
    assert rules.predikat_ej(ej2) == ("E", "Kurang")


@pytest.mark.parametrize(
    ("ej", "band"),
    [
        ("1.01", "A"),
        ("1.00", "B"),
        ("0.90", "B"),
        ("0.89", "C"),
        ("0.70", "C"),
        ("0.69", "D"),
        ("0.50", "D"),
        ("0.49", "E"),
    ],
)
def test_ej_band_edges(ej, band):
    assert rules.predikat_ej(Decimal(ej))[0] == band


def test_ej_without_incumbent_and_wke_configurable():
    assert rules.efektivitas_jabatan(72_000, 0) is None
    assert rules.predikat_ej(None) is None
    assert rules.kebutuhan_pegawai(144_000, 90_000) == Decimal("1.6000")
    with pytest.raises(ValueError):
        rules.kebutuhan_pegawai(1, 0)


@pytest.mark.parametrize(
    ("volume", "periode", "tahunan"),
    [(1, "tahun", 1), (2, "bulan", 24), (3, "minggu", 150), (4, "hari", 1000)],
)
def test_volume_tahunan(volume, periode, tahunan):
    assert rules.volume_tahunan(volume, periode) == tahunan


@pytest.mark.parametrize(
    ("siap", "periode"),
    [
        (D(2025, 1, 10), D(2025, 2, 1)),  # vector 28
        (D(2025, 2, 20), D(2025, 4, 1)),  # vector 28
        (D(2025, 1, 15), D(2025, 2, 1)),  # last day of the Feb window
        (D(2025, 1, 16), D(2025, 4, 1)),
        (D(2025, 12, 20), D(2026, 2, 1)),
    ],
)
def test_kp_period_vector_28(siap, periode):
    assert rules.periode_kp_untuk_usulan(siap) == periode


def test_kp_periods_six_since_2024_two_before():
    assert [p.month for p in rules.periode_kp_list(2025)] == [2, 4, 6, 8, 10, 12]
    assert [p.month for p in rules.periode_kp_list(2023)] == [4, 10]
    assert rules.batas_usulan_kp(D(2025, 2, 1)) == D(2025, 1, 15)
    assert rules.batas_usulan_kp(D(2025, 4, 1)) == D(2025, 2, 28)


def test_layak_kp():
    assert rules.layak_kp("III/a", D(2021, 4, 1), D(2025, 4, 1))
    assert not rules.layak_kp("III/a", D(2021, 4, 2), D(2025, 4, 1))
    assert not rules.layak_kp("IV/e", D(2000, 1, 1), D(2025, 4, 1))
    assert not rules.layak_kp("III/a", None, D(2025, 4, 1))


def test_kgb_berikut():
    assert rules.kgb_berikut(D(2015, 5, 1), D(2026, 11, 23)) == D(2027, 5, 1)
    assert rules.kgb_berikut(D(2015, 5, 1), D(2027, 5, 1)) == D(2027, 5, 1)
    assert rules.kgb_berikut(D(2015, 5, 1), D(2015, 5, 2)) == D(2017, 5, 1)
