"""Test settings: fast hashing, uses DATABASE_URL/REDIS_URL when set (CI), SQLite otherwise."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-media-")
AXES_ENABLED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The filesystem broker of a test run must not mix with `make run`'s queue.
if not REDIS_URL:  # noqa: F405
    _broker = VAR_DIR / "test-broker"
    for _sub in ("queue", "processed", "control"):
        (_broker / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {  # noqa: F405
        "data_folder_in": str(_broker / "queue"),
        "data_folder_out": str(_broker / "queue"),
        "processed_folder": str(_broker / "processed"),
        "control_folder": str(_broker / "control"),
        "store_processed": False,
    }

# One queue per test process: a worker started by one process (an xdist worker, or another run on the same
# machine sharing the broker) must never take another's tasks — each has its own test database.
CELERY_TASK_DEFAULT_QUEUE = f"test-{env.str('PYTEST_XDIST_WORKER', default='main')}-{os.getpid()}"

# Tests check that a dashboard shows what the database holds right now (asnportal/tests covers the cache).
PORTAL_AGGREGATE_CACHE_SECONDS = 0

# A login waits this long for a busy password slot (asnportal.ratelimit); short so refusal tests stay fast.
PORTAL_LOGIN_SLOT_WAIT = 0.5
