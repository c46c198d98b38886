# Portal ASN — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' && echo $$p && break; done)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint migrate seed messages serve worker beat bench check-deploy clean browser-deps backup

$(VENV)/bin/activate:
	@test -n "$(PYTHON)" || { echo "Python 3.11+ is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -q --upgrade pip
	$(PIP) install -q .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PIP) install -q ".[dev]"
	@touch $@

var:
	@mkdir -p var/broker/queue var/broker/processed var/media var/mail var/reports

messages: $(VENV)/.installed
	$(PY) manage.py compile_translations

migrate: $(VENV)/.installed var
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo --scale small
	$(PY) manage.py setup_schedules

# make run: venv, install, migrate, translations, demo data, then web + worker + beat on SQLite and the
# filesystem broker under var/. Ctrl-C stops all three.
run: $(VENV)/.installed var messages seed
	@echo ""
	@echo "Portal ASN: http://127.0.0.1:8000   (demo logins: see above or README.md)"
	@echo "2FA (TOTP) of admin, hr.*, auditor.* -- DEMO ONLY secret KBXXE5DBNRAVGTRNIRCU2TZNGIYDENRB; current code: $(PY) manage.py kode_totp_demo"
	@trap 'kill 0' INT TERM EXIT; \
	$(VENV)/bin/celery -A asnportal worker --loglevel=INFO --concurrency=2 --pool=prefork & \
	$(VENV)/bin/celery -A asnportal beat --loglevel=INFO & \
	$(PY) manage.py runserver 127.0.0.1:8000 --noreload

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Chromium for the browser tests and poppler-utils (pdftotext, to read generated PDFs in tests) come from
# Debian (never `playwright install`). Installed with apt when missing, so a clean machine runs the suite.
browser-deps:
	@missing=""; command -v chromium >/dev/null || missing="$$missing chromium fonts-dejavu-core"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing:$$missing (apt-get install$$missing): browser/PDF tests will fail"; fi; fi

test: $(VENV)/.installed-dev var messages browser-deps lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

check-deploy: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=asnportal.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	  ALLOWED_HOSTS=portal.example.go.id $(PY) manage.py check --deploy --fail-level WARNING

# Database (pg_dump) + media into var/backups/portal-<time>/; restore with scripts/restore.sh (docs/operations.md).
backup:
	scripts/backup.sh $(BACKUP_DIR)

bench: $(VENV)/.installed-dev
	$(PY) bench/run.py

clean:
	rm -rf var staticfiles
