from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

HASIL_CSS = {
    "L": "text-bg-success",
    "C": "text-bg-info",
    "TMS": "text-bg-danger",
    "TL_SKD": "text-bg-secondary",
    "TL_RANK": "text-bg-secondary",
    "MS": "text-bg-success",
    "belum": "text-bg-light border",
    "": "text-bg-light border",
}
# Status badges are translated (issue 17).
HASIL_LABEL = {
    "L": _("Lulus"),
    "C": _("Cadangan"),
    "TMS": _("TMS"),
    "TL_SKD": _("Tidak lulus SKD"),
    "TL_RANK": _("Tidak masuk peringkat SKB"),
    "MS": _("MS"),
    "belum": _("Belum"),
    "": _("Belum ada hasil"),
}


@register.filter
def hasil_css(value) -> str:
    return HASIL_CSS.get(value or "", "text-bg-light border")


@register.filter
def hasil_label(value) -> str:
    return HASIL_LABEL.get(value or "", str(value))


@register.filter
def ya_tidak(value) -> str:
    return {True: _("Ya"), False: _("Tidak")}.get(value, "—")
