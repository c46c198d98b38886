"""Tokens of portal accounts: the activation link HR sends to a new account and the password-reset link."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from asnportal.tautan import TokenBerbatasWaktu, uid_encode, url_situs


class AktivasiTokenGenerator(TokenBerbatasWaktu):
    """One-time activation link: valid PORTAL_AKTIVASI_JAM hours (default 72). It depends on the account's
    (unusable, random) password, so it dies when the person sets a password, and when HR sends a new link
    (which draws a new random unusable password). It also dies when the account is deactivated."""

    key_salt = "kepegawaian.akun.aktivasi"

    def masa_berlaku(self) -> int:
        return int(settings.PORTAL_AKTIVASI_JAM) * 3600

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{timestamp}"


class ResetTokenGenerator(TokenBerbatasWaktu):
    """Password-reset link (Django's default hash: password, last login, e-mail); PASSWORD_RESET_TIMEOUT."""

    key_salt = "kepegawaian.akun.reset"


aktivasi_token = AktivasiTokenGenerator()
reset_token = ResetTokenGenerator()


def url_aktivasi(user) -> str:
    return url_situs(
        reverse(
            "akun:aktivasi", kwargs={"uidb64": uid_encode(user.pk), "token": aktivasi_token.make_token(user)}
        )
    )


def url_reset(user) -> str:
    return url_situs(
        reverse(
            "akun:reset_konfirmasi",
            kwargs={"uidb64": uid_encode(user.pk), "token": reset_token.make_token(user)},
        )
    )
