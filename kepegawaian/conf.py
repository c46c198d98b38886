"""Configurable kepegawaian values (UNCONFIRMED in domain.md): settings.PORTAL overrides the defaults."""

from django.conf import settings

from . import rules


def _get(key, default):
    return getattr(settings, "PORTAL", {}).get(key, default)


def wke_menit(instansi=None) -> int:
    """Waktu kerja efektif per year in minutes: the instansi's own value, else PORTAL["ABK_WKE_MENIT"]."""
    if instansi is not None and getattr(instansi, "wke_menit", None):
        return instansi.wke_menit
    return int(_get("ABK_WKE_MENIT", rules.WKE_MENIT_DEFAULT))


def masa_kp_reguler() -> int:
    return int(_get("KP_MASA_REGULER_TAHUN", rules.MASA_KERJA_KP_REGULER_TAHUN))


def kgb_interval() -> int:
    return int(_get("KGB_INTERVAL_TAHUN", rules.KGB_INTERVAL_TAHUN))


def pengingat_hari() -> int:
    """How many days ahead KP/KGB reminders look on the HR dashboard."""
    return int(_get("KEPEGAWAIAN_PENGINGAT_HARI", 90))
