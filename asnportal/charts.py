"""Server-side SVG charts: the same markup on the web dashboards and in WeasyPrint PDFs (no JavaScript).

Every text is escaped; numbers are formatted with Indonesian separators by the caller when needed.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#0b4f6c", "#20a4f3", "#f4a259", "#5b8e7d", "#bc4b51", "#8e7dbe", "#6c757d", "#e9c46a"]


def _num(v) -> str:
    v = float(v or 0)
    return (
        f"{v:,.0f}".replace(",", ".")
        if v == int(v)
        else f"{v:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    )


def _ringkasan(title: str, labels, values) -> str:
    """A real accessible name for the SVG: the title and every label with its value (screen readers get the
    numbers a sighted user reads off the bars)."""
    isi = "; ".join(f"{lb}: {_num(v)}" for lb, v in zip(labels, values, strict=False))
    return f"{title}. {isi}" if title and isi else (title or isi or "Grafik")


def _potong(text: str, max_chars: int) -> str:
    """Shorten a label to what its column holds (WeasyPrint and browsers would clip it at the SVG edge); the
    full text stays in the <title> tooltip and in the accessible name."""
    return text if len(text) <= max_chars else text[: max(1, max_chars - 1)] + "…"


def bar_chart(
    labels,
    values,
    *,
    title: str = "",
    width: int = 640,
    bar_height: int = 22,
    color: str = PALETTE[0],
    max_value: float | None = None,
) -> SafeString:
    """Horizontal bar chart: one bar per label, value printed at the end."""
    labels, values = list(labels), [float(v or 0) for v in values]
    top = 28 if title else 6
    label_w = min(260, max((len(str(lb)) for lb in labels), default=4) * 7 + 10)
    plot_w = width - label_w - 70
    vmax = max_value or max(values, default=0) or 1
    height = top + len(labels) * (bar_height + 6) + 6
    max_chars = max(4, (label_w - 10) // 7)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img"'
        f' aria-label="{escape(_ringkasan(title, labels, values))}"'
        ' font-family="DejaVu Sans, Arial, sans-serif" font-size="12">'
    ]
    if title:
        parts.append(f'<text x="0" y="16" font-size="13" font-weight="bold">{escape(title)}</text>')
    for i, (lb, v) in enumerate(zip(labels, values, strict=True)):
        y = top + i * (bar_height + 6)
        w = max(0.0, plot_w * v / vmax)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end"><title>{escape(str(lb))}'
            f"</title>{escape(_potong(str(lb), max_chars))}</text>"
        )
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{color}" rx="2"/>'
        )
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar_height * 0.7:.1f}">{_num(v)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def column_chart(
    labels,
    series: dict[str, list],
    *,
    title: str = "",
    width: int = 640,
    height: int = 240,
    max_value: float | None = None,
    label_nilai: bool | None = None,
) -> SafeString:
    """Vertical grouped columns (e.g. a trend per period); `series` maps a legend name to values. Values are
    printed above the columns (`label_nilai`, on by default while there are at most 24 columns)."""
    labels = list(labels)
    names = list(series)
    top, bottom, left = (30 if title else 10), 40, 40
    plot_h, plot_w = height - top - bottom, width - left - 10
    vmax = max_value or max((float(v or 0) for vals in series.values() for v in vals), default=0) or 1
    group_w = plot_w / max(1, len(labels))
    if label_nilai is None:
        label_nilai = len(labels) * len(names) <= 24
    bar_w = max(2.0, (group_w - 8) / max(1, len(names)))
    ringkas = "; ".join(
        f"{name}: " + ", ".join(f"{lb} {_num(v)}" for lb, v in zip(labels, series[name], strict=False))
        for name in names
    )
    aria = f"{title}. {ringkas}" if title and ringkas else (title or ringkas or "Grafik")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img"'
        f' aria-label="{escape(aria)}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">'
    ]
    if title:
        parts.append(f'<text x="0" y="16" font-size="13" font-weight="bold">{escape(title)}</text>')
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#999"/>'
    )
    for i, lb in enumerate(labels):
        gx = left + i * group_w + 4
        for k, name in enumerate(names):
            v = float(series[name][i] or 0)
            h = plot_h * v / vmax
            x = gx + k * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}"'
                f' fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(name)}: {_num(v)}</title></rect>'
            )
            if label_nilai and v:
                # The value printed above the column: readable without hovering (and in PDFs).
                parts.append(
                    f'<text x="{x + (bar_w - 1) / 2:.1f}" y="{max(top + 9, top + plot_h - h - 3):.1f}"'
                    f' text-anchor="middle" font-size="10">{_num(v)}</text>'
                )
        parts.append(
            f'<text x="{gx + group_w / 2 - 4:.1f}" y="{top + plot_h + 14}" text-anchor="middle">'
            f"<title>{escape(str(lb))}</title>{escape(_potong(str(lb), max(3, int(group_w // 6))))}</text>"
        )
    for k, name in enumerate(names if len(names) > 1 else []):
        x = left + k * 140
        parts.append(
            f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{PALETTE[k % len(PALETTE)]}"/>'
            f'<text x="{x + 14}" y="{height - 5}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
