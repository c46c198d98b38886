"""Morning rush: 300 different accounts sign in correctly from ONE address (an office behind one NAT address)
within 2 minutes. Each "person" opens /masuk/, posts the password and follows to the dashboard; a 429 (server
busy: every password slot taken) is retried after its Retry-After, as the page tells the person to.

    .venv/bin/python bench/login_rush.py --base http://127.0.0.1:8900 [--accounts 300] [--seconds 120]

Also run by `make bench` (bench/scenarios.py `after`). Accounts `pagi000`… (role ASN, no second factor) are
created once in the database the server uses, with the demo password.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "DemoPortal2026"


def ensure_accounts(n: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.contrib.auth.hashers import make_password

    from kepegawaian.models import Instansi, User

    inst = Instansi.objects.order_by("id").first()
    have = set(User.objects.filter(username__startswith="pagi").values_list("username", flat=True))
    hashed = make_password(PASSWORD)  # one hash for all: creating 300 accounts must not take 300 hashings
    User.objects.bulk_create(
        [
            User(username=f"pagi{i:03d}", role="asn", instansi=inst, password=hashed)
            for i in range(n)
            if f"pagi{i:03d}" not in have
        ]
    )


def one_login(base: str, username: str) -> dict:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    started = time.monotonic()
    retries = 0
    while True:
        page = opener.open(f"{base}/masuk/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        req = urllib.request.Request(
            f"{base}/masuk/", data=data.encode(), headers={"Referer": f"{base}/masuk/"}
        )
        try:
            resp = opener.open(req)
            ok = urllib.parse.urlsplit(resp.geturl()).path == "/"
            return {"ok": ok, "retries": retries, "ms": (time.monotonic() - started) * 1000}
        except urllib.error.HTTPError as exc:
            if exc.code != 429 or retries >= 10:
                return {"ok": False, "retries": retries, "ms": (time.monotonic() - started) * 1000}
            retries += 1
            time.sleep(float(exc.headers.get("Retry-After", "5")))


def run(base: str, accounts: int = 300, seconds: float = 120.0) -> dict:
    """Start one login every seconds/accounts seconds (each in its own thread, like people arriving)."""
    results: list[dict] = []
    lock = threading.Lock()

    def person(i):
        r = one_login(base, f"pagi{i:03d}")
        with lock:
            results.append(r)

    threads = []
    t0 = time.monotonic()
    for i in range(accounts):
        delay = t0 + i * seconds / accounts - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        t = threading.Thread(target=person, args=(i,))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    ms = sorted(r["ms"] for r in results)
    return {
        "accounts": accounts,
        "signed_in": sum(r["ok"] for r in results),
        "first_try": sum(r["ok"] and r["retries"] == 0 for r in results),
        "retried_after_429": sum(r["retries"] > 0 for r in results),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1),
        "max_ms": round(ms[-1], 1),
        "all_done_s": round(elapsed, 1),
    }


def figure(result: dict) -> str:
    return (
        f"{result['signed_in']}/{result['accounts']} signed in from one address in {result['all_done_s']} s "
        f"({result['first_try']} at the first try, {result['retried_after_429']} after a 429 'server busy'); "
        f"per login p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, max {result['max_ms']} ms"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8900")
    parser.add_argument("--accounts", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=120.0)
    args = parser.parse_args()
    ensure_accounts(args.accounts)
    result = run(args.base, args.accounts, args.seconds)
    print("RUSH_JSON " + json.dumps(result))
    print(figure(result))


if __name__ == "__main__":
    main()
