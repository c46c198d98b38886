"""Reads for pages, the API, exports and reports. Each starts from `for_user` (or `for_instansi`), and
aggregates are computed in the database."""

from __future__ import annotations

import logging

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear, Substr

from kepegawaian.choices import StatusAktif
from kepegawaian.models import Pegawai, UnitKerja

from . import conf, rules
from .choices import Hasil, StatusPeserta, StatusVerifikasi
from .models import Evaluasi, Kehadiran, Kompetensi, KreditJP, PelatihanEksternal, Peserta, Program, Sesi

logger = logging.getLogger(__name__)

# Length of one segment of UnitKerja.path ("000012."): the first segment names the perangkat daerah.
_SEGMEN = 7


def sesi_list(*, user):
    return Sesi.objects.for_user(user).select_related("program")


def peserta_visible(*, user):
    """Enrolments the user may see: for_user (own, led units, whole instansi for HR) plus those of the
    pegawai whose atasan the user is (Pegawai.atasan: the parent position), who must approve them."""
    # for_user already covers the user's bawahan (asnportal.scoping.personal_q -> kepegawaian.atasan).
    return Peserta.objects.for_user(user).select_related("sesi__program", "pegawai__unit_kerja")


def menunggu_persetujuan(*, user):
    """Applications waiting for this user as atasan."""
    from kepegawaian import atasan

    ids = atasan.bawahan_jabatan_ids(getattr(user, "pegawai", None), depth=1)
    if not ids:
        return Peserta.objects.none()
    return (
        Peserta.objects.for_instansi(user.instansi_id)
        .filter(status=StatusPeserta.MENUNGGU, pegawai__jabatan_id__in=ids)
        .select_related("sesi__program", "pegawai")
    )


def _jp_subquery(tahun: int):
    return Coalesce(
        Subquery(
            KreditJP.objects.filter(pegawai_id=OuterRef("pk"), tahun=tahun)
            .values("pegawai_id")
            .annotate(s=Sum("jp"))
            .values("s")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def jp_pegawai(*, user, tahun: int):
    """Active pegawai the user may see, each annotated with `total_jp` for the year (one query)."""
    return (
        Pegawai.objects.for_user(user)
        .filter(status_aktif=StatusAktif.AKTIF)
        .select_related("unit_kerja", "jabatan")
        .annotate(total_jp=_jp_subquery(tahun))
    )


def jp_saya(*, pegawai, tahun: int) -> dict:
    total = KreditJP.objects.filter(pegawai=pegawai, tahun=tahun).aggregate(s=Sum("jp"))["s"] or 0
    target = conf.target_jp()
    return {
        "tahun": tahun,
        "total": total,
        "target": target,
        "memenuhi": rules.memenuhi_target(total, target=target),
        "kekurangan": rules.kekurangan_jp(total, target=target),
        "persen": rules.persen_target(total, target=target),
        "kredit": KreditJP.objects.filter(pegawai=pegawai, tahun=tahun).order_by("-tanggal"),
    }


def jp_per_unit(*, pegawai_qs, tahun: int) -> list[dict]:
    """Per perangkat daerah: pegawai, how many are below the JP target, average JP (grouped in the DB)."""
    target = conf.target_jp()
    rows = (
        pegawai_qs.filter(unit_kerja__isnull=False)
        .annotate(total_jp=_jp_subquery(tahun), opd_path=Substr("unit_kerja__path", 1, _SEGMEN))
        .values("opd_path")
        .annotate(
            jumlah=Count("id"),
            di_bawah=Count("id", filter=Q(total_jp__lt=target)),
            rata=Avg("total_jp"),
        )
        .order_by("opd_path")
    )
    rows = list(rows)
    names = dict(UnitKerja.objects.filter(path__in=[r["opd_path"] for r in rows]).values_list("path", "nama"))
    return [
        {
            "unit": names.get(r["opd_path"], r["opd_path"]),
            "jumlah": r["jumlah"],
            "di_bawah": r["di_bawah"],
            "memenuhi": r["jumlah"] - r["di_bawah"],
            "rata": round(float(r["rata"] or 0), 1),
            "persen_memenuhi": round((r["jumlah"] - r["di_bawah"]) * 100 / r["jumlah"]) if r["jumlah"] else 0,
        }
        for r in rows
    ]


def jp_ringkasan(*, pegawai_qs, tahun: int) -> dict:
    target = conf.target_jp()
    agg = pegawai_qs.annotate(total_jp=_jp_subquery(tahun)).aggregate(
        jumlah=Count("id"), di_bawah=Count("id", filter=Q(total_jp__lt=target)), rata=Avg("total_jp")
    )
    agg["memenuhi"] = (agg["jumlah"] or 0) - (agg["di_bawah"] or 0)
    agg["rata"] = round(float(agg["rata"] or 0), 1)
    agg["target"] = target
    return agg


def anggaran(*, user, tahun: int | None = None, by: str = "program") -> list[dict]:
    """Planned vs realised cost per programme (or per instansi) for a year, from the sessions."""
    qs = Sesi.objects.for_user(user).exclude(status="batal")
    if tahun:
        qs = qs.filter(tanggal_mulai__year=tahun)
    money = DecimalField(max_digits=16, decimal_places=0)
    keys = (
        ["program_id", "program__nama", "program__kode"]
        if by == "program"
        else ["instansi_id", "instansi__nama"]
    )
    rows = (
        qs.values(*keys)
        .annotate(
            sesi=Count("id"),
            rencana=Coalesce(Sum("anggaran_rencana"), Value(0), output_field=money),
            realisasi=Coalesce(Sum("biaya_realisasi"), Value(0), output_field=money),
            peserta=Sum("terisi"),
        )
        .order_by(keys[1])
    )
    out = []
    for r in rows:
        r["selisih"] = r["rencana"] - r["realisasi"]
        r["serapan"] = round(float(r["realisasi"]) * 100 / float(r["rencana"]), 1) if r["rencana"] else None
        out.append(r)
    return out


def tahun_tersedia(*, user) -> list[int]:
    years = (
        Sesi.objects.for_user(user)
        .annotate(y=ExtractYear("tanggal_mulai"))
        .values_list("y", flat=True)
        .distinct()
        .order_by("-y")
    )
    return list(years)


def evaluasi_per_program(*, user) -> list[dict]:
    """Average ratings per programme (1–5), from every evaluation the user may see."""
    return list(
        Evaluasi.objects.for_user(user)
        .values("peserta__sesi__program_id", "peserta__sesi__program__nama")
        .annotate(
            jumlah=Count("id"),
            materi=Avg("skor_materi"),
            pengajar=Avg("skor_pengajar"),
            penyelenggaraan=Avg("skor_penyelenggaraan"),
            manfaat=Avg("skor_manfaat"),
        )
        .order_by("peserta__sesi__program__nama")
    )


# --- training needs ---------------------------------------------------------------------------------------------
def predikat_rendah(*, instansi_id: int, tahun: int) -> list[dict] | None:
    """Pegawai with a low kinerja predikat for the year, through kinerja's selector (contract:
    [{"pegawai_id", "predikat"}]). None when the kinerja app does not offer it (yet)."""
    try:
        from kinerja.selectors import pegawai_predikat_rendah
    except ImportError:
        logger.warning("kinerja.selectors.pegawai_predikat_rendah is not available")
        return None
    return list(pegawai_predikat_rendah(instansi_id=instansi_id, tahun=tahun))


def kompetensi_wajib(*, instansi_id: int) -> dict[int, set[int]]:
    """Competencies each active pegawai's position requires: {pegawai_id: {kompetensi_id}}."""
    per_jabatan: dict[int, set[int]] = {}
    for jabatan_id, kid in Kompetensi.jabatan.through.objects.filter(
        kompetensi__instansi_id=instansi_id
    ).values_list("jabatan_id", "kompetensi_id"):
        per_jabatan.setdefault(jabatan_id, set()).add(kid)
    out: dict[int, set[int]] = {}
    for pid, jid in (
        Pegawai.objects.for_instansi(instansi_id)
        .filter(status_aktif=StatusAktif.AKTIF, jabatan_id__in=list(per_jabatan))
        .values_list("id", "jabatan_id")
    ):
        out[pid] = per_jabatan[jid]
    return out


def kompetensi_dimiliki(*, instansi_id: int) -> dict[int, set[int]]:
    """Competencies gained from passed portal training and verified external training."""
    out: dict[int, set[int]] = {}
    for pid, kid in (
        Peserta.objects.for_instansi(instansi_id)
        .filter(status=StatusPeserta.SELESAI, hasil=Hasil.LULUS, sesi__program__kompetensi__isnull=False)
        .values_list("pegawai_id", "sesi__program__kompetensi")
    ):
        out.setdefault(pid, set()).add(kid)
    for pid, kid in (
        PelatihanEksternal.objects.for_instansi(instansi_id)
        .filter(status=StatusVerifikasi.DIVERIFIKASI, kompetensi__isnull=False)
        .values_list("pegawai_id", "kompetensi_id")
    ):
        out.setdefault(pid, set()).add(kid)
    return out


def kebutuhan_pelatihan(*, instansi_id: int, tahun_kinerja: int) -> list[rules.Kebutuhan]:
    rows = predikat_rendah(instansi_id=instansi_id, tahun=tahun_kinerja) or []
    aktif = set(
        Pegawai.objects.for_instansi(instansi_id)
        .filter(status_aktif=StatusAktif.AKTIF)
        .values_list("id", flat=True)
    )
    return rules.kebutuhan_pelatihan(
        predikat_rendah=[r for r in rows if r["pegawai_id"] in aktif],
        kompetensi_wajib=kompetensi_wajib(instansi_id=instansi_id),
        kompetensi_dimiliki=kompetensi_dimiliki(instansi_id=instansi_id),
        predikat_pemicu=conf.predikat_rendah(),
        nama_kompetensi=dict(Kompetensi.objects.for_instansi(instansi_id).values_list("id", "nama")),
    )


def program_per_kompetensi(*, instansi_id: int) -> dict[int, int]:
    """For each competency, an active programme of the instansi that develops it (the one with most JP)."""
    out: dict[int, int] = {}
    for pid, kid in (
        Program.objects.for_instansi(instansi_id)
        .filter(aktif=True, kompetensi__isnull=False)
        .order_by("-jp", "id")
        .values_list("id", "kompetensi")
    ):
        out.setdefault(kid, pid)
    return out


def kehadiran_hari(*, sesi, tanggal) -> dict[int, str]:
    return dict(
        Kehadiran.objects.filter(peserta__sesi=sesi, tanggal=tanggal).values_list("peserta_id", "status")
    )


def kehadiran_rekap(*, sesi) -> dict[int, dict]:
    """Per participant: days present out of days recorded (one grouped query)."""
    rows = (
        Kehadiran.objects.filter(peserta__sesi=sesi)
        .values("peserta_id")
        .annotate(hadir=Count("id", filter=Q(status="hadir")), dicatat=Count("id"))
    )
    return {r["peserta_id"]: r for r in rows}
