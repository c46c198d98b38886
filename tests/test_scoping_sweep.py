"""Sweep over every URL pattern that names an object: an HR officer of Bungo asking for Bengkulu's object gets
403/404 (never 200, never a redirect to a write), for reads (GET) and writes (POST/PUT/PATCH/DELETE).

The model behind a URL is found from the view (CBV `model`/`queryset`, DRF viewset `queryset`, or a function
view's `scoping_model`). Each app's `tests/factories.py` provides SCOPED_OBJECTS = {"app.Model": make(instansi)}.
A new URL with a parameter therefore cannot skip scoping: either it is declared public, or the sweep tests it,
or this test fails and names it.
"""

from __future__ import annotations

import pytest

# The URL-walking helpers live in tests/urlwalk.py (shared with tests/attack/); the old private names stay
# importable from here for the suites that use them.
from tests.urlwalk import kwargs_for as _kwargs_for
from tests.urlwalk import names as _names
from tests.urlwalk import object_patterns
from tests.urlwalk import reverse_pattern as _reverse
from tests.urlwalk import scoped_factories as _scoped_factories
from tests.urlwalk import view_model as _view_model
from tests.urlwalk import walk as _walk

__all__ = ["_kwargs_for", "_names", "_reverse", "_scoped_factories", "_view_model", "_walk"]

LEAK_STATUSES = {200, 201, 204, 302}


ALL = object_patterns()


def test_every_object_url_has_a_known_model():
    unknown = [route for route, _, model in ALL if model is None]
    assert not unknown, (
        "these URLs take a parameter but the sweep cannot tell which model they read; set `model`/`queryset` on "
        f"the view, decorate it with @scoped_model('app.Model'), or mark it @public_view: {unknown}"
    )


def test_every_scoped_model_has_a_factory():
    factories = _scoped_factories()
    missing = sorted(
        {
            m._meta.label
            for _, _, m in ALL
            if m not in (None, "public") and m not in factories and m._meta.label != "kepegawaian.Instansi"
        }
    )
    assert not missing, f"add these to SCOPED_OBJECTS in <app>/tests/factories.py: {missing}"


SCOPED = [(r, p, m) for r, p, m in ALL if m not in (None, "public")]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern", "model"), SCOPED, ids=[r for r, _, _ in SCOPED])
def test_other_instansi_object_is_not_reachable(route, pattern, model, client_hr_bungo, instansi_bengkulu):
    from django.urls import reverse

    if model._meta.label == "kepegawaian.Instansi":
        obj = instansi_bengkulu
    else:
        obj = _scoped_factories()[model](instansi_bengkulu)
    kwargs = _kwargs_for(pattern, obj)
    url = _reverse(pattern, kwargs)
    assert url, f"cannot build {route} with {kwargs}"
    for method in ("get", "post", "put", "patch", "delete"):
        response = (
            getattr(client_hr_bungo, method)(
                url, content_type="application/json" if method != "get" else None
            )
            if method != "get"
            else client_hr_bungo.get(url)
        )
        assert (
            response.status_code not in LEAK_STATUSES
            or response.status_code == 302
            and "/masuk/" in response.get("Location", "")
        ), f"{method.upper()} {url} → {response.status_code}"
        if method == "get":
            assert response.status_code in (403, 404, 405), f"GET {url} → {response.status_code}"
    del reverse
