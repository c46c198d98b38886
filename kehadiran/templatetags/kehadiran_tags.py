"""Template tags of the kehadiran app (dashboard cards)."""

from __future__ import annotations

from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def kehadiran_saya(user) -> dict:
    """One person's figures for their dashboard: remaining annual leave and this month's attendance (a few
    queries; nothing for a user without a pegawai record)."""
    from kehadiran import selectors, services

    pegawai = getattr(user, "pegawai", None)
    if pegawai is None:
        return {}
    today = timezone.localdate()
    # The year's balance row is made on first use, as the leave page does (entitlement + carry-over).
    for jenis in selectors.jenis_cuti_untuk(pegawai).filter(potong_saldo=True):
        services.saldo_get_or_create(pegawai=pegawai, jenis=jenis, tahun=today.year)
    saldo = [s for s in selectors.saldo_cuti(pegawai=pegawai, tahun=today.year) if s["jenis"].potong_saldo]
    return {
        "tahun": today.year,
        "bulan": today,
        "saldo": saldo[0] if saldo else None,
        "bulan_ini": selectors.ringkasan_pegawai(
            user=user, pegawai_id=pegawai.pk, tahun=today.year, bulan=today.month
        ),
    }
