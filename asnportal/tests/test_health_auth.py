"""Health endpoint, login by NIP or username, lock-out keyed on (username, IP), language switch, CSP headers."""

import contextlib

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["database"] == "ok" and r.json()["broker"] == "ok"


def test_healthz_503_when_broker_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6390/0"  # nothing listens there
    r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json()["broker"] == "error" and r.json()["database"] == "ok"


def test_ready_stays_200_when_broker_down_and_live_needs_nothing(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6390/0"  # nothing listens there
    r = client.get("/healthz/ready")
    assert r.status_code == 200
    assert r.json()["database"] == "ok" and r.json()["broker"] == "error"
    assert client.get("/healthz/live").json()["status"] == "ok"


def test_probes_skip_https_redirect_and_host_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["portal.example.go.id"]
    assert client.get("/masuk/", HTTP_HOST="portal.example.go.id").status_code == 301
    for path in ("/healthz/live", "/healthz/ready"):
        assert client.get(path, HTTP_HOST="127.0.0.1:8000").status_code == 200


def test_handler500_answers_503_when_the_database_is_unreachable():
    """The end-to-end proof (a stopped PostgreSQL) is tests/faults; this pins the handler's three answers."""
    from django.db import OperationalError
    from django.test import RequestFactory

    from asnportal import core_views

    def handled(path, exc):
        try:
            raise exc
        except Exception:  # the handler reads sys.exc_info(), as Django calls it inside its except block
            return core_views.server_error(RequestFactory().get(path))

    down = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    page = handled("/rekrutmen/lowongan/", down)
    assert page.status_code == 503 and page["Retry-After"] == "30"
    assert b"basis data tidak dapat dihubungi" in page.content and b"127.0.0.1" not in page.content
    api = handled("/api/v1/instansi/", down)
    assert api.status_code == 503 and api["Retry-After"] == "30"
    assert api["Content-Type"] == "application/json" and b"service_unavailable" in api.content
    assert handled("/rekrutmen/lowongan/", ValueError("a bug")).status_code == 500


def _login(client, username, password, ip="10.1.1.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_by_username_and_by_nip(asn_bungo, pegawai_bungo, password):
    c = Client()
    assert _login(c, "asn.bungo", password).status_code == 302
    c = Client()
    r = _login(c, pegawai_bungo.nip, password)
    assert r.status_code == 302 and r["Location"] == reverse("dashboard")


def test_wrong_password_rerenders_with_indonesian_message(asn_bungo):
    r = _login(Client(), "asn.bungo", "salah-sekali")
    assert r.status_code == 200
    assert "kata sandi salah" in r.content.decode()


def test_lockout_is_per_username_and_ip(asn_bungo, hr_bungo, password, settings):
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "asn.bungo", "tebakan-salah", ip="10.9.9.9")
    locked = _login(attacker, "asn.bungo", password, ip="10.9.9.9")
    assert locked.status_code == 429 and "dikunci" in locked.content.decode()
    # A colleague behind the same office IP is not locked out ...
    assert _login(Client(), "hr.bungo", password, ip="10.9.9.9").status_code == 302
    # ... and neither is the real user from another address.
    assert _login(Client(), "asn.bungo", password, ip="10.2.2.2").status_code == 302


def test_pages_require_login(client):
    r = client.get(reverse("kepegawaian:pegawai_list"))
    assert r.status_code == 302 and reverse("login") in r["Location"]


def test_security_headers_and_csp(client_hr_bungo):
    r = client_hr_bungo.get("/")
    assert r.status_code == 200
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"


def test_language_switch_to_english(client_hr_bungo):
    r = client_hr_bungo.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert r.status_code == 200
    assert r.wsgi_request.LANGUAGE_CODE == "en"
    assert "Dashboard" in r.content.decode()


def test_csrf_enforced_on_login_form(asn_bungo, password):
    c = Client(enforce_csrf_checks=True)
    r = c.post(reverse("login"), {"username": "asn.bungo", "password": password})
    assert r.status_code == 403


def test_api_token_auth(asn_bungo, password):
    c = Client()
    r = c.post("/api/v1/auth/token/", {"username": "asn.bungo", "password": password})
    assert r.status_code == 200
    token = r.json()["token"]
    r = Client().get("/api/v1/pegawai/", HTTP_AUTHORIZATION=f"Token {token}")
    assert r.status_code == 200 and r.json()["count"] == 1


def _count_hashing(monkeypatch) -> list:
    from django.contrib.auth.hashers import MD5PasswordHasher

    checked = []
    original = MD5PasswordHasher.verify
    monkeypatch.setattr(
        MD5PasswordHasher, "verify", lambda self, pw, enc: checked.append(1) or original(self, pw, enc)
    )
    return checked


def test_login_flood_is_rate_limited_before_hashing(asn_bungo, password, settings, monkeypatch):
    from asnportal.models import BatasLaju

    settings.PORTAL_LOGIN_RATE = (3, 60)
    checked = _count_hashing(monkeypatch)
    for i in range(3):  # failed attempts count against the address (successful ones do not)
        _login(Client(), f"tebakan{i}", "salah-sekali", ip="10.7.7.7")
    hashed_before = len(checked)
    r = _login(Client(), "asn.bungo", password, ip="10.7.7.7")
    assert r.status_code == 429 and "Terlalu banyak percobaan" in r.content.decode()
    assert len(checked) == hashed_before  # rejected without touching the password hasher
    # The counter lives in the database (shared by every web process), keyed by a hash, not the IP in clear.
    row = BatasLaju.objects.get()
    assert row.jumlah == 3 and "10.7.7.7" not in row.kunci
    assert _login(Client(), "asn.bungo", password, ip="10.8.8.8").status_code == 302  # other IPs unaffected
    # The API token endpoint and the applicant login share the same limit.
    r = Client().post(
        "/api/v1/auth/token/", {"username": "asn.bungo", "password": password}, REMOTE_ADDR="10.7.7.7"
    )
    assert r.status_code == 429 and "Terlalu banyak" in r.json()["detail"]


@contextlib.contextmanager
def _busy_password_slot():
    """Hold the only password slot from outside the request: another database session on PostgreSQL (advisory
    locks are per session), another open file on SQLite (flock is per open file)."""
    from django.db import connection

    from asnportal import ratelimit

    if connection.vendor == "postgresql":
        import psycopg2

        params = connection.get_connection_params()
        other = psycopg2.connect(**params)
        other.autocommit = True
        with other.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(%s, 0)", [ratelimit._LOCK_NAMESPACE])
        try:
            yield
        finally:
            other.close()
    else:
        with ratelimit.password_slot() as got:
            assert got
            yield


def test_concurrent_password_checks_are_bounded_site_wide(asn_bungo, password, settings, monkeypatch):
    settings.PORTAL_LOGIN_CONCURRENCY = 1
    checked = _count_hashing(monkeypatch)
    with _busy_password_slot():
        r = _login(Client(), "asn.bungo", password, ip="10.9.9.1")
        assert r.status_code == 429 and r["Retry-After"]
        assert "Server sedang memproses banyak permintaan masuk" in r.content.decode()
        assert checked == []  # refused at once, no hashing
    # The slot is free again: the same login goes through (and the refused attempt did not lock anyone out).
    assert _login(Client(), "asn.bungo", password, ip="10.9.9.1").status_code == 302
    assert len(checked) == 1


def test_indonesian_by_default_even_for_english_browsers(client_hr_bungo):
    r = client_hr_bungo.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert r.wsgi_request.LANGUAGE_CODE == "id"
    assert "Dasbor" in r.content.decode()


def test_generic_form_cancel_link_works_under_the_csp(client_hr_bungo):
    """The cancel link of the shared form page is a real URL, not `javascript:` (which the CSP blocks)."""
    r = client_hr_bungo.get("/kepegawaian/unit-kerja/tambah/")
    body = r.content.decode()
    assert r.status_code == 200 and "javascript:" not in body
    assert 'href="..">Batal</a>' in body  # one level up: /kepegawaian/unit-kerja/
