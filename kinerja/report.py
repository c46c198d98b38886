"""Key figures of kinerja for the periodic report (laporan), computed in the database."""

from __future__ import annotations

from django.db.models import Count, Q

from kepegawaian.models import Pegawai

from . import selectors
from .choices import StatusSKP
from .models import SKP, Keberatan, Penghargaan


def report_section(*, instansi_id, start, end) -> dict:
    tahun = start.year
    skp = (
        SKP.objects.for_instansi(instansi_id)
        .filter(tahun=tahun, berlaku=True)
        .aggregate(total=Count("id"), disetujui=Count("id", filter=Q(status=StatusSKP.DISETUJUI)))
    )
    pegawai = Pegawai.objects.for_instansi(instansi_id).filter(status_aktif="aktif").count()
    ev = selectors.evaluasi_tahunan_qs(instansi_id=instansi_id, tahun=tahun)
    dist = selectors.distribusi_predikat(evaluasi_qs=ev)
    keberatan = (
        Keberatan.objects.for_instansi(instansi_id).filter(created_at__date__range=(start, end)).count()
    )
    penghargaan = Penghargaan.objects.for_instansi(instansi_id).filter(tanggal__range=(start, end)).count()
    rows = selectors.tingkat_penyelesaian(pegawai_qs=Pegawai.objects.for_instansi(instansi_id), tahun=tahun)
    persen = round(100.0 * skp["disetujui"] / pegawai, 1) if pegawai else 0.0
    return {
        "title": "Kinerja ASN",
        "summary": [
            (f"SKP {tahun} disetujui", skp["disetujui"]),
            ("Pegawai aktif", pegawai),
            ("Tingkat penyelesaian SKP (%)", persen),
            ("Keberatan diajukan", keberatan),
            ("Penghargaan dicatat", penghargaan),
        ],
        "tables": [
            {
                "title": "Penyelesaian SKP per perangkat daerah",
                "headers": ["Perangkat daerah", "Pegawai", "SKP disetujui", "Dinilai", "%"],
                "rows": [[r["unit"], r["pegawai"], r["skp"], r["dinilai"], r["persen"]] for r in rows],
            }
        ],
        "charts": [
            {
                "title": f"Distribusi predikat {tahun}",
                "labels": [str(label) for label, _n in dist],
                "values": [n for _label, n in dist],
            }
        ],
    }
