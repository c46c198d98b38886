"""Pure rules of competency development (no ORM, no Django).

Sources: PP 11/2017 Pasal 203(4) (at least 20 JP per PNS per year, kept by PP 17/2020), Peraturan LAN 10/2018
(1 JP = 45 minutes) and Pasal 206 (needs from a competency gap and a performance gap). See domain.md §5 and
test vector 27.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MENIT_PER_JP = 45
TARGET_JP = 20
# Share of the session's days a participant must attend to pass. UNCONFIRMED in domain.md (LAN-accredited
# courses commonly require 80–100%); each programme sets its own, this is the default.
KEHADIRAN_MINIMAL_PERSEN = 80


def persen_kehadiran(hadir: int, hari: int) -> int:
    """Attendance as a whole percentage (rounded down, so 79.9% never passes an 80% rule)."""
    if hari <= 0:
        return 0
    return min(100, hadir * 100 // hari)


def memenuhi_kehadiran(hadir: int, hari: int, *, minimal_persen: int = KEHADIRAN_MINIMAL_PERSEN) -> bool:
    """Whether a participant present on `hadir` of the session's `hari` days meets the programme's attendance
    rule (at least `minimal_persen` %). A participant who does not meet it cannot pass, so gets no JP."""
    return persen_kehadiran(hadir, hari) >= minimal_persen


def menit_ke_jp(menit: int, *, menit_per_jp: int = MENIT_PER_JP) -> int:
    """Whole JP earned by `menit` minutes of learning (1 JP = 45 minutes, PerLAN 10/2018, domain.md §5).

    A part of a JP is not credited (floor). UNCONFIRMED: the regulation text seen does not say how a
    remainder is rounded; crediting only whole JP is the conservative reading.
    """
    if menit < 0:
        raise ValueError("menit must not be negative")
    return menit // menit_per_jp


def jam_ke_jp(jam: float, *, menit_per_jp: int = MENIT_PER_JP) -> int:
    """Whole JP for a duration in hours (a 6-hour seminar = 360 min = 8 JP, vector 27)."""
    return menit_ke_jp(round(jam * 60), menit_per_jp=menit_per_jp)


def memenuhi_target(total_jp: int, *, target: int = TARGET_JP) -> bool:
    """True when the year's JP reach the minimum (≥ counts: 20 JP meets 20; domain.md vector 27)."""
    return total_jp >= target


def kekurangan_jp(total_jp: int, *, target: int = TARGET_JP) -> int:
    """JP still missing for the year (0 when the target is met)."""
    return max(0, target - total_jp)


def persen_target(total_jp: int, *, target: int = TARGET_JP) -> int:
    """Share of the target reached, capped at 100 (for progress bars)."""
    if target <= 0:
        return 100
    return min(100, round(total_jp * 100 / target))


@dataclass(frozen=True)
class Kebutuhan:
    """One training need of one pegawai."""

    pegawai_id: int
    sumber: str  # "kinerja" | "kompetensi"
    kompetensi_id: int | None
    alasan: str


def kebutuhan_pelatihan(
    *,
    predikat_rendah: Iterable[Mapping],
    kompetensi_wajib: Mapping[int, set[int]],
    kompetensi_dimiliki: Mapping[int, set[int]],
    predikat_pemicu: Iterable[str],
    nama_kompetensi: Mapping[int, str] | None = None,
) -> list[Kebutuhan]:
    """Training needs from the two gap analyses of PP 11/2017 Pasal 206 (domain.md §5).

    - performance gap: every pegawai in `predikat_rendah` (rows {"pegawai_id", "predikat", "predikat_label"}
      as returned by kinerja.selectors.pegawai_predikat_rendah) whose predikat CODE is one of
      `predikat_pemicu` (codes such as "butuh_perbaikan"; the label is only for the reason text);
    - competency gap: for each pegawai, the competencies their position requires (`kompetensi_wajib`)
      minus those already gained from completed training (`kompetensi_dimiliki`).
    The result is sorted (pegawai, sumber, kompetensi) so it is deterministic.
    """
    pemicu = set(predikat_pemicu)
    names = nama_kompetensi or {}
    out: set[Kebutuhan] = set()
    for row in predikat_rendah:
        if row.get("predikat") in pemicu:
            out.add(
                Kebutuhan(
                    int(row["pegawai_id"]),
                    "kinerja",
                    None,
                    f"Predikat kinerja {row.get('predikat_label') or row['predikat']}",
                )
            )
    for pegawai_id, wajib in kompetensi_wajib.items():
        for kid in sorted(set(wajib) - set(kompetensi_dimiliki.get(pegawai_id, set()))):
            out.add(
                Kebutuhan(
                    int(pegawai_id),
                    "kompetensi",
                    kid,
                    f"Kompetensi jabatan belum dipenuhi: {names.get(kid, kid)}",
                )
            )
    return sorted(out, key=lambda k: (k.pegawai_id, k.sumber, k.kompetensi_id or 0))
