"""Throwaway servers for the fault tests: each test starts its own Redis / PostgreSQL / SMTP on free ports, so
stopping them disturbs nothing else (never the CI services)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import socketserver
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv/bin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=30.0, up=True):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.1)
    raise AssertionError(f"port {port} did not come {'up' if up else 'down'}")


class RedisServer:
    def __init__(self, tmp: Path):
        self.port = free_port()
        self.dir = tmp
        self.proc = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_port(self.port)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        wait_port(self.port, up=False)


@pytest.fixture
def throwaway_redis(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


class PostgresServer:
    """A private cluster made with initdb in a temp folder (run as the postgres user when we are root)."""

    def __init__(self, tmp: Path):
        bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        assert bindirs, "PostgreSQL server binaries not found"
        self.bin = Path(bindirs[-1])
        # pytest's tmp_path lives under a root-only folder; the postgres user needs a path it can reach.
        self.dir = Path(tempfile.mkdtemp(prefix="portal-pg-")) / "pgdata"
        self.dir.parent.chmod(0o755)
        self.port = free_port()

    def _run(self, *args, **kw):
        cmd = [str(a) for a in args]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)

    def init(self):
        self.dir.parent.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir.parent, "postgres")
        self._run(self.bin / "initdb", "-D", self.dir, "-A", "trust", "-U", "postgres", "--no-sync")

    def remove(self):
        shutil.rmtree(self.dir.parent, ignore_errors=True)

    def start(self):
        self._run(
            self.bin / "pg_ctl",
            "-D",
            self.dir,
            "-w",
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
            "-l",
            self.dir / "log",
        )
        wait_port(self.port)

    def stop(self):
        self._run(self.bin / "pg_ctl", "-D", self.dir, "-w", "-m", "fast", "stop")
        wait_port(self.port, up=False)

    def url(self, db="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"


@pytest.fixture
def throwaway_postgres(tmp_path):
    server = PostgresServer(tmp_path)
    server.init()
    server.start()
    yield server
    with contextlib.suppress(Exception):  # already stopped by the test
        server.stop()
    server.remove()


class FakeSMTP:
    """A minimal SMTP server. While `hold` is set, DATA is never answered (a send stuck mid-way)."""

    def __init__(self):
        self.port = free_port()
        self.messages: list[str] = []
        self.connections = 0
        self.hold = threading.Event()
        self.holding = threading.Event()
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                outer.connections += 1
                self.wfile.write(b"220 fake ESMTP\r\n")
                data_mode, lines = False, []
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    if data_mode:
                        if line in (b".\r\n", b".\n"):
                            if outer.hold.is_set():
                                outer.holding.set()
                                while outer.hold.is_set():
                                    time.sleep(0.05)
                                return  # the client was killed while we held it
                            outer.messages.append(b"".join(lines).decode(errors="replace"))
                            data_mode = False
                            self.wfile.write(b"250 OK queued\r\n")
                        else:
                            lines.append(line)
                        continue
                    cmd = line[:4].upper()
                    if cmd in (b"EHLO", b"HELO"):
                        self.wfile.write(b"250 fake\r\n")
                    elif cmd == b"DATA":
                        data_mode, lines = True, []
                        self.wfile.write(b"354 go ahead\r\n")
                    elif cmd == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 OK\r\n")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.hold.clear()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_smtp():
    with FakeSMTP() as server:
        yield server


def portal_env(**extra) -> dict:
    """Environment for a portal subprocess (settings.local reads everything from the environment)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DJANGO_SETTINGS_MODULE="asnportal.settings.local", DEBUG="0", PYTHONPATH=str(ROOT))
    env.update({k: str(v) for k, v in extra.items()})
    return env


def database_url_of_test_db() -> str:
    """The URL of the database this test runs on, for a subprocess that must see the test's committed rows."""
    from django.db import connection

    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    user = s.get("USER") or "postgres"
    return f"postgres://{user}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"
