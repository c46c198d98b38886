"""Browser tests: Playwright (Python) driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is /usr/bin/chromium (installed by `make test` with apt when missing).
A failing test leaves a screenshot in tests/artifacts/.
"""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-quic",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


def _page(request, browser, **context_kwargs):
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", **context_kwargs)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def page(request, browser, live_server):
    context, pg = _page(request, browser, viewport={"width": 1280, "height": 900})
    pg.base = live_server.url
    yield pg
    _finish(request, context, pg)


@pytest.fixture
def phone_page(request, browser, live_server):
    context, pg = _page(
        request, browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    pg.base = live_server.url
    yield pg
    _finish(request, context, pg)


def _finish(request, context, pg):
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path


def login(page, username, password):
    """Sign in through the real form. Superadmin, HR officers and auditors then pass the second factor like a
    person would: a code from their device (the test computes it from the device's secret in the database, e.g.
    the documented demo secret), or, when they have no device yet, the enrolment page (secret read from the
    page, code computed, recovery codes acknowledged)."""
    page.goto(page.base + "/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: _path(url) != "/masuk/")
    if _path(page.url) == "/masuk/verifikasi/":
        otp_verify(page, username)
    elif _path(page.url) == "/akun/2fa/aktifkan/":
        otp_enrol(page)


def _user(username):
    from django.db.models import Q

    from kepegawaian.models import User

    return User.objects.get(Q(username__iexact=username) | Q(pegawai__nip=username.replace(" ", "")))


def otp_verify(page, username):
    from asnportal import mfa
    from asnportal.testing import otp

    page.fill("#id_kode", otp.code(device=mfa.totp_device(_user(username))))
    page.click("#konten form button[type=submit] >> nth=0")
    page.wait_for_url(lambda url: not _path(url).startswith("/masuk/"))


def otp_enrol(page):
    """Enrol like a person with an authenticator app: type the secret shown on the page into the 'app'."""
    import base64

    from asnportal import mfa

    secret = page.locator("#otp-secret").inner_text().strip()
    page.fill("#id_kode", mfa.code_for(base64.b32decode(secret).hex()))
    page.click("#konten form button[type=submit] >> nth=0")
    page.wait_for_url("**/akun/2fa/kode-pemulihan/")
    page.get_by_role("link", name="Saya sudah menyimpannya, lanjutkan").click()
    page.wait_for_url(lambda url: not _path(url).startswith(("/akun/2fa/", "/masuk/")))
