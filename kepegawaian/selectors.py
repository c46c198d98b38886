"""Reads for pages, the API, exports and reports. Each starts from `for_user` (or `for_instansi`)."""

from __future__ import annotations

from django.db.models import Count, Q

from .choices import StatusAktif
from .models import Instansi, Jabatan, Pegawai, UnitKerja


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
    ).values("id", "nama", "unit_kerja_id", "unit_kerja__nama", "jumlah_formasi", "bezetting")
    return [
        {
            "jabatan_id": r["id"],
            "jabatan": r["nama"],
            "unit_kerja_id": r["unit_kerja_id"],
            "unit_kerja": r["unit_kerja__nama"],
            "kebutuhan": r["jumlah_formasi"],
            "bezetting": r["bezetting"],
            "selisih": r["jumlah_formasi"] - r["bezetting"],
        }
        for r in rows
    ]
