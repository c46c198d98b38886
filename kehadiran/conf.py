"""Configurable values of kehadiran. Figures that domain.md does not give are UNCONFIRMED: they are read from
settings.PORTAL (so an instansi can change them without a code change) and most of them are also data that
HR edits (JadwalKerja, JenisCuti, AmbangDisiplin)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings


def _get(key, default):
    return getattr(settings, "PORTAL", {}).get(key, default)


def jendela_sebelum() -> dt.timedelta:
    """How long before the scheduled start a scan still counts for that working day.
    UNCONFIRMED (no figure in domain.md): 3 hours."""
    return dt.timedelta(minutes=_get("KEHADIRAN_JENDELA_SEBELUM_MENIT", 180))


def jendela_sesudah() -> dt.timedelta:
    """How long after the scheduled end a scan still counts for that working day.
    UNCONFIRMED (no figure in domain.md): 6 hours."""
    return dt.timedelta(minutes=_get("KEHADIRAN_JENDELA_SESUDAH_MENIT", 360))


def jadwal_bawaan() -> dict:
    """Working hours used when an instansi has not entered a JadwalKerja yet. 5-day week (Monday–Friday).
    UNCONFIRMED (domain.md has no figure; Perpres 21/2023 sets 37.5 hours a week): 07:30–16:00,
    Friday 07:30–16:30, tolerance 0 minutes."""
    return _get(
        "KEHADIRAN_JADWAL_BAWAAN",
        {
            "hari_kerja": "0,1,2,3,4",
            "jam_masuk": dt.time(7, 30),
            "jam_pulang": dt.time(16, 0),
            "jam_pulang_jumat": dt.time(16, 30),
            "toleransi_menit": 0,
        },
    )


def akurasi_gps_maks() -> int:
    """A GPS fix less precise than this (metres) is not accepted. UNCONFIRMED: 200 m."""
    return _get("KEHADIRAN_AKURASI_GPS_MAKS", 200)


# Leave entitlements seeded for a new instansi (HR edits them as data: JenisCuti). PP 11/2017 Pasal 310–341
# for PNS and PP 49/2018 Pasal 75 for PPPK; domain.md has none of these figures, so every figure here is
# UNCONFIRMED and only a starting point.
JENIS_CUTI_AWAL = [
    # kode, pns, pppk, hak hari per tahun, maks tangguhan, potong saldo, perlu bukti, maks hari per pengajuan
    ("tahunan", True, True, 12, 6, True, False, 18),
    ("sakit", True, True, None, 0, False, True, 540),
    ("besar", True, False, None, 0, False, False, 90),
    ("melahirkan", True, True, None, 0, False, True, 90),
    ("alasan_penting", True, False, None, 0, False, True, 30),
    ("cltn", True, False, None, 0, False, True, 1095),
]
