"""Absolute links for places that leave the browser (e-mails, QR codes, PDFs): one helper, one setting.

A request's own host is not used: e-mails are sent by a worker (no request), and behind a proxy the request host
may be internal. `settings.PORTAL_SITE_URL` (env var, default http://127.0.0.1:8000) is the public base address.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def site_url() -> str:
    return str(getattr(settings, "PORTAL_SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def absolute_url(path_or_url: str) -> str:
    """`path_or_url` made absolute against PORTAL_SITE_URL; an already absolute URL or an empty string is
    returned unchanged."""
    if not path_or_url or urlsplit(path_or_url).scheme:
        return path_or_url
    if not path_or_url.startswith("/"):
        path_or_url = "/" + path_or_url
    return site_url() + path_or_url
