"""Configurable defaults of the kinerja app (settings.PORTAL overrides; per-instansi values live in
PengaturanKinerja). Every UNCONFIRMED regulation value of domain.md §1 is read here."""

from django.conf import settings


def get(key: str, default):
    return settings.PORTAL.get(key, default)


def hari_keberatan() -> int:
    # PP 30/2019 Pasal 59 / LAN book: 14 days (domain.md §1.8).
    return int(get("KINERJA_HARI_KEBERATAN", 14))


def hari_tenggat_skp() -> int:
    # UNCONFIRMED: SKP set by the end of January (domain.md §1.8) -> day-of-year 31.
    return int(get("KINERJA_TENGGAT_SKP_HARI", 31))


def hari_tenggat_persetujuan() -> int:
    # Days an atasan has to act on a submitted SKP before it is reported overdue (house rule).
    return int(get("KINERJA_TENGGAT_PERSETUJUAN_HARI", 7))


def hari_tenggat_evaluasi() -> int:
    # UNCONFIRMED: 14 working days to deliver the evaluation (domain.md §1.8), read as calendar days.
    return int(get("KINERJA_TENGGAT_EVALUASI_HARI", 14))


def minimal_responden_rekan() -> int:
    return int(get("KINERJA_MIN_RESPONDEN_REKAN", 3))


def publik_minimal_kelompok() -> int:
    """Smallest group (pegawai with a final annual predikat) whose rating distribution is published: a smaller
    unit's ratings could identify people (UU 27/2022). House rule, not regulation; default 10."""
    return int(get("KINERJA_PUBLIK_MINIMAL_KELOMPOK", 10))
