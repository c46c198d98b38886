from django import template
from django.utils import timezone

from asnportal import scoping

register = template.Library()


@register.simple_tag
def kinerja_ringkasan(user) -> dict:
    """Dashboard widget data: own SKP status, approvals waiting, overdue counts (for HR and unit heads)."""
    from kinerja import selectors
    from kinerja.models import SKP

    tahun = timezone.localdate().year
    out = {"tahun": tahun}
    if getattr(user, "pegawai_id", None):
        out["skp"] = SKP.objects.filter(pegawai_id=user.pegawai_id, tahun=tahun, berlaku=True).first()
        out["menunggu"] = selectors.skp_bawahan(user=user, tahun=tahun).filter(status="diajukan").count()
    if scoping.can_read_others(user):
        t = selectors.terlambat(user=user)
        out["terlambat"] = selectors.terlambat_jumlah(user=user)
        out["terlambat_list"] = list((t["persetujuan"] | t["draf"] | t["evaluasi"]).distinct()[:8])
    return out
