"""Key attendance figures of a period for the periodic report (laporan), computed in the database."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from .choices import STATUS_HADIR, StatusHarian, StatusPengajuan
from .models import PengajuanCuti, StatusHarianPegawai


def report_section(*, instansi_id, start, end) -> dict:
    qs = StatusHarianPegawai.objects.for_instansi(instansi_id).filter(tanggal__range=(start, end))
    hari_kerja_q = ~Q(status__in=[StatusHarian.LIBUR, StatusHarian.BELUM])
    agg = qs.aggregate(
        hari_kerja=Count("id", filter=hari_kerja_q),
        hadir=Count("id", filter=Q(status__in=STATUS_HADIR)),
        cuti=Count("id", filter=Q(status=StatusHarian.CUTI)),
        tanpa_keterangan=Count("id", filter=Q(status=StatusHarian.TIDAK_HADIR)),
        terlambat_menit=Sum("terlambat_menit"),
        pegawai=Count("pegawai_id", distinct=True),
    )
    wajib = agg["hari_kerja"] - agg["cuti"]
    persen = round(100.0 * agg["hadir"] / wajib, 1) if wajib > 0 else 0.0
    per_unit = list(
        qs.values("pegawai__unit_kerja_id", "pegawai__unit_kerja__label")
        .annotate(
            hari_kerja=Count("id", filter=hari_kerja_q),
            hadir=Count("id", filter=Q(status__in=STATUS_HADIR)),
            cuti=Count("id", filter=Q(status=StatusHarian.CUTI)),
            tanpa_keterangan=Count("id", filter=Q(status=StatusHarian.TIDAK_HADIR)),
            terlambat_menit=Sum("terlambat_menit"),
        )
        .order_by("-tanpa_keterangan", "pegawai__unit_kerja__label")[:15]
    )
    cuti = list(
        PengajuanCuti.objects.for_instansi(instansi_id)
        .filter(status=StatusPengajuan.DISETUJUI, tanggal_mulai__lte=end, tanggal_selesai__gte=start)
        .values("jenis__nama")
        .annotate(n=Count("id"), hari=Sum("jumlah_hari"))
        .order_by("jenis__nama")
    )

    def pct(r):
        w = r["hari_kerja"] - r["cuti"]
        return round(100.0 * r["hadir"] / w, 1) if w > 0 else 0.0

    return {
        "title": "Kehadiran dan disiplin",
        "summary": [
            ("Pegawai dengan data kehadiran", agg["pegawai"]),
            ("Tingkat kehadiran (%)", persen),
            ("Total menit terlambat", agg["terlambat_menit"] or 0),
            ("Hari tanpa keterangan", agg["tanpa_keterangan"]),
            ("Hari cuti", agg["cuti"]),
        ],
        "tables": [
            {
                "title": "Kehadiran per unit kerja (15 dengan tanpa keterangan terbanyak)",
                "headers": [
                    "Unit kerja",
                    "Hari kerja",
                    "Hadir",
                    "Kehadiran (%)",
                    "Terlambat (menit)",
                    "Tanpa keterangan",
                ],
                "rows": [
                    [
                        r["pegawai__unit_kerja__label"] or "—",
                        r["hari_kerja"],
                        r["hadir"],
                        pct(r),
                        r["terlambat_menit"] or 0,
                        r["tanpa_keterangan"],
                    ]
                    for r in per_unit
                ],
            },
            {
                "title": "Cuti disetujui menurut jenis",
                "headers": ["Jenis cuti", "Pengajuan", "Hari kerja"],
                "rows": [[r["jenis__nama"], r["n"], r["hari"] or 0] for r in cuti],
            },
        ],
        "charts": [
            {
                "title": "Kehadiran per unit kerja (%)",
                "labels": [r["pegawai__unit_kerja__label"] or "—" for r in per_unit],
                "values": [pct(r) for r in per_unit],
            }
        ],
    }
