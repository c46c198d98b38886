"""Configurable values of the rekrutmen app (settings.PORTAL overrides). Values marked UNCONFIRMED in domain.md
are kept here or on the round (Seleksi) rather than in code."""

from django.conf import settings


def get(key: str, default):
    return getattr(settings, "PORTAL", {}).get(key, default)


def formasi_empat_mata() -> bool:
    """Formasi quotas are approved by someone other than the proposer (segregation of duties)."""
    return bool(get("REKRUTMEN_FORMASI_EMPAT_MATA", True))


def hari_sanggah() -> int:
    """Sanggah window in calendar days from the announcement (domain.md §3.4: 3 days; UNCONFIRMED counting)."""
    return int(get("REKRUTMEN_HARI_SANGGAH", 3))


def konfirmasi_max_age() -> int:
    """Seconds an e-mail confirmation link stays valid."""
    return int(get("REKRUTMEN_KONFIRMASI_DETIK", 3 * 24 * 3600))


def login_max_gagal() -> int:
    return int(get("REKRUTMEN_LOGIN_MAX_GAGAL", 5))


def daftar_per_jam() -> int:
    """Applicant registrations accepted per client address per hour (a school lab or an internet café shares an
    address, so not too low)."""
    return int(get("REKRUTMEN_DAFTAR_PER_JAM", 20))
