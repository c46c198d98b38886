"""The production build steps the Dockerfile runs, and settings that import on every settings module.

`.ci/run` runs the full steps (collectstatic with the compressed manifest storage, check --deploy, migrate on an
empty PostgreSQL and from the previous release); these are the fast versions that every `make test` runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = ["asnportal.settings.local", "asnportal.settings.test", "asnportal.settings.production"]


def _env(module, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE=module,
        SECRET_KEY="x9!" + "k" * 60 + "Zq#2",
        ALLOWED_HOSTS="portal.example.go.id",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


CHECK_DOTTED_PATHS = r"""
import django
django.setup()
from django.conf import settings
from django.utils.module_loading import import_string
paths = list(settings.MIDDLEWARE) + list(settings.AUTHENTICATION_BACKENDS)
paths += [s["BACKEND"] for s in settings.STORAGES.values()]
for t in settings.TEMPLATES:
    paths += t.get("OPTIONS", {}).get("context_processors", [])
rf = getattr(settings, "REST_FRAMEWORK", {})
for key, value in rf.items():
    if key.endswith(("_CLASSES", "_CLASS")):
        paths += value if isinstance(value, (list, tuple)) else [value]
sched = getattr(settings, "CELERY_BEAT_SCHEDULER", "")
if sched:
    mod, _, attr = sched.partition(":")
    paths.append(f"{mod}.{attr}")
paths.append(settings.ROOT_URLCONF + ".urlpatterns")
for p in paths:
    import_string(p)
print("ok", len(paths))
"""


@pytest.mark.parametrize("module", SETTINGS)
def test_settings_module_starts_and_every_dotted_path_resolves(module, tmp_path):
    """Issue 18: 12 earlier commits named a class in settings that arrived later and could not start. Each
    settings module imports, and every class it names by dotted path exists."""
    result = subprocess.run(
        [sys.executable, "-c", CHECK_DOTTED_PATHS],
        cwd=ROOT,
        env=_env(
            module, DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3", PORTAL_VAR_DIR=str(tmp_path / "var")
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("ok")


def test_collectstatic_with_the_manifest_storage(tmp_path):
    """Issue 18: collectstatic with production settings failed on Bootstrap's unvendored source maps, so the
    Dockerfile did not build. The manifest post-processing (the step that failed) runs here over every file;
    `.ci/run` runs the exact Dockerfile command with the compressed storage."""
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "settings.STORAGES['staticfiles'] = {'BACKEND': "
        "'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'}\n"
        "from django.core.management import call_command\n"
        "call_command('collectstatic', '--noinput', verbosity=0)\n"
        "from django.contrib.staticfiles.storage import staticfiles_storage as s\n"
        "print(s.url('vendor/bootstrap-5.3.9/css/bootstrap.min.css'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=_env(
            "asnportal.settings.production",
            DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3",
            STATIC_ROOT=str(tmp_path / "static"),
        ),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "bootstrap.min." in result.stdout and (tmp_path / "static/staticfiles.json").exists()


def test_every_project_app_with_tests_is_collected():
    """`make test` collects `testpaths`: an app whose tests are not listed there would silently never run."""
    import tomllib

    from django.apps import apps

    testpaths = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"]
    )
    with_tests = {
        cfg.name
        for cfg in apps.get_app_configs()
        if (ROOT / cfg.name / "tests").is_dir() and (ROOT / cfg.name).resolve().parent == ROOT.resolve()
    }
    assert with_tests and with_tests <= testpaths, with_tests - testpaths
