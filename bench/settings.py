"""Benchmark settings: production settings served over plain HTTP on loopback, plus the baseline views."""

from asnportal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# The load generator sends everything from 127.0.0.1: the per-IP survey limit (30/hour by default) would turn the
# benchmark into a test of the limiter. Raised here only; the other abuse checks stay on.
PORTAL = {**PORTAL, "SURVEI_BATAS_KIRIM_PER_IP": 10_000_000}  # noqa: F405
# The login rate limit stays as in production: the login flood scenario measures exactly that.
