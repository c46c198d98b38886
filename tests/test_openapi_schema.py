"""The OpenAPI schema served at /api/schema/ generates without errors and validates against the OpenAPI spec."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_schema_generates_and_validates(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    out = tmp_path / "schema.yml"
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--file", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(r"Errors:\s+0\b", result.stderr), result.stderr[-3000:]
    assert out.stat().st_size > 10_000
    assert "/api/v1/pegawai/" in out.read_text()
