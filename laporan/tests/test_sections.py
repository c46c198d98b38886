import datetime as dt
import sys
import types

import pytest
from django.db import OperationalError

from asnportal.testing.factories import JabatanFactory, PegawaiFactory
from kepegawaian import rules as kp_rules
from kepegawaian.models import Pegawai, RiwayatJabatan
from laporan import rules, sections, selectors

pytestmark = pytest.mark.django_db


def _summary(section):
    return dict(section["summary"])


def _table(section, title_start):
    return next(t for t in section["tables"] if t["title"].startswith(title_start))


def test_kepegawaian_section_counts(workforce_bungo, instansi_bungo, pegawai_bengkulu):
    p_new = workforce_bungo["people"][0]
    RiwayatJabatan.objects.create(
        pegawai=p_new, nama_jabatan="Analis", jenis="mutasi", tmt_mulai=dt.date(2026, 1, 15)
    )
    RiwayatJabatan.objects.create(
        pegawai=p_new, nama_jabatan="Analis", jenis="koreksi", tmt_mulai=dt.date(2026, 1, 20)
    )
    s = sections.kepegawaian_section(
        instansi_id=instansi_bungo.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)
    )
    summary = _summary(s)
    # kepala, staf and two active in the sub-unit; the retired one and Bengkulu's pegawai are not counted.
    assert summary["Pegawai aktif"] == 4
    assert summary["Masuk dalam periode (TMT CPNS/pengangkatan)"] == 1
    assert summary["Mutasi, promosi dan rotasi dalam periode"] == 1
    gol = dict(map(tuple, _table(s, "Komposisi menurut golongan")["rows"]))
    assert gol["Golongan II"] == 1 and gol["Golongan IV"] == 1 and gol["Golongan III"] == 2
    # ABK: the sub-unit's jabatan needs 4 and has 2 active incumbents.
    # Units are named with their place (issue 16): "Bidang Mutasi · <its OPD>".
    abk = {r[0].split(" · ")[0]: r for r in _table(s, "Kesenjangan ABK")["rows"]}
    assert abk["Bidang Mutasi"][1:] == [4, 2, 2] and " · " in abk["Bidang Mutasi"][0]
    assert {c["title"] for c in s["charts"]} >= {"Pegawai aktif per golongan"}


def test_exits_counted_in_period_of_change(workforce_bungo, instansi_bungo):
    today = dt.date.today()
    s = sections.kepegawaian_section(instansi_id=instansi_bungo.pk, start=today.replace(day=1), end=today)
    assert _summary(s)["Keluar dalam periode"] == 1
    assert dict(map(tuple, _table(s, "Pegawai keluar")["rows"])) == {"Pensiun": 1}


@pytest.mark.parametrize(
    ("lahir", "jenis", "jenjang"),
    [
        (dt.date(1968, 3, 10), "PELAKSANA", ""),
        (dt.date(1968, 12, 5), "PELAKSANA", ""),
        (dt.date(1967, 7, 1), "JPT", "JPT_PRATAMA"),
        (dt.date(1962, 2, 28), "FUNGSIONAL", "AHLI_UTAMA"),
        (dt.date(1966, 1, 31), "FUNGSIONAL", "AHLI_MADYA"),
        (dt.date(1968, 5, 5), "FUNGSIONAL", "AHLI_MUDA"),
    ],
)
def test_pensiun_in_database_matches_rules(opd_bungo, lahir, jenis, jenjang):
    jab = JabatanFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi, jenis=jenis, jenjang=jenjang)
    p = PegawaiFactory(jabatan=jab)
    Pegawai.objects.filter(pk=p.pk).update(tanggal_lahir=lahir)
    row = sections.pensiun_annotations(Pegawai.objects.filter(pk=p.pk)).values(
        "bup", "pensiun_tahun", "pensiun_bulan"
    )[0]
    usia = kp_rules.bup(jenis, jenjang)
    expected = kp_rules.tmt_pensiun(lahir, usia)
    assert (row["bup"], row["pensiun_tahun"], row["pensiun_bulan"]) == (usia, expected.year, expected.month)


def test_retirements_ahead_table(opd_bungo, instansi_bungo):
    jab = JabatanFactory(unit_kerja=opd_bungo, instansi=instansi_bungo, jenis="PELAKSANA")
    for lahir in (dt.date(1968, 6, 1), dt.date(1969, 2, 1), dt.date(1968, 1, 10)):
        p = PegawaiFactory(jabatan=jab)
        Pegawai.objects.filter(pk=p.pk).update(tanggal_lahir=lahir)
    s = sections.kepegawaian_section(
        instansi_id=instansi_bungo.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31)
    )
    table = {r[0]: r[1] for r in _table(s, "Perkiraan pensiun")["rows"]}
    # 1968-06 → BUP 58 in 2026-06 → TMT 2026-07 (after March): counted in 2026; 1968-01 → TMT 2026-02: already
    # before the period's end, not "ahead"; 1969-02 → 2027-03.
    assert table["2026"] == 1
    assert table["2027"] == 1
    assert list(table) == ["2026", "2027", "2028", "2029", "2030"]


def test_duk_database_order_matches_rule(opd_bungo, instansi_bungo):
    d = dt.date
    j_admin = JabatanFactory(
        unit_kerja=opd_bungo, instansi=instansi_bungo, jenis="ADMINISTRATOR", kelas_jabatan=11
    )
    j_pel7 = JabatanFactory(unit_kerja=opd_bungo, instansi=instansi_bungo, jenis="PELAKSANA", kelas_jabatan=7)
    j_pel5 = JabatanFactory(unit_kerja=opd_bungo, instansi=instansi_bungo, jenis="PELAKSANA", kelas_jabatan=5)
    specs = [
        (j_pel5, "III/a", d(2020, 4, 1), d(2010, 1, 1)),
        (j_pel7, "III/a", d(2020, 4, 1), d(2010, 1, 1)),
        (j_admin, "III/a", d(2020, 4, 1), d(2012, 1, 1)),
        (j_pel5, "III/a", d(2018, 4, 1), d(2012, 1, 1)),
        (j_pel5, "IV/a", d(2024, 4, 1), d(2015, 1, 1)),
        (j_pel5, "III/a", d(2020, 4, 1), d(2008, 1, 1)),
        (j_pel5, "II/d", None, d(2000, 1, 1)),
    ]
    for jab, gol, tmt_gol, tmt_cpns in specs:
        PegawaiFactory(jabatan=jab, golongan=gol, tmt_golongan=tmt_gol, tmt_cpns=tmt_cpns)
    pppk = PegawaiFactory(jabatan=j_admin, golongan="XVII", status_kepegawaian="PPPK")
    rows = list(selectors.duk_queryset(instansi_id=instansi_bungo.pk))
    assert pppk.pk not in [r["id"] for r in rows] and len(rows) == len(specs)
    expected = sorted(
        rows,
        key=lambda r: (
            rules.duk_sort_key(
                golongan_rank=kp_rules.golongan_rank(r["golongan"]),
                tmt_golongan=r["tmt_golongan"],
                jenis_jabatan=r["jabatan__jenis"],
                kelas_jabatan=r["jabatan__kelas_jabatan"],
                tmt_cpns=r["tmt_cpns"],
                tanggal_lahir=r["tanggal_lahir"],
            ),
            r["id"],
        ),
    )
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    assert rows[0]["golongan"] == "IV/a" and rows[-1]["golongan"] == "II/d"


def _fake_module(monkeypatch, app, func):
    mod = types.ModuleType(f"{app}.report")
    if func is not None:
        mod.report_section = func
    monkeypatch.setitem(sys.modules, f"{app}.report", mod)


def test_missing_module_gives_placeholder(monkeypatch):
    monkeypatch.setitem(sys.modules, "tidakada", types.ModuleType("tidakada"))
    s = sections.load_section("tidakada", instansi_id=1, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    assert s["status"] == "missing"
    assert s["note"] == "Modul Tidakada belum tersedia."


def test_failing_section_is_reported_not_raised(monkeypatch):
    def boom(**kw):
        raise KeyError("kolom hilang")

    _fake_module(monkeypatch, "kinerja", boom)
    s = sections.load_section("kinerja", instansi_id=1, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    assert s["status"] == "error"
    assert "kolom hilang" in s["note"]


def test_transient_error_is_raised_for_retry(monkeypatch):
    def down(**kw):
        raise OperationalError("server closed the connection")

    _fake_module(monkeypatch, "kinerja", down)
    with pytest.raises(OperationalError):
        sections.load_section("kinerja", instansi_id=1, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))


def test_section_from_module_is_normalised(monkeypatch):
    captured = {}

    def section(*, instansi_id, start, end):
        captured.update(instansi_id=instansi_id, start=start, end=end)
        return {
            "title": "Kinerja",
            "summary": [("SKP selesai", 12)],
            "charts": [{"title": "P", "labels": ["A"], "values": [3]}],
        }

    _fake_module(monkeypatch, "kinerja", section)
    s = sections.load_section("kinerja", instansi_id=7, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    assert captured == {"instansi_id": 7, "start": dt.date(2026, 1, 1), "end": dt.date(2026, 1, 31)}
    assert s["status"] == "ok" and s["tables"] == [] and s["summary"] == [("SKP selesai", 12)]
    assert s["charts"][0]["values"] == [3.0]
