"""Pure rules of the layanan (domain.md §9.1–§9.4). No ORM."""

from __future__ import annotations

import datetime as dt

KGB_LANGKAH_TAHUN = 2  # a KGB every 2 years of MKG (domain.md §9.3)
# UNCONFIRMED (domain.md §9.3): going from golongan I→II cuts MKG by 6 years, II→III by 5 years.
POTONG_MKG = {("I", "II"): 6, ("II", "III"): 5}


def tambah_tahun(d: dt.date, tahun: int) -> dt.date:
    try:
        return d.replace(year=d.year + tahun)
    except ValueError:  # 29 February
        return d.replace(year=d.year + tahun, day=28)


def awal_bulan_berikut_atau_sama(d: dt.date) -> dt.date:
    """TMTs are always the 1st of a month: the date itself when it is a 1st, else the next 1st."""
    if d.day == 1:
        return d
    return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def kgb_berikut(tmt_kgb: dt.date) -> dt.date:
    """Next KGB: TMT of this KGB + 2 years, on the 1st of a month (domain.md §9.3)."""
    return awal_bulan_berikut_atau_sama(tambah_tahun(tmt_kgb, KGB_LANGKAH_TAHUN))


def ruang_golongan(golongan: str) -> str:
    """'III/b' → 'III'."""
    return golongan.split("/")[0] if golongan else ""


def mkg_setelah_kp(mkg_tahun: int, gol_lama: str, gol_baru: str) -> int:
    """A KP keeps the MKG, except crossing I→II or II→III (UNCONFIRMED cuts, POTONG_MKG)."""
    potong = POTONG_MKG.get((ruang_golongan(gol_lama), ruang_golongan(gol_baru)), 0)
    return max(0, mkg_tahun - potong)


def gaji_pokok(tabel: dict[tuple[str, int], int], golongan: str, mkg: int) -> tuple[int | None, int | None]:
    """Gaji pokok of (golongan, MKG) from a table {(golongan, mkg_step): rupiah}: the largest step ≤ MKG of that
    golongan (domain.md §9.3 step layout). (None, None) when the table has no step for the golongan."""
    steps = sorted(s for (g, s) in tabel if g == golongan and s <= mkg)
    if not steps:
        return None, None
    return tabel[(golongan, steps[-1])], steps[-1]


def gaji_cpns(gaji: int, persen: int = 80) -> int:
    """A CPNS is paid 80 % of gaji pokok (domain.md §9.3)."""
    return gaji * persen // 100


def kapasitas_boleh_tanda_tangan(jenis_dokumen: str, kapasitas: str, *, kode_cuti: str = "") -> bool:
    """May an official acting as Plt./Plh. sign this document? (domain.md §9.1, SE Kepala BKN 2/SE/VII/2019):
    yes for KGB notices and leave permits except CLTN; no for SKs that change staffing status (KP, pensiun)."""
    if not kapasitas:
        return True
    if jenis_dokumen in ("kgb",):
        return True
    if jenis_dokumen == "cuti":
        return kode_cuti != "cltn"
    return False


_SATUAN = [
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
]


def terbilang(n: int) -> str:
    """Indonesian number words, as written in letters: 12 → 'dua belas', 1500 → 'seribu lima ratus'."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return _SATUAN[n] if n else "nol"
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    if n < 100:
        return f"{_SATUAN[n // 10]} puluh" + (f" {_SATUAN[n % 10]}" if n % 10 else "")
    if n < 200:
        return "seratus" + (f" {terbilang(n - 100)}" if n > 100 else "")
    if n < 1000:
        return f"{_SATUAN[n // 100]} ratus" + (f" {terbilang(n % 100)}" if n % 100 else "")
    if n < 2000:
        return "seribu" + (f" {terbilang(n - 1000)}" if n > 1000 else "")
    if n < 1_000_000:
        return f"{terbilang(n // 1000)} ribu" + (f" {terbilang(n % 1000)}" if n % 1000 else "")
    if n < 1_000_000_000:
        return f"{terbilang(n // 1_000_000)} juta" + (f" {terbilang(n % 1_000_000)}" if n % 1_000_000 else "")
    return str(n)


def rupiah(n: int | None) -> str:
    return "Rp " + f"{n:,}".replace(",", ".") if n is not None else "—"
