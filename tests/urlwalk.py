"""Walking the project's URL conf: every pattern, the model behind it, a URL for an object.

Shared by the scoping sweep (tests/test_scoping_sweep.py) and the attack suite (tests/attack/). Nothing here is
a list of routes: everything is read from the resolver, so a new route is picked up without editing a test.

The model behind a URL is found from the view (CBV `model`/`queryset`, DRF viewset `queryset`, or a function
view's `scoping_model`); "public" for views marked @public_view. Each app's `tests/factories.py` provides
SCOPED_OBJECTS = {"app.Model": make(instansi)}.
"""

from __future__ import annotations

import functools
import importlib
import re

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

PROJECT_APPS = [a for a in settings.INSTALLED_APPS if "." not in a]


def walk(patterns, prefix=""):
    """(route, URLPattern) for every pattern under `patterns`, includes expanded."""
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def walk_with_names(resolver=None, prefix="", ns=""):
    """(route, URLPattern, namespaced name or None) for every pattern of the project, includes expanded."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            sub_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from walk_with_names(p, prefix + str(p.pattern), sub_ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p, (f"{ns}{p.name}" if p.name else None)


def view_class(callback):
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def view_model(callback):
    """The model a view reads, "public" for a deliberately public view, None when it cannot be told."""
    if getattr(callback, "public", False):
        return "public"
    label = getattr(callback, "scoping_model", None)
    if label:
        return apps.get_model(label)
    klass = view_class(callback)
    if klass is not None:
        if getattr(klass, "public", False):
            return "public"
        if getattr(klass, "scoping_model", None):
            return apps.get_model(klass.scoping_model)
        model = getattr(klass, "model", None)
        if model is None and getattr(klass, "queryset", None) is not None:
            model = klass.queryset.model
        return model
    return None


def is_project_view(callback) -> bool:
    return getattr(callback, "__module__", "").split(".")[0] in PROJECT_APPS


def url_params(pattern) -> set[str]:
    return set(pattern.pattern.regex.groupindex) - {"format"}


def scoped_factories():
    """{Model: make(instansi)} from asnportal.testing.factories and every app's tests/factories.py."""
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
    for route, pattern in walk(get_resolver().url_patterns):
        if not is_project_view(pattern.callback):
            continue  # Django admin, i18n, DRF format suffix helpers, schema views
        if not url_params(pattern):
            continue  # lists (and DRF's format-suffix variants of lists) are scoped by for_user
        found.append((route, pattern, view_model(pattern.callback)))
    return found


def kwargs_for(pattern, obj):
    """URL kwargs naming `obj` in `pattern` (pk/id → obj.pk, an attribute of the same name, else obj.pk)."""
    kwargs = {}
    klass = view_class(pattern.callback)
    custom = getattr(klass, "scoping_kwargs", None) or getattr(pattern.callback, "scoping_kwargs", None)
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


@functools.cache
def _names_by_callback():
    out = {}
    for _, pattern, name in walk_with_names():
        if name:
            out.setdefault(id(pattern.callback), []).append(name)
    return out


def names(pattern):
    """Every namespaced name under which the pattern's view is routed."""
    return list(_names_by_callback().get(id(pattern.callback), []))


def reverse_pattern(pattern, kwargs):
    """Build the URL of a pattern found by walking the resolver (namespaces included); None if impossible."""
    for route_name in names(pattern):
        try:
            return reverse(route_name, kwargs=kwargs or None)
        except NoReverseMatch:
            continue
    return None


# Placeholder values for URL parameters when no real object is needed (CSRF, admin, anonymous checks).
SAMPLE_VALUES = {"app_label": "kepegawaian", "content_type_id": 1, "object_id": "1", "url": "x", "token": "x"}


def sample_url(route, pattern, **values):
    """A URL of `pattern` with placeholder parameters (reverse by name; for an unnamed pattern, from its route)."""
    kwargs = {n: values.get(n, SAMPLE_VALUES.get(n, 1)) for n in pattern.pattern.regex.groupindex}
    url = reverse_pattern(pattern, kwargs)
    if url is None:
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs.get(m.group(1), 1)), route)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs.get(m.group(1), 1)), path)
        url = "/" + path.replace("^", "").replace("$", "")
    return url
