"""The one way the portal serves a stored file (uploads and generated reports): docs/decisions/0010-upload-serving-policy.md.

Every download view checks access (scoping) and writes its audit row, then calls `serve_file`, which

- answers a missing file (no file on the row, or the row names a file the storage no longer has) with a 404
  page that says so, never a 500;
- decides the type from the file's first bytes, never from its name or the client's Content-Type: a user
  upload is served as PDF/JPG/PNG only when its content is one, otherwise as application/octet-stream;
- names the download after that type (``<stem>.pdf``), so a file uploaded as ``surat.html`` is not saved as
  HTML on the user's disk either;
- sends every user upload as an attachment, except verified PNG/JPEG images, which may be shown inline;
- adds ``X-Content-Type-Options: nosniff``, a sandboxing CSP and ``Cache-Control: private, no-store``.
"""

from __future__ import annotations

import os
import re

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from .uploads import DOCUMENT_TYPES, sniff

# The CSP of every served file: no script, no plugin, no form, a unique origin (sandbox), so even a file a
# browser would render cannot act as a page of the portal.
FILE_CSP = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'"
)
INLINE_TYPES = {"image/png", "image/jpeg"}
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
OCTET = "application/octet-stream"


def file_missing(request, *, status: int = 404) -> HttpResponse:
    """The page shown when a download's file is not there (deleted, never generated, storage restored)."""
    return render(
        request,
        "errors/berkas_tidak_ada.html",
        {
            "pesan": _(
                "Berkas ini tidak ditemukan di penyimpanan portal. Mungkin sudah diganti atau dihapus; "
                "muat ulang halaman sebelumnya atau hubungi petugas SDM instansi Anda."
            )
        },
        status=status,
    )


def _safe_stem(name: str) -> str:
    stem = os.path.splitext(os.path.basename(name or ""))[0]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")
    return stem[:80] or "berkas"


def serve_file(
    request,
    fieldfile,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    allow_inline: bool = True,
):
    """Serve `fieldfile` (a FieldFile or File) under the portal's download policy.

    `content_type` is only for files the portal generated itself (reports): the caller vouches for it and the
    file is always an attachment. Without it the file is a user upload and its type is read from its content.
    `filename` is the suggested name; for uploads its extension is replaced by the one of the detected type.
    """
    if not fieldfile or not getattr(fieldfile, "name", None):
        return file_missing(request)
    try:
        fh = fieldfile.open("rb")
    except (FileNotFoundError, OSError):
        return file_missing(request)
    name = filename or fieldfile.name
    if content_type is None:
        detected = sniff(fh)
        content_type = detected if detected in DOCUMENT_TYPES else OCTET
        name = _safe_stem(name) + EXTENSIONS.get(content_type, ".bin")
        inline = allow_inline and content_type in INLINE_TYPES and request.GET.get("unduh") != "1"
    else:
        inline = False
        name = os.path.basename(name)
    if settings.PORTAL_X_ACCEL_REDIRECT:
        fh.close()
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"/protected/{fieldfile.name}"
        response["Content-Disposition"] = content_disposition_header(not inline, name)
    else:
        response = FileResponse(fh, as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
