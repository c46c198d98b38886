"""Reads of the rekrutmen app: staff reads start from `for_user`, applicant reads from the applicant, public reads
from published flags only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from . import rules
from .choices import JenisKomponen, StatusAdministrasi, StatusFormasi, StatusLamaran, TahapPublikasi
from .models import Formasi, KomponenSKB, Lamaran, Publikasi, RiwayatNilai, Seleksi, SesiPenilaian


# --- Public ----------------------------------------------------------------------------------------------------
def public_formasi_terbuka():
    """Approved formasi of announced rounds whose registration is open today (for the public list)."""
    ids = [s.pk for s in Seleksi.objects.filter(diumumkan=True) if s.pendaftaran_buka]
    return (
        Formasi.objects.filter(seleksi_id__in=ids, status=StatusFormasi.DISETUJUI)
        .select_related("seleksi", "jabatan", "unit_kerja", "instansi")
        .order_by("instansi__nama", "jabatan__nama", "id")
    )


def public_seleksi_dengan_hasil():
    return (
        Seleksi.objects.filter(diumumkan=True, publikasi__isnull=False).distinct().select_related("instansi")
    )


def public_publikasi(seleksi: Seleksi):
    """The latest publication of each stage of a round."""
    latest = {}
    for pub in seleksi.publikasi.order_by("-diumumkan_at", "-id"):
        latest.setdefault(pub.tahap, pub)
    return [latest[t] for t in TahapPublikasi.values if t in latest]


# --- Applicant -------------------------------------------------------------------------------------------------
def lamaran_pelamar(pelamar):
    """The applicant's own applications (the only applicant-side entry point to Lamaran)."""
    return Lamaran.objects.filter(pelamar=pelamar).select_related("seleksi", "formasi__jabatan", "instansi")


# --- Staff -----------------------------------------------------------------------------------------------------
def nilai_komponen(lamaran: Lamaran, komponen: list[KomponenSKB]) -> dict[int, Decimal | None]:
    """Score per SKB component: CAT from the import, the others the mean of all panel members' scores (None until
    every panel member has scored). Uses prefetched `sesi_penilaian` when present."""
    sesi_by_komponen = {s.komponen_id: s for s in lamaran.sesi_penilaian.all()}
    out: dict[int, Decimal | None] = {}
    for k in komponen:
        if k.jenis == JenisKomponen.CAT:
            out[k.pk] = lamaran.skb_cat
            continue
        sesi = sesi_by_komponen.get(k.pk)
        if sesi is None:
            out[k.pk] = None
            continue
        panel = {u.pk for u in sesi.panel.all()}
        nilai = {n.penilai_id: n.nilai for n in sesi.nilai.all()}
        if not panel or not panel <= set(nilai):
            out[k.pk] = None
        else:
            out[k.pk] = sum((nilai[p] for p in panel), Decimal(0)) / len(panel)
    return out


def lamaran_detail_qs(user):
    return (
        Lamaran.objects.for_user(user)
        .select_related("seleksi", "formasi__jabatan", "formasi__unit_kerja", "pelamar", "instansi")
        .prefetch_related(
            Prefetch(
                "sesi_penilaian",
                queryset=SesiPenilaian.objects.select_related("komponen").prefetch_related(
                    "panel", "nilai__penilai"
                ),
            )
        )
    )


def ringkasan_seleksi(*, seleksi: Seleksi) -> dict:
    """Recruitment summary per formasi (applicants, eligible, passed per stage, filled quota), in the database."""
    rows = list(
        Formasi.objects.filter(seleksi=seleksi, status=StatusFormasi.DISETUJUI)
        .select_related("jabatan", "unit_kerja")
        .annotate(
            pelamar=Count("lamaran", filter=Q(lamaran__status=StatusLamaran.DIKIRIM)),
            ms=Count("lamaran", filter=Q(lamaran__status_administrasi=StatusAdministrasi.MS)),
            tms=Count("lamaran", filter=Q(lamaran__status_administrasi=StatusAdministrasi.TMS)),
            lulus_skd_n=Count("lamaran", filter=Q(lamaran__lulus_skd=True)),
            ikut_skb_n=Count("lamaran", filter=Q(lamaran__ikut_skb=True)),
            lulus=Count("lamaran", filter=Q(lamaran__hasil=rules.Hasil.LULUS)),
            cadangan=Count("lamaran", filter=Q(lamaran__hasil=rules.Hasil.CADANGAN)),
        )
        .order_by("jabatan__nama", "id")
    )
    keys = ["kuota", "pelamar", "ms", "tms", "lulus_skd_n", "ikut_skb_n", "lulus", "cadangan"]
    total = {k: sum(getattr(r, k) for r in rows) for k in keys}
    return {"formasi": rows, "total": total}


# --- Publication and reproduction ------------------------------------------------------------------------------
def _aturan_json(a: rules.Aturan) -> dict:
    return {
        "pg": [a.passing_grade.twk, a.passing_grade.tiu, a.passing_grade.tkp],
        "khusus": [a.khusus.min_total, a.khusus.min_tiu] if a.khusus else None,
        "kelipatan_skb": a.kelipatan_skb,
        "skd_max": a.skd_max,
        "bobot_skd": str(a.bobot_skd),
        "bobot_skb": str(a.bobot_skb),
    }


def _aturan_dari(d: dict) -> rules.Aturan:
    return rules.Aturan(
        passing_grade=rules.PassingGrade(*d["pg"]),
        khusus=rules.AmbangKhusus(*d["khusus"]) if d["khusus"] else None,
        kelipatan_skb=d["kelipatan_skb"],
        skd_max=d["skd_max"],
        bobot_skd=Decimal(d["bobot_skd"]),
        bobot_skb=Decimal(d["bobot_skb"]),
    )


def _s(v) -> str | None:
    return None if v is None else f"{Decimal(v):.4f}"


def _baris(peserta: rules.Peserta, formasi_id: int, h: rules.HasilPeserta, tahap: str) -> dict:
    row = {"nomor": peserta.nomor, "formasi_id": formasi_id}
    if tahap == TahapPublikasi.ADMINISTRASI:
        row["administrasi"] = {True: "MS", False: "TMS", None: "belum"}[peserta.memenuhi_syarat]
        return row
    row.update(
        skd=peserta.skd if peserta.ada_skd else None,
        lulus_skd=h.lulus_skd,
        ikut_skb=h.ikut_skb,
    )
    if tahap == TahapPublikasi.AKHIR:
        row.update(
            nilai_skb=_s(peserta.nilai_skb),
            nilai_akhir=_s(h.nilai_akhir),
            peringkat=h.peringkat,
            hasil=str(h.hasil),
        )
    return row


def _urut(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r["formasi_id"], r.get("peringkat") or 10**9, r["nomor"]))


def isi_publikasi(*, seleksi: Seleksi, tahap: str) -> dict:
    """The frozen content of a publication: rules and quota per formasi, and one row per registration number."""
    from .services import aturan_formasi, peserta_dari

    formasi_out, peserta_out = [], []
    for formasi in seleksi.formasi.filter(status=StatusFormasi.DISETUJUI).select_related(
        "jabatan", "unit_kerja"
    ):
        aturan = aturan_formasi(formasi, seleksi)
        formasi_out.append(
            {
                "id": formasi.pk,
                "nama": str(formasi),
                "unit": formasi.unit_kerja.label,
                "kuota": formasi.kuota,
                "aturan": _aturan_json(aturan),
            }
        )
        lamaran = list(
            Lamaran.objects.filter(formasi=formasi, status=StatusLamaran.DIKIRIM).select_related("pelamar")
        )
        peserta = [peserta_dari(la) for la in lamaran]
        hasil = rules.peringkat_formasi(peserta, formasi.kuota, aturan)
        peserta_out += [_baris(p, formasi.pk, h, tahap) for p, h in zip(peserta, hasil, strict=True)]
    return {"tahap": tahap, "formasi": formasi_out, "peserta": _urut(peserta_out)}


REPLAY_FIELDS = {
    "status_administrasi": str,
    "twk": int,
    "tiu": int,
    "tkp": int,
    "nilai_skb": Decimal,
    "ipk": Decimal,
    "tanggal_lahir": dt.date.fromisoformat,
}


def replay(*, seleksi: Seleksi, sampai_id: int) -> dict[int, dict]:
    """The selection data of every submitted application as the ledger recorded it up to one ledger row: the
    inputs of the ranking rebuilt only from RiwayatNilai (not from the current Lamaran columns)."""
    state: dict[int, dict] = {}
    rows = (
        RiwayatNilai.objects.filter(
            lamaran__seleksi=seleksi, id__lte=sampai_id, field__in=list(REPLAY_FIELDS)
        )
        .order_by("id")
        .values_list("lamaran_id", "field", "sesudah")
    )
    for lamaran_id, field, value in rows:
        state.setdefault(lamaran_id, {})[field] = REPLAY_FIELDS[field](value) if value != "" else None
    return state


def reproduksi_publikasi(publikasi: Publikasi) -> dict:
    """Recompute a publication from the ledger (up to its recorded position) and the rules and quotas frozen in it.
    Equal to `publikasi.isi` when the published ranking is reproducible."""
    seleksi = publikasi.seleksi
    state = replay(seleksi=seleksi, sampai_id=publikasi.riwayat_sampai)
    meta = dict(Lamaran.objects.filter(pk__in=list(state)).values_list("pk", "formasi_id"))
    nomor = dict(Lamaran.objects.filter(pk__in=list(state)).values_list("pk", "nomor_peserta"))
    peserta_out = []
    for f in publikasi.isi.get("formasi", []):
        peserta = [
            rules.Peserta(
                id=pk,
                nomor=nomor[pk],
                memenuhi_syarat={"MS": True, "TMS": False}.get(v.get("status_administrasi")),
                twk=v.get("twk"),
                tiu=v.get("tiu"),
                tkp=v.get("tkp"),
                nilai_skb=v.get("nilai_skb"),
                ipk=v.get("ipk"),
                tanggal_lahir=v.get("tanggal_lahir"),
            )
            for pk, v in sorted(state.items(), key=lambda kv: nomor[kv[0]])
            if meta[pk] == f["id"]
        ]
        hasil = rules.peringkat_formasi(peserta, f["kuota"], _aturan_dari(f["aturan"]))
        peserta_out += [_baris(p, f["id"], h, publikasi.tahap) for p, h in zip(peserta, hasil, strict=True)]
    return {
        "tahap": publikasi.tahap,
        "formasi": publikasi.isi.get("formasi", []),
        "peserta": _urut(peserta_out),
    }


def sesi_panel_saya(*, user):
    """SKB tambahan sessions where the user sits on the panel (any staff role), within the user's instansi. Only
    the registration number and formasi are shown to a panel member, never the applicant's personal data."""
    if user is None or not user.is_authenticated or not user.instansi_id:
        return SesiPenilaian.objects.none()
    return (
        SesiPenilaian.objects.filter(panel=user, lamaran__instansi_id=user.instansi_id)
        .select_related("komponen", "lamaran__formasi__jabatan")
        .order_by("jadwal", "id")
    )
