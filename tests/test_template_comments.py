"""No template comment reaches a user: Django's `{# #}` is single-line only, so a multi-line one is printed
verbatim (the public survey form once showed one to every citizen).

Two checks: every project template is read and each `{#` must close on the same line; then the pages are
rendered (every parameterless page and every page of an object, as an HR officer of the object's own instansi,
and the public pages anonymously) and no HTML response may contain "{#" or "#}".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loaders.app_directories import get_app_template_dirs
from django.urls import get_resolver

from tests.urlwalk import (
    is_project_view,
    kwargs_for,
    reverse_pattern,
    scoped_factories,
    url_params,
    view_model,
    walk,
)


def _template_files():
    dirs = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    dirs += [Path(d) for d in get_app_template_dirs("templates") if str(settings.BASE_DIR) in str(d)]
    for d in dirs:
        if ".venv" in d.parts:
            continue
        yield from (p for p in d.rglob("*") if p.suffix in {".html", ".txt", ".xml"})


def test_every_template_comment_closes_on_its_line():
    bad = []
    for path in _template_files():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for m in re.finditer(r"\{#", line):
                if "#}" not in line[m.end() :]:
                    bad.append(f"{path.relative_to(settings.BASE_DIR)}:{n}")
    assert not bad, f"multi-line {{# #}} comments are printed verbatim; use {{% comment %}}: {bad}"


def _leaks(response) -> bool:
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return False
    body = response.content.decode("utf-8", "replace")
    return "{#" in body or "#}" in body


def _page_routes():
    for route, pattern in walk(get_resolver().url_patterns):
        if not is_project_view(pattern.callback) or route.startswith("api/"):
            continue
        yield route, pattern


@pytest.mark.django_db
def test_no_rendered_page_shows_a_template_comment(client, client_hr_bungo, instansi_bungo):
    from django.db import transaction

    factories = scoped_factories()
    built = {}

    def obj_for(model):
        if model not in built:
            with transaction.atomic():
                built[model] = factories[model](instansi_bungo)
        return built[model]

    checked, leaking = 0, []
    for route, pattern in _page_routes():
        if "api" in route.split("/")[0]:
            continue
        params = url_params(pattern)
        model = view_model(pattern.callback)
        if not params:
            url = reverse_pattern(pattern, {})
        elif model not in (None, "public") and model in factories:
            url = reverse_pattern(pattern, kwargs_for(pattern, obj_for(model)))
        elif (
            model is not None
            and getattr(model, "_meta", None)
            and model._meta.label == "kepegawaian.Instansi"
        ):
            url = reverse_pattern(pattern, kwargs_for(pattern, instansi_bungo))
        else:
            continue
        if not url or url.endswith((".pdf", ".xlsx", ".csv")) or "keluar" in url:
            continue
        for c in (client_hr_bungo, client) if model == "public" or not params else (client_hr_bungo,):
            r = c.get(url)
            checked += 1
            if _leaks(r):
                leaking.append(url)
    assert checked > 100  # the walk really rendered the portal
    assert not leaking, f"pages showing a template comment: {leaking}"


@pytest.mark.django_db
def test_public_survey_form_shows_no_template_comment(client, opd_bungo):
    from survei.tests.factories import UnitLayananFactory

    unit = UnitLayananFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi, slug="loket-komentar")
    body = client.get(f"/survei/{unit.slug}/").content.decode()
    assert "The questions of an empty form" not in body
    assert "{#" not in body and "#}" not in body


def test_icons_are_hidden_from_screen_readers():
    """Icons are decorative (the text beside them says the same): every <i class="bi …"> is aria-hidden. Run
    scripts/icons_aria_hidden.py to fix."""
    bad = []
    for path in _template_files():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for m in re.finditer(r"<i\s[^>]*>", line):
                if 'class="bi' in m.group(0) and "aria-hidden" not in m.group(0):
                    bad.append(f"{path.relative_to(settings.BASE_DIR)}:{n}")
    assert not bad, f"icons without aria-hidden (run scripts/icons_aria_hidden.py): {bad}"
