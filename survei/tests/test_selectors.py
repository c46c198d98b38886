"""Aggregates in the database (one query), the periodic-report section and the demo data hook."""

import datetime as dt
import io
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asnportal.testing.factories import UnitKerjaFactory
from survei import demo, report, rules, selectors
from survei.models import PublikasiIKM, Respons, UnitLayanan

from .factories import UnitLayananFactory, respons

V8 = [(4, 3, 3, 4, 3, 4, 4, 3, 3), (3, 3, 2, 4, 3, 3, 4, 2, 3), (4, 4, 3, 4, 4, 4, 4, 3, 4),
      (3, 3, 3, 4, 3, 3, 3, 3, 3), (4, 3, 3, 4, 4, 4, 4, 3, 3)]  # fmt: skip
D = dt.date(2026, 5, 10)


@pytest.fixture
def units(opd_bungo):
    return [UnitLayananFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi) for _ in range(3)]


def test_per_unit_ikm_in_one_query(units):
    for row in V8:
        respons(units[0], row, tanggal=D)
    respons(units[1], (4,) * 9, tanggal=D)
    respons(units[1], (1,) * 9, tanggal=D - dt.timedelta(days=400))  # outside the period
    with CaptureQueriesContext(connection) as ctx:
        rows = selectors.hasil_per_unit(
            responses=Respons.objects.all(), units=units, start=dt.date(2026, 4, 1), end=dt.date(2026, 6, 30)
        )
    assert len(ctx.captured_queries) == 1
    assert str(rows[0]["hasil"].nilai) == "84.44" and rows[0]["jumlah_nilai"] == [
        18,
        16,
        14,
        20,
        17,
        18,
        19,
        14,
        16,
    ]
    assert str(rows[1]["hasil"].nilai) == "100.00"
    assert rows[2]["hasil"] is None


def test_unit_summary_one_query(units):
    for row in V8:
        respons(units[0], row, tanggal=D)
    with CaptureQueriesContext(connection) as ctx:
        r = selectors.ringkasan_unit(unit=units[0], start=D, end=D)
    assert len(ctx.captured_queries) == 1
    assert r["hasil"].mutu == "B"


@pytest.mark.parametrize(
    ("jenis", "index", "count"), [("bulan", 4, 12), ("triwulan", 1, 4), ("semester", 0, 2)]
)
def test_trend_groups_by_period_in_one_query(units, jenis, index, count):
    respons(units[0], (4,) * 9, tanggal=D)
    respons(units[0], (2,) * 9, tanggal=dt.date(2026, 12, 2))
    with CaptureQueriesContext(connection) as ctx:
        t = selectors.tren(responses=Respons.objects.all(), jenis=jenis, tahun=2026)
    assert len(ctx.captured_queries) == 1
    assert len(t) == count
    assert str(t[index]["hasil"].nilai) == "100.00"
    assert str(t[-1]["hasil"].nilai) == "50.00"


def test_trend_by_year(units):
    respons(units[0], (3,) * 9, tanggal=dt.date(2024, 3, 1))
    t = selectors.tren(responses=Respons.objects.all(), jenis="tahun", tahun=2026)
    assert [x["label"] for x in t] == ["2022", "2023", "2024", "2025", "2026"]
    assert str(t[2]["hasil"].nilai) == "75.00" and t[4]["hasil"] is None


def test_respondent_profile_one_query(units):
    respons(units[0], tanggal=D, usia=19, jenis_kelamin="L")
    respons(units[0], tanggal=D, usia=65, pendidikan="S2")
    with CaptureQueriesContext(connection) as ctx:
        p = selectors.profil_responden(responses=Respons.objects.all())
    assert len(ctx.captured_queries) == 1
    assert dict(p["usia"])["< 20"] == 1 and dict(p["usia"])["≥ 60"] == 1
    assert dict(p["pendidikan"])["S2"] == 1


def test_report_section(units, instansi_bungo, instansi_bengkulu):
    for row in V8:
        respons(units[0], row, tanggal=D)
    respons(units[1], (4,) * 9, tanggal=D, saran="bagus")
    other = UnitLayananFactory(
        unit_kerja=UnitKerjaFactory(instansi=instansi_bengkulu), instansi=instansi_bengkulu
    )
    respons(other, (1,) * 9, tanggal=D)
    sec = report.report_section(
        instansi_id=instansi_bungo.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    summary = dict(sec["summary"])
    assert summary["Responden"] == 6 and summary["Saran masuk"] == 1
    expected = rules.hitung([a + 4 for a in [18, 16, 14, 20, 17, 18, 19, 14, 16]], 6)
    assert summary["IKM instansi (25–100)"] == str(expected.nilai)
    assert len(sec["tables"][0]["rows"]) == 2 and sec["charts"][0]["labels"]


def test_public_instansi_ikm_from_summed_scores(instansi_bungo, units):
    for u, sums, n in ((units[0], [18, 16, 14, 20, 17, 18, 19, 14, 16], 5), (units[1], [40] * 9, 10)):
        h = rules.hitung(sums, n)
        PublikasiIKM.objects.create(
            instansi=instansi_bungo, unit=u, jenis_periode="tahun", tahun=2026, nomor=1, jumlah_responden=n,
            jumlah_nilai=sums, bobot="exact", nilai=h.nilai, mutu=h.mutu, kinerja=h.kinerja,
        )  # fmt: skip
    groups = selectors.publik_per_instansi(selectors.publik_publikasi())
    assert len(groups) == 1
    # (30.4×5 + 36×10)/15 per unsur mean, not the mean of 84.44 and 100.00.
    assert groups[0]["hasil"].nilai == rules.hitung([58, 56, 54, 60, 57, 58, 59, 54, 56], 15).nilai


def test_demo_seed_small_is_idempotent(instansi_bungo):
    UnitKerjaFactory(instansi=instansi_bungo, singkatan="Disdukcapil", nama="Disdukcapil")
    UnitKerjaFactory(instansi=instansi_bungo, singkatan="Dinkes", nama="Dinas Kesehatan")
    out = io.StringIO()
    demo.seed(instansi_list=[instansi_bungo], rng=random.Random(1), scale="small", stdout=out)
    assert UnitLayanan.objects.count() == 2
    assert Respons.objects.count() == 2 * demo.PER_UNIT_SMALL
    demo.seed(instansi_list=[instansi_bungo], rng=random.Random(1), scale="small", stdout=out)
    assert Respons.objects.count() == 2 * demo.PER_UNIT_SMALL
