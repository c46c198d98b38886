"""The one place that turns HTML into an official PDF (WeasyPrint).

WeasyPrint fetches resources only through the portal fetcher: the portal's own static files (found with the
staticfiles finders, never a path from the document) and inline `data:` images that the portal itself embeds.
`file://`, `http(s)://` to anywhere else and every other scheme are refused, so hostile text in the data (which
the templates escape anyway) can never pull a local file or a network resource into a PDF.

Shared pieces every document template uses (templates/dokumen/): `_style.html` (page, fonts, page numbers,
kop, signature block), `_kop.html` (letterhead from `kop_context(instansi)`), `_ttd.html` (signature block) and
`_verifikasi.html` (QR, number and the verification address of an issued document).
"""

from __future__ import annotations

import base64
import io
import logging
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
# WeasyPrint logs every layout step at INFO; the portal logs at INFO: keep worker logs readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The base URL of every PDF document: relative "/static/..." links resolve to this host, and only this host's
# static prefix is served by the fetcher. ".invalid" can never resolve on a network (RFC 2606).
PDF_BASE_URL = "https://portal.invalid/"
_ALLOWED_DATA_MIME = ("data:image/png", "data:image/jpeg", "data:image/svg+xml")


class BlockedURL(ValueError):
    """A resource URL a document may not fetch."""


def _blocked(url: str) -> BlockedURL:
    logger.warning("dokumen: blocked resource URL in PDF: %.200s", url)
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


def html_to_pdf(html: str, target=None) -> bytes | None:
    """Render HTML to PDF with the restricted fetcher: bytes, or written to `target` (a path or file)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=portal_url_fetcher()).write_pdf(target)


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    """Render a Django template to PDF bytes (the common case for a document view)."""
    return html_to_pdf(render_to_string(template, context, request=request))


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True):
    from django.http import HttpResponse

    resp = HttpResponse(pdf, content_type="application/pdf")
    resp["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return resp


# --- Context pieces shared by every document --------------------------------------------------------------------
def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI (vector: sharp when printed at any size; no file, no network)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, image_factory=SvgPathImage
    )
    qr.add_data(text)
    qr.make(fit=True)
    buf = io.BytesIO()
    qr.make_image().save(buf)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def logo_data_uri(instansi) -> str:
    """The instansi logo as a data: URI (PNG/JPEG only, checked by content), or ''."""
    if not instansi or not instansi.logo:
        return ""
    try:
        with instansi.logo.open("rb") as fh:
            data = fh.read(2 * 1024 * 1024 + 1)
    except Exception:  # a missing file must not break the document
        logger.warning("dokumen: logo of instansi %s unreadable", instansi.pk)
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
    """The letterhead lines: the instansi's own (kop_baris) or name, personnel agency and address."""
    lines = [ln.strip() for ln in (instansi.kop_baris or "").splitlines() if ln.strip()]
    if lines:
        return lines
    lines = [instansi.nama.upper()]
    if instansi.nama_badan_kepegawaian:
        lines.append(instansi.nama_badan_kepegawaian.upper())
    if instansi.alamat:
        lines.append(instansi.alamat)
    return lines


def kop_context(instansi) -> dict:
    """What templates/dokumen/_kop.html needs."""
    return {"instansi": instansi, "kop": kop_lines(instansi), "logo": logo_data_uri(instansi)}


BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def tanggal_panjang(d) -> str:
    """4 Desember 2026 (official letters are dated in Indonesian whatever the UI language)."""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"
