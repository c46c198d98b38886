from django import template

from asnportal import scoping

from .. import selectors

register = template.Library()


@register.inclusion_tag("kepegawaian/_pengingat.html", takes_context=True)
def pengingat_hr(context):
    """KP and KGB reminders for HR officers (the dashboard widget)."""
    user = context["request"].user
    if not scoping.can_read_instansi(user):
        return {"tampil": False}
    return {"tampil": True, **selectors.pengingat_hr(user=user)}


@register.inclusion_tag("kepegawaian/_kotak_ringkasan.html", takes_context=True)
def kotak_ringkasan(context):
    """Dashboard widget of the approvals inbox: the same groups and counts as the inbox page."""
    from ..kotak import kotak_persetujuan
    from ..views import boleh_kotak

    user = context["request"].user
    if not boleh_kotak(user):
        return {"tampil": False}
    groups = kotak_persetujuan(user, with_items=False)
    return {"tampil": True, "kelompok": groups, "total": sum(g.jumlah for g in groups)}
