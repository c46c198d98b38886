"""PDF documents of the survei app: the A4 counter poster with its QR code and the SKM report, rendered by the
document core (asnportal.dokumen.render)."""

from __future__ import annotations

from asnportal.dokumen import render as core_render

qr_data_uri = core_render.qr_data_uri


def render_pdf(template: str, context: dict) -> bytes:
    return core_render.render_pdf(template, context)
