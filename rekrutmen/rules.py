"""Pure regulation rules for CASN selection (no ORM, no Django).

Sources (domain.md §3):
- SKD passing grades: KepmenPANRB 1023/2021 and KepmenPANRB 321/2024 (PermenPANRB 27/2021, 6/2024), §3.2.
- Special formasi: cumulative SKD total plus a TIU floor (per-test TWK/TKP floors do not apply), §3.2.
- Who goes on to SKB: passers ranked, up to 3x the formasi; tie at the cut by TKP, TIU, TWK; still equal → all
  go on, §3.2.
- Integration SKD 40% + SKB 60%, each scaled to 0–100 (SKD maximum 550, never 500), §3.3.
- Tie-break on the final score: SKD total, TKP, TIU, TWK, IPK (or ijazah average), the older applicant, §3.3.
- Sanggah within the window set by the round (3 days after the announcement, §3.4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

SKD_MAX = 550  # TWK 150 + TIU 175 + TKP 225 (domain.md §3.2; item counts partly UNCONFIRMED)
TWK_MAX, TIU_MAX, TKP_MAX = 150, 175, 225
SKB_CAT_MAX = 500  # CAT SKB maximum used by vector #18 (UNCONFIRMED per jabatan; configurable per round)
BOBOT_SKD, BOBOT_SKB = Decimal("40"), Decimal("60")
KELIPATAN_SKB = 3
MAKS_BOBOT_TAMBAHAN = Decimal("40")  # SKB tambahan ≤ 40% (2021); the 2024 split is UNCONFIRMED
PRESISI = Decimal("0.0001")  # final scores are compared at 4 decimals (as published; UNCONFIRMED)


class JenisFormasi(StrEnum):
    UMUM = "umum"
    CUMLAUDE = "cumlaude"
    DIASPORA = "diaspora"
    DISABILITAS = "disabilitas"
    PAPUA = "papua"
    TERTINGGAL = "tertinggal"
    DOKTER = "dokter"
    AWAK_KAPAL = "awak_kapal"


@dataclass(frozen=True)
class PassingGrade:
    """General-formasi thresholds: each test must reach its own floor (≥ counts)."""

    twk: int = 65
    tiu: int = 80
    tkp: int = 166


@dataclass(frozen=True)
class AmbangKhusus:
    """Special-formasi thresholds: a cumulative SKD total plus a TIU floor."""

    min_total: int
    min_tiu: int


# Default special thresholds (2024, KepmenPANRB 321/2024; 2021 for dokter/awak kapal). These change every year:
# the app reads them from the per-year table AmbangBatasKhusus and only falls back to these.
AMBANG_KHUSUS_DEFAULT: dict[str, AmbangKhusus] = {
    JenisFormasi.CUMLAUDE: AmbangKhusus(311, 85),
    JenisFormasi.DIASPORA: AmbangKhusus(311, 85),
    JenisFormasi.DISABILITAS: AmbangKhusus(286, 60),
    JenisFormasi.PAPUA: AmbangKhusus(286, 60),
    JenisFormasi.TERTINGGAL: AmbangKhusus(286, 60),
    JenisFormasi.DOKTER: AmbangKhusus(311, 80),
    JenisFormasi.AWAK_KAPAL: AmbangKhusus(286, 70),
}


def skd_total(twk: int, tiu: int, tkp: int) -> int:
    return twk + tiu + tkp


def lulus_skd(
    twk: int, tiu: int, tkp: int, *, umum: PassingGrade, khusus: AmbangKhusus | None = None
) -> bool:
    """Does an SKD result meet the passing grade (nilai ambang batas)? domain.md §3.2, vectors #13–16.

    General formasi: TWK ≥ 65, TIU ≥ 80 and TKP ≥ 166, all three. Special formasi (`khusus` given): the total is
    at least `min_total` and TIU at least `min_tiu`; the per-test TWK/TKP floors do not apply.
    """
    if khusus is not None:
        return skd_total(twk, tiu, tkp) >= khusus.min_total and tiu >= khusus.min_tiu
    return twk >= umum.twk and tiu >= umum.tiu and tkp >= umum.tkp


def _q(value: Decimal) -> Decimal:
    return value.quantize(PRESISI, rounding=ROUND_HALF_UP)


def skala_100(nilai, maks) -> Decimal:
    """Scale a raw score to 0–100: (score ÷ maximum) × 100 (domain.md §3.3). Not rounded."""
    maks = Decimal(maks)
    if maks <= 0:
        raise ValueError("maksimum harus positif")
    return Decimal(nilai) * Decimal(100) / maks


@dataclass(frozen=True)
class KomponenNilai:
    """One SKB component: the raw score, its maximum and its weight in percent of SKB."""

    nilai: Decimal
    maks: Decimal
    bobot: Decimal


def nilai_skb(komponen: Sequence[KomponenNilai]) -> Decimal:
    """SKB on 0–100: Σ weight × scaled component ÷ 100 (CAT SKB plus SKB tambahan), 4 decimals. §3.3."""
    total_bobot = sum((k.bobot for k in komponen), Decimal(0))
    if total_bobot != Decimal(100):
        raise ValueError("jumlah bobot komponen SKB harus 100")
    return _q(sum((skala_100(k.nilai, k.maks) * k.bobot / 100 for k in komponen), Decimal(0)))


def validasi_komposisi_skb(
    komponen: Sequence[tuple[str, Decimal]], *, maks_bobot_tambahan: Decimal = MAKS_BOBOT_TAMBAHAN
) -> list[str]:
    """Errors in an SKB composition [(jenis, bobot %)]: one CAT component, weights sum to 100, SKB tambahan
    at most `maks_bobot_tambahan` percent (40% in 2021; domain.md §3.3, 2024 UNCONFIRMED)."""
    errors = []
    cat = [b for j, b in komponen if j == "cat"]
    if len(cat) != 1:
        errors.append("Komposisi SKB harus memuat tepat satu komponen CAT SKB.")
    if any(b <= 0 for _, b in komponen):
        errors.append("Bobot setiap komponen harus lebih dari 0.")
    total = sum((b for _, b in komponen), Decimal(0))
    if total != Decimal(100):
        errors.append(f"Jumlah bobot komponen harus 100% (sekarang {total}%).")
    tambahan = sum((b for j, b in komponen if j != "cat"), Decimal(0))
    if tambahan > maks_bobot_tambahan:
        errors.append(f"Bobot SKB tambahan paling banyak {maks_bobot_tambahan}% (sekarang {tambahan}%).")
    return errors


def nilai_akhir(
    skd: int,
    skb_100: Decimal,
    *,
    skd_max: int = SKD_MAX,
    bobot_skd: Decimal = BOBOT_SKD,
    bobot_skb: Decimal = BOBOT_SKB,
) -> Decimal:
    """Integrated final score: SKD/skd_max×100×40% + SKB(0–100)×60%, 4 decimals (domain.md §3.3, vector #18)."""
    return _q(skala_100(skd, skd_max) * bobot_skd / 100 + Decimal(skb_100) * bobot_skb / 100)


# --- Ranking ---------------------------------------------------------------------------------------------------
class Hasil(StrEnum):
    BELUM = ""  # the stage data is not complete yet
    TMS = "TMS"  # tidak memenuhi syarat administrasi
    TL_SKD = "TL_SKD"  # did not meet the SKD passing grade (or absent)
    TIDAK_MASUK_SKB = "TL_RANK"  # passed SKD but outside the 3× cut for SKB
    LULUS = "L"  # fills the quota
    CADANGAN = "C"  # passed and ranked, beyond the quota (reserve for optimalisasi)


@dataclass(frozen=True)
class Peserta:
    """One applicant's recorded selection data (what the ranking is computed from)."""

    id: int
    nomor: str
    memenuhi_syarat: bool | None  # None: administrative verification not finished
    twk: int | None = None
    tiu: int | None = None
    tkp: int | None = None
    nilai_skb: Decimal | None = None  # 0–100
    ipk: Decimal | None = None  # IPK, or the ijazah average for SMA
    tanggal_lahir: dt.date | None = None

    @property
    def ada_skd(self) -> bool:
        return None not in (self.twk, self.tiu, self.tkp)

    @property
    def skd(self) -> int:
        return skd_total(self.twk or 0, self.tiu or 0, self.tkp or 0)


@dataclass(frozen=True)
class HasilPeserta:
    id: int
    lulus_skd: bool | None
    ikut_skb: bool
    nilai_akhir: Decimal | None
    peringkat: int | None
    hasil: str


@dataclass(frozen=True)
class Aturan:
    """The per-round parameters of the ranking (defaults from domain.md §3.2–3.3)."""

    passing_grade: PassingGrade = field(default_factory=PassingGrade)
    khusus: AmbangKhusus | None = None
    kelipatan_skb: int = KELIPATAN_SKB
    skd_max: int = SKD_MAX
    bobot_skd: Decimal = BOBOT_SKD
    bobot_skb: Decimal = BOBOT_SKB


def kunci_skd(p: Peserta) -> tuple:
    """Sort key for SKD ranking: total, then TKP, TIU, TWK (higher first)."""
    return (-p.skd, -(p.tkp or 0), -(p.tiu or 0), -(p.twk or 0))


def pilih_peserta_skb(lulus: Iterable[Peserta], kuota: int, kelipatan: int = KELIPATAN_SKB) -> set[int]:
    """Ids going on to SKB: passers ranked by SKD, up to kelipatan × kuota (domain.md §3.2, vector #17).

    Fewer passers: all of them go on. A tie at the cut-off is broken by TKP, TIU, TWK; if still equal, everyone
    tied with the last seat goes on too.
    """
    ranked = sorted(lulus, key=lambda p: (kunci_skd(p), p.nomor))
    batas = kelipatan * kuota
    if len(ranked) <= batas:
        return {p.id for p in ranked}
    if batas <= 0:
        return set()
    kunci_batas = kunci_skd(ranked[batas - 1])
    return {p.id for i, p in enumerate(ranked) if i < batas or kunci_skd(p) == kunci_batas}


def kunci_akhir(p: Peserta, nilai: Decimal) -> tuple:
    """Sort key on the final score with the §3.3 tie-breaks: SKD, TKP, TIU, TWK, IPK, the older applicant."""
    lahir = p.tanggal_lahir.toordinal() if p.tanggal_lahir else dt.date.max.toordinal()
    return (-nilai, -p.skd, -(p.tkp or 0), -(p.tiu or 0), -(p.twk or 0), -(p.ipk or Decimal(0)), lahir)


def peringkat_formasi(peserta: Sequence[Peserta], kuota: int, aturan: Aturan) -> list[HasilPeserta]:
    """Rank one formasi from recorded data: administrasi → passing grade → 3× cut → integration → quota.

    Deterministic: the same inputs always give the same output (candidates fully equal on every tie-break are
    ordered by registration number and the regulation's "older applicant" rule is applied before that).
    """
    out: dict[int, HasilPeserta] = {}
    lulus: list[Peserta] = []
    for p in peserta:
        if p.memenuhi_syarat is False:
            out[p.id] = HasilPeserta(p.id, None, False, None, None, Hasil.TMS)
        elif p.memenuhi_syarat is None or not p.ada_skd:
            out[p.id] = HasilPeserta(p.id, None, False, None, None, Hasil.BELUM)
        elif lulus_skd(p.twk, p.tiu, p.tkp, umum=aturan.passing_grade, khusus=aturan.khusus):
            lulus.append(p)
        else:
            out[p.id] = HasilPeserta(p.id, False, False, None, None, Hasil.TL_SKD)
    ke_skb = pilih_peserta_skb(lulus, kuota, aturan.kelipatan_skb)
    dinilai: list[tuple[Peserta, Decimal]] = []
    for p in lulus:
        if p.id not in ke_skb:
            out[p.id] = HasilPeserta(p.id, True, False, None, None, Hasil.TIDAK_MASUK_SKB)
        elif p.nilai_skb is None:
            out[p.id] = HasilPeserta(p.id, True, True, None, None, Hasil.BELUM)
        else:
            n = nilai_akhir(
                p.skd,
                p.nilai_skb,
                skd_max=aturan.skd_max,
                bobot_skd=aturan.bobot_skd,
                bobot_skb=aturan.bobot_skb,
            )
            dinilai.append((p, n))
    dinilai.sort(key=lambda pn: (kunci_akhir(*pn), pn[0].nomor))
    for i, (p, n) in enumerate(dinilai, start=1):
        hasil = Hasil.LULUS if i <= kuota else Hasil.CADANGAN
        out[p.id] = HasilPeserta(p.id, True, True, n, i, hasil)
    return [out[p.id] for p in peserta]


# --- Schedule --------------------------------------------------------------------------------------------------
class Fase(StrEnum):
    PERSIAPAN = "persiapan"
    PENDAFTARAN = "pendaftaran"
    VERIFIKASI = "verifikasi"
    SANGGAH_ADMINISTRASI = "sanggah_administrasi"
    SKD = "skd"
    SKB = "skb"
    PENGOLAHAN = "pengolahan"
    SANGGAH_HASIL = "sanggah_hasil"
    SELESAI = "selesai"


@dataclass(frozen=True)
class Jadwal:
    pendaftaran_mulai: dt.date
    pendaftaran_selesai: dt.date
    verifikasi_selesai: dt.date
    skd_selesai: dt.date
    skb_selesai: dt.date
    pengumuman: dt.date
    sanggah_selesai: dt.date
    sanggah_administrasi_mulai: dt.date | None = None
    sanggah_administrasi_selesai: dt.date | None = None


def fase(hari_ini: dt.date, j: Jadwal) -> Fase:
    """The phase a round is in on a date (domain.md §3.1: registration, administrasi, sanggah, SKD, SKB,
    integration and announcement, sanggah on results)."""
    if hari_ini < j.pendaftaran_mulai:
        return Fase.PERSIAPAN
    if hari_ini <= j.pendaftaran_selesai:
        return Fase.PENDAFTARAN
    if hari_ini <= j.verifikasi_selesai:
        return Fase.VERIFIKASI
    if dalam_masa(hari_ini, j.sanggah_administrasi_mulai, j.sanggah_administrasi_selesai):
        return Fase.SANGGAH_ADMINISTRASI
    if hari_ini <= j.skd_selesai:
        return Fase.SKD
    if hari_ini <= j.skb_selesai:
        return Fase.SKB
    if hari_ini < j.pengumuman:
        return Fase.PENGOLAHAN
    if hari_ini <= j.sanggah_selesai:
        return Fase.SANGGAH_HASIL
    return Fase.SELESAI


def dalam_masa(hari_ini: dt.date, mulai: dt.date | None, selesai: dt.date | None) -> bool:
    """Is the date inside a closed window (both ends count)? An unset window is never open."""
    return mulai is not None and selesai is not None and mulai <= hari_ini <= selesai


def batas_sanggah(pengumuman: dt.date, hari: int = 3) -> dt.date:
    """Last day to file a sanggah: 3 calendar days from the announcement (domain.md §3.4, tirto.id 2021)."""
    return pengumuman + dt.timedelta(days=hari - 1)
