"""Table-driven tests of the pure JP and training-need rules (domain.md §5, test vector 27)."""

import pytest

from pelatihan import rules


@pytest.mark.parametrize(
    ("menit", "jp"),
    [
        (360, 8),  # vector 27: a 6-hour seminar = 360 min ÷ 45 = 8 JP
        (45, 1),
        (44, 0),  # part of a JP is not credited (UNCONFIRMED rounding: floor)
        (90, 2),
        (100, 2),
        (0, 0),
        (900, 20),
    ],
)
def test_menit_ke_jp(menit, jp):
    assert rules.menit_ke_jp(menit) == jp


def test_jam_ke_jp_vector_27():
    assert rules.jam_ke_jp(6) == 8


def test_menit_negatif_ditolak():
    with pytest.raises(ValueError):
        rules.menit_ke_jp(-1)


def test_menit_per_jp_configurable():
    assert rules.menit_ke_jp(120, menit_per_jp=60) == 2


@pytest.mark.parametrize(
    ("total", "memenuhi", "kurang", "persen"),
    [
        (8 + 12, True, 0, 100),  # vector 27: 8 JP seminar + 12 JP e-learning = 20 JP meets the minimum
        (19, False, 1, 95),  # vector 27: 19 JP does not
        (0, False, 20, 0),
        (32, True, 0, 100),
    ],
)
def test_target_20_jp(total, memenuhi, kurang, persen):
    assert rules.memenuhi_target(total) is memenuhi
    assert rules.kekurangan_jp(total) == kurang
    assert rules.persen_target(total) == persen


def test_target_configurable():
    assert rules.memenuhi_target(19, target=15) is True
    assert rules.kekurangan_jp(10, target=15) == 5


PEMICU = ("butuh_perbaikan", "kurang", "sangat_kurang")  # kinerja's codes


def test_kebutuhan_dari_kinerja_dan_kompetensi():
    out = rules.kebutuhan_pelatihan(
        predikat_rendah=[
            {"pegawai_id": 1, "predikat": "butuh_perbaikan", "predikat_label": "Butuh Perbaikan"},
            {"pegawai_id": 2, "predikat": "sangat_kurang"},
            {"pegawai_id": 3, "predikat": "baik"},  # not a trigger even if a caller passes it
            {"pegawai_id": 5, "predikat": "Butuh Perbaikan"},  # a label is not a code: no match
        ],
        kompetensi_wajib={1: {10, 11}, 4: {10}},
        kompetensi_dimiliki={1: {11}, 4: {10}},
        predikat_pemicu=PEMICU,
        nama_kompetensi={10: "Analisis Data"},
    )
    assert [(k.pegawai_id, k.sumber, k.kompetensi_id) for k in out] == [
        (1, "kinerja", None),
        (1, "kompetensi", 10),
        (2, "kinerja", None),
    ]
    assert out[0].alasan == "Predikat kinerja Butuh Perbaikan"
    assert out[1].alasan.endswith("Analisis Data")


def test_kebutuhan_kosong_bila_tidak_ada_kesenjangan():
    out = rules.kebutuhan_pelatihan(
        predikat_rendah=[],
        kompetensi_wajib={5: {1}},
        kompetensi_dimiliki={5: {1, 2}},
        predikat_pemicu=PEMICU,
    )
    assert out == []


@pytest.mark.parametrize(
    ("hadir", "hari", "minimal", "lulus"),
    [
        (1, 2, 80, False),
        (2, 2, 80, True),
        (4, 5, 80, True),
        (3, 4, 80, False),
        (0, 0, 80, False),
        (1, 2, 50, True),
    ],
)
def test_syarat_kehadiran(hadir, hari, minimal, lulus):
    assert rules.memenuhi_kehadiran(hadir, hari, minimal_persen=minimal) is lulus
