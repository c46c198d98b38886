"""Shared limits that protect the server's CPU, kept in the database (never Redis on the request path).

- `hit(model, key, window)` is a fixed-window counter in one statement (INSERT … ON CONFLICT … RETURNING,
  supported by PostgreSQL and by SQLite ≥ 3.35), shared by every web process and replica.
- `password_slot()` bounds how many password checks run at the same time across the whole site. A login costs
  about 0.2–0.7 s of CPU by design (PBKDF2); without a bound, a flood of logins takes every core and starves the
  other pages. On PostgreSQL the slots are advisory locks (shared by every process and replica on the database);
  on SQLite (the embedded single-machine mode) they are file locks under `var/`. When all slots are busy, a login
  waits up to PORTAL_LOGIN_SLOT_WAIT seconds for one (a person in a morning rush is served a moment later instead
  of being told "busy, try again"); after that it answers 429, which costs next to nothing. A waiting login holds
  a web worker, so at most PORTAL_LOGIN_SLOT_WAITERS logins may wait at once on the whole site (default: as many
  as there are slots): the others are refused at once, and a login flood keeps its hands off the remaining
  workers and the other pages (docs/operations.md "Login limits").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import random
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import connection
from django.utils import timezone

# Namespace of the advisory locks (first key of pg_try_advisory_lock(int, int)): "ASN" in ASCII; the places in
# the short waiting line for a slot use the next namespace.
_LOCK_NAMESPACE = 0x41534E
_WAIT_NAMESPACE = _LOCK_NAMESPACE + 1
# Pause between two looks for a free slot while waiting (seconds; jittered so waiters do not move in lockstep).
_POLL_SECONDS = (0.03, 0.08)


def window_start(now: dt.datetime, seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=dt.UTC)


def hit(model, key_field: str, key: str, window_seconds: int, now: dt.datetime | None = None) -> int:
    """Count one attempt for `key` in the current fixed window of `model` and return the new count.

    `model` needs the fields `<key_field>`, `jendela` and `jumlah` and a unique constraint on
    (`<key_field>`, `jendela`). One round trip; concurrent callers each see a distinct count.
    """
    start = window_start(now or timezone.now(), window_seconds)
    table = connection.ops.quote_name(model._meta.db_table)
    key_col = connection.ops.quote_name(model._meta.get_field(key_field).column)
    # Identifiers come from the model's meta (quoted), values are parameters.
    sql = (
        f"INSERT INTO {table} ({key_col}, jendela, jumlah) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({key_col}, jendela) DO UPDATE SET jumlah = {table}.jumlah + 1 RETURNING jumlah"
    )
    jendela = model._meta.get_field("jendela").get_db_prep_value(start, connection)
    with connection.cursor() as cur:
        cur.execute(sql, [key, jendela])
        return cur.fetchone()[0]


def password_slots() -> int:
    """How many password checks may run at once on the whole site (PORTAL_LOGIN_CONCURRENCY, default 1)."""
    return max(1, int(getattr(settings, "PORTAL_LOGIN_CONCURRENCY", 1)))


def slot_wait() -> float:
    """How long a login waits for a free password slot before 429 (PORTAL_LOGIN_SLOT_WAIT seconds)."""
    return max(0.0, float(getattr(settings, "PORTAL_LOGIN_SLOT_WAIT", 3.0)))


def slot_waiters() -> int:
    """How many logins may wait for a slot at once on the whole site (PORTAL_LOGIN_SLOT_WAITERS; default: as
    many as there are slots)."""
    value = getattr(settings, "PORTAL_LOGIN_SLOT_WAITERS", None)
    return max(0, int(value)) if value is not None else password_slots()


@contextlib.contextmanager
def password_slot(wait: float | None = None) -> Iterator[bool]:
    """Yield True holding one of the site-wide password-check slots, or False when none came free in time.

    When all slots are busy the caller takes a place in the waiting line (PORTAL_LOGIN_SLOT_WAITERS places, taken
    without waiting; no place: False at once) and looks for a free slot every few tens of milliseconds for up to
    `wait` seconds (default PORTAL_LOGIN_SLOT_WAIT). Polling a non-blocking lock rather than blocking on one works
    the same inside and outside a transaction, never aborts one (a lock_timeout error would) and takes whichever
    slot frees first; the waiter holds no slot while it sleeps."""
    wait = slot_wait() if wait is None else wait
    if connection.vendor == "postgresql":
        take, release = _pg_take, _pg_release
    else:
        take, release = _file_take, _file_release
    held = take(_LOCK_NAMESPACE, password_slots())
    if held is None and wait > 0:
        place = take(_WAIT_NAMESPACE, slot_waiters())
        if place is not None:
            try:
                deadline = time.monotonic() + wait
                while held is None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    time.sleep(min(left, random.uniform(*_POLL_SECONDS)))  # noqa: S311 (jitter, not security)
                    held = take(_LOCK_NAMESPACE, password_slots())
            finally:
                release(_WAIT_NAMESPACE, place)
    try:
        yield held is not None
    finally:
        if held is not None:
            release(_LOCK_NAMESPACE, held)


# PostgreSQL: session-level advisory locks (released by pg_advisory_unlock or when the connection closes; a
# transaction's commit or rollback does not release them, so they work inside and outside atomic blocks).
def _pg_take(namespace: int, count: int):
    with connection.cursor() as cur:
        for slot in range(count):
            cur.execute("SELECT pg_try_advisory_lock(%s, %s)", [namespace, slot])
            if cur.fetchone()[0]:
                return slot
    return None


def _pg_release(namespace: int, slot) -> None:
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_unlock(%s, %s)", [namespace, slot])


# SQLite (single machine): flock on files under var/locks (per open file, so also between threads).
def _file_take(namespace: int, count: int):
    folder = os.path.join(settings.VAR_DIR, "locks")
    os.makedirs(folder, exist_ok=True)
    name = "password-slot" if namespace == _LOCK_NAMESPACE else "password-wait"
    for slot in range(count):
        fd = os.open(os.path.join(folder, f"{name}-{slot}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return fd
    return None


def _file_release(namespace: int, fd) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def client_ip(request) -> str | None:
    """The address of the real client, as the documented reverse proxy reports it (docs/operations.md).

    Never a client-supplied header by default: with PORTAL_TRUSTED_PROXY_COUNT = 0 and no PORTAL_CLIENT_IP_HEADER
    (the defaults) it is REMOTE_ADDR, the peer of the TCP connection. Behind N trusted proxies that each append
    the address they received from to X-Forwarded-For, the client is the N-th entry from the right (entries
    further left were written by the client and are ignored). A proxy that sets its own header instead (nginx
    `proxy_set_header X-Real-IP $remote_addr`) is named with PORTAL_CLIENT_IP_HEADER. A missing or malformed value
    falls back to REMOTE_ADDR. django-axes uses this too (AXES_CLIENT_IP_CALLABLE), so the lock-out and the
    limits key on the same address.
    """
    import ipaddress

    remote = request.META.get("REMOTE_ADDR") or None
    header = getattr(settings, "PORTAL_CLIENT_IP_HEADER", "")
    count = int(getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 0))
    candidate = None
    if header:
        candidate = request.META.get("HTTP_" + header.upper().replace("-", "_"), "").strip()
    elif count > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= count:
            candidate = hops[-count]
    if candidate:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    return remote


def _client_key(request, prefix: str = "masuk") -> str:
    from django.utils.crypto import salted_hmac

    return f"{prefix}:" + salted_hmac("asnportal.ratelimit", client_ip(request) or "-").hexdigest()[:40]


def count(model, key_field: str, key: str, window_seconds: int, now: dt.datetime | None = None) -> int:
    """The current count of `key` in the current fixed window of `model` (0 if none), without counting."""
    start = window_start(now or timezone.now(), window_seconds)
    row = model.objects.filter(**{key_field: key, "jendela": start}).values_list("jumlah", flat=True).first()
    return row or 0


def login_failed(request) -> None:
    """Count one failed password check against the client's address (the per-IP budget of `login_attempt`).

    Called for staff logins by the `user_login_failed` signal (so /masuk/, the API token endpoint and anything
    else that authenticates share it) and directly by the applicant login."""
    _, window = settings.PORTAL_LOGIN_RATE
    from .models import BatasLaju

    hit(BatasLaju, "kunci", _client_key(request), window)


@contextlib.contextmanager
def login_attempt(request) -> Iterator[str | None]:
    """Guard one password check. Yields None while the caller may check the password (holding a site-wide
    slot), or an Indonesian message explaining the refusal; a refusal costs one small query, no hashing.

    Two limits: PORTAL_LOGIN_RATE *failed* attempts per client address per window (counted by `login_failed`,
    shared by every process, in the database), and PORTAL_LOGIN_CONCURRENCY password checks at once on the whole
    site (a login waits up to PORTAL_LOGIN_SLOT_WAIT seconds for a free one, see `password_slot`). Successful logins are not counted: an office behind one NAT address where everybody signs in at 07:30
    is never refused for being many (bench "login rush"); guessing from that address is.
    """
    from django.utils.translation import gettext as _

    from .models import BatasLaju

    limit, window = settings.PORTAL_LOGIN_RATE
    if count(BatasLaju, "kunci", _client_key(request), window) >= limit:
        yield _("Terlalu banyak percobaan masuk dari alamat ini. Tunggu sebentar lalu coba lagi.")
        return
    with password_slot() as got:
        if not got:
            yield _("Server sedang memproses banyak permintaan masuk. Tunggu beberapa detik lalu coba lagi.")
            return
        yield None
