"""Certificate PDF (document core) with a QR code that opens the public verification page."""

from __future__ import annotations

from asnportal.dokumen import render as core_render

qr_data_uri = core_render.qr_data_uri


def sertifikat_pdf(sertifikat, *, verify_url: str, instansi) -> bytes:
    return core_render.render_pdf(
        "pelatihan/sertifikat_pdf.html",
        {
            "s": sertifikat,
            "verify_url": verify_url,
            "qr": qr_data_uri(verify_url),
            **core_render.kop_context(instansi),
        },
    )
