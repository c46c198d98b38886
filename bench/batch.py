"""Batch figures for bench/RESULTS.md, printed as one BATCH_JSON line (run by bench/run.py with the bench
settings and database). Each figure measures the real code path; figures for modules not present are omitted."""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

FIGURES: dict = {}


def timed(label):
    def wrap(fn):
        started = time.monotonic()
        result = fn()
        FIGURES[label] = f"{time.monotonic() - started:.2f} s" + (f" ({result})" if result else "")
        return fn

    return wrap


print("BATCH_JSON " + json.dumps(FIGURES))
