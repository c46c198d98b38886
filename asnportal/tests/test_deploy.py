"""`manage.py check --deploy` is clean with the production settings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean():
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="asnportal.settings.production",
        SECRET_KEY="x9!" + "k" * 60 + "Zq#2",
        ALLOWED_HOSTS="portal.bungokab.go.id",
        DATABASE_URL="sqlite:////tmp/portal-deploy-check.sqlite3",
    )
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest; never in deployment
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="asnportal.settings.production", ALLOWED_HOSTS="x")
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
