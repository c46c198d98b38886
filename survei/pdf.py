"""PDF documents of the survei app (WeasyPrint): the A4 counter poster with its QR code and the SKM report."""

from __future__ import annotations

import base64
import io

from django.template.loader import render_to_string


def qr_data_uri(url: str) -> str:
    """The survey URL as a QR code, an SVG data URI (vector: sharp when printed at any size)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, image_factory=SvgPathImage
    )
    qr.add_data(url)
    qr.make(fit=True)
    buf = io.BytesIO()
    qr.make_image().save(buf)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode()


def render_pdf(template: str, context: dict, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=base_url).write_pdf()
