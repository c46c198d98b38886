"""Who is whose atasan: THE one definition. Every approval, evaluation, inbox and pimpinan scope reads it
(asnportal.scoping, kinerja, kehadiran, pelatihan); nothing else walks the position tree.

The rule (also in docs/architecture.md, "Atasan dan bawahan", and docs/decisions/0007-one-definition-of-atasan.md):

1. On a date a person *holds* positions: their own jabatan (definitif) and every position they act in on
   that date under a PenugasanPlt (Plt./Plh., tanggal_mulai <= date <= tanggal_selesai).
2. A position is *filled* on a date when an active pegawai holds it definitively or someone acts in it.
3. The atasan of pegawai P is whoever holds the parent position of P's jabatan (Jabatan.parent); where that
   position is vacant, whoever holds the nearest filled position further up the tree. Of several definitive
   holders of one position the earliest TMT jabatan (then id) counts; a Plt./Plh. of that position decides too
   and signs as "Plt."/"Plh.". Nobody is their own atasan (a pegawai acting in their own parent position is
   skipped).
4. bawahan_of(X, depth=1): the pegawai whose atasan X is; depth=2 adds their bawahan, and so on; depth=None:
   everyone in the positions below those X holds.
5. Who sees whose personal records: everyone their direct bawahan (rule 4, depth 1: the people whose records
   they approve) and, for a unit head (holding or acting in a position with is_kepala_unit), everyone in that
   unit and the units below it. Visibility only: approvals follow rule 3 whether or not a position is flagged
   kepala unit.
6. may_approve(user, pegawai, kind): the user is an approver of rule 3 for `pegawai` (for a keberatan: of the
   pejabat penilai, i.e. one level higher); nobody approves for themself. Kinds in HR_FALLBACK are decided by
   the instansi's HR officer when the pegawai has no atasan at all (the top official).

Cost: `posisi_of` is one query, the atasan chain of a pegawai three (cached on the instance per date), the team
below a person one recursive query per depth asked (cached on the instance per date). Never per row of a list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

# One list of approval kinds: the approval matrix test (tests/test_atasan_matrix.py) is generated from it.
SKP = "skp"  # approve / return an SKP, set expectations, ask peers
EVALUASI = "evaluasi"  # periodic and annual evaluation of an SKP
KEBERATAN = "keberatan"  # objection to the annual result: the atasan of the pejabat penilai decides
CUTI = "cuti"  # leave request, atasan stage
KOREKSI = "koreksi"  # attendance correction
PELATIHAN = "pelatihan"  # training enrolment approval / nomination by the atasan
APPROVAL_KINDS = (SKP, EVALUASI, KEBERATAN, CUTI, KOREKSI, PELATIHAN)

# Kinds HR decides when the pegawai has no atasan at all (the top official of the instansi).
HR_FALLBACK = frozenset({KOREKSI, PELATIHAN})
# Kinds the superadmin may decide in place of the atasan (support of last resort; audited like any decision).
SUPERADMIN_OVERRIDE = frozenset({CUTI, KOREKSI})

_MAX_DEPTH = 40  # guard against a cycle in Jabatan.parent (clean() only refuses a position as its own parent)


def hari_ini() -> dt.date:
    return timezone.localdate()


@dataclass(frozen=True)
class Posisi:
    """A position a person holds on a date."""

    jabatan_id: int
    nama: str
    kapasitas: str  # "" definitif, "Plt." or "Plh."
    utama: (
        bool  # counts as the position's holder for approvals (rule 3: earliest TMT of its definitive holders)
    )
    kepala_unit: bool
    unit_path: str | None


# --- SQL helpers --------------------------------------------------------------------------------------------


def _tables():
    from .models import Jabatan, Pegawai, PenugasanPlt

    return Jabatan._meta.db_table, Pegawai._meta.db_table, PenugasanPlt._meta.db_table


def _terisi_sql(alias: str) -> str:
    """1 when position `alias` is filled on the date (rule 2), holders other than one pegawai; 4 params:
    status aktif, exclude id, date, date, exclude id -> see _terisi_params."""
    _, peg, plt = _tables()
    # Table names come from model _meta, values are parameters: no user input reaches the SQL text.
    return (
        f"(CASE WHEN EXISTS (SELECT 1 FROM {peg} p WHERE p.jabatan_id = {alias}.id"  # noqa: S608
        " AND p.status_aktif = %s"
        f" AND p.id <> %s) OR EXISTS (SELECT 1 FROM {plt} t WHERE t.jabatan_id = {alias}.id"
        f" AND t.tanggal_mulai <= %s AND t.tanggal_selesai >= %s AND t.pegawai_id <> %s) THEN 1 ELSE 0 END)"
    )


def _terisi_params(on: dt.date, exclude: int = -1) -> list:
    d = connection.ops.adapt_datefield_value(on)
    return ["aktif", exclude, d, d, exclude]


def _naik(jabatan_id: int, on: dt.date, exclude: int) -> list[tuple[int, int, int]]:
    """(position id, tingkat, terisi) going up from the PARENT of `jabatan_id`, until two filled positions
    were passed (tingkat counts the filled positions met so far, this one included)."""
    jab, _, _ = _tables()
    f = _terisi_sql("j")
    # Table names come from model _meta, values are parameters: no user input reaches the SQL text.
    sql = (
        f"WITH RECURSIVE naik(id, parent_id, lvl, terisi, tingkat) AS ("  # noqa: S608
        f" SELECT j.id, j.parent_id, 1, {f}, {f} FROM {jab} j"
        f" WHERE j.id = (SELECT parent_id FROM {jab} WHERE id = %s)"
        f" UNION ALL"
        f" SELECT j.id, j.parent_id, n.lvl + 1, {f}, n.tingkat + {f} FROM {jab} j"
        f" JOIN naik n ON j.id = n.parent_id WHERE n.tingkat < 2 AND n.lvl < {_MAX_DEPTH}"
        f") SELECT id, tingkat, terisi FROM naik ORDER BY lvl"
    )
    p = _terisi_params(on, exclude)
    with connection.cursor() as cur:
        cur.execute(sql, [*p, *p, jabatan_id, *p, *p])
        return list(cur.fetchall())


def _turun(start_ids: list[int], on: dt.date, depth: int | None) -> dict[int, int]:
    """{position id: tingkat} below `start_ids`: tingkat 1 = positions whose holders have a start position as
    their atasan position (rule 3, through vacant positions), 2 = one filled position further down, ..."""
    if not start_ids:
        return {}
    jab, _, _ = _tables()
    f = _terisi_sql("j")
    limit = depth if depth is not None else _MAX_DEPTH
    marks = ", ".join(["%s"] * len(start_ids))
    sql = (  # table names from model _meta; values are parameters
        f"WITH RECURSIVE turun(id, lvl, tingkat, terisi) AS ("  # noqa: S608
        f" SELECT j.id, 1, 1, {f} FROM {jab} j WHERE j.parent_id IN ({marks})"
        f" UNION ALL"
        f" SELECT j.id, t.lvl + 1, t.tingkat + t.terisi, {f} FROM {jab} j"
        f" JOIN turun t ON j.parent_id = t.id WHERE t.tingkat + t.terisi <= %s AND t.lvl < {_MAX_DEPTH}"
        f") SELECT id, MIN(tingkat) FROM turun GROUP BY id"
    )
    p = _terisi_params(on)
    with connection.cursor() as cur:
        cur.execute(sql, [*p, *start_ids, *p, limit])
        return {jid: tingkat for jid, tingkat in cur.fetchall() if jid not in start_ids}


def _puncak(instansi_id: int, on: dt.date) -> list[int]:
    """Positions of an instansi whose holders have no atasan: the roots of the tree and everything reached
    from a root through vacant positions only (rule 3 finds nobody above them)."""
    jab, _, _ = _tables()
    f = _terisi_sql("j")
    sql = (  # table names from model _meta; values are parameters
        f"WITH RECURSIVE puncak(id, lvl, terisi) AS ("  # noqa: S608
        f" SELECT j.id, 1, {f} FROM {jab} j WHERE j.parent_id IS NULL AND j.instansi_id = %s"
        f" UNION ALL"
        f" SELECT j.id, t.lvl + 1, {f} FROM {jab} j JOIN puncak t ON j.parent_id = t.id"
        f" WHERE t.terisi = 0 AND t.lvl < {_MAX_DEPTH}"
        f") SELECT DISTINCT id FROM puncak"
    )
    p = _terisi_params(on)
    with connection.cursor() as cur:
        cur.execute(sql, [*p, instansi_id, *p])
        return [row[0] for row in cur.fetchall()]


def tanpa_atasan_q(instansi_id: int, pegawai_path: str = "pegawai", on: dt.date | None = None) -> Q:
    """Q for rows about pegawai of `instansi_id` who have no atasan (no jabatan, or nobody above them): the
    items HR decides under HR_FALLBACK. One query."""
    ids = _puncak(instansi_id, on or hari_ini())
    return Q(**{f"{pegawai_path}__jabatan__isnull": True}) | Q(
        **{f"{pegawai_path}__jabatan_id__in": ids or [-1]}
    )


# --- positions held ------------------------------------------------------------------------------------------


def posisi_of(pegawai, on: dt.date | None = None) -> list[Posisi]:
    """The positions `pegawai` holds on `on` (rule 1): one query, cached on the instance per date."""
    if pegawai is None:
        return []
    on = on or hari_ini()
    cache = pegawai.__dict__.setdefault("_posisi_cache", {})
    if on in cache:
        return cache[on]
    from .choices import JenisPenugasan, StatusAktif
    from .models import Jabatan, Pegawai, PenugasanPlt

    acting = PenugasanPlt.objects.filter(
        pegawai_id=pegawai.pk, tanggal_mulai__lte=on, tanggal_selesai__gte=on
    )
    rows = (
        Jabatan.objects.filter(Q(pk=pegawai.jabatan_id or -1) | Q(pk__in=acting.values("jabatan_id")))
        .select_related("unit_kerja")
        .annotate(
            plt_jenis=Subquery(acting.filter(jabatan_id=OuterRef("pk")).values("jenis")[:1]),
            pemangku_utama=Subquery(
                Pegawai.objects.filter(jabatan_id=OuterRef("pk"), status_aktif=StatusAktif.AKTIF)
                .order_by("tmt_jabatan", "id")
                .values("pk")[:1]
            ),
        )
    )
    out = []
    aktif = pegawai.status_aktif == StatusAktif.AKTIF
    for j in rows:
        if j.pk == pegawai.jabatan_id and aktif:
            kapasitas, utama = "", j.pemangku_utama == pegawai.pk
        elif j.plt_jenis:
            kapasitas, utama = ("Plh." if j.plt_jenis == JenisPenugasan.PLH else "Plt."), True
        else:
            continue
        path = j.unit_kerja.path if j.is_kepala_unit and j.unit_kerja_id else None
        out.append(Posisi(j.pk, j.nama, kapasitas, utama, j.is_kepala_unit, path))
    out.sort(key=lambda p: (p.kapasitas != "", p.jabatan_id))
    cache[on] = out
    return out


def led_unit_paths(pegawai, on: dt.date | None = None) -> list[str]:
    """Materialised paths of the units `pegawai` heads (definitively or as Plt./Plh.) on `on` (rule 5)."""
    return [p.unit_path for p in posisi_of(pegawai, on) if p.unit_path]


# --- upwards: the atasan ---------------------------------------------------------------------------------------


def _rantai(pegawai, on: dt.date) -> tuple[list, list]:
    """(approvers of `pegawai`, approvers one level higher) as lists of (Pegawai, kapasitas): 3 queries,
    cached on the instance per date."""
    cache = pegawai.__dict__.setdefault("_rantai_cache", {})
    if on in cache:
        return cache[on]
    from .choices import StatusAktif
    from .models import Pegawai, PenugasanPlt

    result: tuple[list, list] = ([], [])
    if pegawai.jabatan_id:
        rows = _naik(pegawai.jabatan_id, on, pegawai.pk)
        level = {}  # tingkat -> position id of the filled position at that level
        for jid, tingkat, terisi in rows:
            if terisi and tingkat not in level:
                level[tingkat] = jid
        if level:
            ids = list(level.values())
            definitif = {}
            for p in (
                Pegawai.objects.filter(jabatan_id__in=ids, status_aktif=StatusAktif.AKTIF)
                .exclude(pk=pegawai.pk)
                .select_related("jabatan", "user")
                .order_by("tmt_jabatan", "id")
            ):
                definitif.setdefault(p.jabatan_id, p)
            acting: dict[int, list] = {}
            for t in (
                PenugasanPlt.objects.filter(
                    jabatan_id__in=ids, tanggal_mulai__lte=on, tanggal_selesai__gte=on
                )
                .exclude(pegawai_id=pegawai.pk)
                .select_related("pegawai__jabatan", "pegawai__user")
                .order_by("tanggal_mulai", "id")
            ):
                acting.setdefault(t.jabatan_id, []).append((t.pegawai, t.singkatan))
            for i, tingkat in enumerate((1, 2)):
                jid = level.get(tingkat)
                if jid is None:
                    continue
                pegawai.__dict__.setdefault("_rantai_jabatan", {})[(on, tingkat)] = jid
                if jid in definitif:
                    result[i].append((definitif[jid], ""))
                result[i].extend(acting.get(jid, []))
    cache[on] = result
    return result


def penyetuju_of(pegawai, on: dt.date | None = None, *, tingkat: int = 1) -> list:
    """Everyone who decides as atasan of `pegawai` on `on` (rule 3): [(Pegawai, kapasitas)], the definitive
    holder first. tingkat=2: the atasan of the atasan (keberatan)."""
    if pegawai is None:
        return []
    return _rantai(pegawai, on or hari_ini())[tingkat - 1]


def atasan_of(pegawai, on: dt.date | None = None):
    """THE atasan of `pegawai` on `on` (rule 3): the definitive holder of the nearest filled position above,
    else the one acting in it (Plt./Plh.); None at the top of the tree."""
    rows = penyetuju_of(pegawai, on)
    return rows[0][0] if rows else None


def atasan2_of(pegawai, on: dt.date | None = None):
    """The atasan of the atasan (the one who decides a keberatan)."""
    rows = penyetuju_of(pegawai, on, tingkat=2)
    return rows[0][0] if rows else None


# --- downwards: the team ---------------------------------------------------------------------------------------


def _tim(pegawai, on: dt.date, depth: int | None) -> dict[int, int]:
    """{position id: tingkat <= depth} below the positions `pegawai` holds as approver (one query, cached)."""
    cache = pegawai.__dict__.setdefault("_tim_cache", {})
    key = (on, depth)
    if key not in cache:
        full = cache.get((on, None))
        if full is not None:
            cache[key] = {j: t for j, t in full.items() if depth is None or t <= depth}
        else:
            starts = [p.jabatan_id for p in posisi_of(pegawai, on) if p.utama]
            cache[key] = _turun(starts, on, depth)
    return cache[key]


def bawahan_jabatan_ids(pegawai, on: dt.date | None = None, depth: int | None = 1, *, exact: bool = False):
    """Positions whose holders are bawahan of `pegawai` up to `depth` levels (exactly `depth` with exact)."""
    if pegawai is None:
        return []
    tim = _tim(pegawai, on or hari_ini(), depth)
    return [j for j, t in tim.items() if not exact or t == depth]


def bawahan_of(pegawai, on: dt.date | None = None, depth: int | None = 1, *, exact: bool = False):
    """Active Pegawai whose atasan is `pegawai` (depth=1; rule 4), down `depth` levels, or all below (None)."""
    from .choices import StatusAktif
    from .models import Pegawai

    ids = bawahan_jabatan_ids(pegawai, on, depth, exact=exact)
    if not ids:
        return Pegawai.objects.none()
    qs = Pegawai.objects.filter(jabatan_id__in=ids, status_aktif=StatusAktif.AKTIF)
    return qs.exclude(pk=pegawai.pk)


def punya_tim(pegawai, on: dt.date | None = None) -> bool:
    """Heads a unit or has positions below theirs (rule 4/5): the person is a pimpinan."""
    if pegawai is None:
        return False
    on = on or hari_ini()
    return bool(led_unit_paths(pegawai, on)) or bool(_tim(pegawai, on, 1))


def tim_q(pegawai, pegawai_path: str, on: dt.date | None = None) -> Q | None:
    """Q for rows (at `pegawai_path`) about anyone `pegawai` may see as a pimpinan: their direct bawahan (whose
    records they approve) and everyone in the units they head (rules 4 and 5). None when they see nobody.
    An atasan who heads no unit does not see two levels down: personal data only as far as the duty needs
    (UU 27/2022); the keberatan they decide is opened from its own page."""
    from .models import Pegawai

    on = on or hari_ini()
    q = None
    field = f"{pegawai_path}__in" if pegawai_path else "pk__in"
    ids = bawahan_jabatan_ids(pegawai, on, 1)
    if ids:
        q = Q(**{f"{pegawai_path}__jabatan_id__in" if pegawai_path else "jabatan_id__in": ids})
    for path in led_unit_paths(pegawai, on):
        # As a subquery of pegawai ids rather than a join on the unit path: PostgreSQL then reads the led
        # units' pegawai through indexes instead of hashing every pegawai of the instansi.
        led = Pegawai._base_manager.filter(unit_kerja__path__startswith=path)
        q = (q | Q(**{field: led.values("pk")})) if q is not None else Q(**{field: led.values("pk")})
    return q


# --- decisions ---------------------------------------------------------------------------------------------------


def _penyetuju_for(pegawai, kind: str, on: dt.date) -> list:
    return penyetuju_of(pegawai, on, tingkat=2 if kind == KEBERATAN else 1)


def may_approve(user, pegawai, kind: str, on: dt.date | None = None) -> bool:
    """May `user` decide a `kind` item of `pegawai` on `on` (rule 6)?"""
    from asnportal import scoping

    if kind not in APPROVAL_KINDS:
        raise ValueError(kind)
    if user is None or not user.is_authenticated or pegawai is None:
        return False
    on = on or hari_ini()
    own = getattr(user, "pegawai_id", None)
    rows = _penyetuju_for(pegawai, kind, on)
    if own and own != pegawai.pk and any(p.pk == own for p, _k in rows):
        return True
    if kind in SUPERADMIN_OVERRIDE and scoping.is_superadmin(user):
        return True
    if kind in HR_FALLBACK and not rows and own != pegawai.pk and scoping.can_manage(user):
        return scoping.is_superadmin(user) or user.instansi_id == pegawai.instansi_id
    return False


def kapasitas(user, pegawai, kind: str = SKP, on: dt.date | None = None) -> str:
    """In which capacity `user` decides for `pegawai`: "" (definitive atasan, HR, or not an approver) or
    "Plt."/"Plh." when acting in the approving position. For documents and audit rows."""
    own = getattr(user, "pegawai_id", None)
    if not own or pegawai is None:
        return ""
    for p, k in _penyetuju_for(pegawai, kind, on or hari_ini()):
        if p.pk == own:
            return k
    return ""


def jabatan_kapasitas(user, pegawai, kind: str = SKP, on: dt.date | None = None) -> str:
    """The position line under a Plt./Plh. signature, e.g. "Plt. Kepala Bidang Mutasi" ("" when definitive)."""
    on = on or hari_ini()
    k = kapasitas(user, pegawai, kind, on)
    if not k:
        return ""
    jid = pegawai.__dict__.get("_rantai_jabatan", {}).get((on, 2 if kind == KEBERATAN else 1))
    nama = next((p.nama for p in posisi_of(user.pegawai, on) if p.jabatan_id == jid), "")
    return f"{k} {nama}".strip()


def jabatan_tampil(pegawai, on: dt.date | None = None, *, tingkat: int = 1) -> str:
    """The position line of `pegawai`'s atasan (tingkat=2: the atasan's atasan) as a document prints it: the
    atasan's own jabatan, or "Plt. <position>" when the one deciding acts in it."""
    on = on or hari_ini()
    rows = penyetuju_of(pegawai, on, tingkat=tingkat)
    if not rows:
        return ""
    person, k = rows[0]
    if not k:
        return person.jabatan.nama if person.jabatan_id else ""
    jid = pegawai.__dict__.get("_rantai_jabatan", {}).get((on, tingkat))
    nama = next((p.nama for p in posisi_of(person, on) if p.jabatan_id == jid), "")
    return f"{k} {nama}".strip()


def audit_kapasitas(user, pegawai, kind: str = SKP, on: dt.date | None = None) -> dict:
    """Extra audit `changes` for a decision taken as Plt./Plh. ({} otherwise): {"kapasitas": [None, "Plt."]}."""
    k = kapasitas(user, pegawai, kind, on)
    return {"kapasitas": [None, k]} if k else {}


def notify_users(pegawai, kind: str = SKP, on: dt.date | None = None) -> list:
    """The portal accounts to notify when an item of `pegawai` awaits a decision: every approver."""
    return [getattr(p, "user", None) for p, _k in _penyetuju_for(pegawai, kind, on or hari_ini())]
