"""`{% dokumen_terbit obj %}`: the official documents issued for an object (download, verification), and the
button to issue one where a document type declares it (asnportal.dokumen.registry)."""

from django import template

from asnportal import scoping
from asnportal.dokumen import registry
from asnportal.dokumen.models import Dokumen

register = template.Library()


@register.inclusion_tag("dokumen/_terbit.html", takes_context=True)
def dokumen_terbit(context, obj):
    user = context["request"].user
    label = obj._meta.label
    docs = list(
        Dokumen.objects.for_user(user)
        .filter(sumber_jenis=label, sumber_id=str(obj.pk))
        .order_by("-created_at")
    )
    berlaku = {d.jenis for d in docs if d.berlaku}
    tombol = [
        {"label": j.label, "url": j.url_terbitkan, "pk": obj.pk}
        for j in registry.for_model(label)
        if j.url_terbitkan
        and j.kode not in berlaku
        and (not j.sumber_status or getattr(obj, "status", None) == j.sumber_status)
    ]
    return {
        "docs": [{"d": d, "label": registry.label(d.jenis)} for d in docs],
        "tombol": tombol,
        "boleh_terbitkan": scoping.can_manage(user),
        "csrf_token": context.get("csrf_token"),
        "obj": obj,
    }
