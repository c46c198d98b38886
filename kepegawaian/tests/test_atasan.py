"""The one definition of atasan and bawahan (kepegawaian.atasan): each test is named after the rule it proves."""

from __future__ import annotations

import datetime as dt

import pytest

from asnportal import scoping
from asnportal.testing.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory, asn_user
from kepegawaian import atasan
from kepegawaian.models import Pegawai, PenugasanPlt

HARI = dt.date(2026, 6, 15)


@pytest.fixture
def org(instansi_bungo):
    """Kepala dinas (kepala unit) → sekretaris (NOT kepala unit) → kabid (NOT kepala unit, unit bidang)
    → staf A and staf B (siblings) → pelaksana C under A. Plus a vacant kasubbid between kabid and staf D."""
    i = instansi_bungo
    opd = UnitKerjaFactory(instansi=i, nama="Dinas Uji")
    bidang = UnitKerjaFactory(instansi=i, nama="Bidang Uji", parent=opd)
    j_kadis = JabatanFactory(instansi=i, unit_kerja=opd, nama="Kepala Dinas", is_kepala_unit=True)
    j_sek = JabatanFactory(instansi=i, unit_kerja=opd, nama="Sekretaris", parent=j_kadis)
    j_kabid = JabatanFactory(instansi=i, unit_kerja=bidang, nama="Kepala Bidang", parent=j_sek)
    j_a = JabatanFactory(instansi=i, unit_kerja=bidang, nama="Analis A", parent=j_kabid)
    j_b = JabatanFactory(instansi=i, unit_kerja=bidang, nama="Analis B", parent=j_kabid)
    j_c = JabatanFactory(instansi=i, unit_kerja=bidang, nama="Pelaksana C", parent=j_a)
    j_kasub = JabatanFactory(instansi=i, unit_kerja=bidang, nama="Kasubbid (kosong)", parent=j_kabid)
    j_d = JabatanFactory(instansi=i, unit_kerja=bidang, nama="Staf D", parent=j_kasub)
    p = {
        "kadis": PegawaiFactory(jabatan=j_kadis, nama="Kadis"),
        "sek": PegawaiFactory(jabatan=j_sek, nama="Sekretaris"),
        "kabid": PegawaiFactory(jabatan=j_kabid, nama="Kabid"),
        "a": PegawaiFactory(jabatan=j_a, nama="Staf A"),
        "b": PegawaiFactory(jabatan=j_b, nama="Staf B"),
        "c": PegawaiFactory(jabatan=j_c, nama="Pelaksana C"),
        "d": PegawaiFactory(jabatan=j_d, nama="Staf D"),
    }
    p["j_kasub"], p["j_kabid"], p["j_sek"] = j_kasub, j_kabid, j_sek
    return p


def _fresh(p):
    return Pegawai.objects.get(pk=p.pk)


def test_atasan_is_holder_of_parent_position_even_if_not_kepala_unit(org):
    assert not org["kabid"].jabatan.is_kepala_unit
    assert atasan.atasan_of(org["a"], HARI) == org["kabid"]
    assert atasan.atasan_of(org["c"], HARI) == org["a"]
    assert _fresh(org["a"]).atasan == org["kabid"]


def test_vacant_parent_position_passes_to_nearest_filled_position_up_the_tree(org):
    assert atasan.atasan_of(org["d"], HARI) == org["kabid"]
    org["kabid"].jabatan = None
    org["kabid"].save()
    assert atasan.atasan_of(_fresh(org["a"]), HARI) == org["sek"]


def test_top_of_tree_has_no_atasan(org):
    assert atasan.atasan_of(org["kadis"], HARI) is None


def test_atasan_of_atasan_decides_keberatan(org):
    assert atasan.atasan2_of(org["a"], HARI) == org["sek"]
    assert atasan.may_approve(asn_user(org["sek"]), org["a"], atasan.KEBERATAN, HARI)
    assert not atasan.may_approve(asn_user(org["kabid"]), org["a"], atasan.KEBERATAN, HARI)


def test_bawahan_of_direct_includes_those_below_vacant_positions(org):
    direct = set(atasan.bawahan_of(org["kabid"], HARI).values_list("nama", flat=True))
    assert direct == {"Staf A", "Staf B", "Staf D"}
    two = set(atasan.bawahan_of(org["kabid"], HARI, depth=2).values_list("nama", flat=True))
    assert two == {"Staf A", "Staf B", "Staf D", "Pelaksana C"}
    assert set(atasan.bawahan_of(org["kadis"], HARI, depth=None).values_list("nama", flat=True)) == {
        "Sekretaris",
        "Kabid",
        "Staf A",
        "Staf B",
        "Staf D",
        "Pelaksana C",
    }


def test_bawahan_and_atasan_agree_both_ways(org):
    for boss in ("kadis", "sek", "kabid", "a", "b", "c", "d"):
        for p in atasan.bawahan_of(org[boss], HARI):
            assert atasan.atasan_of(p, HARI) == org[boss]


def test_may_approve_denies_self_sibling_subordinate(org):
    kabid, a, b, c = (asn_user(org[k]) for k in ("kabid", "a", "b", "c"))
    assert atasan.may_approve(kabid, org["a"], atasan.CUTI, HARI)
    assert not atasan.may_approve(a, org["a"], atasan.CUTI, HARI)
    assert not atasan.may_approve(b, org["a"], atasan.CUTI, HARI)
    assert not atasan.may_approve(c, org["a"], atasan.CUTI, HARI)


def test_unit_head_sees_units_below_and_direct_atasan_sees_team(org):
    kabid_user = asn_user(org["kabid"])
    assert scoping.is_pimpinan(kabid_user)
    seen = set(Pegawai.objects.for_user(kabid_user).values_list("nama", flat=True))
    assert seen == {"Kabid", "Staf A", "Staf B", "Staf D"}  # direct bawahan only: not Pelaksana C
    kadis_user = asn_user(org["kadis"])
    assert Pegawai.objects.for_user(kadis_user).count() == 7
    b_user = asn_user(org["b"])
    assert not scoping.is_pimpinan(b_user)
    assert list(Pegawai.objects.for_user(b_user).values_list("nama", flat=True)) == ["Staf B"]


def _plt(pegawai, jabatan, mulai, selesai, jenis="plt"):
    return PenugasanPlt.objects.create(
        instansi=pegawai.instansi,
        pegawai=pegawai,
        jabatan=jabatan,
        jenis=jenis,
        tanggal_mulai=mulai,
        tanggal_selesai=selesai,
        nomor_sk="800/1/BKPSDM/2026",
    )


def test_plt_has_position_powers_only_inside_window(org):
    # Staf B acts as Kasubbid (vacant) in June: Staf D's atasan is B then, Kabid before and after.
    _plt(org["b"], org["j_kasub"], dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    assert atasan.atasan_of(org["d"], HARI) == org["b"]
    assert atasan.atasan_of(_fresh(org["d"]), dt.date(2026, 7, 1)) == org["kabid"]
    b = asn_user(org["b"])
    assert atasan.may_approve(b, org["d"], atasan.CUTI, HARI)
    assert not atasan.may_approve(b, _fresh(org["d"]), atasan.CUTI, dt.date(2026, 5, 31))
    assert atasan.kapasitas(b, org["d"], atasan.CUTI, HARI) == "Plt."
    assert [p.nama for p in atasan.bawahan_of(_fresh(org["b"]), HARI)] == ["Staf D"]
    assert not atasan.bawahan_of(_fresh(org["b"]), dt.date(2026, 7, 1)).exists()


def test_plh_and_definitive_holder_both_decide_plh_signs_as_plh(org):
    _plt(org["b"], org["j_kabid"], dt.date(2026, 6, 1), dt.date(2026, 6, 30), jenis="plh")
    rows = atasan.penyetuju_of(org["a"], HARI)
    assert rows == [(org["kabid"], ""), (org["b"], "Plh.")]
    assert atasan.kapasitas(asn_user(org["b"]), org["a"], atasan.SKP, HARI) == "Plh."
    assert atasan.kapasitas(asn_user(org["kabid"]), org["a"], atasan.SKP, HARI) == ""
    assert atasan.atasan_of(org["a"], HARI) == org["kabid"]


def test_nobody_is_their_own_atasan_when_acting_in_own_parent_position(org):
    org["kabid"].jabatan = None
    org["kabid"].save()
    _plt(org["a"], org["j_kabid"], dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    assert atasan.atasan_of(_fresh(org["a"]), HARI) == org["sek"]
    assert atasan.atasan_of(_fresh(org["b"]), HARI) == org["a"]


def test_plt_of_kepala_unit_position_sees_the_unit(org, instansi_bungo):
    unit = UnitKerjaFactory(instansi=instansi_bungo, nama="UPT Uji")
    kepala_upt = JabatanFactory(instansi=instansi_bungo, unit_kerja=unit, is_kepala_unit=True)
    staf = PegawaiFactory(jabatan=JabatanFactory(instansi=instansi_bungo, unit_kerja=unit))
    _plt(org["b"], kepala_upt, dt.date(2020, 1, 1), dt.date(2099, 12, 31))
    assert Pegawai.objects.for_user(asn_user(org["b"])).filter(pk=staf.pk).exists()


def test_atasan_lookup_is_a_bounded_number_of_queries(org, django_assert_max_num_queries):
    a = _fresh(org["d"])
    with django_assert_max_num_queries(3):
        atasan.penyetuju_of(a, HARI)
        atasan.atasan2_of(a, HARI)
    k = _fresh(org["kadis"])
    with django_assert_max_num_queries(2):
        atasan.bawahan_jabatan_ids(k, HARI, None)  # posisi + one recursive query
        atasan.bawahan_jabatan_ids(k, HARI, 1)  # served from the full tree
        atasan.punya_tim(k, HARI)


def test_document_position_line_of_an_acting_atasan_says_plt(org):
    org["kabid"].jabatan = None
    org["kabid"].save()
    _plt(org["d"], org["j_kabid"], dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    a = _fresh(org["a"])
    assert atasan.atasan_of(a, HARI) == org["d"]
    assert atasan.jabatan_tampil(a, HARI) == "Plt. Kepala Bidang"
    assert atasan.jabatan_tampil(a, HARI, tingkat=2) == "Sekretaris"
