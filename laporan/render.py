"""Rendering reports to PDF and XLSX (asnportal.tabular.write_xlsx).

PDFs go through the document core (`asnportal.dokumen.render`: the restricted resource fetcher, the shared
letterhead, style and signature block).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from asnportal import charts
from asnportal.dokumen import render as core_render
from kepegawaian import rules as kp_rules
from kepegawaian.choices import StatusAktif
from kepegawaian.models import Pegawai

from . import rules

# The restricted fetcher, letterhead and logo live in the document core; re-exported for laporan's callers.
kop_lines = core_render.kop_lines
logo_data_uri = core_render.logo_data_uri
safe_url_fetcher = core_render.safe_url_fetcher
BlockedURL = core_render.BlockedURL
PDF_BASE_URL = core_render.PDF_BASE_URL


def html_to_pdf(html: str, target_path: str) -> None:
    """Render HTML to a PDF file with the restricted fetcher (asnportal.dokumen.render)."""
    core_render.html_to_pdf(html, target_path)


def penandatangan(instansi) -> dict:
    """Who signs: the head of the instansi's personnel agency (BKD/BKPSDM), found from the position tree."""
    qs = Pegawai.objects.for_instansi(instansi.pk).filter(
        status_aktif=StatusAktif.AKTIF, jabatan__is_kepala_unit=True, jabatan__unit_kerja__parent__isnull=True
    )
    if instansi.nama_badan_kepegawaian:
        head = qs.filter(jabatan__unit_kerja__nama__iexact=instansi.nama_badan_kepegawaian).first()
    else:
        head = None
    head = (
        head
        or qs.filter(jabatan__unit_kerja__nama__icontains="kepegawaian").select_related("jabatan").first()
    )
    jabatan = (
        head.jabatan.nama
        if head
        else f"Kepala {instansi.nama_badan_kepegawaian or 'Badan Kepegawaian Daerah'}"
    )
    return {
        "kota": instansi.ibu_kota or "",
        "jabatan": jabatan,
        "nama": head.nama_lengkap if head else "",
        "pangkat": f"{kp_rules.pangkat(head.golongan)} ({head.golongan})" if head and head.golongan else "",
        "nip": head.nip_tampil if head else "",
    }


def document_context(instansi, *, title: str, subtitle: str) -> dict:
    now = timezone.localtime()
    return {
        "instansi": instansi,
        "kop": kop_lines(instansi),
        "logo": logo_data_uri(instansi),
        "title": title,
        "subtitle": subtitle,
        "dibuat": now,
        "tanggal_dibuat": rules.tanggal_panjang(now.date()),
        "ttd": penandatangan(instansi),
    }


def section_charts(section: dict) -> list:
    """SVG markup of a section's charts (asnportal.charts, the same as on the web)."""
    out = []
    for c in section.get("charts", []):
        if not c.get("labels"):
            continue
        # asnportal.charts caps the label column at ~36 characters of DejaVu Sans: keep labels inside it.
        labels = [lb if len(lb) <= 32 else lb[:31] + "…" for lb in c["labels"]]
        out.append(charts.bar_chart(labels, c["values"], title=c["title"], width=640))
    return out


def report_html(*, instansi, periode_label: str, jenis_label: str, sections: list[dict]) -> str:
    ctx = document_context(instansi, title=jenis_label, subtitle=periode_label)
    ctx["sections"] = [
        {
            **s,
            "anchor": f"bagian-{i + 1}",
            "svg": section_charts(s),
            "tables": [_typed(t) for t in s["tables"]],
        }
        for i, s in enumerate(sections)
    ]
    return render_to_string("laporan/pdf/laporan.html", ctx)


def _is_num(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _typed(table: dict) -> dict:
    """Mark numeric cells (right-aligned in the PDF); a column is numeric when all its filled cells are."""
    rows = [list(r) for r in table["rows"]]
    width = max([len(table["headers"])] + [len(r) for r in rows])
    numeric = [
        any(_is_num(r[i]) for r in rows if i < len(r))
        and all(_is_num(r[i]) for r in rows if i < len(r) and r[i] not in (None, ""))
        for i in range(width)
    ]
    return {
        **table,
        "headers": [{"v": h, "num": numeric[i]} for i, h in enumerate(table["headers"])],
        "rows": [[{"v": v, "num": _is_num(v)} for v in r] for r in rows],
    }


def report_xlsx(sections: list[dict]) -> bytes:
    """One sheet per section: the summary (label, value) then each table; numbers stay numbers."""
    from asnportal.tabular import write_xlsx

    sheets = {}
    used = set()
    for s in sections:
        rows: list[list] = []
        for label, value in s["summary"]:
            rows.append([label, value])
        if s.get("note"):
            rows.append([s["note"]])
        for t in s["tables"]:
            rows.append([])
            rows.append([t["title"]])
            rows.append(list(t["headers"]))
            rows.extend(list(r) for r in t["rows"])
        sheets[_sheet_title(s["title"], used)] = (["Uraian", "Nilai"], rows)
    return write_xlsx(sheets)


def _sheet_title(title: str, used: set) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")
    if len(base) > 28:  # Excel allows 31 characters: cut at a word, keep room for a " 2" suffix
        base = base[:28].rsplit(" ", 1)[0]
    base = base.rstrip(" (-") or "Lembar"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:26]} {n}"
        n += 1
    used.add(name.lower())
    return name


# --- Rosters (DUK, daftar nominatif) ----------------------------------------------------------------------------
ROSTER_HEADERS = [
    "No",
    "NIP",
    "Nama",
    "Tempat lahir",
    "Tanggal lahir",
    "L/P",
    "Status",
    "Golongan",
    "Pangkat",
    "TMT golongan",
    "Jabatan",
    "Kelas jabatan",
    "TMT jabatan",
    "Masa kerja (tahun)",
    "Masa kerja (bulan)",
    "Pendidikan",
    "Usia",
    "Unit kerja",
]


def nama_lengkap(row: dict) -> str:
    depan = f"{row['gelar_depan']} " if row.get("gelar_depan") else ""
    belakang = f", {row['gelar_belakang']}" if row.get("gelar_belakang") else ""
    return f"{depan}{row['nama']}{belakang}"


def roster_row(i: int, row: dict, pada: dt.date) -> list:
    """One roster row with real numbers and dates (XLSX keeps them typed)."""
    mk_y, mk_m = rules.masa_kerja(row["tmt_cpns"], pada)
    return [
        i,
        row["nip"],
        nama_lengkap(row),
        row["tempat_lahir"],
        row["tanggal_lahir"],
        row["jenis_kelamin"],
        row["status_kepegawaian"],
        row["golongan"],
        kp_rules.pangkat(row["golongan"]),
        row["tmt_golongan"],
        row["jabatan__nama"] or "",
        row["jabatan__kelas_jabatan"],
        row["tmt_jabatan"],
        mk_y,
        mk_m,
        row["pendidikan_terakhir"],
        kp_rules.usia(row["tanggal_lahir"], pada),
        row["unit_kerja__label"] or "",
    ]


def roster_rows(qs, pada: dt.date):
    for i, row in enumerate(qs.iterator(chunk_size=2000), start=1):
        yield roster_row(i, row, pada)


def roster_xlsx(qs, *, pada: dt.date, sheet: str) -> bytes:
    from asnportal.tabular import write_xlsx

    return write_xlsx({sheet: (ROSTER_HEADERS, roster_rows(qs, pada))})


def roster_html(*, instansi, qs, pada: dt.date, title: str, subtitle: str, note: str = "") -> str:
    ctx = document_context(instansi, title=title, subtitle=subtitle)
    ctx["rows"] = [
        {
            "no": r[0],
            "nip": kp_rules.format_nip(r[1]),
            "nama": r[2],
            "ttl": f"{r[3]}, {r[4]:%d-%m-%Y}" if r[3] else f"{r[4]:%d-%m-%Y}",
            "golongan": r[7],
            "pangkat": r[8],
            "tmt_gol": r[9],
            "jabatan": r[10],
            "kelas": r[11],
            "tmt_jab": r[12],
            "mk": f"{r[13]} th {r[14]} bl",
            "pendidikan": r[15],
            "usia": r[16],
            "unit": r[17],
        }
        for r in roster_rows(qs, pada)
    ]
    ctx["note"] = note
    ctx["pada"] = rules.tanggal_panjang(pada)
    return render_to_string("laporan/pdf/roster.html", ctx)
