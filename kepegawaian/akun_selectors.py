"""Reads for account management (issue 15): which pegawai have an account, pending activation, deactivated."""

from __future__ import annotations

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When

from asnportal import jobs

from .choices import StatusAkun
from .models import Pegawai, PembuatanAkun

STATUS_Q = {
    StatusAkun.TANPA_AKUN: Q(user__isnull=True),
    StatusAkun.NONAKTIF: Q(user__is_active=False),
    StatusAkun.MENUNGGU: Q(user__is_active=True, user__password__startswith=UNUSABLE_PASSWORD_PREFIX),
    StatusAkun.AKTIF: Q(user__is_active=True) & ~Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX),
}


def status_akun_expr():
    return Case(
        *[When(q, then=Value(s.value)) for s, q in STATUS_Q.items()],
        default=Value(StatusAkun.TANPA_AKUN.value),
        output_field=CharField(),
    )


def akun_pegawai_list(*, user) -> QuerySet:
    """Pegawai the user may see, with their account (if any) and its status (`status_akun`)."""
    return (
        Pegawai.objects.for_user(user)
        .select_related("user", "unit_kerja")
        .annotate(status_akun=status_akun_expr())
        .order_by("nama", "id")
    )


def akun_ringkasan(*, user) -> dict:
    """Counts per account status among ACTIVE pegawai (one aggregate query), plus those without e-mail."""
    qs = Pegawai.objects.for_user(user).aktif()
    agg = qs.aggregate(
        total=Count("id"),
        **{s.value: Count("id", filter=q) for s, q in STATUS_Q.items()},
        tanpa_email=Count("id", filter=Q(user__isnull=True) & Q(email="")),
    )
    return agg


def pembuatan_akun_list(*, user) -> QuerySet:
    return PembuatanAkun.objects.for_user(user).select_related("dibuat_oleh", "unit_kerja")


def pembuatan_akun_berjalan(*, user) -> PembuatanAkun | None:
    return (
        pembuatan_akun_list(user=user)
        .filter(status__in=[jobs.JobStatus.PENDING, jobs.JobStatus.RUNNING])
        .first()
    )
