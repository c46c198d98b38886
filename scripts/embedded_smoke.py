"""CI check of the embedded default: serve the portal on SQLite with a real runserver, log in, fetch pages,
and run a task through a real Celery worker on the filesystem broker."""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv/bin/python")
PORT = os.environ.get("SMOKE_PORT", "8765")
BASE = f"http://127.0.0.1:{PORT}"


def wait_http(url, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            return urllib.request.urlopen(url, timeout=5)
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"no answer from {url}")


DEMO_TOTP_BASE32 = "KBXXE5DBNRAVGTRNIRCU2TZNGIYDENRB"  # asnportal.mfa.DEMO_TOTP_BASE32 (demo accounts only)


def demo_totp(secret_b32: str = DEMO_TOTP_BASE32) -> str:
    """RFC 6238 code (SHA-1, 30 s, 6 digits) with the standard library only."""
    import base64
    import hashlib
    import hmac
    import struct

    digest = hmac.new(
        base64.b32decode(secret_b32), struct.pack(">Q", int(time.time()) // 30), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def main():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="asnportal.settings.local", DEBUG="0")
    server = subprocess.Popen(
        [PY, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"], cwd=ROOT, env=env
    )
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "asnportal", "worker", "--pool=solo", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
    )
    try:
        health = wait_http(f"{BASE}/healthz")
        print("healthz", health.status, health.read().decode())
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{BASE}/masuk/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"username": "hr.bungo", "password": "DemoPortal2026", "csrfmiddlewaretoken": token}
        ).encode()
        req = urllib.request.Request(f"{BASE}/masuk/", data=data, headers={"Referer": f"{BASE}/masuk/"})
        resp = opener.open(req)
        page = resp.read().decode()
        if "/masuk/verifikasi/" in resp.geturl():
            # hr.bungo needs the second factor: the documented DEMO-ONLY secret set by seed_demo.
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            data = urllib.parse.urlencode({"kode": demo_totp(), "csrfmiddlewaretoken": token}).encode()
            req = urllib.request.Request(resp.geturl(), data=data, headers={"Referer": resp.geturl()})
            assert "/masuk/" not in opener.open(req).geturl(), "the demo TOTP code was refused"
        for path in ["/", "/kepegawaian/pegawai/", "/api/v1/pegawai/"]:
            resp = opener.open(f"{BASE}{path}")
            body = resp.read().decode()
            assert resp.status == 200, (path, resp.status)
            print(path, resp.status, len(body), "bytes")
        assert "Daftar pegawai" in opener.open(f"{BASE}/kepegawaian/pegawai/").read().decode()
        # A real task through the filesystem broker and a real worker.
        out = subprocess.run(
            [
                PY,
                "manage.py",
                "shell",
                "-c",
                "from django.db import transaction; from asnportal.notify import queue_email\n"
                "with transaction.atomic(): queue_email(['smoke@demo.local'], 'Uji', 'isi')\n"
                "print('sent')",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        print(out.stdout.strip())
        mail_dir = Path(os.environ.get("PORTAL_VAR_DIR", ROOT / "var")) / "mail"
        deadline = time.time() + 60
        while time.time() < deadline and not any(mail_dir.glob("*.log")):
            time.sleep(0.5)
        assert any(mail_dir.glob("*.log")), "the worker did not deliver the e-mail"
        print("worker delivered the e-mail through the filesystem broker")
    finally:
        for proc in (server, worker):
            proc.send_signal(signal.SIGTERM)
        for proc in (server, worker):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    print("embedded smoke: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
