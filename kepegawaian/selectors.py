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
