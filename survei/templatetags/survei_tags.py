from django import template
from django.utils import timezone

from asnportal import scoping

register = template.Library()


@register.inclusion_tag("survei/_widget.html", takes_context=True)
def survei_widget(context):
    """The dashboard card: this quarter's IKM of the user's instansi and its weakest units (2 queries)."""
    from .. import rules, selectors
    from ..models import Respons, UnitLayanan

    user = context["request"].user
    if not scoping.can_read_instansi(user):
        return {"tampil": False}
    today = timezone.localdate()
    periode = selectors.Periode("triwulan", today.year, rules.nomor_periode("triwulan", today))
    start, end = periode.batas
    responses = Respons.objects.for_user(user)
    units = UnitLayanan.objects.for_user(user).only("id", "nama", "bobot")
    rows = [
        r
        for r in selectors.hasil_per_unit(responses=responses, units=units, start=start, end=end)
        if r["hasil"]
    ]
    rows.sort(key=lambda r: r["hasil"].nilai)
    total = sum(r["hasil"].jumlah_responden for r in rows)
    sums = [sum(r["jumlah_nilai"][i] for r in rows) for i in range(9)]
    return {"tampil": True, "periode": periode, "hasil": rules.hitung(sums, total), "terendah": rows[:3]}
