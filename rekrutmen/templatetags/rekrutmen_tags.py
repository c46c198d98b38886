from django import template

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
HASIL_LABEL = {
    "L": "Lulus",
    "C": "Cadangan",
    "TMS": "TMS",
    "TL_SKD": "Tidak lulus SKD",
    "TL_RANK": "Tidak masuk peringkat SKB",
    "MS": "MS",
    "belum": "Belum",
    "": "Belum ada hasil",
}


@register.filter
def hasil_css(value) -> str:
    return HASIL_CSS.get(value or "", "text-bg-light border")


@register.filter
def hasil_label(value) -> str:
    return HASIL_LABEL.get(value or "", str(value))


@register.filter
def ya_tidak(value) -> str:
    return {True: "Ya", False: "Tidak"}.get(value, "—")
