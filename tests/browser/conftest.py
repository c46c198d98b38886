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


def login(page, username, password):
    page.goto(page.base + "/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/masuk/" not in url)
