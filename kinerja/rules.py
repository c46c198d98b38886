"""Pure regulation rules of performance management (no ORM, no Django).

Sources: PP 30/2019, PermenPANRB 6/2022 and the distribution curve (SE MenPANRB, UNCONFIRMED which
instrument); see /work/shared/domain.md §1.5, §1.6, §1.8 and §5. Codes are the values of kinerja.choices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

# Ratings (domain.md §1.5)
DI_ATAS = "di_atas"
SESUAI = "sesuai"
DI_BAWAH = "di_bawah"
RATINGS = (DI_ATAS, SESUAI, DI_BAWAH)

# Predikat kinerja pegawai
SANGAT_BAIK = "sangat_baik"
BAIK = "baik"
BUTUH_PERBAIKAN = "butuh_perbaikan"
KURANG = "kurang"
SANGAT_KURANG = "sangat_kurang"
PREDIKAT = (SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)
PREDIKAT_RENDAH = (BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)

# Predikat kinerja organisasi
ORG_ISTIMEWA = "istimewa"
ORG_BAIK = "baik"
ORG_BUTUH_PERBAIKAN = "butuh_perbaikan"
ORG_KURANG = "kurang"
ORG_SANGAT_KURANG = "sangat_kurang"

# "Kuadran kinerja": rows hasil kerja, columns perilaku kerja (domain.md §1.5).
_MATRIX = {
    (DI_ATAS, DI_BAWAH): KURANG,
    (DI_ATAS, SESUAI): BAIK,
    (DI_ATAS, DI_ATAS): SANGAT_BAIK,
    (SESUAI, DI_BAWAH): KURANG,
    (SESUAI, SESUAI): BAIK,
    (SESUAI, DI_ATAS): BAIK,
    (DI_BAWAH, DI_BAWAH): SANGAT_KURANG,
    (DI_BAWAH, SESUAI): BUTUH_PERBAIKAN,
    (DI_BAWAH, DI_ATAS): BUTUH_PERBAIKAN,
}


def predikat(rating_hasil: str, rating_perilaku: str) -> str:
    """Predikat kinerja pegawai from the two ratings (PermenPANRB 6/2022, "kuadran kinerja"; domain.md §1.5).

    Bad behaviour gives Kurang/Misconduct however good the output is. Raises ValueError on unknown ratings.
    """
    try:
        return _MATRIX[(rating_hasil, rating_perilaku)]
    except KeyError:
        raise ValueError(f"rating tidak dikenal: {rating_hasil!r}, {rating_perilaku!r}") from None


@dataclass(frozen=True)
class AmbangDistribusi:
    """Thresholds of the distribution curve (domain.md §1.6); every value is configurable because the
    instrument and the official rounding are UNCONFIRMED. Percentages 0–100."""

    dominan_maks: float = 70.0  # "sebagian besar (maksimal 70%)" read as a ceiling
    mayoritas_min: float = 60.0  # "paling sedikit 60%"
    pendamping_min: float = 10.0  # "paling sedikit 10%"
    sangat_baik_maks: float = 10.0  # "Sangat Baik maksimal 10%"


@dataclass(frozen=True)
class Pelanggaran:
    kode: str
    pesan: str


def _pct(n: int, total: int) -> float:
    return 100.0 * n / total if total else 0.0


def cek_distribusi(
    predikat_organisasi: str, jumlah: Mapping[str, int], ambang: AmbangDistribusi | None = None
) -> list[Pelanggaran]:
    """Check the employees' predikat counts against the pattern for the unit's predikat organisasi.

    Returns the violations (empty list = fits). domain.md §1.6: violations are warnings the pimpinan confirms,
    never hard blocks (small units cannot meet percentages literally). Percentages are compared exactly
    (no rounding), which is UNCONFIRMED against the BKN calculator.
    """
    a = ambang or AmbangDistribusi()
    n = {p: int(jumlah.get(p, 0) or 0) for p in PREDIKAT}
    total = sum(n.values())
    out: list[Pelanggaran] = []
    if total == 0:
        return out
    pct = {p: _pct(v, total) for p, v in n.items()}

    def maks(p, limit, label):
        if pct[p] > limit:
            out.append(Pelanggaran(f"{p}_maks", f"{label} {pct[p]:.0f}% melebihi batas {limit:.0f}%"))

    def minimal(value, limit, kode, label):
        if value < limit:
            out.append(Pelanggaran(kode, f"{label} {value:.0f}% di bawah minimal {limit:.0f}%"))

    if predikat_organisasi == ORG_ISTIMEWA:
        maks(SANGAT_BAIK, a.dominan_maks, "Sangat Baik")
    elif predikat_organisasi == ORG_BAIK:
        maks(BAIK, a.dominan_maks, "Baik")
        if n[BUTUH_PERBAIKAN] + n[KURANG] == 0:
            out.append(
                Pelanggaran("wajib_bp_kurang", "Harus ada pegawai dengan Butuh Perbaikan dan/atau Kurang")
            )
    elif predikat_organisasi == ORG_BUTUH_PERBAIKAN:
        minimal(pct[BUTUH_PERBAIKAN], a.mayoritas_min, "butuh_perbaikan_min", "Butuh Perbaikan")
        maks(SANGAT_BAIK, a.sangat_baik_maks, "Sangat Baik")
    elif predikat_organisasi == ORG_KURANG:
        minimal(pct[KURANG], a.mayoritas_min, "kurang_min", "Kurang/Misconduct")
        minimal(pct[BUTUH_PERBAIKAN], a.pendamping_min, "butuh_perbaikan_min", "Butuh Perbaikan")
        maks(SANGAT_BAIK, a.sangat_baik_maks, "Sangat Baik")
    elif predikat_organisasi == ORG_SANGAT_KURANG:
        minimal(pct[SANGAT_KURANG], a.mayoritas_min, "sangat_kurang_min", "Sangat Kurang")
        minimal(
            pct[KURANG] + pct[BUTUH_PERBAIKAN],
            a.pendamping_min,
            "kurang_bp_min",
            "Kurang/Misconduct + Butuh Perbaikan",
        )
        if n[SANGAT_BAIK]:
            out.append(Pelanggaran("sangat_baik_nol", "Tidak boleh ada pegawai Sangat Baik"))
    else:
        raise ValueError(f"predikat organisasi tidak dikenal: {predikat_organisasi!r}")
    return out


def jumlah_periode(periode_evaluasi: str) -> int:
    """Periodic evaluations per year: monthly 12, quarterly 4 (domain.md §1.2, set per instansi, UNCONFIRMED)."""
    return {"bulanan": 12, "triwulanan": 4}[periode_evaluasi]


def periode_dari_tanggal(periode_evaluasi: str, tanggal: dt.date) -> int:
    """The period number (1-based) a date falls in."""
    if periode_evaluasi == "bulanan":
        return tanggal.month
    return (tanggal.month - 1) // 3 + 1


def batas_keberatan(diterima: dt.date, hari: int = 14) -> dt.date:
    """Last day to file a keberatan: 14 days after receiving the result (PP 30/2019; domain.md §1.8)."""
    return diterima + dt.timedelta(days=hari)


def boleh_keberatan(diterima: dt.date, hari_ini: dt.date, hari: int = 14) -> bool:
    return diterima <= hari_ini <= batas_keberatan(diterima, hari)


# Nine-box (PermenPANRB 3/2020; domain.md §5): (kinerja, potensi) -> box number.
RENDAH, MENENGAH, TINGGI = "rendah", "menengah", "tinggi"
_KOTAK = {
    (DI_BAWAH, RENDAH): 1,
    (SESUAI, RENDAH): 2,
    (DI_BAWAH, MENENGAH): 3,
    (DI_ATAS, RENDAH): 4,
    (SESUAI, MENENGAH): 5,
    (DI_BAWAH, TINGGI): 6,
    (DI_ATAS, MENENGAH): 7,
    (SESUAI, TINGGI): 8,
    (DI_ATAS, TINGGI): 9,
}


def kotak_talenta(kinerja: str, potensi: str) -> int:
    """Box 1–9 of the talent nine-box from the kinerja level and the potensi level (domain.md §5)."""
    return _KOTAK[(kinerja, potensi)]


def level_kinerja(predikat_pegawai: str) -> str:
    """Kinerja axis of the nine-box from the predikat: Sangat Baik above, Baik as expected, the rest below.
    UNCONFIRMED mapping (domain.md §5 gives numeric cut-offs of the legacy scale only)."""
    if predikat_pegawai == SANGAT_BAIK:
        return DI_ATAS
    if predikat_pegawai == BAIK:
        return SESUAI
    return DI_BAWAH


def level_potensi(skor: float, *, tinggi_min: float = 80.0, menengah_min: float = 68.0) -> str:
    """Potensi axis from an assessment score; cut-offs vary per instansi (domain.md §5: ≥80 / 68–79)."""
    if skor >= tinggi_min:
        return TINGGI
    if skor >= menengah_min:
        return MENENGAH
    return RENDAH


def capaian_persen(realisasi: float, target: float, *, batas: float = 120.0) -> float:
    """Achievement of one indicator in percent, capped at 120 (legacy PP 30/2019 cap, domain.md §1.3)."""
    if target <= 0:
        return 0.0
    return min(batas, 100.0 * realisasi / target)


def distribusi_publik_boleh(jumlah_dinilai: int, minimal: int = 10) -> bool:
    """A rating distribution is published only for a group of at least `minimal` rated pegawai: in a smaller
    group a bar of 1 or 2 points at people (privacy, UU 27/2022). Smaller groups are aggregated upward (the
    instansi as a whole) or suppressed, and the page says so."""
    return jumlah_dinilai >= minimal


def tampil_cukup(jumlah_responden: int, minimal: int = 3) -> bool:
    """Peer input is shown only in aggregate and only from `minimal` answers up, so nobody is identified."""
    return jumlah_responden >= minimal
