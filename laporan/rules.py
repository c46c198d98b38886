"""Pure rules of the periodic reports and the personnel lists. No ORM, no Django.

- Reporting periods (bulanan, triwulanan, tahunan): the calendar month, quarter and year. A scheduled report is
  produced for the period that has just closed.
- Daftar Urut Kepangkatan (DUK): the seniority list every BKPSDM keeps. Order (PP 15/1979 tentang Daftar Urut
  Kepangkatan PNS, as applied by BKN; domain.md §4.2 for the golongan ladder): higher golongan/ruang first, then
  the older TMT golongan, then the higher position (jabatan level and kelas jabatan), then the longer masa kerja
  (earlier TMT CPNS), then the older age (earlier birth date). UNCONFIRMED in domain.md: PP 15/1979 also lists
  diklat jabatan and pendidikan between masa kerja and usia; the portal does not hold diklat history yet, so
  those two criteria are not applied (see conf.DUK_NOTE).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

BULANAN = "bulanan"
TRIWULANAN = "triwulanan"
TAHUNAN = "tahunan"
PERIODIC_KINDS = (BULANAN, TRIWULANAN, TAHUNAN)

NAMA_BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
ROMAWI = ["I", "II", "III", "IV"]


@dataclass(frozen=True)
class Periode:
    """A closed reporting period [mulai, selesai] (both inclusive)."""

    jenis: str
    mulai: dt.date
    selesai: dt.date

    @property
    def label(self) -> str:
        return periode_label(self.jenis, self.mulai, self.selesai)


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def periode_containing(jenis: str, day: dt.date) -> Periode:
    """The period of kind `jenis` that contains `day`."""
    if jenis == BULANAN:
        return Periode(jenis, day.replace(day=1), _month_end(day.year, day.month))
    if jenis == TRIWULANAN:
        first_month = 3 * ((day.month - 1) // 3) + 1
        return Periode(jenis, dt.date(day.year, first_month, 1), _month_end(day.year, first_month + 2))
    if jenis == TAHUNAN:
        return Periode(jenis, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
    raise ValueError(f"jenis periode tidak dikenal: {jenis}")


def periode_tertutup(jenis: str, today: dt.date) -> Periode:
    """The last period of kind `jenis` that closed before `today` (the one a scheduled report covers).

    E.g. on 1 April 2026: bulanan → March 2026, triwulanan → Q1 2026, tahunan → 2025.
    """
    current = periode_containing(jenis, today)
    return periode_containing(jenis, current.mulai - dt.timedelta(days=1))


def periode_label(jenis: str, mulai: dt.date, selesai: dt.date) -> str:
    """Indonesian label: 'Maret 2026', 'Triwulan I 2026', 'Tahun 2025', or a date range."""
    if jenis == BULANAN and mulai.day == 1 and selesai == _month_end(mulai.year, mulai.month):
        return f"{NAMA_BULAN[mulai.month - 1]} {mulai.year}"
    if jenis == TRIWULANAN and periode_containing(TRIWULANAN, mulai) == Periode(jenis, mulai, selesai):
        return f"Triwulan {ROMAWI[(mulai.month - 1) // 3]} {mulai.year}"
    if jenis == TAHUNAN and (mulai.month, mulai.day, selesai.month, selesai.day) == (1, 1, 12, 31):
        return f"Tahun {mulai.year}"
    if mulai == selesai:
        return tanggal_panjang(mulai)
    return f"{tanggal_panjang(mulai)} s.d. {tanggal_panjang(selesai)}"


def tanggal_panjang(d: dt.date) -> str:
    """'1 Maret 2026'."""
    return f"{d.day} {NAMA_BULAN[d.month - 1]} {d.year}"


# --- DUK ordering ---------------------------------------------------------------------------------------------
# Level of a jenis jabatan for the DUK "jabatan" criterion (higher is senior). Kelas jabatan breaks ties inside
# a level. UNCONFIRMED in domain.md: placing fungsional between pengawas and pelaksana follows common BKPSDM
# practice (a JF ahli is usually kelas 8–13); change JABATAN_LEVEL if the instansi orders otherwise.
JABATAN_LEVEL = {"JPT": 5, "ADMINISTRATOR": 4, "PENGAWAS": 3, "FUNGSIONAL": 2, "PELAKSANA": 1}


def jabatan_level(jenis_jabatan: str) -> int:
    return JABATAN_LEVEL.get(jenis_jabatan or "", 0)


def duk_sort_key(
    *,
    golongan_rank: int,
    tmt_golongan: dt.date | None,
    jenis_jabatan: str,
    kelas_jabatan: int | None,
    tmt_cpns: dt.date | None,
    tanggal_lahir: dt.date,
) -> tuple:
    """Sort key of one pegawai in the DUK (ascending sort puts the most senior first).

    Missing dates sort last within their group (treated as the latest possible date).
    """
    far = dt.date.max
    return (
        -golongan_rank,
        tmt_golongan or far,
        -jabatan_level(jenis_jabatan),
        -(kelas_jabatan or 0),
        tmt_cpns or far,
        tanggal_lahir,
    )


def masa_kerja(tmt_cpns: dt.date | None, pada: dt.date) -> tuple[int, int]:
    """Masa kerja (years, months) from TMT CPNS to `pada`; (0, 0) when unknown or in the future."""
    if not tmt_cpns or tmt_cpns > pada:
        return (0, 0)
    months = (pada.year - tmt_cpns.year) * 12 + (pada.month - tmt_cpns.month)
    if pada.day < tmt_cpns.day:
        months -= 1
    return (months // 12, months % 12)


# --- Age bands for the composition table -----------------------------------------------------------------------
KELOMPOK_USIA = [(0, 30, "< 30"), (30, 40, "30–39"), (40, 50, "40–49"), (50, 56, "50–55"), (56, 200, "≥ 56")]
