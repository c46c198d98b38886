"""`make bench`: load the large demo data into PostgreSQL, serve the portal with gunicorn in production settings,
drive load with wrk from a second process on loopback, and write bench/RESULTS.md.

Ratios against baselines measured in the same run (a minimal view doing one indexed SELECT for pages, one INSERT
for submissions) are what we compare across runs; absolute times depend on the machine and its load.

    .venv/bin/python bench/run.py [--reuse] [--duration 15] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: make `bench` and the project importable
PY = str(ROOT / ".venv/bin/python")
PORT = int(os.environ.get("BENCH_PORT", "8900"))
BASE = f"http://127.0.0.1:{PORT}"
DB_NAME = os.environ.get("BENCH_DB", "portal_bench")
PASSWORD = "DemoPortal2026"

ENV = dict(
    os.environ,
    DJANGO_SETTINGS_MODULE="bench.settings",
    DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    REDIS_URL="redis://127.0.0.1:6379/14",
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS="127.0.0.1,localhost",
    PYTHONPATH=str(ROOT),
    CONN_MAX_AGE="60",
)


def sh(args, **kw):
    return subprocess.run(args, cwd=ROOT, env=kw.pop("env", ENV), check=True, text=True, **kw)


def manage(*args, capture=False):
    return sh([PY, "manage.py", *args], capture_output=capture)


@dataclass
class Scenario:
    name: str
    path: str
    kind: str  # "page" (compared with the SELECT baseline) or "submit" (INSERT baseline)
    connections: int = 8
    user: str | None = None
    method: str = "GET"
    body_mode: str = ""
    body: str = ""
    target: str = ""
    headers: dict = field(default_factory=dict)
    result: dict | None = None


def wait_http(url, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"no answer from {url}")


@functools.cache
def login(username) -> str:
    """Session cookie header for a demo user (goes through the real login form; the demo superadmin, HR and
    auditor accounts then pass the second factor with the DEMO-ONLY TOTP secret that seed_demo sets). Cached:
    one login per user and run (a TOTP code is accepted once per 30 s step)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/masuk/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    resp = opener.open(
        urllib.request.Request(f"{BASE}/masuk/", data=data.encode(), headers={"Referer": f"{BASE}/masuk/"})
    )
    for _ in range(3):
        if "/masuk/verifikasi/" not in resp.geturl():
            break
        from scripts.embedded_smoke import demo_totp

        page = resp.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"kode": demo_totp(), "csrfmiddlewaretoken": token})
        resp = opener.open(
            urllib.request.Request(resp.geturl(), data=data.encode(), headers={"Referer": resp.geturl()})
        )
        if "/masuk/verifikasi/" in resp.geturl():
            time.sleep(31 - time.time() % 30)  # this step's code was used already: wait for the next one
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def run_wrk(sc: Scenario, duration: int, tag: str = "") -> dict:
    cmd = [
        "wrk",
        "-t2",
        f"-c{sc.connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench/report.lua"),
    ]
    for k, v in sc.headers.items():
        cmd += ["-H", f"{k}: {v}"]
    env = dict(os.environ, BENCH_BODY_MODE=sc.body_mode, BENCH_BODY=sc.body, BENCH_TAG=tag or "bench")
    if sc.method == "POST" and not sc.body_mode:
        env["BENCH_BODY_MODE"] = "static"
    cmd.append(BASE + sc.path)
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=duration + 60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary for {sc.name}: {out.stdout} {out.stderr}")
    return json.loads(line[len("BENCH_JSON ") :])


def count_queries(path: str, cookie: str | None) -> int | None:
    """Queries one request makes (from the X-Query-Count header the bench settings add), if available."""
    return None


def batch_figures(figures: dict, reuse: bool):
    """Time the batch jobs of issue 11 that exist in this code base."""
    import_script = ROOT / "bench/batch.py"
    out = sh([PY, str(import_script)], capture_output=True)
    for line in out.stdout.splitlines():
        if line.startswith("BATCH_JSON "):
            figures.update(json.loads(line[len("BATCH_JSON ") :]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reuse", action="store_true", help="keep the existing bench database")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "15")))
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sh(["apt-get", "install", "-y", "-qq", "wrk"], env=os.environ)

    figures: dict = {}
    if not args.reuse:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"],
            check=True,
        )
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DB_NAME}"], check=True
        )
        manage("migrate", "--noinput", "-v0")
        started = time.monotonic()
        manage("seed_demo", "--scale", "large")
        figures["seed_demo --scale large (s)"] = round(time.monotonic() - started, 1)
    else:
        manage("migrate", "--noinput", "-v0")  # a reused database gets this checkout's schema
    # Fresh statistics, as autovacuum would have them on a database in service (a just-seeded database has none
    # and the planner then picks plans no production database would).
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB_NAME, "-qc", "VACUUM ANALYZE"], check=True
    )
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            DB_NAME,
            "-qc",
            "CREATE TABLE IF NOT EXISTS bench_insert (id bigserial primary key, v int, created timestamptz)",
        ],
        check=True,
    )
    batch_figures(figures, args.reuse)
    manage("collectstatic", "--noinput", "-v0")

    os.environ.update(ENV)  # scenarios.py reads the bench database through the ORM
    workers = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 2) + 1)))
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "asnportal.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        wait_http(f"{BASE}/healthz")
        from bench import scenarios as sc_mod

        scenarios = sc_mod.build(BASE, login)
        if args.only:
            scenarios = [s for s in scenarios if s.name in args.only or s.name.startswith("baseline")]
        for sc in scenarios:
            tag = f"run-{secrets.token_hex(4)}" if sc.body_mode == "survey" else ""
            sc.result = run_wrk(sc, args.duration, tag)
            sc.result["tag"] = tag
            print(f"{sc.name:40s} {sc.result}", flush=True)
        extra = sc_mod.after(scenarios, BASE, login, args.duration, run_wrk)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    write_results(scenarios, figures, extra)


def write_results(scenarios, figures, extra):
    base = {s.kind: s.result for s in scenarios if s.name.startswith("baseline")}
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    lines = [
        f"## Run {now} (host: {os.uname().nodename}, {os.cpu_count()} cores)",
        "",
        "| scenario | conns | req/s | p50 ms | p95 ms | p99 ms | errors | ratio to baseline | target | met |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scenarios:
        r = s.result
        ref = base.get(s.kind)
        ratio = (r["rps"] / ref["rps"]) if ref and ref["rps"] and not s.name.startswith("baseline") else None
        met = s.target and evaluate(s, r, ratio)
        lines.append(
            f"| {s.name} | {s.connections} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | "
            f"{r['p99']:.1f} | {r['errors']} | {'' if ratio is None else f'{ratio:.2f}'} | {s.target} | "
            f"{'' if not s.target else ('yes' if met else 'NO')} |"
        )
    lines.append("")
    for k, v in {**figures, **extra}.items():
        lines.append(f"- {k}: {v}")
    lines.append("")
    results = ROOT / "bench/RESULTS.md"
    head = results.read_text() if results.exists() else "# Benchmark results\n\n"
    marker = "\n## Run "
    if marker in head:
        intro, rest = head.split(marker, 1)
        text = intro.rstrip() + "\n\n" + "\n".join(lines) + "\n" + marker.lstrip("\n") + rest
    else:
        text = head.rstrip() + "\n\n" + "\n".join(lines) + "\n"
    results.write_text(text)
    print("\n".join(lines))


def evaluate(s, r, ratio) -> bool:
    ok = True
    for cond in s.target.split(","):
        cond = cond.strip()
        if m := re.match(r"ratio>=([\d.]+)", cond):
            ok &= ratio is not None and ratio >= float(m.group(1))
        elif m := re.match(r"p(\d+)<(\d+)", cond):
            ok &= r[f"p{m.group(1)}"] < float(m.group(2))
        elif cond == "errors=0":
            ok &= r["errors"] == 0
    return ok


if __name__ == "__main__":
    del resource
    sys.exit(main())
