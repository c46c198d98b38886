"""Reads of the survei app. IKM figures are aggregated in the database: one query returns the respondent
count and the nine per-unsur score sums (per unit, per period, ...), the pure rules in `rules.py` do the rest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from . import rules
from .choices import AlasanPenolakan, JenisKelamin, JenisPeriode, Pekerjaan, Pendidikan
from .models import PenolakanRespons, PopulasiLayanan, PublikasiIKM, RencanaTindakLanjut, Respons, UnitLayanan


@dataclass(frozen=True)
class Periode:
    jenis: str
    tahun: int
    nomor: int

    @property
    def batas(self) -> tuple[dt.date, dt.date]:
        return rules.batas_periode(self.jenis, self.tahun, self.nomor)

    @property
    def label(self) -> str:
        return rules.label_periode(self.jenis, self.tahun, self.nomor)

    @classmethod
    def dari(cls, params, *, default_jenis: str = JenisPeriode.TRIWULAN) -> Periode:
        """From GET/POST parameters (jenis, tahun, nomor); anything invalid falls back to the current period."""
        today = timezone.localdate()
        jenis = params.get("jenis") if params.get("jenis") in rules.JENIS_PERIODE else default_jenis
        try:
            tahun = int(params.get("tahun") or today.year)
        except ValueError:
            tahun = today.year
        if not 2000 <= tahun <= today.year + 1:
            tahun = today.year
        try:
            nomor = int(params.get("nomor") or rules.nomor_periode(jenis, today))
        except ValueError:
            nomor = rules.nomor_periode(jenis, today)
        if not 1 <= nomor <= rules.jumlah_nomor(jenis):
            nomor = 1
        return cls(jenis, tahun, nomor)

    def as_query(self) -> str:
        return f"jenis={self.jenis}&tahun={self.tahun}&nomor={self.nomor}"


def _agregat() -> dict:
    out = {"n": Count("id")}
    out.update({f"s{i}": Sum(k) for i, k in enumerate(rules.KODE_UNSUR, start=1)})
    return out


def _sums(row: dict) -> list[int]:
    return [int(row.get(f"s{i}") or 0) for i in range(1, 10)]


def ringkasan_unit(*, unit: UnitLayanan, start: dt.date, end: dt.date) -> dict:
    """Respondent count, per-unsur sums and the IKM result of one unit in a date range: ONE query."""
    row = Respons.objects.filter(unit=unit, tanggal__range=(start, end)).aggregate(**_agregat())
    sums = _sums(row)
    return {"jumlah_nilai": sums, "hasil": rules.hitung(sums, row["n"], unit.bobot)}


def hasil_per_unit(*, responses: QuerySet, units, start: dt.date, end: dt.date) -> list[dict]:
    """IKM result of each unit in `units` for a date range, from ONE grouped query over `responses`."""
    units = list(units)
    rows = {
        r["unit_id"]: r
        for r in responses.filter(tanggal__range=(start, end), unit_id__in=[u.pk for u in units])
        .values("unit_id")
        .annotate(**_agregat())
        .order_by()
    }
    out = []
    for u in units:
        row = rows.get(u.pk, {"n": 0})
        out.append(
            {"unit": u, "jumlah_nilai": _sums(row), "hasil": rules.hitung(_sums(row), row["n"], u.bobot)}
        )
    return out


def hasil_gabungan(*, responses: QuerySet, start: dt.date, end: dt.date, bobot: str = "exact"):
    """IKM over all responses of a queryset (e.g. an instansi) in a range: one aggregate query."""
    row = responses.filter(tanggal__range=(start, end)).aggregate(**_agregat())
    return rules.hitung(_sums(row), row["n"], bobot)


def hasil_per_instansi(*, responses: QuerySet, start: dt.date, end: dt.date) -> list[dict]:
    """IKM per instansi (superadmin comparison), ONE grouped query."""
    rows = (
        responses.filter(tanggal__range=(start, end))
        .values("instansi_id", "instansi__nama")
        .annotate(**_agregat())
        .order_by("instansi__nama")
    )
    return [{"nama": r["instansi__nama"], "hasil": rules.hitung(_sums(r), r["n"])} for r in rows if r["n"]]


def _nomor_expr(jenis: str):
    month = ExtractMonth("tanggal")
    if jenis == JenisPeriode.BULAN:
        return month
    if jenis == JenisPeriode.TAHUN:
        return ExtractYear("tanggal")
    width = 3 if jenis == JenisPeriode.TRIWULAN else 6
    whens = [
        When(tanggal__month__gte=(k - 1) * width + 1, tanggal__month__lte=k * width, then=Value(k))
        for k in range(1, 12 // width + 1)
    ]
    return Case(*whens, output_field=IntegerField())


def tren(*, responses: QuerySet, jenis: str, tahun: int, bobot: str = "exact") -> list[dict]:
    """IKM per period of one year (for `tahun` kind: the last five years), ONE grouped query."""
    if jenis == JenisPeriode.TAHUN:
        labels = list(range(tahun - 4, tahun + 1))
        qs = responses.filter(tanggal__year__gte=tahun - 4, tanggal__year__lte=tahun)
    else:
        labels = list(range(1, rules.jumlah_nomor(jenis) + 1))
        qs = responses.filter(tanggal__year=tahun)
    rows = {
        r["p"]: r for r in qs.annotate(p=_nomor_expr(jenis)).values("p").annotate(**_agregat()).order_by("p")
    }
    out = []
    for p in labels:
        row = rows.get(p, {"n": 0})
        label = (
            str(p) if jenis == JenisPeriode.TAHUN else rules.label_periode(jenis, tahun, p).rsplit(" ", 1)[0]
        )
        if jenis == JenisPeriode.BULAN:
            label = label[:3]
        out.append({"label": label, "hasil": rules.hitung(_sums(row), row["n"], bobot)})
    return out


USIA_KELOMPOK = (("< 20", 0, 19), ("20–29", 20, 29), ("30–39", 30, 39), ("40–49", 40, 49), ("50–59", 50, 59))


def profil_responden(*, responses: QuerySet) -> dict:
    """Respondent counts by gender, education, occupation and age group: ONE query with conditional counts."""
    agg = {}
    for field, choices in (
        ("jenis_kelamin", JenisKelamin),
        ("pendidikan", Pendidikan),
        ("pekerjaan", Pekerjaan),
    ):
        for value, _label in choices.choices:
            agg[f"{field}__{value}"] = Count("id", filter=Q(**{field: value}))
    for i, (_label, lo, hi) in enumerate(USIA_KELOMPOK):
        agg[f"usia__{i}"] = Count("id", filter=Q(usia__gte=lo, usia__lte=hi))
    agg["usia__lain"] = Count("id", filter=Q(usia__gte=60))
    row = responses.aggregate(**agg)
    out = {}
    for field, choices in (
        ("jenis_kelamin", JenisKelamin),
        ("pendidikan", Pendidikan),
        ("pekerjaan", Pekerjaan),
    ):
        out[field] = [(str(label), row[f"{field}__{value}"]) for value, label in choices.choices]
    out["usia"] = [(label, row[f"usia__{i}"]) for i, (label, _lo, _hi) in enumerate(USIA_KELOMPOK)]
    out["usia"].append(("≥ 60", row["usia__lain"]))
    return out


def populasi(*, unit: UnitLayanan, jenis_periode: str, tahun: int, nomor: int) -> int | None:
    return (
        PopulasiLayanan.objects.filter(unit=unit, jenis_periode=jenis_periode, tahun=tahun, nomor=nomor)
        .values_list("jumlah_pengguna", flat=True)
        .first()
    )


def populasi_per_unit(*, units, periode: Periode) -> dict[int, int]:
    """Population per unit for one period, one query."""
    return dict(
        PopulasiLayanan.objects.filter(
            unit__in=[u.pk for u in units],
            jenis_periode=periode.jenis,
            tahun=periode.tahun,
            nomor=periode.nomor,
        ).values_list("unit_id", "jumlah_pengguna")
    )


def status_sampel(hasil, populasi_n: int | None) -> dict:
    n = hasil.jumlah_responden if hasil else 0
    minimum = rules.sampel_minimum(populasi_n) if populasi_n else None
    return {
        "populasi": populasi_n,
        "minimum": minimum,
        "jumlah": n,
        "cukup": rules.sampel_cukup(n, populasi_n),
        "kurang": (minimum - n) if minimum is not None and n < minimum else 0,
    }


def elemen_terlemah(hasil) -> list[dict]:
    """The nine unsur ordered weakest first (for the element profile chart and the follow-up plan)."""
    if hasil is None:
        return []
    order = rules.unsur_terlemah(list(hasil.nrr), jumlah=rules.JUMLAH_UNSUR)
    return [
        {"nomor": i + 1, "kode": rules.UNSUR[i][0], "nama": rules.UNSUR[i][1], "nrr": hasil.nrr[i]}
        for i in order
    ]


def penolakan_ringkas(*, user, start: dt.date, end: dt.date, unit: UnitLayanan | None = None) -> list[dict]:
    qs = PenolakanRespons.objects.for_user(user).filter(tanggal__range=(start, end))
    if unit is not None:
        qs = qs.filter(unit=unit)
    rows = list(
        qs.values("unit__nama", "alasan").annotate(total=Sum("jumlah")).order_by("unit__nama", "alasan")
    )
    for r in rows:
        r["label"] = AlasanPenolakan(r["alasan"]).label
    return rows


def rencana_list(*, user, unit: UnitLayanan, periode: Periode):
    return RencanaTindakLanjut.objects.for_user(user).filter(
        unit=unit, jenis_periode=periode.jenis, tahun=periode.tahun, nomor=periode.nomor
    )


def respons_list(*, user) -> QuerySet:
    return Respons.objects.for_user(user).select_related("unit")


def respons_ekspor_rows(*, responses: QuerySet):
    """Rows for the XLSX/CSV export, streamed from the database."""
    cols = (
        "id",
        "unit__nama",
        "tanggal",
        "slot_waktu",
        *rules.KODE_UNSUR,
        "usia",
        "jenis_kelamin",
        "pendidikan",
        "pekerjaan",
        "jenis_layanan",
        "saran",
        "nama",
        "kontak",
        "dibuat",
    )
    for row in responses.order_by("tanggal", "id").values_list(*cols).iterator(chunk_size=2000):
        row = list(row)
        row[-1] = timezone.localtime(row[-1]).strftime("%Y-%m-%d %H:%M")
        yield row


EKSPOR_HEADERS = [
    "ID",
    "Unit layanan",
    "Tanggal",
    "Jam",
    *[f"U{i} {u[1]}" for i, u in enumerate(rules.UNSUR, start=1)],
    "Usia",
    "Jenis kelamin",
    "Pendidikan",
    "Pekerjaan",
    "Jenis layanan",
    "Saran",
    "Nama",
    "Kontak",
    "Diterima",
]


# --- Public reads (explicit, only what HR has published) -------------------------------------------------


def publik_publikasi(*, instansi_kode: str | None = None):
    qs = PublikasiIKM.objects.select_related("unit", "instansi").order_by(
        "instansi__nama", "-tahun", "jenis_periode", "-nomor", "unit__nama"
    )
    if instansi_kode:
        qs = qs.filter(instansi__kode=instansi_kode)
    return qs


def publik_per_instansi(publikasi) -> list[dict]:
    """Group published unit results by instansi and period; the instansi IKM comes from the summed scores
    of its published units (exact, not an average of unit values)."""
    groups: dict = {}
    for p in publikasi:
        key = (p.instansi_id, p.jenis_periode, p.tahun, p.nomor)
        g = groups.setdefault(
            key, {"instansi": p.instansi, "label": p.label_periode, "units": [], "sums": [0] * 9, "n": 0}
        )
        g["units"].append(p)
        g["sums"] = [a + int(b) for a, b in zip(g["sums"], p.jumlah_nilai, strict=True)]
        g["n"] += p.jumlah_responden
    out = []
    for g in groups.values():
        g["hasil"] = rules.hitung(g["sums"], g["n"])
        out.append(g)
    return out


def unit_publik(slug: str) -> UnitLayanan | None:
    return UnitLayanan.objects.select_related("instansi", "unit_kerja").filter(slug=slug, aktif=True).first()
