"""terlambat_jumlah gives the same numbers as the three lists of terlambat, in one query."""

import datetime as dt

import pytest

from asnportal.testing.factories import hr_user
from kinerja import selectors, services
from kinerja.tests.factories import TAHUN, skp_disetujui, skp_draft, struktur

pytestmark = pytest.mark.django_db


def test_counts_match_the_lists(instansi_bungo, django_assert_max_num_queries):
    s1, s2, s3 = struktur(instansi_bungo), struktur(instansi_bungo), struktur(instansi_bungo)
    skp_draft(s1["u_staf"])  # stays a draft: overdue after the deadline
    diajukan = skp_draft(s2["u_staf"])
    services.skp_submit(actor=s2["u_staf"], skp=diajukan)  # waits for approval
    skp_disetujui(s3["u_staf"], s3["u_kepala"])  # approved, no evaluation of last period
    user = hr_user(instansi_bungo)
    seen = []
    for hari_ini in (dt.date(TAHUN, 1, 5), dt.date(TAHUN, 8, 20)):
        lists = selectors.terlambat(user=user, hari_ini=hari_ini)
        expected = {k: lists[k].count() for k in ("draf", "persetujuan", "evaluasi")}
        with django_assert_max_num_queries(3):
            got = selectors.terlambat_jumlah(user=user, hari_ini=hari_ini)
        assert {k: got[k] for k in expected} == expected, hari_ini
        assert got["tenggat_skp"] == lists["tenggat_skp"]
        seen.append(expected)
    assert seen[0]["draf"] == 0 and seen[1]["draf"] == 1  # overdue only after the deadline
