"""One-time links sent by e-mail (activation, password reset): absolute URLs and expiring tokens.

Links are built from settings.PORTAL_SITE_URL, never from the request's Host header. Tokens use Django's
password-reset machinery (an HMAC of the account's state and a timestamp): a token stops working once the
password changes (it is one-time) and after its own lifetime.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from .siteurl import absolute_url


def url_situs(path: str) -> str:
    """The absolute URL of a path of this portal, for e-mails."""
    return absolute_url(path)


def uid_encode(pk) -> str:
    return urlsafe_base64_encode(force_bytes(pk))


def uid_decode(uidb64: str) -> str | None:
    try:
        return urlsafe_base64_decode(uidb64).decode()
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None


class TokenBerbatasWaktu(PasswordResetTokenGenerator):
    """Django's PasswordResetTokenGenerator with its own salt and lifetime (seconds from `masa_berlaku()`)."""

    def masa_berlaku(self) -> int:
        return settings.PASSWORD_RESET_TIMEOUT

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return (self._num_seconds(self._now()) - ts) <= self.masa_berlaku()


def batas_permintaan(request, *, jenis: str, identitas: str) -> tuple[bool, bool]:
    """Count one "send me a link" request (password reset, confirmation resend).

    Returns (ip_ok, identitas_ok). Over the per-IP limit the caller answers 429; over the per-identity limit it
    gives its usual answer but sends nothing (no mail-bombing one inbox). Neither depends on whether an account
    exists, so neither tells an attacker anything about accounts. Counted in the database (asnportal.ratelimit).
    """
    from django.utils.crypto import salted_hmac

    from .models import BatasLaju
    from .ratelimit import hit

    def key(kind, value):
        return f"{jenis}:{kind}:" + salted_hmac("asnportal.tautan", value).hexdigest()[:40]

    ip_limit, ip_window = settings.PORTAL_RESET_RATE
    id_limit, id_window = settings.PORTAL_RESET_RATE_IDENTITAS
    ip_ok = hit(BatasLaju, "kunci", key("ip", request.META.get("REMOTE_ADDR", "-")), ip_window) <= ip_limit
    if not ip_ok:
        return False, False
    ident = identitas.strip().lower()[:200]
    id_ok = hit(BatasLaju, "kunci", key("id", ident), id_window) <= id_limit
    return True, id_ok
