"""Forum settings, read from settings.PORTAL with defaults (none of these is a regulation value).

- FORUM_RATE_POSTS / FORUM_RATE_POSTS_WINDOW: at most N posts (replies and opening posts) per user per window
  in seconds. Counted in the database (the Pos table), so it holds across processes and workers.
- FORUM_RATE_TOPIKS / FORUM_RATE_TOPIKS_WINDOW: at most N new threads per user per window.
- FORUM_POSTS_PER_PAGE / FORUM_TOPIKS_PER_PAGE: pagination.
- FORUM_MAX_MENTION_RECIPIENTS: a group mention (@instansi or @instansi/unit) reaches at most this many users.
- FORUM_MAX_ATTACHMENTS: attachments per post.
"""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    "FORUM_RATE_POSTS": 6,
    "FORUM_RATE_POSTS_WINDOW": 60,
    "FORUM_RATE_TOPIKS": 3,
    "FORUM_RATE_TOPIKS_WINDOW": 600,
    "FORUM_POSTS_PER_PAGE": 20,
    "FORUM_TOPIKS_PER_PAGE": 25,
    "FORUM_MAX_MENTION_RECIPIENTS": 500,
    "FORUM_MAX_ATTACHMENTS": 3,
}


def get(key: str):
    return getattr(settings, "PORTAL", {}).get(key, DEFAULTS[key])
