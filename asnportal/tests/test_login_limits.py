"""Login limits that fit an office (issue 15 part 3, issue 19): the Django admin signs in through /masuk/, limits
key on the real client address behind the configured proxy (never a client-supplied X-Forwarded-For), the
per-address budget counts failures only (a morning rush from one NAT address all succeeds), and 5 wrong
passwords still lock that username from that address."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from asnportal.testing.factories import PASSWORD
from kepegawaian.models import User

pytestmark = pytest.mark.django_db

MORNING = dt.datetime(2026, 12, 7, 0, 30, tzinfo=dt.UTC)  # 07:30 in Jakarta


def _login(client, username, password, ip="10.1.1.1", **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def _count_hashing(monkeypatch):
    from django.contrib.auth.hashers import MD5PasswordHasher

    checked = []
    original = MD5PasswordHasher.verify
    monkeypatch.setattr(
        MD5PasswordHasher, "verify", lambda self, pw, enc: checked.append(1) or original(self, pw, enc)
    )
    return checked


def test_admin_login_form_checks_no_password_and_sends_to_the_portal_login(superadmin, monkeypatch):
    """Issue 19: 35 wrong passwords on /admin/login/ were all checked. Now that form checks none: it sends to
    /masuk/ (limits, lock-out, second factor)."""
    checked = _count_hashing(monkeypatch)
    c = Client()
    for i in range(35):
        r = c.post(
            reverse("admin:login"),
            {"username": f"root{i % 3}", "password": f"salah{i}"},
            REMOTE_ADDR="10.3.3.3",
        )
        assert r.status_code == 302 and r["Location"].startswith(reverse("login"))
    assert checked == []
    r = c.get(reverse("admin:index"))
    assert r.status_code == 302  # anonymous: admin → its login → /masuk/?next=/admin/
    assert c.get(r["Location"])["Location"] == f"{reverse('login')}?next=/admin/"


def test_admin_login_goes_through_the_same_limits_as_masuk(superadmin, settings, monkeypatch):
    settings.PORTAL_LOGIN_RATE = (30, 60)
    checked = _count_hashing(monkeypatch)
    c = Client()
    url = f"{reverse('login')}?next=/admin/"
    statuses = [
        c.post(url, {"username": f"tebak{i}", "password": "salah"}, REMOTE_ADDR="10.3.3.4").status_code
        for i in range(35)
    ]
    assert statuses[:30] == [200] * 30 and statuses[30:] == [429] * 5
    assert len(checked) <= 30  # the 5 over the budget never reached the hasher


def test_signed_in_non_staff_user_on_admin_login_gets_403_not_a_loop(client_asn_bungo):
    assert client_asn_bungo.get(reverse("admin:login")).status_code == 403


def test_client_supplied_x_forwarded_for_is_ignored_by_default(asn_bungo):
    """Rotating a forged X-Forwarded-For does not get around the (username, address) lock-out."""
    c = Client()
    for i in range(5):
        _login(c, "asn.bungo", "salah", ip="10.4.4.4", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    r = _login(Client(), "asn.bungo", PASSWORD, ip="10.4.4.4", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert r.status_code == 429 or "dikunci" in r.content.decode().lower()
    assert "_auth_user_id" not in Client().session


def test_trusted_proxy_count_keys_limits_on_the_address_the_proxy_saw(asn_bungo, settings):
    """Behind one trusted proxy (PORTAL_TRUSTED_PROXY_COUNT=1) every request comes from the proxy's address;
    the limits key on the last X-Forwarded-For entry, so one office's lock-out is not everybody's."""
    from asnportal.ratelimit import client_ip

    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    office_a = "6.6.6.6, 203.0.113.7"  # the client forged 6.6.6.6; the proxy appended 203.0.113.7
    for _ in range(5):
        _login(Client(), "asn.bungo", "salah", ip=proxy, HTTP_X_FORWARDED_FOR=office_a)
    locked = _login(Client(), "asn.bungo", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert locked.status_code != 302  # office A locked for this username
    other_office = _login(Client(), "asn.bungo", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert other_office.status_code == 302  # office B, same proxy, is not

    class R:
        META = {"REMOTE_ADDR": proxy, "HTTP_X_FORWARDED_FOR": "not-an-ip"}

    assert client_ip(R) == proxy  # malformed: the proxy's own address, never the raw header
    settings.PORTAL_TRUSTED_PROXY_COUNT = 2
    R.META = {"REMOTE_ADDR": proxy, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7, 10.0.0.2"}
    assert client_ip(R) == "203.0.113.7"


def test_client_ip_header_set_by_the_proxy(settings):
    from asnportal.ratelimit import client_ip

    class R:
        META = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "203.0.113.8", "HTTP_X_FORWARDED_FOR": "6.6.6.6"}

    assert client_ip(R) == "10.0.0.1"  # default: neither header is trusted
    settings.PORTAL_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(R) == "203.0.113.8"


def test_login_rush_300_accounts_from_one_address_all_succeed(instansi_bungo):
    """Morning rush: 300 different accounts sign in correctly from ONE NAT address within 2 minutes. The
    per-address budget (30 by default) counts failures only, so none is refused."""
    hashed = make_password(PASSWORD)
    User.objects.bulk_create(
        [
            User(username=f"pagi{i:03d}", role="asn", instansi=instansi_bungo, password=hashed)
            for i in range(300)
        ]
    )
    with time_machine.travel(MORNING, tick=False) as traveller:
        for i in range(300):
            if i % 3 == 0:
                traveller.shift(dt.timedelta(seconds=1.2))  # 300 logins spread over 2 minutes
            r = _login(Client(), f"pagi{i:03d}", PASSWORD, ip="36.66.1.1")
            assert r.status_code == 302 and r["Location"] == reverse("dashboard"), (i, r.status_code)


def test_five_wrong_passwords_still_lock_that_username_from_that_address(instansi_bungo):
    hashed = make_password(PASSWORD)
    User.objects.bulk_create(
        [
            User(username=u, role="asn", instansi=instansi_bungo, password=hashed)
            for u in ("salahketik", "rekan")
        ]
    )
    with time_machine.travel(MORNING, tick=False):
        statuses = [_login(Client(), "salahketik", "keliru", ip="36.66.1.1").status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks (django-axes answers 429)
        locked = _login(Client(), "salahketik", PASSWORD, ip="36.66.1.1")
        assert locked.status_code != 302 and "dikunci" in locked.content.decode().lower()
        # The colleague at the next desk (same NAT address) and the same person from home are not locked.
        assert _login(Client(), "rekan", PASSWORD, ip="36.66.1.1").status_code == 302
        assert _login(Client(), "salahketik", PASSWORD, ip="114.4.4.4").status_code == 302


def test_per_address_budget_counts_failures_not_successful_logins(asn_bungo, settings):
    from asnportal.models import BatasLaju

    settings.PORTAL_LOGIN_RATE = (3, 60)
    with time_machine.travel(MORNING, tick=False):
        for _ in range(10):
            assert _login(Client(), "asn.bungo", PASSWORD, ip="36.66.2.2").status_code == 302
        assert not BatasLaju.objects.exists()
        for i in range(3):
            _login(Client(), f"tidakada{i}", "salah", ip="36.66.2.2")
        assert _login(Client(), "asn.bungo", PASSWORD, ip="36.66.2.2").status_code == 429


def test_api_token_endpoint_shares_the_failure_budget(asn_bungo, settings):
    settings.PORTAL_LOGIN_RATE = (2, 60)
    with time_machine.travel(MORNING, tick=False):
        for _ in range(2):
            r = Client().post(
                "/api/v1/auth/token/", {"username": "asn.bungo", "password": "salah"}, REMOTE_ADDR="10.5.5.5"
            )
            assert r.status_code == 400
        assert _login(Client(), "asn.bungo", PASSWORD, ip="10.5.5.5").status_code == 429


class _SlotHolder:
    """Holds password slot 0 (or a place in the waiting line) from outside the request, like another web process:
    another database session on PostgreSQL (advisory locks are per session), another open file on SQLite (flock
    is per open file). `release_after(s)` lets go from a timer thread."""

    def __init__(self, namespace=None):
        from django.db import connection

        from asnportal import ratelimit

        self.namespace = namespace or ratelimit._LOCK_NAMESPACE
        if connection.vendor == "postgresql":
            import psycopg2

            self.conn = psycopg2.connect(**connection.get_connection_params())
            self.conn.autocommit = True
            with self.conn.cursor() as cur:
                cur.execute("SELECT pg_advisory_lock(%s, 0)", [self.namespace])
            self._release = self.conn.close
        else:
            fd = ratelimit._file_take(self.namespace, 1)
            assert fd is not None
            self._release = lambda: ratelimit._file_release(self.namespace, fd)
        self.released = False

    def release(self):
        if not self.released:
            self.released = True
            self._release()

    def release_after(self, seconds):
        import threading

        timer = threading.Timer(seconds, self.release)
        timer.start()
        return timer


def test_login_while_the_slot_is_briefly_busy_waits_and_succeeds(asn_bungo, settings, monkeypatch):
    """Morning rush: all password slots are taken for a moment; the login waits for one instead of 429."""
    import time

    settings.PORTAL_LOGIN_CONCURRENCY = 1
    settings.PORTAL_LOGIN_SLOT_WAIT = 5
    checked = _count_hashing(monkeypatch)
    holder = _SlotHolder()
    timer = holder.release_after(0.4)
    try:
        started = time.monotonic()
        r = _login(Client(), "asn.bungo", PASSWORD, ip="36.66.3.3")
        waited = time.monotonic() - started
    finally:
        timer.join()
        holder.release()
    assert r.status_code == 302 and r["Location"] == reverse("dashboard")
    assert len(checked) == 1
    assert 0.3 < waited < 5  # it waited for the slot to come free, not the whole allowance


def test_login_still_gets_429_when_the_slot_stays_busy_beyond_the_wait(asn_bungo, settings, monkeypatch):
    import time

    settings.PORTAL_LOGIN_CONCURRENCY = 1
    settings.PORTAL_LOGIN_SLOT_WAIT = 0.6
    checked = _count_hashing(monkeypatch)
    holder = _SlotHolder()
    try:
        started = time.monotonic()
        r = _login(Client(), "asn.bungo", PASSWORD, ip="36.66.4.4")
        waited = time.monotonic() - started
    finally:
        holder.release()
    assert r.status_code == 429 and r["Retry-After"]
    assert "Server sedang memproses banyak permintaan masuk" in r.content.decode()
    assert checked == [] and waited >= 0.6  # waited the allowance, then refused without hashing
    assert _login(Client(), "asn.bungo", PASSWORD, ip="36.66.4.4").status_code == 302  # nobody locked out


def test_login_flood_beyond_the_waiting_line_is_refused_at_once(asn_bungo, settings, monkeypatch):
    """A waiting login holds a web worker, so only PORTAL_LOGIN_SLOT_WAITERS may wait at once: with the slot busy
    and the waiting line full, a further login gets 429 without waiting (the other pages keep their workers)."""
    import time

    from asnportal import ratelimit

    settings.PORTAL_LOGIN_CONCURRENCY = 1
    settings.PORTAL_LOGIN_SLOT_WAITERS = 1
    settings.PORTAL_LOGIN_SLOT_WAIT = 5
    slot, line = _SlotHolder(), _SlotHolder(ratelimit._WAIT_NAMESPACE)
    try:
        started = time.monotonic()
        r = _login(Client(), "asn.bungo", PASSWORD, ip="36.66.5.5")
        waited = time.monotonic() - started
    finally:
        line.release()
        slot.release()
    assert r.status_code == 429 and waited < 2
