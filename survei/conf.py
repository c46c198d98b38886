"""Configurable values of the survei app, read from settings.PORTAL (defaults below).

Abuse limits are operational choices, not regulation; the weight default follows domain.md §2's
recommendation (exact 1/9) and each UnitLayanan may choose 0.111 or 0.11 to match its published practice.
"""

from django.conf import settings


def _get(key, default):
    return getattr(settings, "PORTAL", {}).get(key, default)


def batas_kirim_per_ip() -> int:
    """Submissions (attempts) one IP may make per window. A counter's visitor Wi-Fi or mobile CGNAT puts many
    citizens behind one IP, so this is generous; bots are stopped by the other checks too."""
    return int(_get("SURVEI_BATAS_KIRIM_PER_IP", 30))


def batas_kirim_kiosk() -> int:
    """Submissions per window from one registered kiosk/tablet of a unit (counted per device, not per IP): a
    busy counter serves more than the per-IP limit in an hour."""
    return int(_get("SURVEI_BATAS_KIRIM_KIOSK", 600))


def jendela_detik() -> int:
    return int(_get("SURVEI_JENDELA_DETIK", 3600))


def waktu_isi_minimum() -> int:
    """Seconds between loading the form and submitting it below which a submission is treated as a bot."""
    return int(_get("SURVEI_WAKTU_ISI_MINIMUM", 8))


def token_umur_maksimum() -> int:
    """Seconds a loaded form stays valid (signed timestamp)."""
    return int(_get("SURVEI_TOKEN_UMUR_MAKSIMUM", 6 * 3600))


def tanggal_mundur_maksimum() -> int:
    """How many days back a respondent may date their survey."""
    return int(_get("SURVEI_TANGGAL_MUNDUR_HARI", 31))


def bobot_default() -> str:
    return str(_get("SURVEI_BOBOT", "exact"))


# Version of the privacy notice shown on the form; stored with each consent (UU 27/2022 Pasal 22–24).
VERSI_PEMBERITAHUAN_PRIVASI = "2026-01"
