"""Configurable values of the pelatihan app, read from settings.PORTAL (defaults from domain.md §5)."""

from django.conf import settings


def target_jp() -> int:
    """Minimum JP per ASN per year: 20 (PP 11/2017 Pasal 203(4)). UNCONFIRMED for PPPK (PerLAN 15/2020)."""
    return int(settings.PORTAL.get("PELATIHAN_TARGET_JP", 20))


def menit_per_jp() -> int:
    """1 JP = 45 minutes (PerLAN 10/2018, domain.md §5)."""
    return int(settings.PORTAL.get("PELATIHAN_MENIT_PER_JP", 45))


def predikat_rendah() -> tuple[str, ...]:
    """Kinerja predikat CODES that call for training (domain.md §1.5), as kinerja stores and returns them
    (kinerja.choices.Predikat values), never their display labels."""
    return tuple(
        settings.PORTAL.get("PELATIHAN_PREDIKAT_RENDAH", ("butuh_perbaikan", "kurang", "sangat_kurang"))
    )
