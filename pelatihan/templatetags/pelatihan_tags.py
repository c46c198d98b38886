import datetime as dt

from django import template

from asnportal import scoping

register = template.Library()


@register.filter
def field_for(form, peserta):
    """The bound attendance field of one participant (KehadiranForm)."""
    return form[f"p{peserta.pk}"]


@register.simple_tag
def pelatihan_widget(user) -> dict:
    """Figures for the dashboard card: own JP, who is below target (HR), sessions open, approvals waiting."""
    from pelatihan import selectors
    from pelatihan.choices import StatusSesi
    from pelatihan.models import Sesi

    tahun = dt.date.today().year
    out = {"tahun": tahun}
    if user.pegawai_id:
        out["saya"] = selectors.jp_saya(pegawai=user.pegawai, tahun=tahun)
    if scoping.can_read_instansi(user):
        out["ringkasan"] = selectors.jp_ringkasan(
            pegawai_qs=selectors.jp_pegawai(user=user, tahun=tahun), tahun=tahun
        )
    out["sesi_dibuka"] = Sesi.objects.for_user(user).filter(status=StatusSesi.DIBUKA).count()
    out["menunggu"] = selectors.menunggu_persetujuan(user=user).count()
    return out
