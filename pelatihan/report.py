"""Key figures of competency development for the periodic report (laporan), computed in the database."""

from __future__ import annotations

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from kepegawaian.choices import StatusAktif
from kepegawaian.models import Pegawai

from . import conf, selectors
from .choices import Hasil, StatusPeserta
from .models import KreditJP, Peserta, Sertifikat, Sesi


def report_section(*, instansi_id, start, end) -> dict:
    """Sessions, participants, JP credited, JP target attainment (year of `end`) and budget in the period."""
    sesi = (
        Sesi.objects.for_instansi(instansi_id)
        .filter(tanggal_mulai__range=(start, end))
        .exclude(status="batal")
    )
    money = DecimalField(max_digits=16, decimal_places=0)
    agg = sesi.aggregate(
        jumlah=Count("id"),
        rencana=Coalesce(Sum("anggaran_rencana"), Value(0), output_field=money),
        realisasi=Coalesce(Sum("biaya_realisasi"), Value(0), output_field=money),
    )
    peserta = (
        Peserta.objects.for_instansi(instansi_id)
        .filter(sesi__in=sesi)
        .aggregate(
            terdaftar=Count("id", filter=Q(status__in=[StatusPeserta.TERDAFTAR, StatusPeserta.SELESAI])),
            lulus=Count("id", filter=Q(hasil=Hasil.LULUS)),
            tunggu=Count("id", filter=Q(status=StatusPeserta.DAFTAR_TUNGGU)),
        )
    )
    jp_total = (
        KreditJP.objects.for_instansi(instansi_id)
        .filter(tanggal__range=(start, end))
        .aggregate(s=Sum("jp"))["s"]
        or 0
    )
    sertifikat = (
        Sertifikat.objects.for_instansi(instansi_id)
        .filter(diterbitkan_pada__date__range=(start, end))
        .count()
    )
    tahun = end.year
    pegawai_qs = Pegawai.objects.for_instansi(instansi_id).filter(status_aktif=StatusAktif.AKTIF)
    ring = selectors.jp_ringkasan(pegawai_qs=pegawai_qs, tahun=tahun)
    per_unit = selectors.jp_per_unit(pegawai_qs=pegawai_qs, tahun=tahun)
    per_program = list(
        sesi.values("program__nama")
        .annotate(
            n=Count("id"),
            peserta=Coalesce(Sum("terisi"), Value(0)),
            rencana=Coalesce(Sum("anggaran_rencana"), Value(0), output_field=money),
            realisasi=Coalesce(Sum("biaya_realisasi"), Value(0), output_field=money),
        )
        .order_by("program__nama")
    )
    return {
        "title": "Pengembangan kompetensi (pelatihan)",
        "summary": [
            ("Sesi pelatihan", agg["jumlah"]),
            ("Peserta mendapat kursi", peserta["terdaftar"]),
            ("Peserta lulus", peserta["lulus"]),
            ("Masih di daftar tunggu", peserta["tunggu"]),
            ("JP dikreditkan", jp_total),
            ("Sertifikat terbit", sertifikat),
            (f"Pegawai memenuhi {conf.target_jp()} JP ({tahun})", ring["memenuhi"]),
            (f"Pegawai di bawah {conf.target_jp()} JP ({tahun})", ring["di_bawah"]),
            ("Anggaran rencana (Rp)", agg["rencana"]),
            ("Realisasi biaya (Rp)", agg["realisasi"]),
        ],
        "tables": [
            {
                "title": "Anggaran per program",
                "headers": ["Program", "Sesi", "Peserta", "Rencana (Rp)", "Realisasi (Rp)"],
                "rows": [
                    [r["program__nama"], r["n"], r["peserta"], r["rencana"], r["realisasi"]]
                    for r in per_program
                ],
            },
            {
                "title": f"Capaian JP per perangkat daerah ({tahun})",
                "headers": ["Unit", "Pegawai", "Di bawah target", "Rata-rata JP"],
                "rows": [[u["unit"], u["jumlah"], u["di_bawah"], u["rata"]] for u in per_unit],
            },
        ],
        "charts": [
            {
                "title": f"% pegawai memenuhi target JP ({tahun})",
                "labels": [u["unit"] for u in per_unit],
                "values": [u["persen_memenuhi"] for u in per_unit],
            }
        ],
    }
