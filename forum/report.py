"""Forum section of the periodic report: activity of one instansi's ASN in the forum and the best practices it
adopted or shared, computed in the database. Room contents are private: only counts of rooms are reported."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from .models import Adopsi, Pos, RuangKoordinasi, Topik


def report_section(*, instansi_id, start: dt.date, end: dt.date) -> dict:
    period = Q(created_at__date__gte=start, created_at__date__lte=end)
    pos = Pos.objects.for_instansi(instansi_id).filter(period)
    topik = Topik.objects.for_instansi(instansi_id).filter(period)
    pos_agg = pos.aggregate(
        jumlah=Count("id"),
        penulis=Count("penulis", distinct=True),
        publik=Count("id", filter=Q(topik__kategori__isnull=False)),
    )
    topik_agg = topik.aggregate(
        jumlah=Count("id"),
        terjawab=Count("id", filter=Q(solusi__isnull=False)),
        praktik_baik=Count("id", filter=Q(praktik_baik=True)),
    )
    adopsi_qs = Adopsi.objects.filter(instansi_id=instansi_id, tanggal__gte=start, tanggal__lte=end)
    shared_adopted = Adopsi.objects.filter(
        topik__instansi_id=instansi_id, tanggal__gte=start, tanggal__lte=end
    )
    ruang = RuangKoordinasi.objects.for_instansi(instansi_id).filter(period).count()

    adopted_rows = [
        [a["tanggal"].isoformat(), a["topik__judul"], a["topik__instansi__nama"] or "—", a["catatan"]]
        for a in adopsi_qs.order_by("tanggal").values(
            "tanggal", "topik__judul", "topik__instansi__nama", "catatan"
        )
    ]
    shared_rows = [
        [r["topik__judul"], r["n"]]
        for r in shared_adopted.values("topik__judul")
        .annotate(n=Count("id"))
        .order_by("-n", "topik__judul")[:20]
    ]
    per_kategori = [
        [r["topik__kategori__nama"], r["n"]]
        for r in pos.filter(topik__kategori__isnull=False)
        .values("topik__kategori__nama")
        .annotate(n=Count("id"))
        .order_by("-n")
    ]
    per_bulan = list(
        pos.annotate(bulan=TruncMonth("created_at")).values("bulan").annotate(n=Count("id")).order_by("bulan")
    )
    return {
        "title": _("Forum ASN dan praktik baik"),
        "summary": [
            (_("Topik dibuka"), topik_agg["jumlah"]),
            (_("Pos ditulis"), pos_agg["jumlah"]),
            (_("ASN yang aktif menulis"), pos_agg["penulis"]),
            (_("Topik terjawab (ada solusi)"), topik_agg["terjawab"]),
            (_("Praktik baik yang dibagikan"), topik_agg["praktik_baik"]),
            (_("Praktik baik instansi lain yang diadopsi"), len(adopted_rows)),
            (_("Adopsi praktik baik instansi ini oleh instansi lain"), shared_adopted.count()),
            (_("Ruang koordinasi dibuka"), ruang),
        ],
        "tables": [
            {
                "title": _("Praktik baik yang diadopsi"),
                "headers": [_("Tanggal"), _("Praktik baik"), _("Asal instansi"), _("Catatan")],
                "rows": adopted_rows,
            },
            {
                "title": _("Praktik baik instansi ini yang diadopsi instansi lain"),
                "headers": [_("Praktik baik"), _("Jumlah instansi")],
                "rows": shared_rows,
            },
            {"title": _("Pos per kategori"), "headers": [_("Kategori"), _("Pos")], "rows": per_kategori},
        ],
        "charts": [
            {
                "title": _("Pos per bulan"),
                "labels": [r["bulan"].strftime("%Y-%m") for r in per_bulan if r["bulan"]],
                "values": [r["n"] for r in per_bulan if r["bulan"]],
            }
        ],
    }
