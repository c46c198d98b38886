"""Reads of the laporan app: the archive, and the roster queries behind the DUK and the daftar nominatif.

Rosters are ordered in the database and streamed (`iterator`), so an instansi of 50,000 pegawai never sits in
memory as model instances.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, IntegerField, Q, Value, When

from asnportal.jobs import JobStatus
from kepegawaian import rules as kp_rules
from kepegawaian.choices import StatusAktif, StatusKepegawaian
from kepegawaian.models import Pegawai

from . import rules
from .models import LaporanRun

ROSTER_FIELDS = (
    "id",
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "status_kepegawaian",
    "golongan",
    "tmt_golongan",
    "tmt_cpns",
    "tmt_jabatan",
    "pendidikan_terakhir",
    "jurusan",
    "jabatan__nama",
    "jabatan__jenis",
    "jabatan__kelas_jabatan",
    "unit_kerja__label",
    "unit_kerja__path",
)


def laporan_list(*, user):
    return LaporanRun.objects.for_user(user).select_related("requested_by", "unit_kerja", "instansi")


def laporan_stats(*, user) -> dict:
    return LaporanRun.objects.for_user(user).aggregate(
        total=Count("id"),
        selesai=Count("id", filter=Q(status=JobStatus.SUCCESS)),
        gagal=Count("id", filter=Q(status=JobStatus.FAILED)),
        tertunda=Count("id", filter=Q(status=JobStatus.PENDING, enqueued_at__isnull=True)),
    )


def golongan_rank_expression():
    """kepegawaian.rules.golongan_rank as a database expression (one When per golongan)."""
    from kepegawaian.rules import GOLONGAN_PNS, GOLONGAN_PPPK

    whens = [When(golongan=g, then=Value(kp_rules.golongan_rank(g))) for g in GOLONGAN_PNS + GOLONGAN_PPPK]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def jabatan_level_expression():
    whens = [When(jabatan__jenis=k, then=Value(v)) for k, v in rules.JABATAN_LEVEL.items()]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _roster_base(*, instansi_id, unit_path: str | None, status_kepegawaian: str = ""):
    qs = Pegawai.objects.for_instansi(instansi_id).filter(status_aktif=StatusAktif.AKTIF)
    if unit_path:
        qs = qs.filter(unit_kerja__path__startswith=unit_path)
    if status_kepegawaian:
        qs = qs.filter(status_kepegawaian=status_kepegawaian)
    return qs


def duk_queryset(*, instansi_id, unit_path: str | None = None, status_kepegawaian: str = ""):
    """Active PNS and CPNS in DUK order (laporan.rules.duk_sort_key), ordered by the database.

    PPPK hold no pangkat (golongan I–XVII is a pay grade, domain.md §4.2), so they are not in the DUK.
    """
    far = dt.date(9999, 12, 31)
    from django.db.models.functions import Coalesce

    return (
        _roster_base(instansi_id=instansi_id, unit_path=unit_path, status_kepegawaian=status_kepegawaian)
        .exclude(status_kepegawaian=StatusKepegawaian.PPPK)
        .annotate(
            gol_rank=golongan_rank_expression(),
            jab_level=jabatan_level_expression(),
            tmt_gol_sort=Coalesce("tmt_golongan", Value(far)),
            tmt_cpns_sort=Coalesce("tmt_cpns", Value(far)),
            kelas_sort=Coalesce("jabatan__kelas_jabatan", Value(0)),
        )
        .order_by(
            "-gol_rank", "tmt_gol_sort", "-jab_level", "-kelas_sort", "tmt_cpns_sort", "tanggal_lahir", "id"
        )
        .values(*ROSTER_FIELDS)
    )


def nominatif_queryset(*, instansi_id, unit_path: str | None = None, status_kepegawaian: str = ""):
    """Active pegawai per unit (unit tree order), within a unit by position level then name."""
    return (
        _roster_base(instansi_id=instansi_id, unit_path=unit_path, status_kepegawaian=status_kepegawaian)
        .annotate(jab_level=jabatan_level_expression(), gol_rank=golongan_rank_expression())
        .order_by("unit_kerja__path", "-jab_level", "-gol_rank", "nama", "id")
        .values(*ROSTER_FIELDS)
    )


def roster_count(qs) -> int:
    return qs.order_by().count()
