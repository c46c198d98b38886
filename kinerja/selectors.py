"""Reads of the kinerja domain. Pages and the API start from `for_user`; reports and tasks from
`for_instansi`. Aggregates are computed in the database."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from kepegawaian import atasan as hierarki
from kepegawaian.models import Pegawai, UnitKerja

from . import conf, rules
from .choices import Predikat, StatusEvaluasi, StatusSKP
from .models import (
    SKP,
    Evaluasi,
    IndikatorKinerja,
    NilaiPotensi,
    PengaturanKinerja,
    Realisasi,
    RencanaHasilKerja,
    UmpanBalikRekan,
)
from .services import pengaturan_for


def skp_list(*, user):
    return SKP.objects.for_user(user).select_related("pegawai", "pegawai__unit_kerja")


def skp_detail_context(*, skp: SKP) -> dict:
    """RHK with indicators and realisasi, behaviour, evaluations: a fixed number of queries."""
    rhk = list(
        skp.rhk.select_related("rhk_atasan").prefetch_related(
            Prefetch("indikator", queryset=IndikatorKinerja.objects.prefetch_related("realisasi"))
        )
    )
    evaluasi = list(skp.evaluasi.prefetch_related("umpan_balik__rhk").select_related("keberatan"))
    return {
        "rhk_utama": [r for r in rhk if r.jenis == "utama"],
        "rhk_tambahan": [r for r in rhk if r.jenis == "tambahan"],
        "perilaku": list(skp.perilaku.all()),
        "evaluasi": evaluasi,
        "evaluasi_tahunan": next((e for e in evaluasi if e.periode == 0), None),
        "riwayat_revisi": list(
            SKP.objects.filter(pegawai_id=skp.pegawai_id, tahun=skp.tahun)
            .exclude(pk=skp.pk)
            .order_by("-revisi")
        ),
    }


def periode_list(instansi_id) -> list[int]:
    return list(range(1, pengaturan_for(instansi_id).jumlah_periode + 1))


def progres_periode(*, skp: SKP) -> list[dict]:
    """Per period: how many indicators have realisasi, and the predikat if evaluated."""
    total = IndikatorKinerja.objects.filter(rhk__skp=skp).count()
    filled = dict(
        Realisasi.objects.filter(indikator__rhk__skp=skp)
        .values("periode")
        .annotate(n=Count("id"))
        .values_list("periode", "n")
    )
    evals = {e.periode: e for e in skp.evaluasi.all()}
    return [
        {"periode": p, "terisi": filled.get(p, 0), "total": total, "evaluasi": evals.get(p)}
        for p in periode_list(skp.instansi_id)
    ]


def _bawahan_ids(user, depth=1, exact=False):
    return hierarki.bawahan_jabatan_ids(getattr(user, "pegawai", None), depth=depth, exact=exact)


def skp_bawahan(*, user, tahun: int):
    """Current SKPs of the user's direct bawahan (the user is their pejabat penilai, or acts as one:
    kepegawaian.atasan)."""
    ids = _bawahan_ids(user)
    if not ids:
        return SKP.objects.none()
    return (
        SKP.objects.for_instansi(user.pegawai.instansi_id)
        .filter(tahun=tahun, berlaku=True, pegawai__jabatan_id__in=ids)
        .select_related("pegawai__jabatan")
        .annotate(
            n_eval=Count("evaluasi", distinct=True),
            ada_tahunan=Exists(Evaluasi.objects.filter(skp=OuterRef("pk"), periode=0)),
        )
        .order_by("status", "pegawai__nama")
    )


def bawahan_tanpa_skp(*, user, tahun: int):
    pegawai = getattr(user, "pegawai", None)
    return hierarki.bawahan_of(pegawai).exclude(skp__tahun=tahun, skp__berlaku=True).select_related("jabatan")


def papan_tim(*, user, tahun: int):
    """Team board: everyone the user may see as a unit head, with their current SKP (ordered by unit, name).
    Plain rows: count and paginate this, then add the figures of one page with `papan_tim_angka`."""
    return (
        SKP.objects.for_user(user)
        .filter(tahun=tahun, berlaku=True)
        .select_related("pegawai__jabatan", "pegawai__unit_kerja")
        .order_by("pegawai__unit_kerja__path", "pegawai__nama", "pk")
    )


def papan_tim_angka(skps: list) -> list:
    """Indicators, realisations and annual predikat for the SKPs of one board page (three grouped queries
    over those ids only). Annotating the whole board before paginating made PostgreSQL join every RHK and
    indicator of a large OPD on each page view (0.15 s on the large data set)."""
    ids = [s.pk for s in skps]
    n_iki = dict(
        IndikatorKinerja.objects.filter(rhk__skp_id__in=ids)
        .values("rhk__skp_id")
        .annotate(n=Count("id"))
        .values_list("rhk__skp_id", "n")
    )
    n_realisasi = dict(
        Realisasi.objects.filter(indikator__rhk__skp_id__in=ids)
        .values("indikator__rhk__skp_id")
        .annotate(n=Count("id"))
        .values_list("indikator__rhk__skp_id", "n")
    )
    predikat = dict(Evaluasi.objects.filter(skp_id__in=ids, periode=0).values_list("skp_id", "predikat"))
    for s in skps:
        s.n_iki = n_iki.get(s.pk, 0)
        s.n_realisasi = n_realisasi.get(s.pk) or None
        s.predikat_tahunan = predikat.get(s.pk)
        s.predikat_tahunan_label = Predikat(s.predikat_tahunan).label if s.predikat_tahunan else ""
    return skps


def keberatan_menunggu(*, user):
    """Keberatan waiting for the user as atasan of the pejabat penilai (bawahan two levels down)."""
    from .choices import StatusKeberatan
    from .models import Keberatan

    ids = _bawahan_ids(user, depth=2, exact=True)
    if not ids:
        return Keberatan.objects.none()
    return (
        Keberatan.objects.for_instansi(user.pegawai.instansi_id)
        .filter(pegawai__jabatan_id__in=ids, status=StatusKeberatan.DIAJUKAN)
        .select_related("pegawai", "evaluasi")
    )


def evaluasi_menunggu(*, user, hari_ini: dt.date | None = None):
    """Approved SKPs of the user's direct bawahan whose last finished period has no evaluation yet."""
    hari_ini = hari_ini or timezone.localdate()
    ids = _bawahan_ids(user)
    if not ids:
        return SKP.objects.none()
    setting = pengaturan_for(user.pegawai.instansi_id)
    periode_lalu = rules.periode_dari_tanggal(setting.periode_evaluasi, hari_ini) - 1
    if periode_lalu < 1:
        return SKP.objects.none()
    qs = (
        SKP.objects.for_instansi(user.pegawai.instansi_id)
        .filter(tahun=hari_ini.year, berlaku=True, status=StatusSKP.DISETUJUI, pegawai__jabatan_id__in=ids)
        .exclude(evaluasi__periode=periode_lalu)
        .select_related("pegawai")
        .order_by("pegawai__nama")
    )
    return qs


def pohon_cascading(*, skp: SKP) -> dict:
    """The cascading tree under an SKP: each RHK with the subordinates' RHK that intervene it, the RHK no one
    covers yet, and the direct subordinates whose current SKP intervenes none of them."""
    rhk = list(
        skp.rhk.prefetch_related(
            Prefetch(
                "intervensi",
                queryset=RencanaHasilKerja.objects.filter(skp__berlaku=True).select_related("skp__pegawai"),
            )
        )
    )
    bawahan = list(
        hierarki.bawahan_of(skp.pegawai)
        .select_related("jabatan")
        .annotate(
            ada_skp=Exists(SKP.objects.filter(pegawai=OuterRef("pk"), tahun=skp.tahun, berlaku=True)),
            menginterv=Exists(
                RencanaHasilKerja.objects.filter(
                    skp__pegawai=OuterRef("pk"), skp__tahun=skp.tahun, skp__berlaku=True, rhk_atasan__skp=skp
                )
            ),
        )
    )
    return {
        "rhk": rhk,
        "belum_tercakup": [r for r in rhk if not r.intervensi.all()],
        "bawahan_tanpa_intervensi": [p for p in bawahan if not p.menginterv],
        "bawahan": bawahan,
    }


def rhk_atasan_pilihan(*, skp: SKP):
    """RHK of the atasan's current SKP of the same year (choices for 'RHK pimpinan yang diintervensi')."""
    atasan = skp.pegawai.atasan
    if atasan is None:
        return RencanaHasilKerja.objects.none()
    return RencanaHasilKerja.objects.filter(skp__pegawai=atasan, skp__tahun=skp.tahun, skp__berlaku=True)


def rekan_agregat(*, skp: SKP) -> dict:
    """Peer input in aggregate only, and only if at least 3 respondents answered (nobody identifiable)."""
    answered = UmpanBalikRekan.objects.filter(skp=skp, skor__isnull=False)
    n = answered.values("responden").distinct().count()
    minimal = conf.minimal_responden_rekan()
    if not rules.tampil_cukup(n, minimal):
        return {"tampil": False, "responden": n, "minimal": minimal, "rows": []}
    rows = answered.values("nilai").annotate(rata=Avg("skor"), n=Count("id")).order_by("nilai")
    return {"tampil": True, "responden": n, "minimal": minimal, "rows": list(rows)}


def _predikat_counts(qs) -> dict:
    return {r["predikat"]: r["n"] for r in qs.values("predikat").annotate(n=Count("id")).order_by()}


def distribusi_predikat(*, evaluasi_qs) -> list[tuple[str, int]]:
    counts = _predikat_counts(evaluasi_qs)
    return [(label, counts.get(value, 0)) for value, label in Predikat.choices]


def evaluasi_tahunan_qs(*, user=None, instansi_id=None, tahun: int):
    base = Evaluasi.objects.for_user(user) if user is not None else Evaluasi.objects.for_instansi(instansi_id)
    return base.filter(periode=0, skp__tahun=tahun, skp__berlaku=True)


def tingkat_penyelesaian(*, pegawai_qs, tahun: int) -> list[dict]:
    """Per perangkat daerah: active pegawai, SKP approved, annual evaluation done (computed in the database)."""
    rows = (
        pegawai_qs.filter(status_aktif="aktif", unit_kerja__isnull=False)
        .annotate(
            opd=Substr("unit_kerja__path", 1, 7),
            skp_ok=Exists(
                SKP.objects.filter(
                    pegawai=OuterRef("pk"), tahun=tahun, berlaku=True, status=StatusSKP.DISETUJUI
                )
            ),
            eval_ok=Exists(
                Evaluasi.objects.filter(
                    skp__pegawai=OuterRef("pk"), skp__tahun=tahun, skp__berlaku=True, periode=0
                )
            ),
        )
        .values("opd")
        .annotate(
            pegawai=Count("id"),
            skp=Count("id", filter=Q(skp_ok=True)),
            dinilai=Count("id", filter=Q(eval_ok=True)),
        )
        .order_by("opd")
    )
    rows = list(rows)
    ids = [int(r["opd"].rstrip(".")) for r in rows if r["opd"]]
    names = dict(UnitKerja.objects.filter(pk__in=ids).values_list("pk", "nama"))
    out = []
    for r in rows:
        uid = int(r["opd"].rstrip(".")) if r["opd"] else None
        persen = round(100.0 * r["skp"] / r["pegawai"], 1) if r["pegawai"] else 0.0
        out.append({**r, "unit_id": uid, "unit": names.get(uid, "—"), "persen": persen})
    return out


def pegawai_predikat_rendah(*, instansi_id, tahun) -> list[dict]:
    """Contract for pelatihan: pegawai whose annual predikat is Butuh Perbaikan, Kurang/Misconduct or Sangat
    Kurang in `tahun`: a list of {"pegawai_id", "predikat", "predikat_label"} (predikat is the code, e.g.
    "butuh_perbaikan"; compare codes, show the label)."""
    from .choices import Predikat

    rows = (
        Evaluasi.objects.for_instansi(instansi_id)
        .filter(periode=0, skp__tahun=tahun, skp__berlaku=True, predikat__in=rules.PREDIKAT_RENDAH)
        .order_by("skp__pegawai_id")
        .values("predikat", pegawai_id=F("skp__pegawai_id"))
    )
    return [{**r, "predikat_label": str(Predikat(r["predikat"]).label)} for r in rows]


def predikat_rendah_qs(*, user, tahun: int):
    return (
        evaluasi_tahunan_qs(user=user, tahun=tahun)
        .filter(predikat__in=rules.PREDIKAT_RENDAH)
        .select_related("skp__pegawai__unit_kerja", "skp__pegawai__jabatan")
        .order_by("predikat", "skp__pegawai__nama")
    )


def talenta(*, user, tahun: int, unit: UnitKerja | None = None) -> dict:
    """Nine-box of kinerja (annual predikat) × potensi (NilaiPotensi) for the pegawai the user may see."""
    qs = evaluasi_tahunan_qs(user=user, tahun=tahun)
    if unit is not None:
        qs = qs.filter(skp__pegawai__unit_kerja__path__startswith=unit.path)
    potensi = NilaiPotensi.objects.filter(pegawai_id=OuterRef("skp__pegawai_id"), tahun=tahun).values("skor")[
        :1
    ]
    rows = qs.annotate(potensi=Subquery(potensi)).values(
        "predikat", "potensi", "skp__pegawai_id", "skp__pegawai__nama", "skp__pegawai__unit_kerja__label"
    )
    instansi_id = user.instansi_id
    setting = pengaturan_for(instansi_id) if instansi_id else PengaturanKinerja()
    boxes = {i: [] for i in range(1, 10)}
    tanpa_potensi = 0
    for r in rows:
        if r["potensi"] is None:
            tanpa_potensi += 1
            continue
        box = rules.kotak_talenta(
            rules.level_kinerja(r["predikat"]),
            rules.level_potensi(
                float(r["potensi"]),
                tinggi_min=float(setting.potensi_tinggi_min),
                menengah_min=float(setting.potensi_menengah_min),
            ),
        )
        boxes[box].append(r)
    # Grid rows from top (potensi tinggi) to bottom; columns kinerja di bawah → di atas.
    grid = [(_("Tinggi"), [6, 8, 9]), (_("Menengah"), [3, 5, 7]), (_("Rendah"), [1, 2, 4])]
    return {"boxes": boxes, "grid": grid, "tanpa_potensi": tanpa_potensi}


TERLAMBAT = ("draf", "persetujuan", "evaluasi")


def _aturan_terlambat(user, hari_ini: dt.date) -> tuple[dict, dt.date, int | None]:
    """The overdue rules as conditions on the user's current SKPs of the year: ({key: Q}, deadline, last
    period or None). A key is absent when its rule does not apply yet (before the deadline, first period)."""
    tenggat = dt.date(hari_ini.year, 1, 1) + dt.timedelta(days=conf.hari_tenggat_skp() - 1)
    batas = timezone.now() - dt.timedelta(days=conf.hari_tenggat_persetujuan())
    aturan = {"persetujuan": Q(status=StatusSKP.DIAJUKAN, diajukan_at__lt=batas)}
    if hari_ini > tenggat:
        aturan["draf"] = Q(status__in=[StatusSKP.DRAFT, StatusSKP.DIKEMBALIKAN])
    lalu = None
    if user.instansi_id:
        setting = pengaturan_for(user.instansi_id)
        lalu = rules.periode_dari_tanggal(setting.periode_evaluasi, hari_ini) - 1
        if lalu >= 1:
            tanpa_evaluasi = ~Exists(Evaluasi.objects.filter(skp=OuterRef("pk"), periode=lalu))
            aturan["evaluasi"] = Q(status=StatusSKP.DISETUJUI) & Q(tanpa_evaluasi)
        else:
            lalu = None
    return aturan, tenggat, lalu


def terlambat(*, user, hari_ini: dt.date | None = None) -> dict:
    """Overdue items in the user's scope: SKPs not approved after the deadline, submissions waiting for
    approval too long, last period's evaluation missing."""
    hari_ini = hari_ini or timezone.localdate()
    qs = SKP.objects.for_user(user).filter(tahun=hari_ini.year, berlaku=True).select_related("pegawai")
    aturan, tenggat, lalu = _aturan_terlambat(user, hari_ini)
    out = {key: qs.filter(aturan[key]) if key in aturan else qs.none() for key in TERLAMBAT}
    out["tenggat_skp"] = tenggat
    if lalu:
        out["periode_lalu"] = lalu
    return out


def terlambat_jumlah(*, user, hari_ini: dt.date | None = None) -> dict:
    """The three overdue counts of `terlambat` (same rules) in one aggregate query: the board and the dashboard
    widget show numbers only, and three separate COUNTs over a large OPD cost ~30 ms each."""
    hari_ini = hari_ini or timezone.localdate()
    aturan, tenggat, lalu = _aturan_terlambat(user, hari_ini)
    out = dict.fromkeys(TERLAMBAT, 0) | {"tenggat_skp": tenggat, "periode_lalu": lalu}
    out.update(
        SKP.objects.for_user(user)
        .filter(tahun=hari_ini.year, berlaku=True)
        .aggregate(**{key: Count("pk", filter=q) for key, q in aturan.items()})
    )
    return out


def publik(*, instansi, unit: UnitKerja | None = None) -> dict | None:
    """Public transparency figures (aggregates only, never a person), only when HR published them."""
    setting = PengaturanKinerja.objects.filter(instansi=instansi, dipublikasikan=True).first()
    if setting is None:
        return None
    tahun = setting.tahun_publikasi or timezone.localdate().year
    pegawai = Pegawai.objects.for_instansi(instansi.pk)
    ev = evaluasi_tahunan_qs(instansi_id=instansi.pk, tahun=tahun).filter(status=StatusEvaluasi.FINAL)
    if unit is not None:
        pegawai = pegawai.filter(unit_kerja__path__startswith=unit.path)
        ev = ev.filter(skp__pegawai__unit_kerja__path__startswith=unit.path)
    # Small groups: a unit's distribution is shown only from conf.publik_minimal_kelompok() rated pegawai;
    # otherwise the instansi-wide one (aggregated upward), and below that too, nothing (suppressed).
    minimal = conf.publik_minimal_kelompok()
    distribusi = distribusi_predikat(evaluasi_qs=ev)
    cakupan = "unit" if unit is not None else "instansi"
    if not rules.distribusi_publik_boleh(sum(n for _, n in distribusi), minimal) and unit is not None:
        cakupan = "instansi_pengganti"
        distribusi = distribusi_predikat(
            evaluasi_qs=evaluasi_tahunan_qs(instansi_id=instansi.pk, tahun=tahun).filter(
                status=StatusEvaluasi.FINAL
            )
        )
    if not rules.distribusi_publik_boleh(sum(n for _, n in distribusi), minimal):
        cakupan, distribusi = "disembunyikan", []
    return {
        "tahun": tahun,
        "penyelesaian": tingkat_penyelesaian(pegawai_qs=pegawai, tahun=tahun),
        "distribusi": distribusi,
        "distribusi_cakupan": cakupan,
        "minimal_kelompok": minimal,
        "opd": UnitKerja.objects.for_instansi(instansi.pk).filter(parent__isnull=True, aktif=True),
    }


def penghargaan_pegawai(*, user, pegawai_id) -> list:
    """Awards of one pegawai the user may see (for the pegawai profile page; scoped by for_user)."""
    from .models import Penghargaan

    return list(
        Penghargaan.objects.for_user(user)
        .filter(pegawai_id=pegawai_id)
        .order_by("-tanggal")
        .values("tahun", "jenis", "nama", "tanggal")
    )
