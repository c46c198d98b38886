"""Sweep over every URL pattern that names an object: an HR officer of Bungo asking for Bengkulu's object gets
403/404 (never 200, never a redirect to a write), for reads (GET) and writes (POST/PUT/PATCH/DELETE).

The model behind a URL is found from the view (CBV `model`/`queryset`, DRF viewset `queryset`, or a function
view's `scoping_model`). Each app's `tests/factories.py` provides SCOPED_OBJECTS = {"app.Model": make(instansi)}.
A new URL with a parameter therefore cannot skip scoping: either it is declared public, or the sweep tests it,
or this test fails and names it.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

PROJECT_APPS = [a for a in settings.INSTALLED_APPS if "." not in a]
LEAK_STATUSES = {200, 201, 204, 302}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _view_model(callback):
    if getattr(callback, "public", False):
        return "public"
    label = getattr(callback, "scoping_model", None)
    if label:
        return apps.get_model(label)
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is not None:
        if getattr(view_class, "public", False):
            return "public"
        if getattr(view_class, "scoping_model", None):
            return apps.get_model(view_class.scoping_model)
        model = getattr(view_class, "model", None)
        if model is None and getattr(view_class, "queryset", None) is not None:
            model = view_class.queryset.model
        return model
    return None


def _scoped_factories():
    from asnportal.testing import factories as core

    out = {apps.get_model(label): make for label, make in core.SCOPED_OBJECTS.items()}
    for app in PROJECT_APPS:
        try:
            mod = importlib.import_module(f"{app}.tests.factories")
        except ModuleNotFoundError:
            continue
        for label, make in getattr(mod, "SCOPED_OBJECTS", {}).items():
            out[apps.get_model(label)] = make
    return out


def object_patterns():
    """(route, pattern, model) for every project URL with a parameter."""
    found = []
    for route, pattern in _walk(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "")
        if module.split(".")[0] not in PROJECT_APPS:
            continue  # Django admin, i18n, DRF format suffix helpers, schema views
        params = set(pattern.pattern.regex.groupindex) - {"format"}
        if not params:
            continue  # lists (and DRF's format-suffix variants of lists) are scoped by for_user in the sweep below
        found.append((route, pattern, _view_model(pattern.callback)))
    return found


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


def _kwargs_for(pattern, obj):
    kwargs = {}
    view_class = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
    custom = getattr(view_class, "scoping_kwargs", None) or getattr(pattern.callback, "scoping_kwargs", None)
    if custom:
        return custom(obj)
    for name in pattern.pattern.regex.groupindex:
        if name in ("pk", "id"):
            kwargs[name] = obj.pk
        elif name == "format":
            kwargs[name] = "json"
        elif hasattr(obj, name):
            kwargs[name] = getattr(obj, name)
        else:
            kwargs[name] = obj.pk
    return kwargs


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


def _reverse(pattern, kwargs):
    """Build the URL of a pattern found by walking the resolver (namespaces included)."""
    from django.urls import NoReverseMatch, reverse

    for route_name in _names(pattern):
        try:
            return reverse(route_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


def _names(pattern):
    resolver = get_resolver()
    target = pattern.callback
    names = []
    for name, entries in _all_names(resolver):
        if entries is target:
            names.append(name)
    return names


def _all_names(resolver, ns=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            sub_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from _all_names(p, sub_ns)
        elif p.name:
            yield f"{ns}{p.name}", p.callback
