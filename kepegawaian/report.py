"""Key personnel figures for the periodic report (laporan), computed in the database."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .choices import StatusAktif, StatusMutasi
from .models import Pegawai, RiwayatJabatan, UsulanMutasi
from .selectors import bezetting_per_unit


def report_section(*, instansi_id, start, end) -> dict:
    aktif = Pegawai.objects.for_instansi(instansi_id).filter(status_aktif=StatusAktif.AKTIF)
    agg = aktif.aggregate(
        total=Count("id"),
        pns=Count("id", filter=Q(status_kepegawaian__in=["PNS", "CPNS"])),
        pppk=Count("id", filter=Q(status_kepegawaian="PPPK")),
        perempuan=Count("id", filter=Q(jenis_kelamin="P")),
    )
    mutasi = (
        UsulanMutasi.objects.for_instansi(instansi_id)
        .filter(status=StatusMutasi.BERLAKU, tmt__gte=start, tmt__lte=end)
        .values("jenis")
        .annotate(n=Count("id"))
        .order_by("jenis")
    )
    riwayat = RiwayatJabatan.objects.for_instansi(instansi_id).filter(
        tmt_mulai__gte=start, tmt_mulai__lte=end
    )
    gap = bezetting_per_unit(instansi_id=instansi_id)
    per_gol = list(aktif.values("golongan").annotate(n=Count("id")).order_by("golongan"))
    return {
        "title": _("Kepegawaian"),
        "summary": [
            (_("Pegawai aktif"), agg["total"]),
            (_("PNS/CPNS"), agg["pns"]),
            (_("PPPK"), agg["pppk"]),
            (_("Perempuan"), agg["perempuan"]),
            (_("Perubahan jabatan dalam periode"), riwayat.count()),
            (_("Kebutuhan ABK"), gap["instansi"]["kebutuhan"]),
            (_("Bezetting"), gap["instansi"]["bezetting"]),
            (_("Kekurangan (+) / kelebihan (−)"), gap["instansi"]["selisih"]),
        ],
        "tables": [
            {
                "title": _("Kebutuhan vs bezetting per perangkat daerah"),
                "headers": [_("Perangkat daerah"), _("Kebutuhan"), _("Bezetting"), _("Selisih")],
                "rows": [[u["unit"], u["kebutuhan"], u["bezetting"], u["selisih"]] for u in gap["unit"]],
            },
            {
                "title": _("Mutasi yang berlaku dalam periode"),
                "headers": [_("Jenis"), _("Jumlah")],
                "rows": [[m["jenis"], m["n"]] for m in mutasi],
            },
        ],
        "charts": [
            {
                "title": _("Pegawai per golongan"),
                "labels": [r["golongan"] or "-" for r in per_gol],
                "values": [r["n"] for r in per_gol],
            }
        ],
    }
