"""Database session engine that records the signed-in user on each session row (SESSION_ENGINE).

Django's own database sessions keep the user only inside the signed, encoded session data, so finding one
user's sessions would mean decoding every row. This engine (Django's documented way of extending the database
engine) stores the user's id in an indexed column of `asnportal.PortalSession` whenever the session is saved, so
`end_for_user` ends all sessions of a user with one DELETE. Sessions stay in the database (decision 0004).
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        from .models import PortalSession

        return PortalSession

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        try:
            obj.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            obj.user_id = None
        return obj


def end_for_user(user_id, *, keep: str | None = None) -> int:
    """Delete every session of the user (they must sign in again), except the session key `keep`. Returns how
    many were ended."""
    from .models import PortalSession

    qs = PortalSession.objects.filter(user_id=user_id)
    if keep:
        qs = qs.exclude(session_key=keep)
    return qs.delete()[0]
