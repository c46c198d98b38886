"""Certificate PDF (WeasyPrint) with a QR code that opens the public verification page."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI (no file, no network; CSP-safe as an <img>)."""
    img = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buf = io.BytesIO()
    img.save(buf)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def sertifikat_pdf(sertifikat, *, verify_url: str, instansi) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "pelatihan/sertifikat_pdf.html",
        {"s": sertifikat, "verify_url": verify_url, "qr": qr_data_uri(verify_url), "instansi": instansi},
    )
    return HTML(string=html).write_pdf()
