"""Rendering reports to PDF (WeasyPrint) and XLSX (asnportal.tabular.write_xlsx).

WeasyPrint fetches resources only through `safe_url_fetcher`: the portal's own static files (found with the
staticfiles finders, never a path from the document) and inline `data:` images that the portal itself embeds.
`file://`, `http(s)://` to anywhere else and every other scheme are refused, so hostile text in the data (which
the templates escape anyway) can never pull a local file or a network resource into a PDF.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import mimetypes
from decimal import Decimal
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from asnportal import charts
from kepegawaian import rules as kp_rules
from kepegawaian.choices import StatusAktif
from kepegawaian.models import Pegawai

from . import rules

logger = logging.getLogger(__name__)
# WeasyPrint logs every layout step at INFO; the portal logs at INFO: keep worker logs readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The base URL of every PDF document: relative "/static/..." links resolve to this host, and only this host's
# static prefix is served by the fetcher. ".invalid" can never resolve on a network (RFC 2606).
PDF_BASE_URL = "https://portal.invalid/"
_ALLOWED_DATA_MIME = ("data:image/png", "data:image/jpeg", "data:image/svg+xml")


class BlockedURL(ValueError):
    """A resource URL a report may not fetch."""


def _blocked(url: str) -> BlockedURL:
    logger.warning("laporan: blocked resource URL in PDF: %.200s", url)
    return BlockedURL(f"URL tidak diizinkan: {url[:200]}")


def _static_response(url: str):
    """(bytes, mime type) of a portal static file named by an https://portal.invalid/static/... URL."""
    parts = urlsplit(url)
    base = urlsplit(PDF_BASE_URL)
    if parts.scheme != base.scheme or parts.netloc != base.netloc or parts.query or parts.fragment:
        raise _blocked(url)
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL) or ".." in path.split("/"):
        raise _blocked(url)
    found = finders.find(path[len(settings.STATIC_URL) :])
    if not found:
        raise BlockedURL(f"Berkas statis tidak ditemukan: {path[:200]}")
    with open(found, "rb") as fh:
        data = fh.read()
    return data, mimetypes.guess_type(found)[0] or "application/octet-stream"


def _portal_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PortalURLFetcher(URLFetcher):
        """WeasyPrint fetcher: portal static files and portal-embedded data: images only. No redirects, no
        file://, no network."""

        def __init__(self):
            super().__init__(timeout=5, allowed_protocols=("data", "https"), allow_redirects=False)

        def fetch(self, url, headers=None):
            if url.startswith(_ALLOWED_DATA_MIME):
                return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
            data, mime = _static_response(url)
            return URLFetcherResponse(url, body=data, headers={"Content-Type": mime})

    return PortalURLFetcher


def portal_url_fetcher():
    return _portal_fetcher_class()()


def safe_url_fetcher(url: str):
    """Fetch one URL as a PDF would (raises BlockedURL for anything but portal static files/data images)."""
    return portal_url_fetcher().fetch(url)


def html_to_pdf(html: str, target_path: str) -> None:
    """Render HTML to a PDF file with the restricted fetcher."""
    from weasyprint import HTML

    HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=portal_url_fetcher()).write_pdf(target_path)


# --- Context pieces shared by every document --------------------------------------------------------------------
def logo_data_uri(instansi) -> str:
    """The instansi logo as a data: URI (PNG/JPEG only, checked by content), or ''."""
    if not instansi.logo:
        return ""
    try:
        with instansi.logo.open("rb") as fh:
            data = fh.read(2 * 1024 * 1024 + 1)
    except Exception:  # a missing file must not break the report
        logger.warning("laporan: logo of instansi %s unreadable", instansi.pk)
        return ""
    if len(data) > 2 * 1024 * 1024:
        return ""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        mime = "image/png"
    elif data.startswith(b"\xff\xd8\xff"):
        mime = "image/jpeg"
    else:
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def kop_lines(instansi) -> list[str]:
    lines = [ln.strip() for ln in (instansi.kop_baris or "").splitlines() if ln.strip()]
    if lines:
        return lines
    lines = [instansi.nama.upper()]
    if instansi.nama_badan_kepegawaian:
        lines.append(instansi.nama_badan_kepegawaian.upper())
    if instansi.alamat:
        lines.append(instansi.alamat)
    return lines


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
