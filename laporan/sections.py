"""The sections of a periodic report. Laporan builds the kepegawaian section itself; every other module
provides `<app>/report.py: report_section(*, instansi_id, start, end)`, read here through importlib. A module
without report.py, or whose section raises, gets a placeholder section saying so: the report never fails
because one module is missing or broken. Transient infrastructure errors (database/broker connection) are
re-raised so the task is retried with backoff instead of producing an incomplete report.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear, Substr
from django.utils.translation import gettext as _

from kepegawaian import rules as kp_rules
from kepegawaian import selectors as kp_selectors
from kepegawaian.choices import (
    JenisJabatan,
    JenisKelamin,
    JenisRiwayatJabatan,
    Jenjang,
    Pendidikan,
    StatusAktif,
    StatusKepegawaian,
)
from kepegawaian.models import Pegawai, RiwayatJabatan, UnitKerja

from . import conf, rules

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


def _empty(title: str, note: str, *, status: str) -> dict:
    return {"title": title, "summary": [], "tables": [], "charts": [], "note": note, "status": status}


def load_section(app: str, *, instansi_id, start: dt.date, end: dt.date) -> dict:
    """One module's section, or a placeholder when the module has no report.py or its section fails."""
    title = app.capitalize()
    try:
        module = importlib.import_module(f"{app}.report")
    except ModuleNotFoundError as exc:
        if exc.name not in (f"{app}.report", app):
            logger.exception("laporan: report module of %s failed to import", app)
            return _empty(title, _("Bagian ini gagal dimuat: %(err)s") % {"err": exc}, status="error")
        return _empty(title, _("Modul %(app)s belum tersedia.") % {"app": title}, status="missing")
    except Exception as exc:
        logger.exception("laporan: report module of %s failed to import", app)
        return _empty(title, _("Bagian ini gagal dimuat: %(err)s") % {"err": exc}, status="error")
    func = getattr(module, "report_section", None)
    if func is None:
        return _empty(title, _("Modul %(app)s belum tersedia.") % {"app": title}, status="missing")
    try:
        section = func(instansi_id=instansi_id, start=start, end=end)
    except TRANSIENT:
        raise  # retried by the task (PortalTask.autoretry_for / run again by job_retry)
    except DatabaseError as exc:
        logger.exception("laporan: section %s failed", app)
        return _empty(title, _("Bagian ini gagal dibuat: %(err)s") % {"err": exc}, status="error")
    except Exception as exc:
        logger.exception("laporan: section %s failed", app)
        return _empty(title, _("Bagian ini gagal dibuat: %(err)s") % {"err": exc}, status="error")
    return normalise(section, default_title=title)


def normalise(section, *, default_title: str) -> dict:
    """Accept a section dict from another module defensively: missing keys become empty lists."""
    if not isinstance(section, dict):
        return _empty(default_title, _("Bagian ini mengembalikan data yang tidak dikenal."), status="error")
    return {
        "title": str(section.get("title") or default_title),
        "summary": [(str(lb), v) for lb, v in (section.get("summary") or [])],
        "tables": [
            {
                "title": str(t.get("title", "")),
                "headers": [str(h) for h in t.get("headers", [])],
                "rows": [list(r) for r in t.get("rows", [])],
            }
            for t in (section.get("tables") or [])
        ],
        "charts": [
            {
                "title": str(c.get("title", "")),
                "labels": [str(lb) for lb in c.get("labels", [])],
                "values": [float(v or 0) for v in c.get("values", [])],
            }
            for c in (section.get("charts") or [])
        ],
        "note": str(section.get("note", "")),
        "status": "ok",
    }


def all_sections(*, instansi_id, start: dt.date, end: dt.date, progress=None) -> list[dict]:
    """Every section of the report, kepegawaian first."""
    out = [kepegawaian_section(instansi_id=instansi_id, start=start, end=end)]
    for i, app in enumerate(conf.SECTION_APPS):
        if progress:
            progress(10 + int(40 * i / len(conf.SECTION_APPS)))
        out.append(load_section(app, instansi_id=instansi_id, start=start, end=end))
    return out


# --- Kepegawaian section (built here from kepegawaian's models and rules) --------------------------------------
def bup_expression(prefix: str = "jabatan__"):
    """BUP per pegawai as a database expression generated from kepegawaian.rules.bup (one When per combination,
    so the rule stays the single source)."""
    whens = []
    for jenis in JenisJabatan.values:
        for jenjang in Jenjang.values:
            age = kp_rules.bup(jenis, jenjang)
            if age != kp_rules.bup("", ""):
                whens.append(When(**{f"{prefix}jenis": jenis, f"{prefix}jenjang": jenjang}, then=Value(age)))
    return Case(*whens, default=Value(kp_rules.bup("", "")), output_field=IntegerField())


def pensiun_annotations(qs):
    """Annotate `bup`, `pensiun_tahun`, `pensiun_bulan` (TMT pensiun: 1st of the month after reaching BUP,
    kepegawaian.rules.tmt_pensiun) computed in the database."""
    lahir_bulan = ExtractMonth("tanggal_lahir")
    return qs.annotate(
        bup=bup_expression(),
        lahir_tahun=ExtractYear("tanggal_lahir"),
        lahir_bulan=lahir_bulan,
    ).annotate(
        pensiun_tahun=F("lahir_tahun")
        + F("bup")
        + Case(When(lahir_bulan=12, then=Value(1)), default=Value(0), output_field=IntegerField()),
        pensiun_bulan=Case(
            When(lahir_bulan=12, then=Value(1)), default=F("lahir_bulan") + 1, output_field=IntegerField()
        ),
    )


def _counts(qs, field, choices=None) -> list[tuple[str, int]]:
    rows = {r[field]: r["n"] for r in qs.values(field).annotate(n=Count("id")).order_by(field)}
    if choices is None:
        return [(str(k or "—"), v) for k, v in rows.items()]
    labels = dict(choices)
    out = [(str(labels[k]), rows.get(k, 0)) for k in labels if rows.get(k)]
    other = sum(v for k, v in rows.items() if k not in labels)
    if other:
        out.append((_("Tidak diisi"), other))
    return out


def _golongan_ruang(qs) -> list[tuple[str, int]]:
    """Count per golongan (I–IV for PNS/CPNS, PPPK separately), in the database."""
    agg = qs.aggregate(
        **{f"g{g}": Count("id", filter=Q(golongan__startswith=f"{g}/")) for g in ("I", "II", "III", "IV")},
        pppk=Count("id", filter=Q(status_kepegawaian=StatusKepegawaian.PPPK)),
        kosong=Count("id", filter=Q(golongan="")),
    )
    out = [(f"Golongan {g}", agg[f"g{g}"]) for g in ("I", "II", "III", "IV")]
    out.append((_("PPPK"), agg["pppk"]))
    if agg["kosong"]:
        out.append((_("Tidak diisi"), agg["kosong"]))
    return out


def _usia(qs, pada: dt.date) -> list[tuple[str, int]]:
    agg = {}
    for i, (lo, hi, _label) in enumerate(rules.KELOMPOK_USIA):
        # Age in [lo, hi): born on/before (pada - lo years) and after (pada - hi years).
        q = Q()
        if lo:
            q &= Q(tanggal_lahir__lte=kp_rules.tanggal_bup(pada, -lo))
        if hi < 200:
            q &= Q(tanggal_lahir__gt=kp_rules.tanggal_bup(pada, -hi))
        agg[f"u{i}"] = Count("id", filter=q)
    res = qs.aggregate(**agg)
    return [(label, res[f"u{i}"]) for i, (_lo, _hi, label) in enumerate(rules.KELOMPOK_USIA)]


def _per_opd(qs, instansi_id) -> list[tuple[str, int]]:
    """Active pegawai per perangkat daerah (top-level unit: the first 7 characters of the unit path)."""
    rows = (
        qs.exclude(unit_kerja__isnull=True)
        .annotate(opd_path=Substr("unit_kerja__path", 1, 7))
        .values("opd_path")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    names = dict(
        UnitKerja.objects.for_instansi(instansi_id).filter(parent__isnull=True).values_list("path", "nama")
    )
    return [(names.get(r["opd_path"], r["opd_path"]), r["n"]) for r in rows]


def kepegawaian_section(*, instansi_id, start: dt.date, end: dt.date) -> dict:
    """Workforce composition and its change in [start, end], ABK gaps and retirements ahead.

    Composition is the state at generation time (Pegawai holds the current state). Exits are pegawai no longer
    aktif whose record changed in the period (the model has no exit date yet: UNCONFIRMED proxy, updated_at).
    """
    pegawai = Pegawai.objects.for_instansi(instansi_id)
    aktif = pegawai.filter(status_aktif=StatusAktif.AKTIF)
    summary_agg = aktif.aggregate(
        total=Count("id"),
        pns=Count("id", filter=Q(status_kepegawaian=StatusKepegawaian.PNS)),
        cpns=Count("id", filter=Q(status_kepegawaian=StatusKepegawaian.CPNS)),
        pppk=Count("id", filter=Q(status_kepegawaian=StatusKepegawaian.PPPK)),
        perempuan=Count("id", filter=Q(jenis_kelamin=JenisKelamin.P)),
    )
    masuk = pegawai.filter(tmt_cpns__gte=start, tmt_cpns__lte=end)
    masuk_per_status = _counts(masuk, "status_kepegawaian", StatusKepegawaian.choices)
    keluar = pegawai.exclude(status_aktif=StatusAktif.AKTIF).filter(
        updated_at__date__gte=start, updated_at__date__lte=end
    )
    keluar_per_status = _counts(keluar, "status_aktif", StatusAktif.choices)
    mutasi_jenis = [JenisRiwayatJabatan.MUTASI, JenisRiwayatJabatan.PROMOSI, JenisRiwayatJabatan.ROTASI]
    mutasi = RiwayatJabatan.objects.for_instansi(instansi_id).filter(
        jenis__in=mutasi_jenis, tmt_mulai__gte=start, tmt_mulai__lte=end
    )
    mutasi_per_jenis = _counts(
        mutasi, "jenis", [(k, v) for k, v in JenisRiwayatJabatan.choices if k in mutasi_jenis]
    )

    # Retirements ahead: TMT pensiun after the period, in the next N calendar years (database arithmetic).
    tahun_awal = (end + dt.timedelta(days=1)).year
    tahun_akhir = tahun_awal + conf.pensiun_tahun_ke_depan() - 1
    pensiun_rows = (
        pensiun_annotations(aktif.exclude(status_kepegawaian=StatusKepegawaian.PPPK))
        .annotate(pensiun_idx=F("pensiun_tahun") * 12 + F("pensiun_bulan"))
        .filter(pensiun_idx__gt=end.year * 12 + end.month, pensiun_tahun__lte=tahun_akhir)
        .values("pensiun_tahun")
        .annotate(n=Count("id"))
        .order_by("pensiun_tahun")
    )
    pensiun_map = {r["pensiun_tahun"]: r["n"] for r in pensiun_rows}
    pensiun = [(str(y), pensiun_map.get(y, 0)) for y in range(tahun_awal, tahun_akhir + 1)]

    abk = kp_selectors.kebutuhan_jabatan(instansi_id=instansi_id)
    kebutuhan = sum(r["kebutuhan"] for r in abk)
    bezetting = sum(r["bezetting"] for r in abk)
    kurang = sum(r["selisih"] for r in abk if r["selisih"] > 0)
    lebih = -sum(r["selisih"] for r in abk if r["selisih"] < 0)
    per_unit: dict[str, list[int]] = {}
    for r in abk:
        acc = per_unit.setdefault(r["unit_kerja"] or "—", [0, 0, 0])
        acc[0] += r["kebutuhan"]
        acc[1] += r["bezetting"]
        acc[2] += max(r["selisih"], 0)
    abk_rows = sorted(([u, *v] for u, v in per_unit.items()), key=lambda row: (-row[3], row[0]))[:15]

    golongan = _golongan_ruang(aktif)
    opd = _per_opd(aktif, instansi_id)
    return {
        "title": _("Kepegawaian"),
        "summary": [
            (_("Pegawai aktif"), summary_agg["total"]),
            (_("PNS"), summary_agg["pns"]),
            (_("CPNS"), summary_agg["cpns"]),
            (_("PPPK"), summary_agg["pppk"]),
            (_("Perempuan"), summary_agg["perempuan"]),
            (_("Masuk dalam periode (TMT CPNS/pengangkatan)"), sum(v for _lb, v in masuk_per_status)),
            (_("Keluar dalam periode"), sum(v for _lb, v in keluar_per_status)),
            (_("Mutasi, promosi dan rotasi dalam periode"), sum(v for _lb, v in mutasi_per_jenis)),
            (_("Pensiun %(a)s–%(b)s") % {"a": tahun_awal, "b": tahun_akhir}, sum(v for _lb, v in pensiun)),
            (_("Kebutuhan jabatan (ABK)"), kebutuhan),
            (_("Bezetting"), bezetting),
            (_("Kekurangan pegawai"), kurang),
            (_("Kelebihan pegawai"), lebih),
        ],
        "tables": [
            {
                "title": _("Komposisi menurut status kepegawaian"),
                "headers": [_("Status"), _("Jumlah")],
                "rows": [list(r) for r in _counts(aktif, "status_kepegawaian", StatusKepegawaian.choices)],
            },
            {
                "title": _("Komposisi menurut golongan"),
                "headers": [_("Golongan"), _("Jumlah")],
                "rows": [list(r) for r in golongan],
            },
            {
                "title": _("Komposisi menurut pendidikan terakhir"),
                "headers": [_("Pendidikan"), _("Jumlah")],
                "rows": [list(r) for r in _counts(aktif, "pendidikan_terakhir", Pendidikan.choices)],
            },
            {
                "title": _("Komposisi menurut jenis kelamin"),
                "headers": [_("Jenis kelamin"), _("Jumlah")],
                "rows": [list(r) for r in _counts(aktif, "jenis_kelamin", JenisKelamin.choices)],
            },
            {
                "title": _("Komposisi menurut jenis jabatan"),
                "headers": [_("Jenis jabatan"), _("Jumlah")],
                "rows": [list(r) for r in _counts(aktif, "jabatan__jenis", JenisJabatan.choices)],
            },
            {
                "title": _("Komposisi menurut kelompok usia"),
                "headers": [_("Usia"), _("Jumlah")],
                "rows": [list(r) for r in _usia(aktif, end)],
            },
            {
                "title": _("Pegawai aktif per perangkat daerah"),
                "headers": [_("Perangkat daerah"), _("Jumlah")],
                "rows": [list(r) for r in opd],
            },
            {
                "title": _("Pegawai masuk menurut status"),
                "headers": [_("Status"), _("Jumlah")],
                "rows": [list(r) for r in masuk_per_status],
            },
            {
                "title": _("Pegawai keluar menurut status"),
                "headers": [_("Status"), _("Jumlah")],
                "rows": [list(r) for r in keluar_per_status],
            },
            {
                "title": _("Mutasi jabatan menurut jenis"),
                "headers": [_("Jenis"), _("Jumlah")],
                "rows": [list(r) for r in mutasi_per_jenis],
            },
            {
                "title": _("Perkiraan pensiun (BUP) per tahun"),
                "headers": [_("Tahun"), _("Jumlah")],
                "rows": [[y, n] for y, n in pensiun],
            },
            {
                "title": _("Kesenjangan ABK: 15 unit dengan kekurangan terbesar"),
                "headers": [_("Unit kerja"), _("Kebutuhan"), _("Bezetting"), _("Kekurangan")],
                "rows": abk_rows,
            },
        ],
        "charts": [
            {
                "title": _("Pegawai aktif per golongan"),
                "labels": [g for g, _n in golongan],
                "values": [n for _lb, n in golongan],
            },
            {
                "title": _("Pegawai aktif per perangkat daerah (10 terbesar)"),
                "labels": [u for u, _n in opd[:10]],
                "values": [n for _lb, n in opd[:10]],
            },
            {
                "title": _("Perkiraan pensiun per tahun"),
                "labels": [y for y, _n in pensiun],
                "values": [n for _lb, n in pensiun],
            },
        ],
        "note": "",
        "status": "ok",
    }
