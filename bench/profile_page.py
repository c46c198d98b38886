"""Profile one benchmark scenario in-process: query count and time per query, and a pyinstrument profile.

    .venv/bin/python bench/profile_page.py /kepegawaian/pegawai/?q=Sari --user hr.bungo [--repeat 20] [--html out.html]

Runs against the bench database with the bench settings (see bench/run.py), through Django's test client, so
middleware, templates and the ORM are exactly those of a served request (without gunicorn and the network).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault(
    "DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{os.environ.get('BENCH_DB', 'portal_bench')}"
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ.setdefault("SECRET_KEY", "bench-profile-only-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--user")
    parser.add_argument("--method", default="GET")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--html")
    parser.add_argument("--queries", action="store_true", help="print every query with its time")
    parser.add_argument("--cprofile", action="store_true", help="cProfile: functions by own time")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    from kepegawaian.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    if args.user:
        from asnportal.testing import otp

        user = User.objects.get(username=args.user)
        client.force_login(user)
        otp.mark_verified(client, user)  # as after the second factor (profiling a page, not the login)
    r = client.generic(args.method, args.path)  # warm-up: template loading, first connection
    assert r.status_code == 200, (r.status_code, r.content[:500])
    with CaptureQueriesContext(connection) as ctx:
        client.generic(args.method, args.path)
    print(
        f"{len(ctx.captured_queries)} queries, {sum(float(q['time']) for q in ctx.captured_queries) * 1000:.1f} ms"
    )
    if args.queries:
        for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"])):
            print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:400]}")
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.repeat):
        client.generic(args.method, args.path)
    per = (time.perf_counter() - started) / args.repeat * 1000
    per_cpu = (time.process_time() - cpu) / args.repeat * 1000
    print(f"{per:.1f} ms wall, {per_cpu:.1f} ms Python CPU per request ({args.repeat} requests, no profiler)")
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.repeat):
            client.generic(args.method, args.path)
    if args.cprofile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for _ in range(args.repeat):
            client.generic(args.method, args.path)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(60)
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
