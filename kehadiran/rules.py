"""Attendance, leave and discipline rules: pure functions, no ORM.

Sources: PP 94/2021 (Disiplin PNS: the duty to come to work and keep working hours, Pasal 4 huruf f), Perpres
21/2023 (hari dan jam kerja instansi pemerintah: 5 working days, 37.5 hours a week), PP 11/2017 Pasal 310–341
(cuti PNS) and PP 49/2018 (cuti PPPK). domain.md has no section on attendance or leave and gives no figure for
them: every figure used here comes in as a parameter (JadwalKerja, JenisCuti, AmbangDisiplin, kehadiran.conf)
and the defaults are marked UNCONFIRMED where they are defined.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

HADIR = "hadir"
TERLAMBAT = "terlambat"
PULANG_CEPAT = "pulang_cepat"
TIDAK_HADIR = "tidak_hadir"
CUTI = "cuti"
DINAS_LUAR = "dinas_luar"
LIBUR = "libur"
BELUM = "belum"


# --- Working calendar ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Jadwal:
    """The scheduled start and end of one working day (the end may be on the next date: night shift)."""

    masuk: dt.datetime
    pulang: dt.datetime
    toleransi_menit: int = 0


def jadwal_hari(
    tanggal: dt.date, jam_masuk: dt.time, jam_pulang: dt.time, *, toleransi_menit=0, tz=None
) -> Jadwal:
    """The Jadwal of `tanggal`. A shift whose end is not after its start ends on the next day (night shift)."""
    masuk = dt.datetime.combine(tanggal, jam_masuk, tzinfo=tz)
    pulang = dt.datetime.combine(tanggal, jam_pulang, tzinfo=tz)
    if pulang <= masuk:
        pulang += dt.timedelta(days=1)
    return Jadwal(masuk=masuk, pulang=pulang, toleransi_menit=toleransi_menit)


def parse_hari_kerja(value: str) -> frozenset[int]:
    """'0,1,2,3,4' (Monday=0) → weekday numbers. Raises ValueError on anything else."""
    days = frozenset(int(p) for p in value.replace(" ", "").split(",") if p != "")
    if not days or any(d < 0 or d > 6 for d in days):
        raise ValueError("hari kerja harus angka 0 (Senin) sampai 6 (Minggu)")
    return days


def is_hari_kerja(tanggal: dt.date, hari_kerja: Iterable[int], libur: Iterable[dt.date]) -> bool:
    """A working day: its weekday is a working weekday and it is not a holiday or cuti bersama."""
    return tanggal.weekday() in set(hari_kerja) and tanggal not in set(libur)


# --- Daily status -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rekaman:
    """One attendance record: web check-in ("masuk"), check-out ("pulang") or a machine scan ("scan")."""

    waktu: dt.datetime
    jenis: str = "scan"


@dataclass(frozen=True)
class HasilHarian:
    status: str
    terlambat_menit: int = 0
    pulang_cepat_menit: int = 0
    jam_masuk: dt.datetime | None = None
    jam_pulang: dt.datetime | None = None
    keterangan: str = ""


def _menit(delta: dt.timedelta) -> int:
    return max(0, int(delta.total_seconds() // 60))


def rekaman_dalam_jendela(
    jadwal: Jadwal, rekaman: Iterable[Rekaman], *, sebelum: dt.timedelta, sesudah: dt.timedelta
) -> list[Rekaman]:
    """Records that belong to this working day: from `sebelum` before the start to `sesudah` after the end."""
    lo, hi = jadwal.masuk - sebelum, jadwal.pulang + sesudah
    return sorted((r for r in rekaman if lo <= r.waktu <= hi), key=lambda r: r.waktu)


def pilih_masuk_pulang(
    jadwal: Jadwal, rekaman: Sequence[Rekaman]
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Check-in = earliest "masuk"/scan, check-out = latest "pulang"/scan after it. A single machine scan counts
    as check-in when it is before the middle of the schedule and as check-out otherwise."""
    tengah = jadwal.masuk + (jadwal.pulang - jadwal.masuk) / 2
    masuk_c = [r.waktu for r in rekaman if r.jenis == "masuk"]
    pulang_c = [r.waktu for r in rekaman if r.jenis == "pulang"]
    scans = [r.waktu for r in rekaman if r.jenis == "scan"]
    if len(scans) == 1 and not masuk_c and not pulang_c:
        return (scans[0], None) if scans[0] < tengah else (None, scans[0])
    masuk_c += scans
    masuk = min(masuk_c) if masuk_c else None
    pulang_c += [s for s in scans if masuk is None or s > masuk]
    pulang_c = [p for p in pulang_c if masuk is None or p > masuk]
    pulang = max(pulang_c) if pulang_c else None
    return masuk, pulang


def status_harian(
    *,
    jadwal: Jadwal | None,
    rekaman: Sequence[Rekaman] = (),
    cuti: bool = False,
    dinas_luar: bool = False,
    now: dt.datetime | None = None,
    sebelum: dt.timedelta = dt.timedelta(hours=3),
    sesudah: dt.timedelta = dt.timedelta(hours=6),
) -> HasilHarian:
    """Daily status of one pegawai (PP 94/2021 Pasal 4 huruf f: come to work and keep working hours).

    - no schedule (weekend, holiday, cuti bersama, no shift that day) → libur;
    - approved leave → cuti; approved official trip → dinas luar;
    - otherwise from the records in the day's window: minutes late are counted from the scheduled start once
      they exceed the tolerance (UNCONFIRMED convention; tolerance is data on JadwalKerja), minutes early from
      the scheduled end. A missing check-out counts the time from check-in to the end as early leave, a missing
      check-in the time from the start to the check-out as late (UNCONFIRMED; the ASN asks for a correction);
    - no record at all → tidak hadir, or "belum" while the day is still running (`now` before the end).
    """
    if jadwal is None:
        return HasilHarian(LIBUR)
    if cuti:
        return HasilHarian(CUTI)
    if dinas_luar:
        return HasilHarian(DINAS_LUAR)
    recs = rekaman_dalam_jendela(jadwal, rekaman, sebelum=sebelum, sesudah=sesudah)
    masuk, pulang = pilih_masuk_pulang(jadwal, recs)
    berjalan = now is not None and now < jadwal.pulang + sesudah
    if masuk is None and pulang is None:
        if now is not None and now < jadwal.pulang:
            return HasilHarian(BELUM)
        return HasilHarian(TIDAK_HADIR)
    terlambat = 0
    keterangan = []
    if masuk is not None:
        late = _menit(masuk - jadwal.masuk)
        terlambat = late if late > jadwal.toleransi_menit else 0
    else:
        terlambat = _menit(min(pulang, jadwal.pulang) - jadwal.masuk)
        keterangan.append("tidak presensi masuk")
    cepat = 0
    if pulang is not None:
        cepat = _menit(jadwal.pulang - pulang)
    elif not berjalan:
        cepat = _menit(jadwal.pulang - max(masuk, jadwal.masuk))
        keterangan.append("tidak presensi pulang")
    if terlambat:
        status = TERLAMBAT
    elif cepat:
        status = PULANG_CEPAT
    else:
        status = HADIR
    return HasilHarian(status, terlambat, cepat, masuk, pulang, "; ".join(keterangan))


# --- Check-in location -----------------------------------------------------------------------------------

RADIUS_BUMI_M = 6_371_000


def jarak_meter(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * RADIUS_BUMI_M * math.asin(math.sqrt(a))


def ip_dalam_jaringan(ip: str | None, cidrs: Iterable[str]) -> bool:
    """Is `ip` inside one of the office networks (CIDR strings; invalid entries are ignored)?"""
    if not ip:
        return False
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for cidr in cidrs:
        try:
            if addr in ipaddress.ip_network(cidr.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


def parse_cidrs(value: str) -> list[str]:
    """'10.1.0.0/16, 192.168.5.0/24' → list; raises ValueError naming the first invalid entry."""
    out = []
    for part in value.replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ipaddress.ip_network(part, strict=False)
        except ValueError as exc:
            raise ValueError(part) from exc
        out.append(part)
    return out


@dataclass(frozen=True)
class Kantor:
    latitude: float
    longitude: float
    radius_m: int
    nama: str = ""


@dataclass(frozen=True)
class HasilLokasi:
    ok: bool
    metode: str  # "lokasi", "jaringan", "bebas" or "" when refused
    pesan: str
    jarak_m: int | None = None


def cek_lokasi(
    *,
    mode: str,
    kantor: Sequence[Kantor],
    cidrs: Sequence[str],
    ip: str | None,
    latitude: float | None = None,
    longitude: float | None = None,
    akurasi_m: float | None = None,
    akurasi_maks_m: float = 200,
) -> HasilLokasi:
    """May a web check-in be accepted from here? `mode`: bebas, lokasi, jaringan, lokasi_atau_jaringan.

    Geolocation is checked first (when the phone sent a position); the office network is the fallback, which
    is also what a browser without JavaScript gets. Messages are Indonesian and say what to do."""
    if mode == "bebas":
        return HasilLokasi(True, "bebas", "")
    boleh_lokasi = mode in ("lokasi", "lokasi_atau_jaringan")
    boleh_jaringan = mode in ("jaringan", "lokasi_atau_jaringan")
    jarak = None
    pesan_lokasi = ""
    if boleh_lokasi:
        if latitude is None or longitude is None:
            pesan_lokasi = "Lokasi ponsel tidak terbaca. Izinkan akses lokasi di peramban lalu coba lagi."
        elif akurasi_m is not None and akurasi_m > akurasi_maks_m:
            pesan_lokasi = (
                f"Lokasi kurang akurat (±{int(akurasi_m)} m, batas {int(akurasi_maks_m)} m). "
                "Nyalakan GPS dan coba lagi di tempat terbuka."
            )
        elif not kantor:
            pesan_lokasi = "Lokasi kantor unit Anda belum diatur. Hubungi petugas SDM."
        else:
            terdekat = min(kantor, key=lambda k: jarak_meter(latitude, longitude, k.latitude, k.longitude))
            jarak = round(jarak_meter(latitude, longitude, terdekat.latitude, terdekat.longitude))
            if jarak <= terdekat.radius_m:
                return HasilLokasi(True, "lokasi", "", jarak)
            pesan_lokasi = (
                f"Anda berada {jarak} m dari {terdekat.nama or 'kantor'}; presensi hanya dapat dilakukan "
                f"dalam radius {terdekat.radius_m} m."
            )
    if boleh_jaringan:
        if ip_dalam_jaringan(ip, cidrs):
            return HasilLokasi(True, "jaringan", "", jarak)
        pesan_jaringan = "Perangkat Anda tidak terhubung ke jaringan (Wi-Fi) kantor."
        if boleh_lokasi:
            return HasilLokasi(False, "", f"{pesan_lokasi} {pesan_jaringan}".strip(), jarak)
        return HasilLokasi(False, "", pesan_jaringan + " Sambungkan ke Wi-Fi kantor lalu coba lagi.", jarak)
    return HasilLokasi(False, "", pesan_lokasi, jarak)


# --- Leave (cuti) -----------------------------------------------------------------------------------------


def hari_cuti(mulai: dt.date, selesai: dt.date, hari_kerja: Callable[[dt.date], bool]) -> int:
    """Number of working days taken by leave from `mulai` to `selesai` inclusive (weekends, national holidays
    and cuti bersama are not counted, PP 11/2017 Pasal 312 counts cuti tahunan in working days)."""
    if selesai < mulai:
        return 0
    n, d = 0, mulai
    while d <= selesai:
        if hari_kerja(d):
            n += 1
        d += dt.timedelta(days=1)
    return n


def tangguhan_cuti(sisa_tahun_lalu: int, maks_tangguhan: int) -> int:
    """Unused annual leave carried into the next year, capped at `maks_tangguhan` (PP 11/2017 Pasal 313 allows
    carrying over; the cap is data on JenisCuti, UNCONFIRMED default 6 days)."""
    return max(0, min(sisa_tahun_lalu, maks_tangguhan))


def saldo_cuti(*, hak: int, tangguhan: int, penyesuaian: int, terpakai: int) -> int:
    """Remaining leave: entitlement + carry-over + HR adjustment − days already approved or pending."""
    return hak + tangguhan + penyesuaian - terpakai


def boleh_jenis_cuti(status_kepegawaian: str, *, untuk_pns: bool, untuk_pppk: bool) -> bool:
    """PNS and CPNS use the PNS list (PP 11/2017), PPPK the PPPK list (PP 49/2018)."""
    return untuk_pppk if status_kepegawaian == "PPPK" else untuk_pns


# --- Discipline -------------------------------------------------------------------------------------------


def persentase_kehadiran(hadir: int, hari_kerja: int, cuti: int = 0) -> float:
    """Attendance rate in percent: days present (incl. dinas luar) over working days not on leave."""
    wajib = hari_kerja - cuti
    if wajib <= 0:
        return 100.0
    return round(100.0 * hadir / wajib, 1)


def pelanggaran_ambang(
    *,
    persentase: float,
    terlambat_menit: int,
    tanpa_keterangan: int,
    min_persentase: float | None,
    maks_terlambat_menit: int | None,
    maks_tanpa_keterangan: int | None,
) -> list[str]:
    """Which thresholds (set by the atasan or HR) a monthly recap crosses; empty when none."""
    out = []
    if min_persentase is not None and persentase < min_persentase:
        out.append(f"kehadiran {persentase}% < {min_persentase}%")
    if maks_terlambat_menit is not None and terlambat_menit > maks_terlambat_menit:
        out.append(f"terlambat {terlambat_menit} menit > {maks_terlambat_menit}")
    if maks_tanpa_keterangan is not None and tanpa_keterangan > maks_tanpa_keterangan:
        out.append(f"tanpa keterangan {tanpa_keterangan} hari > {maks_tanpa_keterangan}")
    return out
