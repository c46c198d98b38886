"""Settings of the laporan app, read from settings.PORTAL with defaults (no shared settings edit needed)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings


def get(key: str, default):
    return getattr(settings, "PORTAL", {}).get(key, default)


def pdf_roster_max() -> int:
    """Largest roster (DUK/nominatif) rendered as PDF; bigger lists go to XLSX (bounded rendering)."""
    return int(get("LAPORAN_PDF_ROSTER_MAX", 2000))


def stale_after() -> timedelta:
    """A RUNNING run older than this belonged to a dead worker and is taken over."""
    return timedelta(seconds=int(get("LAPORAN_STALE_SECONDS", 15 * 60)))


def pensiun_tahun_ke_depan() -> int:
    """How many years of retirements ahead the report shows."""
    return int(get("LAPORAN_PENSIUN_TAHUN", 5))


# Modules whose report_section() is read, in the order of the report (kepegawaian is built by laporan itself).
SECTION_APPS = ["rekrutmen", "kinerja", "pelatihan", "kehadiran", "survei", "forum"]

DUK_NOTE = (
    "Urutan DUK: golongan/ruang, TMT golongan, jabatan (jenis dan kelas), masa kerja, usia. "
    "Kriteria diklat jabatan dan pendidikan belum diterapkan. Memuat PNS dan CPNS (PPPK tidak berpangkat)."
)
