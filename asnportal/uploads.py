"""Upload checks by content, not by name: PDF/JPG/PNG documents with a size limit."""

from __future__ import annotations

import os

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

DOCUMENT_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPG", "image/png": "PNG"}
IMAGE_TYPES = {"image/jpeg": "JPG", "image/png": "PNG"}


def sniff(uploaded) -> str | None:
    """The MIME type read from the first bytes of the file."""
    pos = uploaded.tell() if hasattr(uploaded, "tell") else 0
    head = uploaded.read(262)
    uploaded.seek(pos)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    kind = filetype.guess(head)
    return kind.mime if kind else None


def validate_upload(
    uploaded, *, allowed: dict[str, str] = DOCUMENT_TYPES, max_bytes: int | None = None
) -> str:
    """Raise ValidationError with an Indonesian message unless the file is an allowed type within the limit."""
    max_bytes = max_bytes or settings.PORTAL_MAX_UPLOAD_BYTES
    if uploaded is None or uploaded.size == 0:
        raise ValidationError(_("Berkas kosong."), code="empty")
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB); batasnya %(max)s MB.")
            % {"size": f"{uploaded.size / 1_048_576:.1f}", "max": f"{max_bytes / 1_048_576:.0f}"},
            code="too_big",
        )
    mime = sniff(uploaded)
    if mime not in allowed:
        raise ValidationError(
            _("Jenis berkas tidak diizinkan. Unggah %(types)s (isi berkas diperiksa, bukan namanya).")
            % {"types": "/".join(allowed.values())},
            code="type",
        )
    _name_after_content(uploaded, mime)
    return mime


_EXTENSIONS = {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",)}


def _name_after_content(uploaded, mime: str) -> None:
    """Store `surat.html` that is really a PDF as `surat.pdf`: the stored name never claims another type.

    Only a fresh upload is renamed (never a FieldFile already in storage, whose name is its storage key).
    """
    if not isinstance(uploaded, UploadedFile) or mime not in _EXTENSIONS:
        return
    stem, ext = os.path.splitext(uploaded.name or "berkas")
    if ext.lower() not in _EXTENSIONS[mime]:
        uploaded.name = (stem or "berkas") + _EXTENSIONS[mime][0]


def document_validator(uploaded):
    validate_upload(uploaded)


def image_validator(uploaded):
    validate_upload(uploaded, allowed=IMAGE_TYPES, max_bytes=2 * 1024 * 1024)
