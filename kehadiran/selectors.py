"""Reads for pages, the API, exports and reports. Each starts from `for_user` (or `for_instansi`); monthly
figures are aggregated in the database from StatusHarianPegawai."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Case, Count, F, FloatField, Q, Sum, Value, When
from django.db.models.functions import Cast, Round

from kepegawaian.models import Pegawai, UnitKerja

from . import kalender, rules
from .choices import STATUS_HADIR, StatusHarian, StatusPengajuan
from .models import JenisCuti, PengajuanCuti, SaldoCuti, StatusHarianPegawai

HARI_KERJA_Q = ~Q(status__in=[StatusHarian.LIBUR, StatusHarian.BELUM])


def rentang_bulan(tahun: int, bulan: int) -> tuple[dt.date, dt.date]:
    return dt.date(tahun, bulan, 1), dt.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


def _agg():
    return {
        "hari_kerja": Count("id", filter=HARI_KERJA_Q),
        "hadir": Count("id", filter=Q(status__in=STATUS_HADIR)),
        "cuti": Count("id", filter=Q(status=StatusHarian.CUTI)),
        "dinas_luar": Count("id", filter=Q(status=StatusHarian.DINAS_LUAR)),
        "terlambat_kali": Count("id", filter=Q(terlambat_menit__gt=0)),
        "terlambat_menit": Coalesce0(Sum("terlambat_menit")),
        "pulang_cepat_menit": Coalesce0(Sum("pulang_cepat_menit")),
        "tanpa_keterangan": Count("id", filter=Q(status=StatusHarian.TIDAK_HADIR)),
    }


def Coalesce0(expr):  # noqa: N802 - reads like the SQL function it wraps
    from django.db.models.functions import Coalesce

    return Coalesce(expr, Value(0))


def _persen():
    wajib = F("hari_kerja") - F("cuti")
    return Case(
        When(hari_kerja__lte=F("cuti"), then=Value(100.0)),
        default=Round(Cast(F("hadir"), FloatField()) * 100.0 / Cast(wajib, FloatField()), 1),
        output_field=FloatField(),
    )


def rekap_disiplin(*, instansi_id: int, tahun: int, bulan: int) -> list[dict]:
    """Contract for kinerja (behaviour evidence) and laporan: one row per pegawai with a computed day in the
    month: {"pegawai_id", "hari_kerja", "hadir", "terlambat_menit", "tanpa_keterangan"}.

    hari_kerja = scheduled working days (not libur, excluding today's unfinished day), hadir = hadir, terlambat,
    pulang cepat or dinas luar, terlambat_menit = total minutes late, tanpa_keterangan = days absent without
    leave, correction or official trip."""
    mulai, selesai = rentang_bulan(tahun, bulan)
    rows = (
        StatusHarianPegawai.objects.for_instansi(instansi_id)
        .filter(tanggal__range=(mulai, selesai))
        .values("pegawai_id")
        .annotate(**_agg())
        .order_by("pegawai_id")
    )
    keys = ("pegawai_id", "hari_kerja", "hadir", "terlambat_menit", "tanpa_keterangan")
    return [{k: r[k] for k in keys} for r in rows]


def rekap_bulanan(*, user, tahun: int, bulan: int, unit: UnitKerja | None = None, ambang=None):
    """Per-pegawai monthly recap the user may see (ASN: own, atasan: their unit, HR: the instansi), as a
    queryset of dicts ordered by unit and name. With `ambang` (AmbangDisiplin) only those crossing it."""
    mulai, selesai = rentang_bulan(tahun, bulan)
    qs = StatusHarianPegawai.objects.for_user(user).filter(tanggal__range=(mulai, selesai))
    if unit is not None:
        qs = qs.filter(pegawai__unit_kerja__path__startswith=unit.path)
    qs = (
        qs.values("pegawai_id", "pegawai__nama", "pegawai__nip", "pegawai__unit_kerja__label")
        .annotate(**_agg())
        .annotate(persen=_persen())
    )
    if ambang is not None:
        q = Q()
        if ambang.min_persentase_kehadiran is not None:
            q |= Q(persen__lt=float(ambang.min_persentase_kehadiran))
        if ambang.maks_terlambat_menit is not None:
            q |= Q(terlambat_menit__gt=ambang.maks_terlambat_menit)
        if ambang.maks_tanpa_keterangan is not None:
            q |= Q(tanpa_keterangan__gt=ambang.maks_tanpa_keterangan)
        qs = qs.filter(q) if q else qs.none()
    return qs.order_by("pegawai__unit_kerja__path", "pegawai__nama", "pegawai_id")


def pelanggaran(row: dict, ambang) -> list[str]:
    if ambang is None:
        return []
    return rules.pelanggaran_ambang(
        persentase=row["persen"],
        terlambat_menit=row["terlambat_menit"],
        tanpa_keterangan=row["tanpa_keterangan"],
        min_persentase=float(ambang.min_persentase_kehadiran)
        if ambang.min_persentase_kehadiran is not None
        else None,
        maks_terlambat_menit=ambang.maks_terlambat_menit,
        maks_tanpa_keterangan=ambang.maks_tanpa_keterangan,
    )


def rekap_unit(*, user, tahun: int, bulan: int) -> list[dict]:
    """Per top-level unit (OPD) figures of the month, computed in the database."""
    mulai, selesai = rentang_bulan(tahun, bulan)
    rows = list(
        StatusHarianPegawai.objects.for_user(user)
        .filter(tanggal__range=(mulai, selesai))
        .values("pegawai__unit_kerja_id", "pegawai__unit_kerja__label")
        .annotate(**_agg(), pegawai=Count("pegawai_id", distinct=True))
        .annotate(persen=_persen())
        .order_by("pegawai__unit_kerja__label")
    )
    return rows


def status_bulan(*, user, pegawai_id: int, tahun: int, bulan: int):
    mulai, selesai = rentang_bulan(tahun, bulan)
    return (
        StatusHarianPegawai.objects.for_user(user)
        .filter(pegawai_id=pegawai_id, tanggal__range=(mulai, selesai))
        .order_by("tanggal")
    )


def ringkasan_pegawai(*, user, pegawai_id: int, tahun: int, bulan: int) -> dict:
    mulai, selesai = rentang_bulan(tahun, bulan)
    agg = (
        StatusHarianPegawai.objects.for_user(user)
        .filter(pegawai_id=pegawai_id, tanggal__range=(mulai, selesai))
        .aggregate(**_agg())
    )
    agg["persen"] = rules.persentase_kehadiran(agg["hadir"], agg["hari_kerja"], agg["cuti"])
    return agg


def saldo_cuti(*, pegawai: Pegawai, tahun: int) -> list[dict]:
    """Balance of every leave kind with a yearly entitlement, for the ASN's page (two queries)."""
    saldo = {
        s.jenis_id: s for s in SaldoCuti.objects.filter(pegawai=pegawai, tahun=tahun).select_related("jenis")
    }
    terpakai = dict(
        PengajuanCuti.objects.filter(
            pegawai=pegawai,
            tanggal_mulai__year=tahun,
            status__in=[
                StatusPengajuan.DIAJUKAN,
                StatusPengajuan.DISETUJUI_ATASAN,
                StatusPengajuan.DISETUJUI,
            ],
        )
        .values("jenis_id")
        .annotate(n=Sum("jumlah_hari"))
        .values_list("jenis_id", "n")
    )
    out = []
    for s in saldo.values():
        pakai = terpakai.get(s.jenis_id, 0)
        out.append(
            {
                "jenis": s.jenis,
                "hak": s.hak_hari,
                "tangguhan": s.tangguhan_hari,
                "penyesuaian": s.penyesuaian_hari,
                "terpakai": pakai,
                "sisa": rules.saldo_cuti(
                    hak=s.hak_hari, tangguhan=s.tangguhan_hari, penyesuaian=s.penyesuaian_hari, terpakai=pakai
                ),
            }
        )
    return sorted(out, key=lambda r: r["jenis"].kode)


def jenis_cuti_untuk(pegawai: Pegawai):
    qs = JenisCuti.objects.for_instansi(pegawai.instansi_id).filter(aktif=True)
    return qs.filter(untuk_pppk=True) if pegawai.status_kepegawaian == "PPPK" else qs.filter(untuk_pns=True)


def kalender_unit(*, user, tahun: int, bulan: int, unit: UnitKerja | None = None) -> list[dict]:
    """The month as a list of days with holidays and approved leave of the people the user may see (in `unit`
    when given). Three queries."""
    mulai, selesai = rentang_bulan(tahun, bulan)
    instansi_id = unit.instansi_id if unit is not None else user.instansi_id
    libur = kalender.libur_dalam(instansi_id, mulai, selesai)
    cuti_qs = PengajuanCuti.objects.for_user(user).filter(
        status=StatusPengajuan.DISETUJUI, tanggal_mulai__lte=selesai, tanggal_selesai__gte=mulai
    )
    if unit is not None:
        cuti_qs = cuti_qs.filter(pegawai__unit_kerja__path__startswith=unit.path)
    cuti = list(cuti_qs.select_related("pegawai", "jenis").order_by("pegawai__nama"))
    days = []
    d = mulai
    while d <= selesai:
        days.append(
            {
                "tanggal": d,
                "akhir_pekan": d.weekday() >= 5,
                "libur": libur.get(d, ""),
                "cuti": [c for c in cuti if c.tanggal_mulai <= d <= c.tanggal_selesai],
            }
        )
        d += dt.timedelta(days=1)
    return days


CUTI_AKTIF = (StatusPengajuan.DIAJUKAN, StatusPengajuan.DISETUJUI_ATASAN, StatusPengajuan.DISETUJUI)


def cuti_bahan_keputusan(*, user, cuti: PengajuanCuti, tepi_hari: int = 3, maks_hari: int = 31) -> dict:
    """What an approver needs beside a leave request: the pegawai's remaining balance of that kind for the year
    (this request included) and a team calendar of who in the same unit is away (approved or pending leave)
    around the requested dates. Read through `for_user`, so nobody sees leave they could not see anyway.
    Three queries."""
    saldo = None
    if cuti.jenis.potong_saldo:
        saldo = next(
            (
                s
                for s in saldo_cuti(pegawai=cuti.pegawai, tahun=cuti.tanggal_mulai.year)
                if s["jenis"].pk == cuti.jenis_id
            ),
            None,
        )
    mulai = cuti.tanggal_mulai - dt.timedelta(days=tepi_hari)
    selesai = min(
        cuti.tanggal_selesai + dt.timedelta(days=tepi_hari), mulai + dt.timedelta(days=maks_hari - 1)
    )
    hari = [mulai + dt.timedelta(days=i) for i in range((selesai - mulai).days + 1)]
    libur = kalender.libur_dalam(cuti.pegawai.instansi_id, mulai, selesai)
    rows: dict[int, dict] = {}
    qs = PengajuanCuti.objects.for_user(user).filter(
        status__in=CUTI_AKTIF, tanggal_mulai__lte=selesai, tanggal_selesai__gte=mulai
    )
    if cuti.pegawai.unit_kerja_id:
        qs = qs.filter(pegawai__unit_kerja_id=cuti.pegawai.unit_kerja_id)
    else:
        qs = qs.filter(pegawai_id=cuti.pegawai_id)
    for c in qs.select_related("pegawai", "jenis").order_by("pegawai__nama", "tanggal_mulai")[:200]:
        row = rows.setdefault(
            c.pegawai_id, {"pegawai": c.pegawai, "ini": c.pegawai_id == cuti.pegawai_id, "sel": {}}
        )
        for d in hari:
            if c.tanggal_mulai <= d <= c.tanggal_selesai:
                row["sel"][d] = c
    tim = []
    for row in sorted(rows.values(), key=lambda r: (not r["ini"], r["pegawai"].nama)):
        sel = []
        for d in hari:
            c = row["sel"].get(d)
            sel.append(
                {
                    "tanggal": d,
                    "cuti": c,
                    "disetujui": c is not None and c.status == StatusPengajuan.DISETUJUI,
                    "libur": d.weekday() >= 5 or d in libur,
                }
            )
        tim.append({"pegawai": row["pegawai"], "ini": row["ini"], "hari": sel})
    return {
        "saldo": saldo,
        "hari": [{"tanggal": d, "libur": libur.get(d) or (d.weekday() >= 5)} for d in hari],
        "tim": tim,
        "bersamaan": sum(1 for r in tim if not r["ini"] and any(s["cuti"] for s in r["hari"])),
    }


# --- Waiting for an atasan (kepegawaian.atasan: the one definition of atasan and bawahan) -------------------


def _bawahan_ids(user):
    from kepegawaian import atasan

    return atasan.bawahan_jabatan_ids(getattr(user, "pegawai", None), depth=1)


def cuti_menunggu_atasan(*, user):
    """Leave requests waiting for the user's decision as atasan (or Plt./Plh. of the atasan's position)."""
    from .choices import StatusPengajuan
    from .models import PengajuanCuti

    ids = _bawahan_ids(user)
    if not ids:
        return PengajuanCuti.objects.none()
    return (
        PengajuanCuti.objects.filter(
            pegawai__instansi_id=user.pegawai.instansi_id,
            pegawai__jabatan_id__in=ids,
            status=StatusPengajuan.DIAJUKAN,
        )
        .select_related("pegawai", "jenis")
        .order_by("tanggal_mulai", "pk")
    )


def koreksi_menunggu(*, user):
    """Attendance corrections waiting for the user as atasan; for HR, those of pegawai without an atasan
    are not listed here (HR reads every correction of the instansi on the corrections page)."""
    from .choices import StatusPengajuan
    from .models import KoreksiPresensi

    ids = _bawahan_ids(user)
    if not ids:
        return KoreksiPresensi.objects.none()
    return (
        KoreksiPresensi.objects.filter(
            pegawai__instansi_id=user.pegawai.instansi_id,
            pegawai__jabatan_id__in=ids,
            status=StatusPengajuan.DIAJUKAN,
        )
        .select_related("pegawai")
        .order_by("tanggal", "pk")
    )
