"""Exactly one Celery beat: a second beat process stands by until the first one is gone.

Two beats publish every periodic task twice (issue 18: 10 reminders for 5 recipients). Reminders are also keyed
in the database (asnportal.notify `kunci`), so a second beat would send nothing twice; this lock keeps the
duplicate work and the duplicate jobs from being published at all.

- PostgreSQL: a session-level advisory lock held on a connection of its own for the life of the beat process.
  The lock goes with the connection, so a killed beat (or a lost host) releases it at once; a standby beat polls
  and takes over within PORTAL_BEAT_LOCK_POLL_SECONDS. If the holder's lock connection is lost (a database
  restart), the holder exits (and is restarted by its supervisor as a standby), so there are never two holders.
- SQLite (the embedded default, one machine): an exclusive flock on var/beat.lock, released by the kernel when
  the process dies.

Connected to Celery's `beat_init` signal in asnportal/celery.py; docs/operations.md says how to run one beat.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from django.conf import settings

logger = logging.getLogger("asnportal.beat")

LOCK_KEY = 0x504F5254414C4245  # "PORTALBE": the advisory lock id, one per database
_held = {}


def poll_seconds() -> float:
    return float(getattr(settings, "PORTAL_BEAT_LOCK_POLL_SECONDS", 5))


def _postgres_lock():
    from django.db import connections

    conn = connections.create_connection("default")  # a private connection, not the thread's default one
    waiting_logged = False
    while True:
        try:
            conn.ensure_connection()
            with conn.cursor() as cur:
                cur.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
                got = cur.fetchone()[0]
        except Exception as exc:  # the database is down: wait for it like for the lock
            logger.warning("beat lock: database unavailable (%s); retrying", exc.__class__.__name__)
            conn.close()
            got = False
        if got:
            break
        if not waiting_logged:
            logger.warning(
                "beat lock held by another beat process: this beat stands by (polling every %ss)",
                poll_seconds(),
            )
            waiting_logged = True
        time.sleep(poll_seconds())
    logger.warning("beat lock acquired (pid %s): this is the active beat", os.getpid())
    _held["conn"] = conn
    raw = conn.connection  # the driver's connection itself: Django's wrapper refuses use from another thread

    def watch():
        while True:
            time.sleep(max(poll_seconds(), 1))
            try:
                with raw.cursor() as cur:
                    cur.execute("SELECT 1")
            except Exception:
                logger.critical("beat lock connection lost: exiting so that only one beat runs")
                os._exit(3)

    threading.Thread(target=watch, name="beat-lock-watch", daemon=True).start()


def _file_lock():
    import fcntl

    path = settings.VAR_DIR / "beat.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(path, "a")  # noqa: SIM115 - kept open for the life of the process: the lock lives with it
    waiting_logged = False
    while True:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if not waiting_logged:
                logger.warning("beat lock %s held by another beat process: this beat stands by", path)
                waiting_logged = True
            time.sleep(poll_seconds())
    logger.warning("beat lock acquired (pid %s): this is the active beat", os.getpid())
    _held["file"] = fh


def acquire() -> None:
    """Block until this process is the only beat."""
    from django.db import connection

    if connection.vendor == "postgresql":
        _postgres_lock()
    else:
        _file_lock()
