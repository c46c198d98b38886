"""Regulation rules for personnel data. Pure functions: no ORM, no Django.

Sources: domain.md §4.5 (NIP, Peraturan Kepala BKN 22/2007), §3.5 (NI PPPK), §4.2 (golongan and pangkat,
PP 99/2000), §4.4 (BUP, PP 11/2017 Pasal 239).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# --- Golongan/ruang and pangkat (PP 99/2000; domain.md §4.2) ------------------------------------------------
PANGKAT = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
GOLONGAN_PNS = list(PANGKAT)
# PPPK use golongan I–XVII instead of ranks (UNCONFIRMED in domain.md §4.2).
GOLONGAN_PPPK = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]


def pangkat(golongan: str) -> str:
    """Pangkat name of a PNS golongan/ruang ('' for PPPK golongan, which have no pangkat)."""
    return PANGKAT.get(golongan, "")


def golongan_rank(golongan: str) -> int:
    """Sort key: higher is senior (used by the DUK)."""
    if golongan in PANGKAT:
        return GOLONGAN_PNS.index(golongan) + 1
    if golongan in GOLONGAN_PPPK:
        return GOLONGAN_PPPK.index(golongan) + 1
    return 0


def golongan_berikut(golongan: str) -> str | None:
    """The next golongan/ruang (kenaikan pangkat reguler), None at IV/e."""
    if golongan not in PANGKAT:
        return None
    i = GOLONGAN_PNS.index(golongan)
    return GOLONGAN_PNS[i + 1] if i + 1 < len(GOLONGAN_PNS) else None


# --- NIP and NI PPPK (domain.md §4.5, §3.5) ------------------------------------------------------------------
class NipError(ValueError):
    """The number is not a valid NIP/NI PPPK. The message is Indonesian and says why."""


@dataclass(frozen=True)
class NipInfo:
    tanggal_lahir: dt.date
    tmt_tahun: int
    tmt_bulan: int | None  # None for NI PPPK (the year of appointment only)
    jenis_kelamin: str  # "L" or "P"
    urutan: int
    kode_pppk: str | None = None

    @property
    def tmt(self) -> dt.date | None:
        return dt.date(self.tmt_tahun, self.tmt_bulan, 1) if self.tmt_bulan else None


def _birth_date(digits: str) -> dt.date:
    try:
        return dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError as exc:
        raise NipError(f"Tanggal lahir pada digit 1–8 ({digits[0:8]}) bukan tanggal yang sah.") from exc


def _common(number: str) -> str:
    digits = (number or "").replace(" ", "")
    if len(digits) != 18 or not digits.isdigit():
        raise NipError("Nomor harus 18 digit angka.")
    return digits


def _gender(digit: str) -> str:
    if digit not in ("1", "2"):
        raise NipError(
            f"Digit jenis kelamin (digit 15) harus 1 (laki-laki) atau 2 (perempuan), bukan {digit}."
        )
    return "L" if digit == "1" else "P"


def decode_nip(nip: str) -> NipInfo:
    """Decode a PNS NIP `YYYYMMDD YYYYMM G NNN` (Peraturan Kepala BKN 22/2007).

    Raises NipError when the birth date, TMT month, gender digit or sequence is inconsistent.
    """
    digits = _common(nip)
    lahir = _birth_date(digits)
    tahun, bulan = int(digits[8:12]), int(digits[12:14])
    if not 1 <= bulan <= 12:
        raise NipError(f"Bulan TMT CPNS pada digit 13–14 ({digits[12:14]}) harus 01–12.")
    if dt.date(tahun, bulan, 1) <= lahir:
        raise NipError("TMT CPNS (digit 9–14) harus sesudah tanggal lahir.")
    # UNCONFIRMED (domain.md §4.5): a CPNS is at least 18 years old — not enforced, historical data varies.
    jk = _gender(digits[14])
    urutan = int(digits[15:18])
    if urutan == 0:
        raise NipError("Nomor urut (digit 16–18) dimulai dari 001.")
    return NipInfo(lahir, tahun, bulan, jk, urutan)


def decode_ni_pppk(ni: str) -> NipInfo:
    """Decode an NI PPPK: birth date (8), year of appointment (4), a 2-digit code, gender (1), sequence (3).

    The 2-digit code is not a month (sources disagree on its meaning; domain.md §3.5), so it is kept as is.
    """
    digits = _common(ni)
    lahir = _birth_date(digits)
    tahun = int(digits[8:12])
    if tahun <= lahir.year:
        raise NipError("Tahun pengangkatan (digit 9–12) harus sesudah tahun lahir.")
    jk = _gender(digits[14])
    urutan = int(digits[15:18])
    if urutan == 0:
        raise NipError("Nomor urut (digit 16–18) dimulai dari 001.")
    return NipInfo(lahir, tahun, None, jk, urutan, kode_pppk=digits[12:14])


def decode_nomor_induk(number: str, status: str) -> NipInfo:
    """NIP for CPNS/PNS, NI PPPK for PPPK."""
    return decode_ni_pppk(number) if status == "PPPK" else decode_nip(number)


def cek_tmt_cpns(info: NipInfo, tmt_cpns: dt.date | None) -> str | None:
    """A message when the TMT CPNS / pengangkatan disagrees with the number, else None.

    NIP digits 9–14 are the TMT CPNS as YYYYMM (Peraturan Kepala BKN 22/2007); an NI PPPK's digits 9–12 are the
    year of appointment. Only year and month are compared (the NIP has no day)."""
    if tmt_cpns is None:
        return None
    if info.tmt_bulan is None:
        if tmt_cpns.year != info.tmt_tahun:
            return (
                f"Tahun pengangkatan ({tmt_cpns.year}) tidak sesuai dengan NI PPPK: digit 9–12 "
                f"menunjukkan {info.tmt_tahun}."
            )
        return None
    if (tmt_cpns.year, tmt_cpns.month) != (info.tmt_tahun, info.tmt_bulan):
        return (
            f"TMT CPNS ({tmt_cpns:%m-%Y}) tidak sesuai dengan NIP: digit 9–14 menunjukkan "
            f"{info.tmt_bulan:02d}-{info.tmt_tahun}."
        )
    return None


def format_nip(nip: str) -> str:
    """The common display form with spaces: 19860926 201505 1 001."""
    d = (nip or "").replace(" ", "")
    return f"{d[0:8]} {d[8:14]} {d[14]} {d[15:18]}" if len(d) == 18 else nip


def validate_nik(nik: str) -> str:
    """NIK (Nomor Induk Kependudukan): 16 digits. Raises NipError."""
    digits = (nik or "").replace(" ", "")
    if len(digits) != 16 or not digits.isdigit():
        raise NipError("NIK harus 16 digit angka.")
    return digits


def mask_nik(nik: str) -> str:
    """Masked display of NIK (UU 27/2022; domain.md §7): the region code and the last 4 digits only."""
    return f"{nik[:6]}******{nik[-4:]}" if nik and len(nik) == 16 else (nik or "")


# --- Batas Usia Pensiun (PP 11/2017 Pasal 239(2); domain.md §4.4) --------------------------------------------
def bup(jenis_jabatan: str, jenjang: str = "") -> int:
    """Retirement age: 58 administrasi/ahli muda/ahli pertama/keterampilan; 60 JPT/ahli madya; 65 ahli utama.

    JF whose own Act sets a BUP (guru 60, dosen 65: UNCONFIRMED) follow that Act: not modelled yet.
    """
    if jenis_jabatan == "JPT":
        return 60
    if jenis_jabatan == "FUNGSIONAL":
        return {"AHLI_UTAMA": 65, "AHLI_MADYA": 60}.get(jenjang, 58)
    return 58


def tanggal_bup(tanggal_lahir: dt.date, usia: int) -> dt.date:
    """The day the person reaches the retirement age (29 Feb → 28 Feb in a non-leap year)."""
    try:
        return tanggal_lahir.replace(year=tanggal_lahir.year + usia)
    except ValueError:
        return tanggal_lahir.replace(year=tanggal_lahir.year + usia, day=28)


def tmt_pensiun(tanggal_lahir: dt.date, usia: int) -> dt.date:
    """TMT pensiun: the 1st of the month after reaching BUP (UNCONFIRMED rule, domain.md §4.4)."""
    d = tanggal_bup(tanggal_lahir, usia)
    return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def usia(tanggal_lahir: dt.date, pada: dt.date) -> int:
    return (
        pada.year - tanggal_lahir.year - ((pada.month, pada.day) < (tanggal_lahir.month, tanggal_lahir.day))
    )


# --- Analisis beban kerja (PermenPANRB 1/2020; domain.md §4.3, vectors #25–26) -------------------------------
WKE_MENIT_DEFAULT = 75_000  # 1,250 h/yr for a 5-day week; 90,000 for 6-day agencies (UNCONFIRMED)

# Annualising factors for a volume stated per period (domain.md §4.3, "consistent: ABK repo").
FAKTOR_PERIODE = {"tahun": 1, "bulan": 12, "minggu": 50, "hari": 250}

_D2 = Decimal("0.01")
_D4 = Decimal("0.0001")


def volume_tahunan(volume: int | Decimal, periode: str = "tahun") -> Decimal:
    """Volume per year from a volume per tahun/bulan/minggu/hari (×1, ×12, ×50, ×250)."""
    if periode not in FAKTOR_PERIODE:
        raise ValueError(f"Periode volume tidak dikenal: {periode}")
    return Decimal(volume) * FAKTOR_PERIODE[periode]


def beban_kerja(volume_per_tahun: int | Decimal, norma_waktu_menit: int | Decimal) -> Decimal:
    """Beban kerja of one uraian tugas in minutes per year = volume per year × norma waktu (minutes)."""
    return Decimal(volume_per_tahun) * Decimal(norma_waktu_menit)


def kebutuhan_pegawai(total_beban_menit: int | Decimal, wke_menit: int = WKE_MENIT_DEFAULT) -> Decimal:
    """Kebutuhan pegawai = Σ beban kerja ÷ WKE (PermenPANRB 1/2020), kept as a decimal (4 places)."""
    if wke_menit <= 0:
        raise ValueError("WKE harus lebih dari nol.")
    return (Decimal(total_beban_menit) / Decimal(wke_menit)).quantize(_D4, rounding=ROUND_HALF_UP)


def kebutuhan_dibulatkan(kebutuhan: Decimal) -> int:
    """Whole people: normal rounding of the decimal (1.92 → 2, 0.96 → 1, 1.3 → 1). UNCONFIRMED (§4.3)."""
    return int(Decimal(kebutuhan).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def efektivitas_jabatan(
    total_beban_menit: int | Decimal, jumlah_pemangku: int, wke_menit: int = WKE_MENIT_DEFAULT
) -> Decimal | None:
    """EJ = Σ beban ÷ (jumlah pemangku × WKE), 2 decimals; None when nobody holds the position."""
    if jumlah_pemangku <= 0:
        return None
    return (Decimal(total_beban_menit) / (Decimal(jumlah_pemangku) * Decimal(wke_menit))).quantize(
        _D2, rounding=ROUND_HALF_UP
    )


# (lower bound inclusive, code, label) checked top-down; A is strictly above 1.00.
# UNCONFIRMED bands (domain.md §4.3): best knowledge of PermenPANRB 1/2020.
EJ_BANDS = [
    (Decimal("0.90"), "B", "Baik"),
    (Decimal("0.70"), "C", "Cukup"),
    (Decimal("0.50"), "D", "Sedang"),
]


def predikat_ej(ej: Decimal | None) -> tuple[str, str] | None:
    """EJ band: A Sangat Baik (> 1.00), B Baik (0.90–1.00), C Cukup (0.70–0.89), D Sedang (0.50–0.69),
    E Kurang (< 0.50). The value is compared at 2 decimals."""
    if ej is None:
        return None
    ej = Decimal(ej).quantize(_D2, rounding=ROUND_HALF_UP)
    if ej > 1:
        return ("A", "Sangat Baik")
    for lower, code, label in EJ_BANDS:
        if ej >= lower:
            return (code, label)
    return ("E", "Kurang")


# --- Kenaikan pangkat periods (Peraturan BKN 4/2023 Pasal 2; domain.md §4.2, vector #28) ----------------------
BULAN_PERIODE_KP = (2, 4, 6, 8, 10, 12)  # since 1 Jan 2024
BULAN_PERIODE_KP_LAMA = (4, 10)  # before 2024 (PP 99/2000), superseded
MASA_KERJA_KP_REGULER_TAHUN = 4  # years in the current pangkat for KP reguler (UNCONFIRMED detail)


def _akhir_bulan(tahun: int, bulan: int) -> dt.date:
    nxt = dt.date(tahun + (bulan == 12), bulan % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def batas_usulan_kp(periode: dt.date) -> dt.date:
    """Last day of the usulan window of a KP period.

    1 Feb: 15 Dec–15 Jan → 15 Jan; 1 Apr: 1–28 Feb → end of February (domain.md §4.2). The other periods are
    UNCONFIRMED: assumed to follow the April pattern (the window is the month two months before the period).
    """
    if periode.month == 2:
        return dt.date(periode.year, 1, 15)
    bulan = periode.month - 2
    tahun = periode.year
    if bulan <= 0:
        bulan += 12
        tahun -= 1
    return _akhir_bulan(tahun, bulan)


def periode_kp_list(tahun: int) -> list[dt.date]:
    bulan = BULAN_PERIODE_KP if tahun >= 2024 else BULAN_PERIODE_KP_LAMA
    return [dt.date(tahun, b, 1) for b in bulan]


def periode_kp_untuk_usulan(siap: dt.date) -> dt.date:
    """The KP period an usulan ready on `siap` targets: the first period whose window has not closed."""
    for tahun in (siap.year, siap.year + 1):
        for periode in periode_kp_list(tahun):
            if periode > siap and batas_usulan_kp(periode) >= siap:
                return periode
    raise AssertionError("unreachable: every year has a period")


def tanggal_layak_kp(tmt_golongan: dt.date, masa_tahun: int = MASA_KERJA_KP_REGULER_TAHUN) -> dt.date:
    """The earliest date a PNS may rise one rank (KP reguler): TMT golongan + masa kerja in that rank."""
    return tanggal_bup(tmt_golongan, masa_tahun)


def layak_kp(
    golongan: str,
    tmt_golongan: dt.date | None,
    periode: dt.date,
    masa_tahun: int = MASA_KERJA_KP_REGULER_TAHUN,
) -> bool:
    """Candidate for KP reguler in `periode`: a PNS golongan below IV/e with enough years in the rank."""
    if not tmt_golongan or golongan_berikut(golongan) is None:
        return False
    return tanggal_layak_kp(tmt_golongan, masa_tahun) <= periode


# --- Kenaikan gaji berkala (PP 15/2019 and its predecessors) ---------------------------------------------------
KGB_INTERVAL_TAHUN = 2  # every 2 years of masa kerja golongan (UNCONFIRMED: not in domain.md)


def kgb_berikut(tmt_dasar: dt.date, pada: dt.date, interval: int = KGB_INTERVAL_TAHUN) -> dt.date:
    """The next KGB date on or after `pada`, counted in whole `interval`-year steps from `tmt_dasar`."""
    langkah = 1
    while tanggal_bup(tmt_dasar, langkah * interval) < pada:
        langkah += 1
    return tanggal_bup(tmt_dasar, langkah * interval)


# --- Retirement projection ------------------------------------------------------------------------------------
def pensiun_dalam(
    tanggal_lahir: dt.date, jenis_jabatan: str, jenjang: str, pada: dt.date, tahun: int
) -> bool:
    """Does the pegawai reach BUP within `tahun` years from `pada`?"""
    d = tanggal_bup(tanggal_lahir, bup(jenis_jabatan, jenjang))
    return pada <= d < tanggal_bup(pada, tahun) if tahun > 0 else False


def kelompok_usia(umur: int) -> str:
    """Age band for the composition dashboard."""
    if umur < 26:
        return "<26"
    for lo, hi in ((26, 35), (36, 45), (46, 55)):
        if lo <= umur <= hi:
            return f"{lo}–{hi}"
    return ">55"
