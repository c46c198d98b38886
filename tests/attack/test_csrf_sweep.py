"""CSRF sweep: every route of the URL conf (pages, Django admin, and the API when session-authenticated) refuses
an unsafe request that carries no CSRF token, for POST, PUT, PATCH and DELETE.

The attacker's situation is simulated exactly: the victim's browser holds a valid session and a valid CSRF
cookie, and the forged request (from another site) cannot read the cookie, so it carries no token in the body or
the X-CSRFToken header. A POST without even the cookie is refused too. A refusal counts only when Django's CSRF
check itself rejected the request (CsrfViewMiddleware for pages; DRF's SessionAuthentication for the API), so a
403 from a permission check cannot pass for CSRF protection. The token-authenticated API (`Authorization:
Token …`) needs no CSRF protection and is not requested here: a browser never sends that header on its own.

Views that are deliberately exempt must be listed in CSRF_EXEMPT with the reason; the static test fails when a
`csrf_exempt` view appears that is neither listed nor a DRF view (DRF marks its views exempt and enforces CSRF in
SessionAuthentication, which the sweep verifies).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.middleware.csrf import CsrfViewMiddleware, _get_new_csrf_string
from rest_framework.authentication import CSRFCheck
from rest_framework.views import APIView

from tests.urlwalk import sample_url, view_class, walk_with_names

from .support import UNSAFE, describe, fresh_client, send

# Routes whose views are csrf_exempt on purpose, with the reason. None today: every form and every session
# write of the portal is protected.
CSRF_EXEMPT: dict[str, str] = {}

ROUTES = list(walk_with_names())
URLS = {}  # route -> URL with placeholder parameters (CSRF is checked before any object is looked up)
for _route, _pattern, _ in ROUTES:
    URLS.setdefault(_route, sample_url(_route, _pattern))
APPLICANT_PREFIX = "rekrutmen/pelamar/"


def is_drf(callback) -> bool:
    klass = view_class(callback)
    return isinstance(klass, type) and issubclass(klass, APIView)


@pytest.fixture(scope="module")
def csrf_sessions(django_db_setup, django_db_blocker):
    """A staff login (HR officer of Bungo) and an applicant login, for the whole module (rolled back after)."""
    from asnportal.testing.factories import InstansiFactory, hr_user
    from rekrutmen.tests.factories import pelamar

    from .world import login_session, pelamar_session

    with django_db_blocker.unblock(), transaction.atomic():
        bungo = InstansiFactory(kode="kab-bungo", nama="Pemerintah Kabupaten Bungo")
        yield {
            "hr": login_session(hr_user(bungo, username="hr.bungo")),
            "pelamar": pelamar_session(pelamar(nama="Pelamar Bungo")),
        }
        transaction.set_rollback(True)


@pytest.fixture
def csrf_rejections(monkeypatch):
    """Reasons of every CSRF rejection (pages and API) during the test."""
    seen: list[str] = []
    page_reject, api_reject = CsrfViewMiddleware._reject, CSRFCheck._reject

    def on_page(self, request, reason):
        seen.append(reason)
        return page_reject(self, request, reason)

    def on_api(self, request, reason):
        seen.append(reason)
        return api_reject(self, request, reason)

    monkeypatch.setattr(CsrfViewMiddleware, "_reject", on_page)
    monkeypatch.setattr(CSRFCheck, "_reject", on_api)
    return seen


def browser(session_key, *, with_cookie=True):
    """A client like the victim's browser: logged in, holding a CSRF cookie, enforcing CSRF checks."""
    client = fresh_client(enforce_csrf_checks=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    secret = _get_new_csrf_string()
    if with_cookie:
        client.cookies[settings.CSRF_COOKIE_NAME] = secret
    return client, secret


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(URLS))
def test_unsafe_request_without_token_is_refused(route, csrf_sessions, csrf_rejections):
    url = URLS[route]
    roles = ["hr", "pelamar"] if route.startswith(APPLICANT_PREFIX) else ["hr"]
    problems = []
    for role in roles:
        attempts = [(m, True) for m in UNSAFE] + [("post", False)]
        for method, with_cookie in attempts:
            client, _ = browser(csrf_sessions[role], with_cookie=with_cookie)
            csrf_rejections.clear()
            response = send(client, method, url)
            refused = response.status_code == 403 and csrf_rejections
            if not refused and route not in CSRF_EXEMPT:
                cookie = "with" if with_cookie else "without"
                problems.append(
                    f"{method.upper()} {url} as {role} ({cookie} CSRF cookie, no token) → {describe(response)}, "
                    "not refused by the CSRF check"
                )
    assert not problems, "\n".join(problems)


def test_csrf_exempt_views_are_declared():
    """Static: a csrf_exempt view outside DRF must be listed in CSRF_EXEMPT with its reason; listed ones exist."""
    undeclared = sorted(
        route
        for route, pattern, _ in ROUTES
        if getattr(pattern.callback, "csrf_exempt", False)
        and not is_drf(pattern.callback)
        and route not in CSRF_EXEMPT
    )
    assert not undeclared, f"csrf_exempt views not declared in CSRF_EXEMPT (with a reason): {undeclared}"
    stale = sorted(set(CSRF_EXEMPT) - {route for route, _, _ in ROUTES})
    assert not stale, f"CSRF_EXEMPT lists routes that no longer exist: {stale}"
    drf = [route for route, pattern, _ in ROUTES if is_drf(pattern.callback)]
    assert len(drf) > 100, f"expected the API's routes among the swept ones, found {len(drf)}"


# Positive control: with the token the same requests pass the CSRF check (so the refusals above are CSRF's).
CONTROL = ["/notifikasi/", "/api/v1/unit-kerja/", "/kepegawaian/unit-kerja/tambah/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", CONTROL)
def test_request_with_token_passes_the_csrf_check(url, csrf_sessions, csrf_rejections):
    client, secret = browser(csrf_sessions["hr"])
    response = send(client, "post", url, HTTP_X_CSRFTOKEN=secret)
    assert not csrf_rejections, (
        f"POST {url} as hr with the CSRF token → {describe(response)}: {csrf_rejections}"
    )
    assert response.status_code != 403, f"POST {url} as hr with the CSRF token → {describe(response)}"
