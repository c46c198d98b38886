"""Short-lived caching of heavy dashboard aggregates (computed in the database, then kept for a few minutes).

A dashboard of an instansi aggregates up to a year of survey responses or SKP rows; recomputing that on every
page view cost 0.4-0.5 s of database time per request on the large data set (bench/RESULTS.md). The result of
such a computation depends only on the scope (whose data) and the parameters (which period), so it is kept in
the per-process cache (locmem: nothing waits on Redis) for PORTAL_AGGREGATE_CACHE_SECONDS (default 300; 0
turns caching off). Pages show when the figures were computed. Never cache anything here that is not a pure
function of `key`: the key must contain the scope.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def scope_key(user) -> str:
    """The part of a cache key that says whose data a user sees (instansi, or everything for a superadmin)."""
    from . import scoping

    if scoping.is_superadmin(user):
        return "all"
    # The role is part of the key so that a role with a narrower scope can never read a wider cached result.
    return f"i{getattr(user, 'instansi_id', None)}:r{getattr(user, 'role', '')}"


def cached(key: tuple, compute: Callable[[], Any]) -> tuple[Any, Any]:
    """(value, computed_at) for `key`, computing it at most once per window per process."""
    seconds = int(getattr(settings, "PORTAL_AGGREGATE_CACHE_SECONDS", 300))
    if seconds <= 0:
        return compute(), timezone.now()
    name = "agg:" + hashlib.sha256(repr(key).encode()).hexdigest()
    hit = cache.get(name)
    if hit is not None:
        return hit
    value = (compute(), timezone.now())
    cache.set(name, value, timeout=seconds)
    return value
