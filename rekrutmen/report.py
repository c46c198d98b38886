"""Key recruitment figures for the periodic report (laporan), computed in the database."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from .choices import StatusAdministrasi, StatusFormasi, StatusLamaran, StatusSanggah
from .models import Formasi, Lamaran, Sanggah, Seleksi


def report_section(*, instansi_id, start, end) -> dict:
    """Rounds whose registration opened in [start, end]: formasi, applicants, eligibility, results, appeals."""
    seleksi = Seleksi.objects.for_instansi(instansi_id).filter(pendaftaran_mulai__range=(start, end))
    lamaran = Lamaran.objects.for_instansi(instansi_id).filter(
        seleksi__in=seleksi, status=StatusLamaran.DIKIRIM
    )
    agg = lamaran.aggregate(
        pelamar=Count("id"),
        ms=Count("id", filter=Q(status_administrasi=StatusAdministrasi.MS)),
        lulus_skd=Count("id", filter=Q(lulus_skd=True)),
        lulus=Count("id", filter=Q(hasil="L")),
    )
    kuota = (
        Formasi.objects.for_instansi(instansi_id)
        .filter(seleksi__in=seleksi, status=StatusFormasi.DISETUJUI)
        .aggregate(k=Sum("kuota"))["k"]
        or 0
    )
    sanggah = Sanggah.objects.for_instansi(instansi_id).filter(lamaran__seleksi__in=seleksi)
    sgh = sanggah.aggregate(n=Count("id"), diterima=Count("id", filter=Q(status=StatusSanggah.DITERIMA)))
    rows = list(
        seleksi.annotate(
            n_formasi=Count("formasi", filter=Q(formasi__status=StatusFormasi.DISETUJUI), distinct=True),
            n_pelamar=Count("lamaran", filter=Q(lamaran__status=StatusLamaran.DIKIRIM), distinct=True),
            n_lulus=Count("lamaran", filter=Q(lamaran__hasil="L"), distinct=True),
        ).values_list("nama", "n_formasi", "n_pelamar", "n_lulus")
    )
    return {
        "title": "Rekrutmen",
        "summary": [
            ("Seleksi", seleksi.count()),
            ("Kuota formasi disetujui", kuota),
            ("Pelamar (lamaran dikirim)", agg["pelamar"]),
            ("Memenuhi syarat administrasi", agg["ms"]),
            ("Lulus ambang batas SKD", agg["lulus_skd"]),
            ("Lulus (mengisi formasi)", agg["lulus"]),
            ("Sanggah / diterima", f"{sgh['n']} / {sgh['diterima']}"),
        ],
        "tables": [
            {
                "title": "Seleksi pada periode ini",
                "headers": ["Seleksi", "Formasi", "Pelamar", "Lulus"],
                "rows": [list(r) for r in rows],
            }
        ],
        "charts": [
            {
                "title": "Corong seleksi",
                "labels": ["Pelamar", "MS", "Lulus SKD", "Lulus"],
                "values": [agg["pelamar"], agg["ms"], agg["lulus_skd"], agg["lulus"]],
            }
        ],
    }
