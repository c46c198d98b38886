"""The survei section of the periodic report (laporan): IKM per unit for a date range, from the database."""

from __future__ import annotations

import datetime as dt

from . import selectors
from .models import PenolakanRespons, Respons, UnitLayanan


def report_section(*, instansi_id, start: dt.date, end: dt.date) -> dict:
    responses = Respons.objects.for_instansi(instansi_id)
    units = list(UnitLayanan.objects.for_instansi(instansi_id).order_by("nama"))
    rows = selectors.hasil_per_unit(responses=responses, units=units, start=start, end=end)
    total = selectors.hasil_gabungan(responses=responses, start=start, end=end)
    saran = responses.filter(tanggal__range=(start, end)).exclude(saran="").count()
    ditolak = sum(
        PenolakanRespons.objects.for_instansi(instansi_id)
        .filter(tanggal__range=(start, end))
        .values_list("jumlah", flat=True)
    )
    dengan = [r for r in rows if r["hasil"]]
    return {
        "title": "Survei Kepuasan Masyarakat (IKM)",
        "summary": [
            ("Responden", total.jumlah_responden if total else 0),
            ("IKM instansi (25–100)", str(total.nilai) if total else "—"),
            ("Mutu pelayanan", f"{total.mutu} ({total.kinerja})" if total else "—"),
            ("Unit layanan disurvei", len(dengan)),
            ("Saran masuk", saran),
            ("Kiriman ditolak (penyalahgunaan)", ditolak),
        ],
        "tables": [
            {
                "title": "IKM per unit layanan",
                "headers": ["Unit layanan", "Responden", "Nilai IKM", "Mutu", "Kinerja"],
                "rows": [
                    [
                        r["unit"].nama,
                        r["hasil"].jumlah_responden,
                        str(r["hasil"].nilai),
                        r["hasil"].mutu,
                        r["hasil"].kinerja,
                    ]
                    for r in dengan
                ],
            }
        ],
        "charts": [
            {
                "title": "Nilai IKM per unit layanan",
                "labels": [r["unit"].nama for r in dengan],
                "values": [float(r["hasil"].nilai) for r in dengan],
            }
        ],
    }
