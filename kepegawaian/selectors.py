"""Reads for pages, the API, exports and reports. Each starts from `for_user` (or `for_instansi`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from . import conf, rules
from .choices import JenisJabatan, JenisKelamin, Pendidikan, StatusAktif, StatusKepegawaian
from .models import Instansi, Jabatan, Pegawai, UnitKerja, UraianTugas


def pegawai_list(*, user):
    return Pegawai.objects.for_user(user).select_related("unit_kerja", "jabatan", "instansi")


def pegawai_detail(*, user, pk):
    from asnportal.scoping import get_scoped_or_404

    qs = Pegawai.objects.for_user(user).select_related("unit_kerja", "jabatan__parent", "instansi")
    return get_scoped_or_404(qs, user, pk=pk)


def unit_kerja_list(*, user):
    return UnitKerja.objects.for_user(user).select_related("instansi", "parent")


def jabatan_list(*, user):
    return Jabatan.objects.for_user(user).select_related("unit_kerja", "parent", "instansi")


def instansi_list(*, user):
    return Instansi.objects.for_user(user)


def komposisi(*, user, field: str):
    """Count of active pegawai per value of `field`, computed in the database."""
    return list(
        Pegawai.objects.for_user(user)
        .filter(status_aktif=StatusAktif.AKTIF)
        .values(field)
        .annotate(jumlah=Count("id"))
        .order_by(field)
    )


def dashboard_summary(*, user) -> dict:
    qs = Pegawai.objects.for_user(user)
    agg = qs.aggregate(
        total=Count("id", filter=Q(status_aktif=StatusAktif.AKTIF)),
        pns=Count("id", filter=Q(status_aktif=StatusAktif.AKTIF, status_kepegawaian__in=["PNS", "CPNS"])),
        pppk=Count("id", filter=Q(status_aktif=StatusAktif.AKTIF, status_kepegawaian="PPPK")),
        perempuan=Count("id", filter=Q(status_aktif=StatusAktif.AKTIF, jenis_kelamin="P")),
    )
    agg["unit"] = UnitKerja.objects.for_user(user).filter(parent__isnull=True).count()
    agg["jabatan"] = Jabatan.objects.for_user(user).count()
    return agg


def kebutuhan_jabatan(*, instansi_id, unit_path: str | None = None) -> list[dict]:
    """Kebutuhan (needed) vs bezetting (filled) per jabatan, computed in the database.

    Contract used by rekrutmen (formasi proposals) and laporan: a list of
    {"jabatan_id", "jabatan", "unit_kerja_id", "unit_kerja", "kebutuhan", "bezetting", "selisih"}, where
    selisih = kebutuhan - bezetting (positive: shortage). Kebutuhan is Jabatan.jumlah_formasi, which the ABK
    module sets from the workload analysis.
    """
    qs = Jabatan.objects.for_instansi(instansi_id).filter(aktif=True)
    if unit_path:
        qs = qs.filter(unit_kerja__path__startswith=unit_path)
    rows = qs.annotate(
        bezetting=Count("pemangku", filter=Q(pemangku__status_aktif=StatusAktif.AKTIF))
    ).values("id", "nama", "unit_kerja_id", "unit_kerja__label", "jumlah_formasi", "bezetting")
    return [
        {
            "jabatan_id": r["id"],
            "jabatan": r["nama"],
            "unit_kerja_id": r["unit_kerja_id"],
            "unit_kerja": r["unit_kerja__label"],
            "kebutuhan": r["jumlah_formasi"],
            "bezetting": r["bezetting"],
            "selisih": r["jumlah_formasi"] - r["bezetting"],
        }
        for r in rows
    ]


# =============================================================================================================
# ABK
# =============================================================================================================
def _beban_expr(prefix: str = ""):
    """Σ (volume × annual factor × norma waktu) in the database (domain.md §4.3)."""
    faktor = Case(
        *[When(**{f"{prefix}periode": k}, then=Value(v)) for k, v in rules.FAKTOR_PERIODE.items()],
        default=Value(1),
        output_field=IntegerField(),
    )
    return ExpressionWrapper(
        F(f"{prefix}volume") * faktor * F(f"{prefix}norma_waktu"),
        output_field=DecimalField(max_digits=20, decimal_places=2),
    )


def abk_total_beban(*, jabatan_id) -> Decimal | None:
    """Σ beban kerja (minutes/year) of a jabatan; None when it has no uraian tugas."""
    agg = UraianTugas.objects.filter(jabatan_id=jabatan_id).aggregate(total=Sum(_beban_expr()), n=Count("id"))
    return Decimal(agg["total"] or 0) if agg["n"] else None


def abk_jabatan(*, jabatan: Jabatan) -> dict:
    """The workload table of one jabatan with its totals, kebutuhan and EJ."""
    tugas = list(UraianTugas.objects.filter(jabatan=jabatan))
    total = sum((t.beban_kerja for t in tugas), Decimal(0))
    wke = conf.wke_menit(jabatan.instansi)
    bezetting = Pegawai.objects.filter(jabatan=jabatan, status_aktif=StatusAktif.AKTIF).count()
    kebutuhan = rules.kebutuhan_pegawai(total, wke) if tugas else None
    ej = rules.efektivitas_jabatan(total, bezetting, wke) if tugas else None
    return {
        "tugas": tugas,
        "total_beban": total,
        "wke": wke,
        "kebutuhan": kebutuhan,
        "kebutuhan_bulat": rules.kebutuhan_dibulatkan(kebutuhan) if kebutuhan is not None else None,
        "bezetting": bezetting,
        "ej": ej,
        "predikat_ej": rules.predikat_ej(ej),
    }


def bezetting_per_unit(*, instansi_id, unit_path: str | None = None) -> dict:
    """Kebutuhan vs bezetting rolled up: per jabatan (the kebutuhan_jabatan contract), per OPD (top-level unit,
    including its whole subtree) and for the instansi, with shortage (+) or surplus (−)."""
    rows = kebutuhan_jabatan(instansi_id=instansi_id, unit_path=unit_path)
    units = dict(UnitKerja.objects.for_instansi(instansi_id).values_list("id", "path"))
    tops = dict(UnitKerja.objects.for_instansi(instansi_id).filter(depth=0).values_list("id", "nama"))
    per_opd: dict[int, dict] = {}
    for r in rows:
        top = int(units.get(r["unit_kerja_id"], "0.").split(".")[0] or 0)
        agg = per_opd.setdefault(
            top, {"unit_id": top, "unit": tops.get(top, "?"), "kebutuhan": 0, "bezetting": 0, "selisih": 0}
        )
        agg["kebutuhan"] += r["kebutuhan"]
        agg["bezetting"] += r["bezetting"]
        agg["selisih"] += r["selisih"]
    total = {
        "kebutuhan": sum(r["kebutuhan"] for r in rows),
        "bezetting": sum(r["bezetting"] for r in rows),
    }
    total["selisih"] = total["kebutuhan"] - total["bezetting"]
    return {
        "jabatan": rows,
        "unit": sorted(per_opd.values(), key=lambda a: a["unit"]),
        "instansi": total,
    }


# =============================================================================================================
# Org chart
# =============================================================================================================
def struktur_organisasi(*, user, instansi_id, root: UnitKerja | None = None) -> list[dict]:
    """The unit tree with positions, incumbents and vacancies, in a fixed number of queries.

    Returns the root nodes; each {"unit", "jabatan": [{"jabatan", "pemangku": [...], "lowong"}], "children"}.
    Incumbents are read through for_user (an ASN sees names of positions, not other people's records beyond
    what reference data shows: the org chart is shown to those who may read the instansi or the unit)."""
    units_qs = UnitKerja.objects.for_instansi(instansi_id).filter(aktif=True)
    if root is not None:
        units_qs = units_qs.filter(path__startswith=root.path)
    units = list(units_qs.order_by("path"))
    unit_ids = [u.pk for u in units]
    jabatan = list(
        Jabatan.objects.filter(unit_kerja_id__in=unit_ids, aktif=True).order_by("-is_kepala_unit", "nama")
    )
    pemangku: dict[int, list] = {}
    for p in (
        Pegawai.objects.for_user(user)
        .filter(jabatan_id__in=[j.pk for j in jabatan], status_aktif=StatusAktif.AKTIF)
        .only("id", "nama", "gelar_depan", "gelar_belakang", "nip", "golongan", "jabatan_id")
        .order_by("nama")
    ):
        pemangku.setdefault(p.jabatan_id, []).append(p)
    by_unit: dict[int, list] = {}
    for j in jabatan:
        holders = pemangku.get(j.pk, [])
        by_unit.setdefault(j.unit_kerja_id, []).append(
            {"jabatan": j, "pemangku": holders, "lowong": max(0, j.jumlah_formasi - len(holders))}
        )
    nodes = {u.pk: {"unit": u, "jabatan": by_unit.get(u.pk, []), "children": []} for u in units}
    roots = []
    for u in units:
        if u.parent_id in nodes:
            nodes[u.parent_id]["children"].append(nodes[u.pk])
        else:
            roots.append(nodes[u.pk])
    return roots


# =============================================================================================================
# Kenaikan pangkat, KGB, pensiun
# =============================================================================================================
def kp_kandidat(*, user, periode: dt.date):
    """PNS whose years in the current golongan reach the KP reguler minimum by `periode` (domain.md §4.2)."""
    masa = conf.masa_kp_reguler()
    batas = rules.tanggal_bup(periode, -masa)  # TMT golongan on or before this date
    return (
        Pegawai.objects.for_user(user)
        .filter(
            status_aktif=StatusAktif.AKTIF,
            status_kepegawaian=StatusKepegawaian.PNS,
            golongan__in=rules.GOLONGAN_PNS[:-1],
            tmt_golongan__lte=batas,
        )
        .select_related("jabatan", "unit_kerja")
        .order_by("tmt_golongan", "nama")
    )


def kgb_jatuh_tempo(*, user, mulai: dt.date, sampai: dt.date) -> list[dict]:
    """KGB (every conf.kgb_interval() years from TMT CPNS) falling due between the two dates."""
    interval = conf.kgb_interval()
    out = []
    qs = (
        Pegawai.objects.for_user(user)
        .filter(status_aktif=StatusAktif.AKTIF, tmt_cpns__isnull=False)
        .exclude(status_kepegawaian=StatusKepegawaian.PPPK)
        .filter(tmt_cpns__month__in=_bulan_antara(mulai, sampai))
        .select_related("jabatan", "unit_kerja")
        .only(
            "id",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "nip",
            "tmt_cpns",
            "golongan",
            "jabatan__nama",
            "unit_kerja__label",
            "unit_kerja__nama",
        )
    )
    for p in qs.iterator(chunk_size=2000):
        d = rules.kgb_berikut(p.tmt_cpns, mulai, interval)
        if d <= sampai:
            out.append({"pegawai": p, "tanggal": d})
    return sorted(out, key=lambda r: r["tanggal"])


def _bulan_antara(mulai: dt.date, sampai: dt.date) -> list[int]:
    months, d = set(), dt.date(mulai.year, mulai.month, 1)
    while d <= sampai and len(months) < 12:
        months.add(d.month)
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return sorted(months)


def pensiun_proyeksi(*, user, pada: dt.date, tahun: int = 5, unit: UnitKerja | None = None) -> dict:
    """Who reaches BUP within `tahun` years (PP 11/2017 Pasal 239; domain.md §4.4), per year, per OPD and by
    jenis jabatan. Candidates are narrowed in the database by birth date (born late enough to be at most 65 and early enough to reach 58 in the window)."""
    lahir_min = rules.tanggal_bup(pada, -(65 + 1))
    lahir_max = rules.tanggal_bup(rules.tanggal_bup(pada, tahun), -58)
    qs = (
        Pegawai.objects.for_user(user)
        .filter(status_aktif=StatusAktif.AKTIF, tanggal_lahir__gt=lahir_min, tanggal_lahir__lte=lahir_max)
        .select_related("jabatan", "unit_kerja")
    )
    if unit is not None:
        qs = qs.filter(unit_kerja__path__startswith=unit.path)
    tops = dict(UnitKerja.objects.for_user(user).filter(depth=0).values_list("id", "nama"))
    batas = rules.tanggal_bup(pada, tahun)
    daftar, per_tahun, per_jenis, per_unit = [], {}, {}, {}
    for p in qs:
        jenis = p.jabatan.jenis if p.jabatan else ""
        jenjang = p.jabatan.jenjang if p.jabatan else ""
        usia = rules.bup(jenis, jenjang)
        tgl = rules.tanggal_bup(p.tanggal_lahir, usia)
        tmt = rules.tmt_pensiun(p.tanggal_lahir, usia)
        # Past BUP but TMT pensiun still ahead (BUP reached this month): still to be processed, so listed.
        if not ((pada <= tgl or pada < tmt) and tgl < batas):
            continue
        top = int(p.unit_kerja.path.split(".")[0]) if p.unit_kerja_id else 0
        daftar.append(
            {"pegawai": p, "bup": usia, "tanggal_bup": tgl, "tmt_pensiun": tmt, "opd": tops.get(top, "—")}
        )
        per_tahun[tgl.year] = per_tahun.get(tgl.year, 0) + 1
        label = JenisJabatan(jenis).label if jenis else str(_("Tanpa jabatan"))
        per_jenis[label] = per_jenis.get(label, 0) + 1
        per_unit[tops.get(top, "—")] = per_unit.get(tops.get(top, "—"), 0) + 1
    daftar.sort(key=lambda r: r["tanggal_bup"])
    return {
        "daftar": daftar,
        "per_tahun": sorted(per_tahun.items()),
        "per_jenis": sorted(per_jenis.items()),
        "per_unit": sorted(per_unit.items(), key=lambda kv: -kv[1]),
    }


# =============================================================================================================
# Composition dashboard (aggregates in the database)
# =============================================================================================================
KOMPOSISI_FIELDS = {
    "golongan": _("Golongan"),
    "pendidikan_terakhir": _("Pendidikan"),
    "jenis_kelamin": _("Jenis kelamin"),
    "jabatan__jenis": _("Jenis jabatan"),
    "status_kepegawaian": _("Status kepegawaian"),
}


def komposisi_lengkap(*, user, unit: UnitKerja | None = None, pada: dt.date | None = None) -> dict:
    """Counts of active pegawai by golongan, education, gender, jenis jabatan, status and age band."""
    pada = pada or dt.date.today()
    qs = Pegawai.objects.for_user(user).filter(status_aktif=StatusAktif.AKTIF)
    if unit is not None:
        qs = qs.filter(unit_kerja__path__startswith=unit.path)
    out = {}
    for field, label in KOMPOSISI_FIELDS.items():
        rows = qs.values(field).annotate(jumlah=Count("id")).order_by(field)
        if field == "golongan":
            rows = sorted(
                rows,
                key=lambda r: (
                    rules.golongan_rank(r[field] or "") + (100 if r[field] in rules.GOLONGAN_PPPK else 0)
                ),
            )
        elif field == "pendidikan_terakhir":
            # By level (SD … S3), not alphabetically (D1, …, S3, SD, SMA, SMP); unknown values last.
            urutan = {v: i for i, v in enumerate(Pendidikan.values)}
            rows = sorted(rows, key=lambda r: urutan.get(r[field], len(urutan)))
        out[field] = {
            "label": label,
            "labels": [_tampil(field, r[field]) for r in rows],
            "values": [r["jumlah"] for r in rows],
        }
    bands = [("<26", 0, 25), ("26–35", 26, 35), ("36–45", 36, 45), ("46–55", 46, 55), (">55", 56, 200)]
    agg = {}
    for label, lo, hi in bands:
        lahir_max = rules.tanggal_bup(pada, -lo)
        lahir_min = rules.tanggal_bup(pada, -(hi + 1))
        agg[label] = Count("id", filter=Q(tanggal_lahir__lte=lahir_max, tanggal_lahir__gt=lahir_min))
    counts = qs.aggregate(**agg)
    out["usia"] = {"label": _("Kelompok usia"), "labels": list(counts), "values": list(counts.values())}
    return out


def _tampil(field, value) -> str:
    if not value:
        return str(_("(kosong)"))
    choices = {
        "jenis_kelamin": JenisKelamin,
        "jabatan__jenis": JenisJabatan,
    }.get(field)
    if choices:
        try:
            return str(choices(value).label)
        except ValueError:
            return value
    return value


def pengingat_hr(*, user, pada: dt.date | None = None) -> dict:
    """KP candidates of the next proposal period and KGB falling due soon, for the HR dashboard."""
    pada = pada or dt.date.today()
    periode = rules.periode_kp_untuk_usulan(pada)
    kp = kp_kandidat(user=user, periode=periode)
    kgb = kgb_jatuh_tempo(user=user, mulai=pada, sampai=pada + dt.timedelta(days=conf.pengingat_hari()))
    bup = pensiun_proyeksi(user=user, pada=pada, tahun=1)["daftar"]
    return {
        "periode_kp": periode,
        "batas_usulan": rules.batas_usulan_kp(periode),
        "kp_jumlah": kp.count(),
        "kp": list(kp[:5]),
        "kgb_jumlah": len(kgb),
        "kgb": kgb[:5],
        "bup_jumlah": len(bup),
        "bup": bup[:5],
    }


def nip_tidak_tersedia(nip: str, *, instansi_id, exclude_pk=None) -> str | None:
    """Why `nip` cannot be given to a pegawai of `instansi_id` (None when it can).

    NIP is unique across the portal. When it belongs to a pegawai of another instansi, the message says only
    that it cannot be used here: an HR officer must not learn who is employed elsewhere (issue 19). A real
    transfer goes through an inter-instansi mutasi, which keeps the record and its history.
    """
    if not nip:
        return None
    owner = (
        Pegawai.objects.filter(nip=nip).exclude(pk=exclude_pk).values_list("instansi_id", flat=True).first()
    )
    if owner is None:
        return None
    if instansi_id is not None and owner == instansi_id:
        return str(_("NIP ini sudah terdaftar untuk pegawai lain di instansi ini."))
    return str(NIP_TIDAK_DAPAT_DIGUNAKAN)


NIP_TIDAK_DAPAT_DIGUNAKAN = _(
    "NIP ini tidak dapat digunakan di instansi ini. Untuk pegawai pindahan, ajukan usulan mutasi antarinstansi."
)
