"""Settings shared by every mode. Everything that differs between machines comes from the environment.

Two modes, one code path (docs/architecture.md):
- embedded default: no DATABASE_URL/REDIS_URL → SQLite and kombu's filesystem transport under var/;
- production: DATABASE_URL (PostgreSQL) and REDIS_URL from the environment.
"""

import os
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789abcdef")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "asnportal",
    "kepegawaian",
    "rekrutmen",
    "kinerja",
    "pelatihan",
    "survei",
    "forum",
    "kehadiran",
    "laporan",
    "layanan",
]

MIDDLEWARE = [
    # First: probes get their answer without the HTTPS redirect or host validation (see the class).
    "asnportal.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "asnportal.middleware.IgnoreAcceptLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Second factor (asnportal.mfa): a user who has not passed it yet reaches only the verification pages.
    "asnportal.middleware.OTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes last, as its docs require: it reads the result of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "asnportal.urls"
WSGI_APPLICATION = "asnportal.wsgi.application"
ASGI_APPLICATION = "asnportal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "asnportal.context_processors.portal",
            ],
        },
    },
]
FORM_RENDERER = "asnportal.forms.BootstrapFormRenderer"

# --- Database -------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Web, worker and beat share one file in the embedded mode: WAL lets readers run beside the writer,
    # IMMEDIATE takes the write lock at BEGIN so two writers queue instead of failing with "locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "kepegawaian.User"

# --- Auth, sessions, lock-out ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kepegawaian.auth.NipOrUsernameBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
# Sessions, CSRF and lock-out state live in the database, never in Redis: a Redis outage must not log
# everybody out or open the lock-out.
# Database sessions that record the user (asnportal.sessions), so all sessions of one user can be ended at once.
SESSION_ENGINE = "asnportal.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
# A whole office shares one public IP: lock the (username, IP) pair, so one person's typos never lock out
# their colleagues, and one attacker's guesses do not lock the real user out from the office.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# FAILED login attempts per client address per window (seconds; successful logins are not counted, so an
# office behind one NAT address can all sign in at once), counted in the database for the whole site, and how many
# password checks may run at once on the whole site (each costs ~0.2-0.7 s of CPU). See asnportal.ratelimit.
PORTAL_LOGIN_RATE = (
    env.int("PORTAL_LOGIN_RATE_LIMIT", default=30),
    env.int("PORTAL_LOGIN_RATE_WINDOW", default=60),
)
# The real client address behind the reverse proxy (asnportal.ratelimit.client_ip; docs/operations.md): either
# the number of trusted proxies that append to X-Forwarded-For, or a header the proxy sets itself (X-Real-IP).
# Both default to off: REMOTE_ADDR, never a client-supplied header. Axes keys its lock-out on the same address.
PORTAL_TRUSTED_PROXY_COUNT = env.int("PORTAL_TRUSTED_PROXY_COUNT", default=0)
PORTAL_CLIENT_IP_HEADER = env.str("PORTAL_CLIENT_IP_HEADER", default="")
AXES_CLIENT_IP_CALLABLE = "asnportal.ratelimit.client_ip"
# Second factor (django-otp, asnportal.mfa): the name authenticator apps show for the account.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Portal ASN")
PORTAL_LOGIN_CONCURRENCY = env.int("PORTAL_LOGIN_CONCURRENCY", default=max(1, (os.cpu_count() or 2) // 2))
# When every password slot is busy a login waits up to this many seconds for one before 429 "server busy"; at most
# PORTAL_LOGIN_SLOT_WAITERS logins wait at once on the whole site (default: PORTAL_LOGIN_CONCURRENCY), because a
# waiting login holds a web worker (docs/operations.md "Login limits").
PORTAL_LOGIN_SLOT_WAIT = env.float("PORTAL_LOGIN_SLOT_WAIT", default=3.0)
PORTAL_LOGIN_SLOT_WAITERS = env.int("PORTAL_LOGIN_SLOT_WAITERS", default=PORTAL_LOGIN_CONCURRENCY)

# --- Accounts (issue 15) ---------------------------------------------------------------------------------
# Absolute base URL of the portal for links that leave the browser (e-mails, PDFs, QR codes): scheme, host and
# port, no trailing slash; never taken from the request's Host header (a forged Host would put an attacker's
# domain into the link). Links are built with asnportal.siteurl.absolute_url(path).
PORTAL_SITE_URL = env.str("PORTAL_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# One-time activation links HR sends to new accounts, and password-reset links (Django's token machinery).
PORTAL_AKTIVASI_JAM = env.int("PORTAL_AKTIVASI_JAM", default=72)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=2 * 60 * 60)
# "Lupa kata sandi" / "kirim ulang konfirmasi" requests: per client IP per window (seconds), and per identity
# (NIP, username, e-mail or NIK) per window. Counted in the database like the login limit.
PORTAL_RESET_RATE = (
    env.int("PORTAL_RESET_RATE_LIMIT", default=5),
    env.int("PORTAL_RESET_RATE_WINDOW", default=15 * 60),
)
PORTAL_RESET_RATE_IDENTITAS = (
    env.int("PORTAL_RESET_RATE_IDENTITAS_LIMIT", default=3),
    env.int("PORTAL_RESET_RATE_IDENTITAS_WINDOW", default=60 * 60),
)
# API tokens expire this many days after they are issued (asnportal.apitoken).
PORTAL_API_TOKEN_DAYS = env.int("PORTAL_API_TOKEN_DAYS", default=30)

CACHES = {
    # Per-process memory cache: nothing on a page request waits on Redis. Rate limits that must be shared
    # between processes are kept in the database (see survei and forum).
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}
}

# --- I18N -------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    # Uploads and generated reports go through the storage API: set STORAGE_BACKEND to an S3-compatible
    # backend (django-storages) in production and nothing else changes. Media is never served publicly:
    # every download goes through a permission-checked view.
    "default": {"BACKEND": env.str("STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Upload limits per kind (bytes); checked by asnportal.uploads with the file's content, not its name.
PORTAL_MAX_UPLOAD_BYTES = env.int("PORTAL_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
PORTAL_MAX_IMPORT_BYTES = env.int("PORTAL_MAX_IMPORT_BYTES", default=10 * 1024 * 1024)
PORTAL_MAX_IMPORT_ROWS = env.int("PORTAL_MAX_IMPORT_ROWS", default=60_000)
# X-Accel-Redirect for protected downloads when nginx serves /protected/ (production).
PORTAL_X_ACCEL_REDIRECT = env.bool("PORTAL_X_ACCEL_REDIRECT", default=False)
# Retry-After (seconds) of the 503 answered while the database cannot be reached (core_views.server_error).
# Temporary files of background jobs (report rendering). Files older than PORTAL_TMP_MAX_AGE_SECONDS (longer
# than any job's hard time limit) belonged to a killed job and are removed by asnportal.bersihkan_sementara_task.
PORTAL_TMP_DIR = Path(env.str("PORTAL_TMP_DIR", default=str(VAR_DIR / "tmp")))
PORTAL_TMP_MAX_AGE_SECONDS = env.int("PORTAL_TMP_MAX_AGE_SECONDS", default=60 * 60)
# One beat (asnportal.beatlock): how often a standby beat checks whether the active one is gone.
PORTAL_BEAT_LOCK_POLL_SECONDS = env.int("PORTAL_BEAT_LOCK_POLL_SECONDS", default=5)
PORTAL_RETRY_AFTER_SECONDS = env.int("PORTAL_RETRY_AFTER_SECONDS", default=30)
# Background jobs (asnportal.jobs): a running job touches `heartbeat_at` every HEARTBEAT seconds; a RUNNING job
# whose heartbeat is older than STALE seconds lost its worker and is taken over by the sweeper (docs/operations.md).
PORTAL_JOB_HEARTBEAT_SECONDS = env.int("PORTAL_JOB_HEARTBEAT_SECONDS", default=15)
PORTAL_JOB_STALE_SECONDS = env.int("PORTAL_JOB_STALE_SECONDS", default=60)

# --- E-mail ----------------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Portal ASN <noreply@portal-asn.local>")

# --- Celery ----------------------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Publishing must never hang a request: one quick try, then the job row waits for the sweeper.
        "socket_connect_timeout": 1,
        "socket_timeout": 2,
        "max_retries": 0,
        "visibility_timeout": 60 * 60,
    }
else:
    for _sub in ("queue", "processed", "control"):
        (BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_IGNORE_RESULT = True  # job state lives in job rows, not in a result backend
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_TIME_LIMIT = 12 * 60
# WeasyPrint holds memory after big documents: recycle worker processes (docs/operations.md).
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=50)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=600_000)  # KiB
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = False

# --- REST API --------------------------------------------------------------------------------------------
# Filters offer "Semua" (all), never "---------" (django-filter's default), for every ChoiceFilter.
FILTERS_EMPTY_CHOICE_LABEL = _("Semua")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "asnportal.apitoken.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["asnportal.drf.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "asnportal.drf.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "asnportal.drf.ScopedFilterBackend",  # model-choice filters narrowed by for_user
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Portal ASN API",
    "DESCRIPTION": "API Portal ASN: kepegawaian, rekrutmen, kinerja, pelatihan, survei, forum, kehadiran, laporan.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Schema quality is checked by the test suite (tests/test_openapi_schema.py), not by `check --deploy`,
    # which is about the deployment's security settings.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "asnportal.api.schema_time_without_offset",
    ],
}

# --- Security headers ------------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Inline style attributes are allowed (progress bars, chart sizes); scripts never are.
        # docs/decisions/0003-csp.md
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Portal configuration (regulation values that are UNCONFIRMED live here, see domain.md) -----------
PORTAL = {
    "NAMA": "Portal ASN",
    # Public survey abuse limits (docs/operations.md "Survey limits"): submissions per IP per window, and per
    # registered kiosk/tablet of a unit (a service counter behind one public IP).
    "SURVEI_BATAS_KIRIM_PER_IP": env.int("SURVEI_BATAS_KIRIM_PER_IP", default=30),
    "SURVEI_BATAS_KIRIM_KIOSK": env.int("SURVEI_BATAS_KIRIM_KIOSK", default=600),
    "SURVEI_JENDELA_DETIK": env.int("SURVEI_JENDELA_DETIK", default=3600),
}
# Dashboard aggregates are kept this long per web process (asnportal/aggregates.py); 0 turns it off.
PORTAL_AGGREGATE_CACHE_SECONDS = env.int("PORTAL_AGGREGATE_CACHE_SECONDS", default=300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Document core (asnportal.dokumen): the signer implementation (the local PAdES signer; a TTE/BSrE client implements
# the same interface, see docs/decisions/0008-pades-pyhanko.md). Verification QR codes use PORTAL_SITE_URL.
PORTAL_DOKUMEN_SIGNER = env.str("PORTAL_DOKUMEN_SIGNER", default="asnportal.dokumen.signing.LocalPAdESSigner")
PORTAL_SIGNING_KEY_PASSPHRASE = env.str("PORTAL_SIGNING_KEY_PASSPHRASE", default="")
