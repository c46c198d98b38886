"""API tokens that expire and are revoked (issue 15).

A token (DRF authtoken, one per user) is valid for PORTAL_API_TOKEN_DAYS days from when it was issued. It is
revoked when the account's password changes (kepegawaian.User.save), when its owner logs out (browser logout
or POST /api/v1/auth/keluar/), and when the account is deactivated (kepegawaian.akun_services).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


def masa_berlaku() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "PORTAL_API_TOKEN_DAYS", 30)))


def kedaluwarsa_pada(token) -> dt.datetime:
    return token.created + masa_berlaku()


def token_untuk(user):
    """The user's valid token, or a new one when there is none or it has expired."""
    from rest_framework.authtoken.models import Token

    token = Token.objects.filter(user=user).first()
    if token is not None and timezone.now() >= kedaluwarsa_pada(token):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
    return token


def token_cabut(*, user_ids) -> int:
    """Revoke the API tokens of these accounts; the number revoked."""
    from rest_framework.authtoken.models import Token

    return Token.objects.filter(user_id__in=list(user_ids)).delete()[0]


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token …`, refused (and deleted) once older than PORTAL_API_TOKEN_DAYS."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if timezone.now() >= kedaluwarsa_pada(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("Token kedaluwarsa. Minta token baru."))
        return user, token


def cabut_saat_keluar(sender, request, user, **kwargs):
    """user_logged_out receiver: logging out of the browser ends the account's API token too."""
    if user is not None and user.pk:
        token_cabut(user_ids=[user.pk])
