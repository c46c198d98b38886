"""Sending the attack requests and judging the answers.

- `client_for(world, role)`: a test client carrying only the role's stored session (never raises: a 500 comes
  back as a response so the failure message can name URL, role and status).
- `send(...)`: one request; `Watcher().send(...)` also records which tables the request wrote and whether the
  target row changed (PostgreSQL: the pg_stat_get_xact_tuples_* counters count every attempted insert, update and
  delete of the current transaction, rolled-back savepoints included; SQLite: row counts of every table and
  the target row's values).
- `denial(response)`: None when the response is a denial (401/403/404/405 or a redirect to a login page;
  anonymous: no 404), otherwise what is wrong with it.
- `body_text(response)`: the text of any response (HTML, JSON, CSV, XLSX unzipped, streamed files; PDFs are
  produced as text by tests/attack/conftest.py), for the marker search.
"""

from __future__ import annotations

import functools
import io
import json
import zipfile
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

UNSAFE = ("post", "put", "patch", "delete")
METHODS = ("get", *UNSAFE)

# What a write request carries: plausible workflow fields, so a view that forgets the scope but validates its
# form first still reaches its write path.
FORM_DATA = {
    "aksi": "setujui",
    "alasan": "uji akses lintas instansi",
    "catatan": "uji akses lintas instansi",
    "keputusan": "terima",
    "jawaban": "uji",
    "status": "disetujui",
}


@functools.cache
def login_paths() -> frozenset[str]:
    return frozenset({reverse("login"), reverse("rekrutmen:pelamar_masuk"), reverse("admin:login")})


@functools.cache
def _shared_client(enforce_csrf_checks: bool) -> Client:
    return Client(enforce_csrf_checks=enforce_csrf_checks, raise_request_exception=False)


def fresh_client(*, enforce_csrf_checks=False) -> Client:
    """A client without cookies. The client object (and its handler) is shared: a new handler loads the
    middleware again, and WhiteNoise's scan of the static files alone costs more than a request."""
    c = _shared_client(enforce_csrf_checks)
    c.cookies = SimpleCookie()
    return c


def client_for(world, role: str) -> Client:
    """A client logged in as `role` (its stored session; no cookie for "anonim")."""
    c = fresh_client()
    key = world.sessions.get(role)
    if key:
        c.cookies[settings.SESSION_COOKIE_NAME] = key
    return c


def is_api(url: str) -> bool:
    return url.startswith("/api/")


def send(client: Client, method: str, url: str, *, body: dict | None = None, **extra):
    """One request; `body` (a dict, sent as JSON) replaces the generic workflow fields of FORM_DATA."""
    if method == "get":
        return client.get(url, **extra)
    if body is not None:
        return getattr(client, method)(url, data=json.dumps(body), content_type="application/json", **extra)
    if method == "post" and not is_api(url):
        return client.post(url, data=FORM_DATA, **extra)
    if "data" in extra:  # the caller's own body (e.g. a PATCH with real changes), sent as given
        return getattr(client, method)(url, **extra)
    body = json.dumps(FORM_DATA) if method in ("post", "put", "patch") else ""
    return getattr(client, method)(url, data=body, content_type="application/json", **extra)


# --- Database writes ---------------------------------------------------------------------------------------
_PG_ACTIVITY = """
    SELECT relname, ins, upd, del FROM (
        SELECT c.relname,
               pg_stat_get_xact_tuples_inserted(c.oid) AS ins,
               pg_stat_get_xact_tuples_updated(c.oid) AS upd,
               pg_stat_get_xact_tuples_deleted(c.oid) AS del
        FROM pg_class c
        WHERE c.relkind IN ('r', 'p') AND c.relnamespace = current_schema()::regnamespace
    ) t
    WHERE ins + upd + del > 0
"""


def _table_state() -> dict[str, tuple]:
    """Per table: attempted inserts/updates/deletes of this transaction (PostgreSQL), or row counts."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(_PG_ACTIVITY)
            return {name: tuple(rest) for name, *rest in cur.fetchall()}
        state = {}
        for t in connection.introspection.table_names(cur):
            cur.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(t)}")  # noqa: S608 - names from introspection
            state[t] = (cur.fetchone()[0],)
        return state


def _row(obj):
    """The target row's values; only needed where the table state cannot see an UPDATE (SQLite counts)."""
    if obj is None or connection.vendor == "postgresql":
        return None
    return type(obj)._base_manager.filter(pk=obj.pk).values().first()


@dataclass
class Outcome:
    response: object
    written_tables: list[str]
    row_changed: bool


class Watcher:
    """Sends requests and reports what each one wrote. The state after one request is the state before the
    next (nothing else runs in between), so each request costs one extra query."""

    def __init__(self):
        self.state = _table_state()

    def send(self, client: Client, method: str, url: str, target=None, **extra) -> Outcome:
        before_row = _row(target)
        response = send(client, method, url, **extra)
        after, after_row = _table_state(), _row(target)
        written = sorted(t for t in set(self.state) | set(after) if self.state.get(t) != after.get(t))
        self.state = after
        return Outcome(response, written, before_row != after_row)


# --- Judging responses -------------------------------------------------------------------------------------
DENIAL_STATUSES = frozenset({401, 403, 404, 405})
# Anonymous requests must meet the login wall: no 404 (that would mean the view ran and looked something up).
# 405 stays allowed: `@require_POST` outside `@login_required` answers a GET before asking for a login.
ANONYMOUS_DENIAL_STATUSES = frozenset({401, 403, 405})


def denial(response, allowed=DENIAL_STATUSES) -> str | None:
    """None if the response refuses the request without data (a status in `allowed` or a redirect to a login
    page); otherwise a short description of the answer."""
    status = response.status_code
    if status in allowed:
        return None
    if status in (301, 302, 303, 307, 308):
        target = urlsplit(response.get("Location", "")).path
        if target in login_paths():
            return None
        return f"redirect to {response.get('Location')}"
    return describe(response)


def describe(response) -> str:
    text = f"{response.status_code}"
    exc = getattr(response, "exc_info", None)
    if exc and exc[1] is not None:
        text += f" ({exc[0].__name__}: {str(exc[1])[:200]})"
    return text


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
        response.close()
    else:
        raw = response.content
    if raw[:4] == b"PK\x03\x04":  # XLSX/DOCX: search the XML parts
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                raw = b"\n".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
        except zipfile.BadZipFile:
            pass
    return raw.decode("utf-8", errors="replace")
