"""Test helper for issue 18: which files are stored under MEDIA_ROOT (a stray file left by a rollback shows)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def stored_files() -> set[str]:
    """Every file under MEDIA_ROOT, as paths relative to it."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return set()
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
